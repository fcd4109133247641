"""Period arithmetic of bundles: pure functions on dates, no database.

Periods lie on a grid: period k starts at first_start + k * months (the day
clamped to the month's end, so 31 January + 1 month is 28 or 29 February) and
ends the day before period k + 1 starts. A bundle runs from the day after the
previous bundle up to the end of the grid period that holds its start plus
one period length minus a day: normally exactly one grid period; after an
early close, the rest of that grid period plus the next one, so the rhythm
(e.g. the biennial Sociaal Innovatiefonds call) stays the same.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import NamedTuple


class Period(NamedTuple):
    start: date
    end: date  # inclusive last day


def add_months(day: date, months: int, anchor_day: int | None = None) -> date:
    """The same day of the month `months` later, clamped to the month's end."""
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    wanted = anchor_day or day.day
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(wanted, last))


def grid_start(first_start: date, months: int, k: int) -> date:
    """Start of grid period k (k may be negative), always from the anchor day."""
    return add_months(first_start, k * months, anchor_day=first_start.day)


def grid_period(first_start: date, months: int, day: date) -> Period:
    """The grid period that holds `day`."""
    if months < 1:
        raise ValueError("months must be at least 1")
    elapsed = (day.year - first_start.year) * 12 + (day.month - first_start.month)
    k = elapsed // months
    while grid_start(first_start, months, k) > day:
        k -= 1
    while grid_start(first_start, months, k + 1) <= day:
        k += 1
    start = grid_start(first_start, months, k)
    return Period(start, grid_start(first_start, months, k + 1) - timedelta(days=1))


def bundle_period(first_start: date, months: int, start: date) -> Period:
    """The period of a bundle that starts on `start` (see the module docstring)."""
    probe = add_months(start, months) - timedelta(days=1)
    return Period(start, grid_period(first_start, months, probe).end)


def years_label(period_start: date, period_end: date) -> str:
    """'2025-2026', or '2026' when the period lies in one year."""
    if period_start.year == period_end.year:
        return str(period_start.year)
    return f"{period_start.year}-{period_end.year}"


def days_left(period_end: date, today: date) -> int:
    """Whole days after today up to and including the last day (0 on the last day)."""
    return (period_end - today).days
