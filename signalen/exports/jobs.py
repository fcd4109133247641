"""Scheduled jobs of the exports feature."""

from __future__ import annotations

from datetime import datetime


def fail_interrupted_exports_job(now: datetime) -> str | None:
    """Mark exports whose web process stopped half-way as failed."""
    from signalen.exports.services import fail_interrupted_exports

    count = fail_interrupted_exports(now)
    return f"{count} interrupted exports marked failed" if count else None
