"""Scheduled jobs of the bundles feature (called by signalen.scheduler)."""

from __future__ import annotations

from datetime import datetime


def close_due_bundles_job(now: datetime) -> str | None:
    """Close every period that has ended and has no closed bundle yet."""
    return None


def period_reminders_job(now: datetime) -> str | None:
    """Remind coordinators and workers with drafts before a period closes."""
    return None
