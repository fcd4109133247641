"""Scheduled jobs of the prioritisation feature."""

from __future__ import annotations

from datetime import datetime


def open_and_close_rounds_job(now: datetime) -> str | None:
    """Open rounds whose opening time has come; close those whose time is up."""
    from signalen.prioritisation.services import open_and_close_due_rounds

    opened, closed = open_and_close_due_rounds(now)
    if not opened and not closed:
        return None
    return f"opened {opened or '-'}; closed {closed or '-'}"
