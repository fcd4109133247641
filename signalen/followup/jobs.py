"""The daily reminder of the yearly evaluation."""

from __future__ import annotations

from datetime import datetime

from signalen.clock import local_today


def evaluation_reminders_job(now: datetime) -> str:
    """Mark today's reminders; the coordinators' banner shows them."""
    from signalen.followup.evaluation import remind

    return remind(local_today(now))
