"""A coordinator publishes a bundle; the city then reads it; axe finds no issue."""

from datetime import date

import pytest

from signalen.bundles import services
from signalen.permissions import Role
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def login(page, email, lands_on):
    page.goto("/account/aanmelden")
    page.fill("#email", email)
    page.fill("#password", TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lands_on)


@pytest.fixture
def closed_bundle(db, make_user, make_signal):
    from signalen.bundles.models import BundleSchedule
    from signalen.coordination.models import SignalLink, StructuralSignal
    from tests.bundles.conftest import at

    db.session.add(BundleSchedule(first_start=date(2023, 1, 1), period_months=24,
                                  reminder_days=30))  # fmt: skip
    coordinator = make_user(Role.COORDINATOR)
    signals = [make_signal(now=at(date(2024, 3, n))) for n in (1, 2)]
    structural = StructuralSignal(
        reference="SS-2024-0001",
        title="Betaalbaar wonen voor gezinnen",
        summary="Gezinnen vinden geen betaalbare huurwoning.",
        created_by=coordinator,
        created_at=at(date(2024, 3, 3)),
        updated_at=at(date(2024, 3, 3)),
    )
    structural.themes = list(signals[0].themes)
    db.session.add(structural)
    for signal in signals:
        db.session.add(
            SignalLink(
                signal=signal,
                structural_signal=structural,
                linked_at=at(date(2024, 3, 3)),
            )
        )
    db.session.flush()
    [bundle] = services.close_due_bundles(date(2025, 1, 1))
    db.session.commit()
    return bundle


def test_coordinator_publishes_and_city_reads(page, make_user, closed_bundle,
                                              axe_check):  # fmt: skip
    coordinator = make_user(Role.COORDINATOR, email="coord@example.org")
    login(page, coordinator.email, "**/coordinatie/inbox")
    page.goto("/bundels/")
    assert axe_check(page) == []
    page.get_by_role("link", name="Signalenbundel 2023-2024").click()
    page.wait_for_url(f"**/bundels/{closed_bundle.id}")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Signalenbundel 2023-2024"
    )
    assert page.get_by_text("SB2024-001").is_visible()
    assert axe_check(page) == []
    page.get_by_role("link", name="Publiceren").click()
    page.wait_for_url("**/publiceren")
    assert axe_check(page) == []
    page.get_by_role("button", name="Ja, publiceren").click()
    page.wait_for_url(f"**/bundels/{closed_bundle.id}")
    assert page.get_by_text("De bundel is gepubliceerd").is_visible()
    page.get_by_role("link", name="SB2024-001 Betaalbaar wonen voor gezinnen").click()
    page.wait_for_url("**/items/*")
    assert axe_check(page) == []
    page.get_by_role("button", name="Afmelden").click()

    city = make_user(Role.CITY, email="stad@example.org")
    login(page, city.email, "**/bundels/")
    assert page.get_by_role("link", name="Signalenbundel 2023-2024").is_visible()
    assert page.get_by_text("2025-2026").count() == 0  # the open period is hidden
    assert axe_check(page) == []
    page.get_by_role("link", name="Signalenbundel 2023-2024").click()
    assert page.get_by_text("Betaalbaar wonen voor gezinnen").is_visible()
    assert axe_check(page) == []
