"""Scheduled jobs of the coordination feature."""

from __future__ import annotations

from datetime import datetime


def retrain_theme_suggestions_job(now: datetime) -> str | None:
    """Retrain the theme suggestions from the coordinators' tagging."""
    return None
