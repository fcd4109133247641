"""The scheduler's part: open and close consultations on their dates."""

from __future__ import annotations

from datetime import datetime


def open_and_close_consultations_job(now: datetime) -> str | None:
    """Open consultations whose opening time has come; close those that ended."""
    from signalen.consultations.services import open_and_close_due

    opened, closed = open_and_close_due(now)
    if not opened and not closed:
        return None
    return f"opened {opened or '-'}; closed {closed or '-'}"
