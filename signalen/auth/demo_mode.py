"""Demo mode: on only when the demo accounts were loaded."""

from __future__ import annotations

from flask import current_app
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


def in_production() -> bool:
    """A production site never gets demo accounts, nor shows them."""
    return current_app.config["ENV_NAME"] == "production"


def demo_shown() -> bool:
    """Show the demo accounts (login page, `flask info`): demo data, not production."""
    return not in_production() and demo_loaded()
