"""Scheduled jobs of the prioritisation feature."""

from __future__ import annotations

from datetime import datetime


def open_and_close_rounds_job(now: datetime) -> str | None:
    """Open rounds whose opening time has come; close those whose time is up."""
    from signalen.prioritisation.rounds import open_and_close_due_rounds

    opened, closed = open_and_close_due_rounds(now)
    if not opened and not closed:
        return None
    return f"opened {opened or '-'}; closed {closed or '-'}"


def expire_code_throttles_job(now: datetime) -> str | None:
    """Delete the counts of wrong codes whose window and block are over."""
    from signalen.prioritisation.throttle import delete_expired

    deleted = delete_expired(now)
    return f"deleted {deleted}" if deleted else None
