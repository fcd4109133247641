"""A real worker process (`flask --app signalen worker`) against the test
database, configured through SIGNALEN_* variables, as in production."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from signalen.config import ROOT
from signalen.exports.models import ExportRun
from signalen.permissions import Role
from signalen.tasks import EXTENSION, TaskQueue

FLASK = str(Path(sys.executable).with_name("flask"))
WAIT = 90  # seconds before a test gives up waiting (a hang guard, not a goal)


@pytest.fixture
def web_queue(app, queue_url, monkeypatch):
    """The web app puts tasks on the real queue instead of running them."""
    queue = TaskQueue(app, url=queue_url, immediate=False)
    assert queue.health().ok  # creates the queue's tables before a worker does
    queue.huey.flush()  # nothing left from an earlier test
    monkeypatch.setitem(app.extensions, EXTENSION, queue)
    yield queue
    queue.close()


@pytest.fixture
def start_worker(app, database_url, queue_url, tmp_path, db):
    """Start `flask --app APP worker` processes; stops what is left at the end."""
    processes: list[subprocess.Popen] = []
    logs = []
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SIGNALEN_DATABASE_URL": database_url,
        "SIGNALEN_TASK_QUEUE_URL": queue_url,
        "SIGNALEN_TASK_IMMEDIATE": "false",
        "SIGNALEN_TASK_WORKERS": "1",
        "SIGNALEN_EXPORT_DIR": app.config["EXPORT_DIR"],
        "SIGNALEN_SECRET_KEY": "test-secret",
    }

    def start(app_name: str = "signalen") -> subprocess.Popen:
        log = open(tmp_path / f"worker-{len(processes)}.log", "w")  # noqa: SIM115
        logs.append(log)
        process = subprocess.Popen(
            [FLASK, "--app", app_name, "worker"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        processes.append(process)
        return process

    yield start
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    for log in logs:
        log.close()
        # Shown with a failing test's report: what the worker said.
        print(f"--- {log.name}\n" + Path(log.name).read_text()[-4000:])


def wait_for_run(db, check) -> ExportRun:
    """Poll the database (fresh reads) until `check(run)` holds."""
    deadline = time.monotonic() + WAIT
    while True:
        db.session.rollback()  # a fresh snapshot on each look
        run = db.session.scalar(select(ExportRun))
        if run is not None and check(run):
            return run
        assert time.monotonic() < deadline, run and (run.status, run.error)
        time.sleep(0.1)


def kill(process: subprocess.Popen) -> None:
    process.kill()
    process.wait()  # reaped: its pid is gone, as after a crash


def export_via_web(client, login_as, make_user, bundle) -> None:
    login_as(make_user(Role.COORDINATOR))
    response = client.post(f"/export/bundel/{bundle.id}")
    assert response.status_code == 302
    assert "Het bestand wordt gemaakt" in client.get(response.headers["Location"]).text


def test_worker_process_runs_an_export_queued_by_the_web_app(
    client, login_as, make_user, sample_bundle, web_queue, start_worker, db
):
    worker = start_worker()
    export_via_web(client, login_as, make_user, sample_bundle)
    run = wait_for_run(db, lambda run: run.status in ("done", "failed"))
    assert run.status == "done", run.error
    assert run.progress == run.total == 3 and run.attempts == 1
    assert run.runner.endswith(f":{worker.pid}")
    page = client.get(f"/export/{run.id}")
    assert "Het bestand is klaar." in page.text
    download = client.get(f"/export/{run.id}/download")
    assert download.status_code == 200
    download.close()
    assert web_queue.health().pending == 0
    worker.send_signal(signal.SIGINT)  # Ctrl+C: a clean stop
    assert worker.wait(timeout=WAIT) == 0


def test_killed_worker_export_is_retried_by_the_next_worker(
    client, login_as, make_user, sample_bundle, web_queue, start_worker, db
):
    slow = start_worker("tests.tasks.slow_worker")
    export_via_web(client, login_as, make_user, sample_bundle)
    run = wait_for_run(db, lambda run: run.progress == 1)
    assert run.status == "running" and run.runner.endswith(f":{slow.pid}")
    kill(slow)
    # The next worker finds the run of a dead process and starts it once more.
    worker = start_worker()
    run = wait_for_run(db, lambda run: run.status in ("done", "failed"))
    assert run.status == "done", run.error
    assert run.attempts == 2 and run.runner.endswith(f":{worker.pid}")


def test_killed_twice_the_export_is_marked_failed_with_a_message(
    client, login_as, make_user, sample_bundle, web_queue, start_worker, db
):
    first = start_worker("tests.tasks.slow_worker")
    export_via_web(client, login_as, make_user, sample_bundle)
    wait_for_run(db, lambda run: run.progress == 1)
    kill(first)
    second = start_worker("tests.tasks.slow_worker")  # retries it, and hangs again
    wait_for_run(db, lambda run: run.attempts == 2 and run.progress == 1)
    kill(second)
    start_worker()
    run = wait_for_run(db, lambda run: run.status != "running")
    assert run.status == "failed"
    assert "Onderbroken" in run.error and "tweede poging" in run.error
    page = client.get(f"/export/{run.id}")
    assert "Het bestand kon niet gemaakt worden" in page.text
