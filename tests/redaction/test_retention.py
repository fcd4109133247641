"""Retention: the daily job replaces the free text of old signals by the
marker, keeps counts, themes and links, and is safe to run twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from signalen.audit.models import AuditEvent
from signalen.errors import NotAllowed, SignalenError
from signalen.redaction.jobs import apply_retention_job
from signalen.redaction.retention import kept_months, set_retention
from signalen.redaction.texts import MARKER
from tests.redaction.conftest import NAME

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def old_and_new(db, world, make_signal):
    """world.signal made three years ago, and a recent signal."""
    world.signal.created_at = NOW - timedelta(days=3 * 365)
    recent = make_signal(world.worker, description="Een recent signaal over huur.",
                         now=NOW - timedelta(days=30))  # fmt: skip
    db.session.commit()
    return world.signal, recent


def test_texts_are_kept_always_by_default(db, old_and_new):
    old, _recent = old_and_new
    assert kept_months() is None
    message = apply_retention_job(NOW)
    assert "altijd bewaren" in message
    assert NAME in old.description


def test_old_free_text_becomes_the_marker(db, world, old_and_new):
    old, recent = old_and_new
    people, themes = old.people_affected, [t.code for t in old.themes]
    set_retention(24, world.admin, NOW)
    db.session.commit()
    message = apply_retention_job(NOW)
    db.session.expire_all()
    assert "1 oud signaal" in message
    assert (old.title, old.description, old.examples) == (MARKER, MARKER, MARKER)
    written = [e for e in old.events if e.kind in ("question", "answer")]
    assert [e.message for e in written] == [MARKER, MARKER]
    # Counts, themes, the link and the bundle snapshot stay.
    assert old.people_affected == people and [t.code for t in old.themes] == themes
    assert old.status.value == "linked"
    item = world.bundle.items[0]
    assert item.snapshot["examples"] == [f"{NAME} belde twintig verhuurders."]
    assert world.structural.title == "Betaalbaar wonen"
    assert recent.description == "Een recent signaal over huur."
    record = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "text.retention_applied")
    )
    assert record.details == {"signals": 1, "texts": 5, "keep_months": 24}


def test_the_job_runs_twice_safely(db, world, old_and_new):
    set_retention(24, world.admin, NOW)
    db.session.commit()
    apply_retention_job(NOW)
    message = apply_retention_job(NOW)
    assert "0 oude signalen" in message
    applied = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "text.retention_applied")
    ).all()
    assert len(applied) == 1


def test_the_job_runs_through_the_scheduler(app, db, world, old_and_new):
    from signalen.scheduler import run_now

    set_retention(12, world.admin, NOW)
    db.session.commit()
    outcome = run_now(app, "text_retention", NOW)
    assert outcome.status == "ok", outcome.message
    db.session.expire_all()
    assert world.signal.description == MARKER


def test_only_a_beheerder_sets_the_term_and_only_a_listed_one(db, world):
    with pytest.raises(NotAllowed):
        set_retention(12, world.coordinator, NOW)
    with pytest.raises(SignalenError) as error:
        set_retention(5, world.admin, NOW)
    assert error.value.field == "keep_months"
    set_retention(60, world.admin, NOW)
    db.session.commit()
    assert kept_months() == 60
    set_retention(None, world.admin, NOW)
    db.session.commit()
    assert kept_months() is None
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "text.retention_set")
    ).all()[-1]
    assert event.details == {"before": 60, "after": None}
