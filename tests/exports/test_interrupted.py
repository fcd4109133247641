"""An export whose worker stopped is retried once, then marked failed; never left
running forever."""

import socket
import subprocess
import sys
from datetime import timedelta

from signalen.database import utcnow
from signalen.exports.jobs import fail_interrupted_exports_job
from signalen.exports.models import ExportRun
from signalen.exports.services import (
    INTERRUPTED_AFTER,
    MAX_ATTEMPTS,
    recover_interrupted_exports,
)
from signalen.jobs.services import runner_id


def dead_runner() -> str:
    """host:pid of a process on this host that has ended (and was reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return f"{socket.gethostname()}:{process.pid}"


def add_run(db, bundle, **values) -> ExportRun:
    values.setdefault("created_at", utcnow())
    run = ExportRun(bundle=bundle, token="t", **values)
    db.session.add(run)
    db.session.commit()
    return run


def test_old_unfinished_exports_are_marked_failed(make_bundle, db):
    bundle = make_bundle([])
    now = utcnow()
    too_old = now - INTERRUPTED_AFTER - timedelta(minutes=1)
    old = add_run(db, bundle, status="running", runner="elders:1", created_at=too_old)
    lost = add_run(db, bundle, status="pending", created_at=too_old)
    fresh = add_run(db, bundle, status="running", runner="elders:1")
    done = add_run(db, bundle, status="done", created_at=too_old)
    recovery = recover_interrupted_exports(now)
    db.session.commit()
    assert recovery.failed == 2 and recovery.retried == []
    assert old.status == lost.status == "failed" and "Onderbroken" in old.error
    # Another machine's worker: this one cannot see it, so it waits for the time rule.
    assert fresh.status == "running" and done.status == "done"
    assert recover_interrupted_exports(now).failed == 0


def test_a_dead_workers_run_is_retried_once_then_failed(make_bundle, db):
    bundle = make_bundle([])
    first = add_run(db, bundle, status="running", runner=dead_runner(), attempts=1)
    second = add_run(
        db, bundle, status="running", runner=dead_runner(), attempts=MAX_ATTEMPTS
    )
    alive = add_run(db, bundle, status="running", runner=runner_id(), attempts=1)
    recovery = recover_interrupted_exports(utcnow())
    db.session.commit()
    assert recovery.retried == [first.id] and recovery.failed == 1
    assert first.status == "pending" and first.runner is None and first.error is None
    assert second.status == "failed" and "tweede poging" in second.error
    assert alive.status == "running"


def test_the_job_queues_the_retry_and_the_export_finishes(sample_bundle, db):
    """Tests run tasks at once (TASK_IMMEDIATE): the retried run gets done."""
    run = add_run(db, sample_bundle, status="running", runner=dead_runner(), attempts=1)
    message = fail_interrupted_exports_job(utcnow())
    assert message == (
        "1 onderbroken export opnieuw in de wachtrij, 0 als mislukt gemarkeerd"
    )
    db.session.expire_all()
    assert run.status == "done" and run.attempts == 2 and run.runner == runner_id()
    assert fail_interrupted_exports_job(utcnow()) is None
