"""Period arithmetic: month ends, leap years, the grid and early closes."""

from datetime import date

import pytest

from signalen.bundles.periods import (
    Period,
    add_months,
    bundle_period,
    days_left,
    grid_period,
    years_label,
)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 1, 1), 24, date(2027, 1, 1)),
        (date(2025, 3, 15), -3, date(2024, 12, 15)),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_grid_periods_of_two_years():
    first = date(2023, 1, 1)
    assert grid_period(first, 24, date(2023, 1, 1)) == Period(
        date(2023, 1, 1), date(2024, 12, 31)
    )
    assert grid_period(first, 24, date(2024, 12, 31)).end == date(2024, 12, 31)
    assert grid_period(first, 24, date(2025, 1, 1)) == Period(
        date(2025, 1, 1), date(2026, 12, 31)
    )
    # Before the first start: the grid extends backwards.
    assert grid_period(first, 24, date(2022, 6, 1)) == Period(
        date(2021, 1, 1), date(2022, 12, 31)
    )


def test_grid_keeps_the_anchor_day_at_month_ends():
    first = date(2024, 1, 31)
    assert grid_period(first, 1, date(2024, 2, 29)) == Period(
        date(2024, 2, 29), date(2024, 3, 30)
    )
    assert grid_period(first, 1, date(2024, 3, 31)) == Period(
        date(2024, 3, 31), date(2024, 4, 29)
    )


def test_leap_day_anchor():
    first = date(2024, 2, 29)
    assert grid_period(first, 12, date(2025, 3, 1)) == Period(
        date(2025, 2, 28), date(2026, 2, 27)
    )
    assert grid_period(first, 12, date(2028, 2, 29)).start == date(2028, 2, 29)


def test_bundle_period_is_one_grid_period_normally():
    first = date(2023, 1, 1)
    assert bundle_period(first, 24, date(2023, 1, 1)) == Period(
        date(2023, 1, 1), date(2024, 12, 31)
    )
    assert bundle_period(first, 24, date(2025, 1, 1)).end == date(2026, 12, 31)


def test_after_an_early_close_the_next_bundle_keeps_the_rhythm():
    # Closed early on 2024-10-01 (period ended 2024-09-30): the next bundle
    # takes the rest of 2024 and the whole next grid period.
    period = bundle_period(date(2023, 1, 1), 24, date(2024, 10, 1))
    assert period == Period(date(2024, 10, 1), date(2026, 12, 31))


def test_labels_and_days():
    assert years_label(date(2025, 1, 1), date(2026, 12, 31)) == "2025-2026"
    assert years_label(date(2026, 1, 1), date(2026, 6, 30)) == "2026"
    assert days_left(date(2026, 12, 31), date(2026, 11, 27)) == 34
    assert days_left(date(2026, 12, 31), date(2026, 12, 31)) == 0
