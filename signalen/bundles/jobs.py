"""Scheduled jobs of the bundles feature (called by signalen.scheduler).

Both run under the job lock of signalen.jobs.services.run_job, which commits
on success and rolls back everything on an exception.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import ngettext


def close_due_bundles_job(now: datetime, today: date | None = None) -> str | None:
    """Close every period that has ended and has no closed bundle yet."""
    from signalen.bundles.services import close_due_bundles, local_today

    today = today or local_today(now)
    closed = close_due_bundles(today, now)
    if not closed:
        return "Niets af te sluiten."
    return "Afgesloten: " + ", ".join(
        f"{b.title} ("
        + ngettext("%(num)d signaal", "%(num)d signalen", len(b.items))
        + ")"
        for b in closed
    )


def period_reminders_job(now: datetime) -> str | None:
    """Remind coordinators and workers with drafts before a period closes.

    Reminders are in-app only: the banner derives them from the dates, so the
    job only records whether they are shown today (the heartbeat page shows it).
    """
    from signalen.bundles.services import local_today, reminder_message

    return reminder_message(local_today(now))
