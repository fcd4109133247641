"""A worker records a signal with the keyboard only; axe finds no serious issue."""

import pytest
from sqlalchemy import select

from signalen.signals.models import Signal
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def keyboard_login(page, email):
    page.goto("/account/aanmelden")
    # The e-mail field has focus on load; wait for it before typing.
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'email'"
    )
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/signalen/mijn")


def tab_to(page, selector, limit=200):
    """Press Tab until the element matching selector has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"could not reach {selector} with Tab")


def test_worker_records_a_signal_with_the_keyboard(page, make_user, db, axe_check):
    user = make_user(email="werker@example.org")
    keyboard_login(page, user.email)

    tab_to(page, "a[href$='/signalen/nieuw']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/signalen/nieuw")
    tab_to(page, "#title")
    page.keyboard.type("Digipunt in de wijk gesloten")
    page.keyboard.press("Tab")
    page.keyboard.type("Mensen zonder computer kunnen hun facturen niet meer betalen.")
    tab_to(page, "input[name=themes] + label, input[name=themes]")
    # Walk the theme checkboxes to "Digitale inclusie" and tick it with Space.
    for _ in range(60):
        label = page.evaluate(
            "() => document.activeElement.labels && document.activeElement.labels[0]"
            " ? document.activeElement.labels[0].textContent : ''"
        )
        if label == "Digitale inclusie":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    tab_to(page, "button[value=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/signalen/S-*")
    assert page.locator("h1").inner_text() == "Digipunt in de wijk gesloten"
    assert axe_check(page) == []

    page.goto("/signalen/mijn")
    assert page.get_by_role("link", name="Digipunt in de wijk gesloten").is_visible()
    assert axe_check(page) == []
    signal = db.session.scalar(select(Signal))
    assert [t.code for t in signal.themes] == ["digitaal"]


def test_axe_on_login_and_form_with_errors(page, make_user, axe_check):
    page.goto("/account/aanmelden")
    assert axe_check(page) == []
    keyboard_login(page, make_user(email="werker2@example.org").email)
    page.goto("/signalen/nieuw")
    assert axe_check(page) == []
    page.get_by_role("button", name="Indienen").click()
    assert page.locator(".error-summary").is_visible()
    assert axe_check(page) == []


def test_personal_data_is_refused_and_masked_in_the_browser(page, make_user, db):
    keyboard_login(page, make_user(email="werker3@example.org").email)
    page.goto("/signalen/nieuw")
    page.fill("#title", "Wachtlijst te lang")
    page.fill(
        "#description",
        "Mevrouw Fatima El Amrani, rijksregisternummer 85.07.30-033.28, wacht al "
        "drie jaar.",
    )
    page.get_by_label("Wonen: betaalbaarheid en sociale huisvesting").check()
    page.get_by_role("button", name="Indienen").click()
    assert page.get_by_role("heading", name="Mogelijk persoonsgegevens gevonden")
    assert db.session.scalar(select(Signal)) is None
    page.get_by_role("button", name="Vervang door een aanduiding en bewaar").click()
    page.wait_for_url("**/signalen/S-*")
    db.session.expire_all()
    stored = db.session.scalar(select(Signal))
    assert "85.07.30" not in stored.description and "Fatima" not in stored.description
    assert "[rijksregisternummer]" in stored.description
