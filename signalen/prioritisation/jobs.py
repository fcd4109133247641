"""Scheduled jobs of the prioritisation feature."""

from __future__ import annotations

from datetime import datetime


def open_and_close_rounds_job(now: datetime) -> str | None:
    """Open rounds whose opening time has come; close those whose time is up."""
    return None
