"""Home: sends each role to the page where its work starts."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import Blueprint, current_app, jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import text

from signalen.database import utcnow
from signalen.extensions import db
from signalen.permissions import Role

log = logging.getLogger("signalen.health")

bp = Blueprint("main", __name__)


@bp.get("/")
@login_required
def index():
    """Start page per role."""
    role = current_user.role
    if role == Role.COORDINATOR:
        return redirect(url_for("coordination.inbox"))
    if role == Role.CITY:
        return redirect(url_for("bundles.index"))
    if role == Role.ADMIN:
        return redirect(url_for("admin.index"))
    return redirect(url_for("signals.mine"))


@bp.get("/toegankelijkheid")
def accessibility():
    """Accessibility and privacy statement."""
    return render_template("main/about.html")


@bp.get("/healthz")
def healthz():
    """Public health check for a load balancer or monitor: 200 or 503, as JSON.

    Only states and counts: no personal data, no signal text, no addresses."""
    report = health_report(
        utcnow(), current_app.config["SCHEDULER_HEARTBEAT_STALE_HOURS"]
    )
    response = jsonify(report)
    response.status_code = 200 if report["status"] == "ok" else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def health_report(now: datetime, stale_hours: float) -> dict:
    """The database (SELECT 1), the scheduler's heartbeat and the task queue."""
    from signalen.bundles.services import planner_status
    from signalen.tasks import task_queue

    database = {"ok": True}
    scheduler: dict = {"ok": False, "last_heartbeat_age_seconds": None}
    try:
        db.session.execute(text("SELECT 1"))
        planner = planner_status(now, stale_hours)
        if planner.last_run is not None:
            age = (now - planner.last_run).total_seconds()
            scheduler["last_heartbeat_age_seconds"] = int(age)
        scheduler["ok"] = not planner.stale
    except Exception as exc:  # the database is away: say so, never a 500
        db.session.rollback()
        log.warning("health: database", extra={"error": type(exc).__name__})
        database["ok"] = False
    scheduler["stale_after_hours"] = stale_hours
    queue = task_queue()
    health = queue.health()
    queue_report = {"ok": health.ok, "kind": queue.kind, "pending": health.pending}
    ok = database["ok"] and scheduler["ok"] and health.ok
    return {
        "status": "ok" if ok else "fout",
        "database": database,
        "scheduler": scheduler,
        "queue": queue_report,
    }
