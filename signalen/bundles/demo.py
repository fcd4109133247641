"""Demo data of the bundles feature: a published previous bundle and the open one."""

from __future__ import annotations

from datetime import date


def load(users: dict, today: date):
    """Build the demo bundles; returns the published demo bundle (or None)."""
    return None
