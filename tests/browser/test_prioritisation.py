"""A round with one account and one code: keyboard voting on a phone, results."""

from __future__ import annotations

from datetime import timedelta

import pytest

from signalen.database import utcnow
from signalen.permissions import Role
from signalen.prioritisation import services
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def login(page, email):
    page.goto("/account/aanmelden")
    page.fill("#email", email)
    page.fill("#password", TEST_PASSWORD)
    page.press("#password", "Enter")
    page.wait_for_load_state()


def tab_to(page, selector, limit=300):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"could not reach {selector} with Tab")


def give_points(page, items, points):
    """Reach each points input with Tab and raise it with the arrow key."""
    for item, n in zip(items, points, strict=True):
        tab_to(page, f"#points-{item.id}")
        for _ in range(n):
            page.keyboard.press("ArrowUp")


def test_round_with_an_account_and_a_code(
    new_page, db, make_user, make_signal, make_structural, make_bundle, axe_check
):
    coordinator = make_user(Role.COORDINATOR, email="coord@example.org")
    worker = make_user(Role.WORKER, email="werker@example.org")
    structurals = [
        make_structural([make_signal(worker, title=t)], title=t)
        for t in ("Betaalbaar wonen", "Digitale kloof", "Kinderopvang", "Eenzaamheid")
    ]
    bundle = make_bundle(structurals)
    items = list(bundle.items)
    now = utcnow()
    round_ = services.create_round(
        bundle,
        services.RoundSettings(
            title="Prioriteiten kiezen", explanation="Samen kiezen.", method="points",
            opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=5),
        ),
        coordinator, now,
    )  # fmt: skip
    services.set_user_participants(round_, {worker.id: "middenveld"}, coordinator, now)
    ((_participant, code),) = services.add_code_participants(
        round_, 1, coordinator, now
    )
    db.session.commit()

    # The coordinator opens the round by hand, with a confirmation.
    desk = new_page({"width": 1280, "height": 900})
    login(desk, coordinator.email)
    desk.goto(f"/prioritering/{round_.id}")
    desk.get_by_role("link", name="Nu openen").click()
    desk.get_by_role("button", name="Ja, open de ronde").click()
    assert "De ronde is open" in desk.locator(".flashes").inner_text()

    # The worker votes on a phone with the keyboard only.
    phone = new_page()
    login(phone, worker.email)
    phone.goto(f"/prioritering/{round_.id}/stemmen")
    assert phone.locator("#punten-over").inner_text() == (
        "Nog 10 van 10 punten te verdelen."
    )
    give_points(phone, items, [3, 3, 3, 1])
    assert "Alle 10 punten zijn verdeeld" in phone.locator("#punten-over").inner_text()
    assert axe_check(phone) == []
    tab_to(phone, "button[value=submit]")
    phone.keyboard.press("Enter")
    phone.wait_for_load_state()
    assert "Je stem is ingediend" in phone.locator(".flashes").inner_text()

    # The experience expert types the code on a phone, and votes.
    expert = new_page()
    expert.goto("/prioritering/code")
    expert.wait_for_function("document.activeElement.id === 'code'")
    expert.keyboard.type(code.lower())
    expert.keyboard.press("Enter")
    expert.wait_for_url("**/prioritering/code/stemmen")
    give_points(expert, items, [3, 3, 3, 3])  # two too many: the server refuses
    tab_to(expert, "button[value=submit]")
    expert.keyboard.press("Enter")
    expert.wait_for_load_state()
    assert "Haal er 2 weg" in expert.locator(".error-summary").inner_text()
    assert axe_check(expert) == []
    tab_to(expert, f"#points-{items[0].id}")
    for _ in range(2):
        expert.keyboard.press("ArrowDown")
    tab_to(expert, "button[value=submit]")
    expert.keyboard.press("Enter")
    expert.wait_for_load_state()
    assert "Je stem is ingediend" in expert.locator(".flashes").inner_text()

    # The coordinator closes the round; the results match a count by hand.
    desk.goto(f"/prioritering/{round_.id}/sluiten")
    desk.get_by_role("button", name="Ja, sluit de ronde").click()
    desk.goto(f"/prioritering/{round_.id}/resultaten")
    rows = desk.locator(".results-table tbody tr")
    found = {}
    for i in range(rows.count()):
        cells = rows.nth(i)
        title = cells.locator("th").inner_text()
        found[title.split(" ", 1)[1]] = (
            cells.locator("td").nth(0).inner_text(),
            cells.locator("td").nth(1).inner_text(),
        )
    # Hand count: worker 3,3,3,1 + code 1,3,3,3 → 4, 6, 6, 4.
    assert found == {
        "Digitale kloof": ("gedeelde 1e plaats", "6"),
        "Kinderopvang": ("gedeelde 1e plaats", "6"),
        "Betaalbaar wonen": ("gedeelde 3e plaats", "4"),
        "Eenzaamheid": ("gedeelde 3e plaats", "4"),
    }
    counts = desk.locator(".group-counts").inner_text()
    assert "Middenveld: 1" in counts and "Ervaringsdeskundigen: 1" in counts
    assert axe_check(desk) == []
    phone.set_viewport_size(PHONE)
    phone.goto(f"/prioritering/{round_.id}/resultaten")
    assert axe_check(phone) == []
