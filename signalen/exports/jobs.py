"""Scheduled jobs of the exports feature."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext


def fail_interrupted_exports_job(now: datetime) -> str | None:
    """Exports whose worker stopped half-way: queue them once more, or mark them
    failed. Also run by every worker when it starts (`flask worker`)."""
    from signalen.exports.models import ExportRun
    from signalen.exports.runs import queue_export, recover_interrupted_exports
    from signalen.extensions import db

    recovery = recover_interrupted_exports(now)
    # Committed before queueing: a worker must find the run pending.
    db.session.commit()
    for run_id in recovery.retried:
        run = db.session.get(ExportRun, run_id)
        if run is not None:
            queue_export(run)
    db.session.commit()
    if not (recovery.retried or recovery.failed):
        return None
    retried = ngettext(
        "%(num)d onderbroken export opnieuw in de wachtrij",
        "%(num)d onderbroken exports opnieuw in de wachtrij",
        len(recovery.retried),
    )
    return _(
        "%(retried)s, %(failed)d als mislukt gemarkeerd",
        retried=retried,
        failed=recovery.failed,
    )
