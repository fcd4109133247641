"""A coordinator finds a recurring housing problem, merges, checks evidence, undoes."""

import pytest

from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def login(page, email, lands_on):
    page.goto("/account/aanmelden")
    page.fill("#email", email)
    page.fill("#password", TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lands_on)


def test_coordinator_merges_recurring_housing_signals(
    page, make_user, make_signal, db, axe_check
):
    workers = [make_user(email=f"werker{i}@example.org") for i in range(3)]
    texts = [
        ("Geen betaalbare huurwoning", "Gezinnen vinden geen betaalbare woning.",
         "Een moeder met drie kinderen zoekt al twee jaar."),
        ("Wachtlijst sociale woningen", "De wachtlijst voor sociale woningen is lang.",
         None),
        ("Huurprijzen te hoog", "Alleenstaanden vinden geen woning onder 700 euro.",
         None),
    ]  # fmt: skip
    housing = [
        make_signal(
            w,
            title=t,
            description=d,
            examples=e,
            people_affected=5,
            proposed_solution="Meer sociale woningen.",
        )  # fmt: skip
        for w, (t, d, e) in zip(workers, texts, strict=True)
    ]
    make_signal(workers[0], title="Digipunt gesloten", theme_codes=("digitaal",),
                description="Mensen zonder computer kunnen niet betalen.")  # fmt: skip
    coordinator = make_user("coordinator", email="coord@example.org")

    login(page, coordinator.email, "**/coordinatie/inbox")
    assert axe_check(page) == []
    page.fill("#q", "woning")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**q=woning**")
    assert page.get_by_role("link", name="Digipunt gesloten").count() == 0
    for signal in housing:
        page.get_by_label(f"Kies {signal.reference}").check()
    assert "3 signalen aangevinkt" in page.locator("#selectie-status").inner_text()
    assert axe_check(page) == []
    page.get_by_role("button", name="Nieuw structureel signaal maken").click()
    page.wait_for_url("**/structureel/nieuw**")
    page.fill("#title", "Te weinig betaalbare huurwoningen")
    page.fill("#summary", "Gezinnen en alleenstaanden vinden geen betaalbare woning.")
    page.get_by_role("button", name="Bewaren").click()
    page.wait_for_url("**/coordinatie/structureel/*")
    evidence = page.locator(".evidence").inner_text()
    assert "3\nsignalen" in evidence and "3\norganisaties" in evidence
    assert "15\nmensen" in evidence
    assert "Een moeder met drie kinderen" in page.content()
    assert axe_check(page) == []

    # Undo one merge from the structural signal page.
    page.get_by_role("button", name=f"Loskoppelen {housing[2].reference}").click()
    page.wait_for_url("**/coordinatie/structureel/*")
    evidence = page.locator(".evidence").inner_text()
    assert "2\nsignalen" in evidence and "2\norganisaties" in evidence

    # The review page shows the history and similar signals.
    page.goto(f"/coordinatie/signalen/{housing[2].reference}")
    assert page.get_by_role("heading", name="Lijkt op").is_visible()
    assert "gelijkend" in page.locator(".review-side").inner_text()
    assert axe_check(page) == []

    # The worker sees what happened to the signal.
    page.context.clear_cookies()
    login(page, workers[2].email, "**/signalen/mijn")
    page.goto(f"/signalen/{housing[2].reference}")
    history = page.locator(".timeline").inner_text()
    assert "Opgenomen in een structureel signaal" in history
    assert "Losgekoppeld van een structureel signaal" in history
    assert "Te weinig betaalbare huurwoningen" in history


def test_theme_suggestions_on_the_intake_form(page, make_user, axe_check):
    worker = make_user(email="werker-thema@example.org")
    login(page, worker.email, "**/signalen/mijn")
    page.goto("/signalen/nieuw")
    page.fill("#title", "Wachtlijst sociale huurwoning")
    page.fill("#description", "Gezinnen wachten jaren op een sociale woning.")
    button = page.get_by_role("button", name="Voorstel: Wonen", exact=False).first
    button.wait_for()
    button.click()
    assert page.locator("#thema-1, input[name=themes]:checked").first.is_checked()
    assert axe_check(page) == []
