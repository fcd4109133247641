"""Demo mode: on only when the demo accounts were loaded."""

from __future__ import annotations

from sqlalchemy import select

from signalen.auth.models import User
from signalen.extensions import db

DEMO_DOMAIN = "@demo.signalen.be"
DEMO_PASSWORD = "demo-signalen"
DEMO_ACCOUNTS = (
    ("medewerker@demo.signalen.be", "medewerker"),
    ("coordinator@demo.signalen.be", "coördinator"),
    ("stad@demo.signalen.be", "stad"),
    ("beheer@demo.signalen.be", "beheerder"),
)


def demo_loaded() -> bool:
    """True when the demo coordinator account exists."""
    return (
        db.session.scalar(
            select(User.id).where(User.email == f"coordinator{DEMO_DOMAIN}").limit(1)
        )
        is not None
    )
