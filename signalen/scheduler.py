"""Scheduled jobs, declared as data, and the scheduler that runs them.

create_app never starts a scheduler: `flask scheduler run` does, in its own
process (make run starts one beside the web server).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask

from signalen.jobs.services import run_job, runner_id

log = logging.getLogger("signalen.scheduler")


def heartbeat(now: datetime) -> str:
    """Prove the scheduler is alive; coordinators see the time of the last run
    on the bundles page (bundles.services.planner_status)."""
    return f"ok {runner_id()}"


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[datetime], str | None]
    trigger: Callable[[], object]
    run_at_start: bool = True  # catch up when the machine was off


def _jobs() -> list[Job]:
    from signalen.api.limits import expire_rate_counters_job
    from signalen.auth.services import expire_login_attempts
    from signalen.backups import nightly_backup_job
    from signalen.bundles.jobs import close_due_bundles_job, period_reminders_job
    from signalen.consultations.jobs import open_and_close_consultations_job
    from signalen.coordination.jobs import retrain_theme_suggestions_job
    from signalen.dashboards.aggregate import rebuild_counts_job
    from signalen.digest.jobs import send_daily_digests_job
    from signalen.exports.jobs import fail_interrupted_exports_job
    from signalen.followup.jobs import evaluation_reminders_job
    from signalen.prioritisation.jobs import (
        expire_code_throttles_job,
        open_and_close_rounds_job,
    )
    from signalen.redaction.jobs import apply_retention_job

    return [
        Job("heartbeat", heartbeat, lambda: IntervalTrigger(minutes=15)),
        Job("close_due_bundles", close_due_bundles_job, lambda: daily(0, 15)),
        Job("period_reminders", period_reminders_job, lambda: daily(7, 0)),
        Job(
            "retrain_theme_suggestions",
            retrain_theme_suggestions_job,
            lambda: daily(3, 0),
        ),
        Job(
            "rounds_open_close",
            open_and_close_rounds_job,
            lambda: IntervalTrigger(minutes=5),
        ),
        Job(
            "consultations_open_close",
            open_and_close_consultations_job,
            lambda: IntervalTrigger(minutes=5),
        ),
        Job("expire_login_attempts", expire_login_attempts, lambda: daily(2, 30)),
        Job("nightly_backup", nightly_backup_job, lambda: daily(1, 30), False),
        Job(
            "interrupted_exports",
            fail_interrupted_exports_job,
            lambda: IntervalTrigger(hours=1),
        ),
        Job(
            "code_throttles_expire",
            expire_code_throttles_job,
            lambda: IntervalTrigger(hours=1),
        ),
        Job("text_retention", apply_retention_job, lambda: daily(3, 30)),
        Job("daily_digest", send_daily_digests_job, lambda: daily(7, 30), False),
        Job("evaluation_reminders", evaluation_reminders_job, lambda: daily(7, 5)),
        Job(
            "dashboard_counts",
            rebuild_counts_job,
            lambda: IntervalTrigger(minutes=10),
        ),
        Job(
            "api_rate_counters_expire",
            expire_rate_counters_job,
            lambda: IntervalTrigger(hours=1),
        ),
    ]


JOBS: list[Job] = _jobs()


def job_by_name(name: str) -> Job:
    for job in JOBS:
        if job.name == name:
            return job
    raise KeyError(name)


@dataclass(frozen=True)
class JobOutcome:
    status: str  # ok, failed, busy
    message: str | None


def run_now(app: Flask, name: str, now: datetime | None = None) -> JobOutcome:
    """Run one declared job inside an app context (used by the scheduler and CLI)."""
    job = job_by_name(name)
    with app.app_context():
        run = run_job(job.name, job.func, now)
        if run is None:
            return JobOutcome("busy", None)
        outcome = JobOutcome(run.status, run.message)
    log.info("job %s: %s", name, outcome.status)
    return outcome


def build_scheduler(app: Flask) -> BlockingScheduler:
    """A blocking scheduler with every job of JOBS; start() runs it."""
    scheduler = BlockingScheduler(timezone=app.config["BABEL_DEFAULT_TIMEZONE"])
    for job in JOBS:
        scheduler.add_job(
            run_now,
            trigger=job.trigger(),
            args=[app, job.name],
            id=job.name,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=3600,
        )
        if job.run_at_start:
            # Catch up at start (the machine may have been off on a closing
            # day); never dropped as "misfired", however slow the start is.
            scheduler.add_job(
                run_now,
                args=[app, job.name],
                id=f"{job.name}-start",
                misfire_grace_time=None,
            )
    return scheduler


def daily(hour: int = 2, minute: int = 0) -> CronTrigger:
    return CronTrigger(hour=hour, minute=minute)
