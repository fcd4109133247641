"""Export runs: queue, run (with progress), fail, find the file again."""

from __future__ import annotations

import logging
import secrets
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

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

log = logging.getLogger(__name__)
PROGRESS_EVERY = 1.0  # seconds between two progress writes


def export_file_name(bundle: Bundle, now: datetime, directory: Path) -> str:
    """A dated name, e.g. signalenbundel-2023-2024-20261123-1405.xlsx."""
    stamp = to_local(now).strftime("%Y%m%d-%H%M")
    base = f"signalenbundel-{bundle.period_start.year}-{bundle.period_end.year}-{stamp}"
    name, n = f"{base}.xlsx", 2
    while (directory / name).exists():
        name, n = f"{base}-{n}.xlsx", n + 1
    return name


def start_export(bundle: Bundle, actor, now: datetime) -> ExportRun:
    """Queue an export of the bundle; the caller commits and then runs it."""
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
    directory.mkdir(parents=True, exist_ok=True)
    path = (
        Path(output)
        if output
        else directory / export_file_name(run.bundle, now, directory)
    )
    run_id, bundle = run.id, run.bundle
    run.status = "running"
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
            bundle, path, token=run.token, now=now, progress=report
        )
    except Exception as exc:
        db.session.rollback()
        run = db.session.get(ExportRun, run_id)
        run.status = "failed"
        run.error = exc.message if isinstance(exc, SignalenError) else repr(exc)[:500]
        run.finished_at = utcnow()
        record_event("export.failed", obj=run, details={"bundle_id": run.bundle_id})
        db.session.commit()
        raise
    run = db.session.get(ExportRun, run_id)
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


#: An export of 100,000 items takes a few minutes; one this old was interrupted.
INTERRUPTED_AFTER = timedelta(hours=2)


def fail_interrupted_exports(now: datetime) -> int:
    """Mark exports that never finished (their process stopped) as failed."""
    stale = list(
        db.session.scalars(
            select(ExportRun).where(
                ExportRun.status.in_(("pending", "running")),
                ExportRun.created_at < now - INTERRUPTED_AFTER,
            )
        )
    )
    for run in stale:
        run.status = "failed"
        run.error = _("Onderbroken: de server stopte tijdens de export. Start opnieuw.")
        run.finished_at = now
        record_event("export.failed", obj=run, details={"bundle_id": run.bundle_id})
    db.session.flush()
    return len(stale)


def run_export_in_background(app: Flask, run_id: int) -> threading.Thread | None:
    """Start the export in a thread with its own app context.

    With EXPORT_SYNC set (tests), it runs right away in this thread instead.
    """

    def work() -> None:
        with app.app_context():
            run = db.session.get(ExportRun, run_id)
            if run is None:
                return
            try:
                perform_export(run)
            except Exception:
                log.exception("export %s failed", run_id)
            finally:
                db.session.remove()

    if app.config.get("EXPORT_SYNC"):
        work()
        return None
    thread = threading.Thread(target=work, name=f"export-{run_id}", daemon=True)
    thread.start()
    return thread


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
