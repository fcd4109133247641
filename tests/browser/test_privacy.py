"""Privacy as the people who use it meet it: a worker is stopped by personal data,
masks what is certain and marks a likely false alarm; the coordinator sees that
mark and confirms it, then removes a name from the stored text for good."""

import pytest
from sqlalchemy import select

from signalen.signals.models import Signal, SignalEvent
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def login(page, email, lands_on):
    page.goto("/account/aanmelden")
    page.fill("#email", email)
    page.fill("#password", TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lands_on)


def test_override_review_and_redaction(browser, live_server, make_user, db,
                                       axe_check):  # fmt: skip
    worker = make_user(email="werker@example.org")
    coordinator = make_user("coordinator", email="coord@example.org")

    # The worker: a strong finding cannot be waved away, a weak one can.
    context = browser.new_context(base_url=live_server, locale="nl-BE")
    page = context.new_page()
    login(page, worker.email, "**/signalen/mijn")
    page.goto("/signalen/nieuw")
    page.fill("#title", "Huurachterstal bij gezinnen")
    page.fill(
        "#description",
        "Volgens Vermeulen betaalt mevrouw Yilmaz al maanden te veel huur.",
    )
    page.locator("input[name=themes]").first.check()
    page.locator("button[value=submit]").click()
    box = page.locator(".pii-box")
    box.wait_for()
    strong = box.locator(".pii-item", has_text="Yilmaz")
    weak = box.locator(".pii-item", has_text="Vermeulen")
    assert strong.locator("input[name=pii_ok]").count() == 0
    assert strong.locator(".pii-refusal").inner_text().strip()
    assert axe_check(page) == []
    weak.locator("input[name=pii_ok]").check()
    page.get_by_role("button", name="Vervang door een aanduiding en bewaar").click()
    page.wait_for_url("**/signalen/S-*")
    reference = page.url.rsplit("/", 1)[-1]
    context.close()

    db.session.expire_all()
    signal = db.session.scalar(select(Signal).where(Signal.reference == reference))
    assert "Yilmaz" not in signal.description
    assert "Vermeulen" in signal.description

    # The coordinator sees the mark, confirms it, then removes the name anyway.
    context = browser.new_context(base_url=live_server, locale="nl-BE")
    page = context.new_page()
    login(page, coordinator.email, "**/coordinatie/inbox")
    page.goto(f"/coordinatie/signalen/{reference}")
    assert "Vermeulen" in page.locator("main").inner_text()
    assert axe_check(page) == []
    page.get_by_role("button", name="Geen persoonsgegeven: bevestigd").click()
    page.wait_for_load_state()
    assert (
        page.get_by_role("button", name="Geen persoonsgegeven: bevestigd").count() == 0
    )

    page.get_by_role("link", name="Tekst verwijderen").click()
    page.wait_for_url("**/privacy/verwijderen/**")
    page.get_by_label("In welke tekst?").select_option(index=1)
    page.get_by_label("Welk stuk verwijderen? (letterlijk zoals in de tekst)").fill(
        "Vermeulen"
    )
    page.get_by_role("button", name="Voorbeeld tonen").click()
    page.get_by_role("button", name="Definitief verwijderen").wait_for()
    assert axe_check(page) == []
    page.get_by_role("button", name="Definitief verwijderen").click()
    page.wait_for_load_state()
    context.close()

    db.session.expire_all()
    signal = db.session.scalar(select(Signal).where(Signal.reference == reference))
    assert "Vermeulen" not in signal.description
    assert "[verwijderd]" in signal.description
    messages = db.session.scalars(
        select(SignalEvent.message).where(SignalEvent.signal_id == signal.id)
    ).all()
    assert not any("Vermeulen" in (m or "") for m in messages)
