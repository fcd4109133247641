"""The scheduler opens and closes consultations on their dates."""

from __future__ import annotations

from datetime import timedelta

from signalen.consultations.models import ConsultationStatus
from signalen.jobs.labels import JOB_LABELS
from signalen.scheduler import job_by_name, run_now

from .conftest import NOW


def test_the_job_opens_then_closes(app, db, make_consultation):
    consultation = make_consultation()
    outcome = run_now(app, "consultations_open_close", NOW)
    assert outcome.status == "ok"
    db.session.refresh(consultation)
    assert consultation.status == ConsultationStatus.OPEN
    run_now(app, "consultations_open_close", NOW + timedelta(days=15))
    db.session.refresh(consultation)
    assert consultation.status == ConsultationStatus.CLOSED
    assert consultation.closed_at == NOW + timedelta(days=15)


def test_the_job_has_a_dutch_label():
    assert job_by_name("consultations_open_close")
    assert str(JOB_LABELS["consultations_open_close"]) == "Inspraak openen en sluiten"
