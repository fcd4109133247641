"""Fixtures of the bundles tests: a schedule, and structural signals at a time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest


def at(day: date, hour: int = 12) -> datetime:
    """Noon UTC on a day: safely inside that local (Brussels) day."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def schedule(db):
    """Two-year periods from 1 January 2023: 2023-2024, 2025-2026, ..."""
    from signalen.bundles.models import BundleSchedule

    def make(first_start=date(2023, 1, 1), months=24, reminder_days=30):
        row = BundleSchedule(
            first_start=first_start, period_months=months, reminder_days=reminder_days
        )
        db.session.add(row)
        db.session.commit()
        return row

    return make


@pytest.fixture
def structural_on(db, make_user, make_signal):
    """A structural signal with fresh signals, all submitted and linked on `day`."""
    from signalen.coordination.models import StructuralSignal
    from signalen.coordination.services import link_signals
    from signalen.references import next_reference

    counter = iter(range(1, 10_000))

    def make(day: date, *, signals: int = 2, title=None, theme_codes=("wonen",),
             organisation=None, **kw):  # fmt: skip
        when = at(day)
        coordinator = make_user("coordinator")
        made = []
        for _ in range(signals):
            author = make_user(organisation=organisation)
            made.append(
                make_signal(
                    author,
                    theme_codes=theme_codes,
                    now=when,
                    examples="Een voorbeeld uit de praktijk.",
                    people_affected=10,
                )
            )
        structural = StructuralSignal(
            reference=next_reference("SS", day.year),
            title=title or f"Structureel signaal {next(counter)}",
            summary="Samenvatting.",
            created_by=coordinator,
            created_at=when,
            updated_at=when,
            **kw,
        )
        structural.themes = list(made[0].themes)
        db.session.add(structural)
        db.session.flush()
        link_signals(structural, made, coordinator, now=when)
        db.session.commit()
        return structural

    return make


@pytest.fixture
def login(login_as):
    """Kept for the bundle tests: login_as itself now handles switching users."""
    return login_as
