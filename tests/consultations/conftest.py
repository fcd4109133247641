"""Fixtures for consultations: a consultation with a chapter and an action,
made through the services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

# The bundle fixtures, for the remarks that reach a bundle (test_bundle_source).
from tests.bundles.conftest import schedule, structural_on  # noqa: F401

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator")


@pytest.fixture
def city(make_user):
    return make_user("stad")


@pytest.fixture
def make_consultation(db, coordinator):
    """A consultation with chapter 2.3 and action 'Repaircafés' (open=True opens it)."""
    from signalen.consultations import services
    from signalen.consultations.models import ConsultationStatus

    def make(*, open=False, opens_at=None, closes_at=None, title="Nota participatie"):
        consultation = services.create_consultation(
            coordinator,
            title=title,
            introduction="Hieronder de suggesties en onze antwoorden.",
            opens_at=opens_at or NOW - timedelta(hours=1),
            closes_at=closes_at or NOW + timedelta(days=14),
            now=NOW - timedelta(days=1),
        )
        chapter = services.add_section(
            consultation,
            coordinator,
            number="2.3.3",
            title="Een sterk sociaal buurtnetwerk",
            body="We werken samen met organisaties in de wijken.",
        )
        services.add_section(
            consultation, coordinator, title="Actie Repaircafés", parent=chapter
        )
        if open:
            services.transition(consultation, ConsultationStatus.OPEN, coordinator, NOW)
        db.session.commit()
        return consultation

    return make


@pytest.fixture
def account_participant(db, coordinator, make_user):
    """An organisation (SO) taking part; returns (participant, one of its workers)."""
    from signalen.consultations import services

    def make(consultation, code="SO", name="Samenlevingsopbouw Gent"):
        worker = make_user("medewerker")
        participant = services.add_account_participant(
            consultation,
            coordinator,
            organisation=worker.organisation,
            source_code=code,
            name=name,
        )
        db.session.commit()
        return participant, worker

    return make
