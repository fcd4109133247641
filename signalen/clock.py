"""Ghent's clock: the one local time zone, and dates and times in it.

Times are stored in UTC; days, periods, deadlines and file names follow the
calendar in Ghent. Every module that needs local time uses this one, and the
configuration's BABEL_DEFAULT_TIMEZONE (what templates show) is set from it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

LOCAL_TIMEZONE = "Europe/Brussels"
LOCAL_ZONE = ZoneInfo(LOCAL_TIMEZONE)


def to_local(moment: datetime) -> datetime:
    """An aware datetime as Ghent time (a naive one is taken to be UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_ZONE)


def local_today(now: datetime | None = None) -> date:
    """Today's date in Ghent (periods are calendar days there, not in UTC)."""
    return to_local(now or datetime.now(UTC)).date()


def local_midnight(day: date) -> datetime:
    """The start of that day in Ghent, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=LOCAL_ZONE)
