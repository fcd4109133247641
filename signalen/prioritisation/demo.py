"""Demo data of the prioritisation feature: a finished round on the demo bundle."""

from __future__ import annotations

from datetime import date


def load(bundle, users: dict, today: date) -> None:
    """Add a finished round with ballots and a final choice to the bundle."""
    return None
