"""Export runs: queue, run in a worker (with progress), recover, find the file.

The web process creates the run (`start_export`) and puts a task on the queue
(`queue_export`); a worker (`flask worker`, signalen/tasks.py) claims the run,
records itself as its runner (host:pid) and writes the workbook. A run whose
worker died is retried once, then marked failed (`recover_interrupted_exports`,
at every worker start and hourly by the scheduler).
"""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import CursorResult, func, select, update

from signalen.audit.services import record_event
from signalen.bundles.models import Bundle
from signalen.clock import to_local
from signalen.database import utcnow
from signalen.errors import SignalenError
from signalen.exports.models import ExportRun
from signalen.exports.rows import count_items
from signalen.exports.workbook import (
    EXPORTABLE,
    ProgressCallback,
    write_bundle_workbook,
)
from signalen.extensions import db
from signalen.jobs.services import holder_is_dead, runner_id
from signalen.responses.models import CityResponse
from signalen.tasks import background_task, enqueue

log = logging.getLogger(__name__)
PROGRESS_EVERY = 1.0  # seconds between two progress writes
EXPORT_TASK = "export_bundle"
MAX_ATTEMPTS = 2  # a run whose worker died is started once more, no more


def export_file_name(bundle: Bundle, now: datetime, directory: Path) -> str:
    """A dated name, e.g. signalenbundel-2023-2024-20261123-1405.xlsx."""
    stamp = to_local(now).strftime("%Y%m%d-%H%M")
    base = f"signalenbundel-{bundle.period_start.year}-{bundle.period_end.year}-{stamp}"
    name, n = f"{base}.xlsx", 2
    while (directory / name).exists():
        name, n = f"{base}-{n}.xlsx", n + 1
    return name


def start_export(bundle: Bundle, actor, now: datetime) -> ExportRun:
    """Create a pending export run; the caller commits, then calls queue_export."""
    if bundle.status not in EXPORTABLE:
        raise SignalenError(_("Alleen een afgesloten bundel kan geëxporteerd worden."))
    run = ExportRun(
        bundle=bundle,
        status="pending",
        progress=0,
        total=count_items(bundle.id),
        token=secrets.token_hex(16),
        requested_by_id=getattr(actor, "id", None),
        created_at=now,
    )
    db.session.add(run)
    db.session.flush()
    record_event(
        "export.requested", actor=actor, obj=run, details={"bundle_id": bundle.id}
    )
    return run


def _set_progress(run_id: int, done: int, total: int) -> None:
    """Progress goes through its own connection: the export's session keeps reading."""
    with db.engine.begin() as conn:
        conn.execute(
            update(ExportRun)
            .where(ExportRun.id == run_id)
            .values(progress=done, total=total, status="running")
        )


def perform_export(
    run: ExportRun,
    *,
    now: datetime | None = None,
    output: str | Path | None = None,
    progress: ProgressCallback | None = None,
) -> Path:
    """Write the workbook of an export run; marks it done or failed. Commits."""
    now = now or utcnow()
    directory = Path(current_app.config["EXPORT_DIR"])
    path = (
        Path(output)
        if output
        else directory / export_file_name(run.bundle, now, directory)
    )
    run_id, bundle = run.id, run.bundle
    if run.status == "pending":  # not claimed by a worker: the CLI writes it
        run.attempts += 1
    run.status = "running"
    run.runner = runner_id()
    # The answers go into the file as they stand now; the import compares
    # each answer cell with them (exporting again after an answer moves it on).
    run.answers_up_to = db.session.scalar(select(func.max(CityResponse.id))) or 0
    answers_up_to = run.answers_up_to
    db.session.commit()

    last_write = [0.0]

    def report(done: int, total: int) -> None:
        # The progress page refreshes every 2 s: one write a second is plenty,
        # and each write is a commit of its own.
        now_ = time.monotonic()
        if now_ - last_write[0] >= PROGRESS_EVERY or done >= total:
            _set_progress(run_id, done, total)
            last_write[0] = now_
        if progress is not None:
            progress(done, total)

    try:
        stats = write_bundle_workbook(
            bundle,
            path,
            token=run.token,
            now=now,
            progress=report,
            answers_up_to=answers_up_to,
        )
    except Exception as exc:
        db.session.rollback()
        run = db.session.get_one(ExportRun, run_id)
        run.status = "failed"
        if isinstance(exc, SignalenError):
            run.error = exc.message
        else:  # the details go to the log; the page gets plain Dutch
            log.error("export %s failed: %r", run_id, exc)
            run.error = _("Er liep iets mis bij het maken van het bestand.")
        run.finished_at = utcnow()
        record_event("export.failed", obj=run, details={"bundle_id": run.bundle_id})
        db.session.commit()
        raise
    run = db.session.get_one(ExportRun, run_id)
    run.status = "done"
    run.progress = stats.items
    run.total = stats.items
    run.file_name = str(path) if output else path.name
    run.finished_at = utcnow()
    record_event(
        "export.written",
        actor_label=None,
        obj=run,
        details={
            "bundle_id": run.bundle_id,
            "items": stats.items,
            "file": path.name,
            "masked": stats.masked.total,
        },
    )
    db.session.commit()
    return path


def queue_export(run: ExportRun) -> bool:
    """Put a committed pending run on the task queue (TASK_IMMEDIATE: run it now).

    When the queue cannot be reached the run is marked failed (flushed, the
    caller commits), so nobody waits for a file that will never come."""
    try:
        enqueue(EXPORT_TASK, run.id)
    except Exception as exc:  # any queue storage's connection error
        log.warning("export %s not queued", run.id, extra={"error": type(exc).__name__})
        run.status = "failed"
        run.error = _(
            "De export kon niet starten: de takenverwerker is niet bereikbaar. "
            "Probeer later opnieuw of vraag hulp aan een beheerder."
        )
        run.finished_at = utcnow()
        db.session.flush()
        return False
    return True


def claim_export(run_id: int, runner: str) -> bool:
    """Take a pending run for this worker (compare-and-set: one worker wins)."""
    # An UPDATE gives a CursorResult; Session.execute is typed more widely.
    result = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(ExportRun)
            .where(ExportRun.id == run_id, ExportRun.status == "pending")
            .values(status="running", runner=runner, attempts=ExportRun.attempts + 1)
            .execution_options(synchronize_session=False)
        ),
    )
    return result.rowcount == 1


@background_task(EXPORT_TASK)
def export_task(run_id: int) -> None:
    """The worker's task: claim the run, then write its workbook."""
    claimed = claim_export(run_id, runner_id())
    db.session.commit()
    if not claimed:
        log.info("export %s already taken or finished", run_id)
        return
    run = db.session.get(ExportRun, run_id)
    if run is None:
        return
    try:
        perform_export(run)
    except Exception:
        # perform_export recorded the failure on the run for the user.
        log.exception("export %s failed", run_id)


#: An export of 100,000 items takes a few minutes; one this old was interrupted.
#: The rule for runs whose worker is on another machine (this one cannot see
#: whether that process still lives) and for tasks lost with their queue.
INTERRUPTED_AFTER = timedelta(hours=2)


@dataclass
class Recovery:
    retried: list[int] = field(default_factory=list)  # ids to queue again
    failed: int = 0


def recover_interrupted_exports(now: datetime) -> Recovery:
    """Runs whose worker is gone: back to pending once, then failed (flushes).

    The caller commits, then queues the `retried` ids again."""
    recovery = Recovery()
    unfinished = list(
        db.session.scalars(
            select(ExportRun).where(ExportRun.status.in_(("pending", "running")))
        )
    )
    for run in unfinished:
        too_old = run.created_at < now - INTERRUPTED_AFTER
        dead = run.status == "running" and holder_is_dead(run.runner)
        if not (too_old or dead):
            continue
        if dead and not too_old and run.attempts < MAX_ATTEMPTS:
            if _move(run, status="pending", runner=None, progress=0):
                recovery.retried.append(run.id)
            continue
        if too_old:
            error = _("Onderbroken: de server stopte tijdens de export. Start opnieuw.")
        else:
            error = _(
                "Onderbroken: het proces dat de export maakte, stopte ook bij de "
                "tweede poging. Start de export opnieuw of vraag hulp aan een "
                "beheerder."
            )
        if _move(run, status="failed", error=error, finished_at=now):
            recovery.failed += 1
            record_event("export.failed", obj=run, details={"bundle_id": run.bundle_id})
    db.session.flush()
    return recovery


def _move(run: ExportRun, **values) -> bool:
    """Change a run only if it is as we read it (a worker may just have taken it)."""
    result = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(ExportRun)
            .where(
                ExportRun.id == run.id,
                ExportRun.status == run.status,
                ExportRun.attempts == run.attempts,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        ),
    )
    db.session.expire(run)
    return result.rowcount == 1


def export_path(run: ExportRun) -> Path | None:
    """The file of a finished run, only if it lies inside EXPORT_DIR."""
    if run.status != "done" or not run.file_name:
        return None
    directory = Path(current_app.config["EXPORT_DIR"]).resolve()
    path = (directory / run.file_name).resolve()
    if directory not in path.parents or not path.is_file():
        return None
    return path


def recent_runs(bundle: Bundle, limit: int = 5) -> list[ExportRun]:
    """The latest export runs of a bundle, newest first."""
    return list(
        db.session.scalars(
            select(ExportRun)
            .where(ExportRun.bundle_id == bundle.id)
            .order_by(ExportRun.id.desc())
            .limit(limit)
        )
    )
