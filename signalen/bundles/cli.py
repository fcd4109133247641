"""`flask bundles ...` commands."""

from __future__ import annotations

from datetime import date, datetime

import click
from flask.cli import AppGroup

bundles_cli = AppGroup("bundles", help="Signalenbundels.")


@bundles_cli.command("close-due")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Doe alsof het vandaag deze dag is (JJJJ-MM-DD).",
)
def close_due_command(today: datetime | None) -> None:
    """Close every ended period now, under the same lock as the scheduler."""
    from signalen.bundles.jobs import close_due_bundles_job
    from signalen.jobs.services import run_job

    day: date | None = today.date() if today else None
    run = run_job(
        "close_due_bundles", lambda now: close_due_bundles_job(now, today=day)
    )
    if run is None:
        raise click.ClickException("Deze taak loopt al elders.")
    click.echo(f"close_due_bundles: {run.status} {run.message or ''}".rstrip())
    if run.status != "ok":
        raise SystemExit(1)
