"""/healthz: public, JSON, 200 when database, scheduler and queue are well, else 503."""

from __future__ import annotations

from datetime import timedelta

from signalen.database import utcnow
from signalen.jobs.models import JobRun
from signalen.permissions import Role
from signalen.tasks import EXTENSION, TaskQueue


def heartbeat(db, age: timedelta) -> None:
    db.session.add(JobRun(job_name="heartbeat", started_at=utcnow() - age, status="ok"))
    db.session.commit()


def test_all_well_is_200_without_logging_in(client, db):
    heartbeat(db, timedelta(minutes=10))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    report = response.json
    assert report["status"] == "ok"
    assert report["database"] == {"ok": True}
    assert report["scheduler"]["ok"] is True
    assert 590 <= report["scheduler"]["last_heartbeat_age_seconds"] <= 700
    assert report["queue"] == {"ok": True, "kind": "sqlite", "pending": 0}


def test_no_or_stale_heartbeat_is_503(client, db, app):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["scheduler"]["last_heartbeat_age_seconds"] is None
    stale = app.config["SCHEDULER_HEARTBEAT_STALE_HOURS"] + 1
    heartbeat(db, timedelta(hours=stale))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["scheduler"]["ok"] is False
    assert response.json["database"]["ok"] is True


def test_unreachable_queue_is_503(client, db, app, monkeypatch):
    heartbeat(db, timedelta(minutes=1))
    down = TaskQueue(app, url="postgresql://nobody@127.0.0.1:1/none", immediate=False)
    monkeypatch.setitem(app.extensions, EXTENSION, down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["queue"] == {
        "ok": False,
        "kind": "postgresql",
        "pending": None,
    }


def test_pending_tasks_are_counted(client, db, app, monkeypatch, sample_bundle):
    from signalen.exports.services import queue_export, start_export

    heartbeat(db, timedelta(minutes=1))
    queue = TaskQueue(app, url="memory://", immediate=False)
    monkeypatch.setitem(app.extensions, EXTENSION, queue)
    run = start_export(sample_bundle, None, utcnow())
    db.session.commit()
    queue_export(run)
    assert client.get("/healthz").json["queue"]["pending"] == 1


def test_no_personal_data_in_the_report(client, db, make_signal, make_user, login_as):
    signal = make_signal(title="Wachtlijst kinderopvang Zuidpark")
    login_as(make_user(Role.COORDINATOR))
    body = client.get("/healthz").text
    assert "Zuidpark" not in body and signal.reference not in body
    assert "@" not in body
