"""Fixtures for administration tests: a beheerder, logged in or not."""

import pytest

from signalen.permissions import Role


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN, email="beheer@example.org", display_name="Bea Beheer")


@pytest.fixture
def admin_client(client, login_as, admin):
    login_as(admin)
    return client


@pytest.fixture
def events(db):
    """The audit events with this action, oldest first."""
    from sqlalchemy import select

    from signalen.audit.models import AuditEvent

    def find(action):
        return list(
            db.session.scalars(
                select(AuditEvent)
                .where(AuditEvent.action == action)
                .order_by(AuditEvent.id)
            )
        )

    return find
