"""Every `flask --app signalen ...` command, registered in one place."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from flask_babel import ngettext
from sqlalchemy import select

from signalen.extensions import db

users_cli = AppGroup("users", help="Accounts beheren.")
demo_cli = AppGroup("demo", help="Demogegevens.")
scheduler_cli = AppGroup("scheduler", help="De planner (scheduler).")


def _this_app() -> Flask:
    """The application itself, not the current_app proxy (the scheduler keeps it)."""
    # Flask documents _get_current_object for this; its types declare
    # current_app a Flask, not the proxy that has the method.
    return current_app._get_current_object()  # type: ignore[attr-defined]


@click.command("seed")
@with_appcontext
def seed_command() -> None:
    """Load the reference lists (themes, target groups, wijken, ...); idempotent."""
    from signalen.themes.seed import seed_reference_data

    seed_reference_data()
    db.session.commit()
    click.echo("Referentielijsten geladen.")


@demo_cli.command("load")
def demo_load_command() -> None:
    """Load the demo organisations, accounts and signals, once."""
    from signalen.auth.demo_mode import in_production
    from signalen.demo import load_demo
    from signalen.themes.seed import seed_reference_data

    if in_production():
        raise click.ClickException(
            "Dit is een productieomgeving: demogegevens worden hier nooit geladen."
        )

    seed_reference_data()
    loaded = load_demo()
    db.session.commit()
    click.echo("Demogegevens geladen." if loaded else "Demogegevens waren er al.")


@click.command("setup")
@click.option(
    "--demo/--no-demo", default=True, help="Demogegevens laden bij een lege databank."
)
@with_appcontext
def setup_command(demo: bool) -> None:
    """Upgrade the database, load reference data and (on first run) the demo."""
    from flask_migrate import upgrade

    from signalen.auth.demo_mode import in_production
    from signalen.auth.models import User
    from signalen.demo import load_demo
    from signalen.themes.seed import seed_reference_data

    upgrade(revision="heads")
    seed_reference_data()
    first_run = db.session.scalar(select(User.id).limit(1)) is None
    if demo and first_run and not in_production():
        load_demo()
        click.echo("Demogegevens geladen.")
    db.session.commit()
    click.echo("Databank klaar.")
    if first_run and in_production():
        click.echo(
            "Productie: er zijn nog geen accounts en er worden geen demo-accounts "
            "geladen. Maak de eerste beheerder aan met:\n"
            "  flask --app signalen users create --role beheerder "
            "--email ... --name ... --organisation ... --create-organisation"
        )


@click.command("info")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
@with_appcontext
def info_command(host: str, port: int) -> None:
    """Print the address and, in demo mode, the demo accounts."""
    from signalen.auth.demo_mode import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_shown

    click.echo("")
    click.echo(f"Signalen draait op http://{host}:{port}")
    if demo_shown():
        click.echo(f"Demo-accounts (wachtwoord: {DEMO_PASSWORD}):")
        for email, role in DEMO_ACCOUNTS:
            click.echo(f"  {email:34} {role}")
    click.echo("Stoppen: Ctrl+C")
    click.echo("")


@click.command("backup")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@with_appcontext
def backup_command(path: Path | None) -> None:
    """Write a backup of the whole database (to PATH, or to instance/backups)."""
    from signalen.backups import backup_database
    from signalen.database import utcnow
    from signalen.errors import SignalenError

    try:
        written = backup_database(utcnow(), path)
    except SignalenError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Back-up geschreven: {written}")


@click.command("restore")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Niet om bevestiging vragen.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the whole database with a backup."""
    from signalen.backups import restore_database
    from signalen.errors import SignalenError

    if not yes:
        click.confirm(
            "Dit vervangt ALLE gegevens door die van de back-up. Doorgaan?",
            abort=True,
        )
    try:
        restore_database(path)
    except SignalenError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Teruggezet uit {path}.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True)
@click.option(
    "--role",
    type=click.Choice(["medewerker", "coordinator", "stad", "beheerder"]),
    required=True,
)
@click.option("--organisation", required=True, help="Naam van de organisatie.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--create-organisation", is_flag=True, help="Maak de organisatie aan.")
def users_create_command(email, display_name, role, organisation, password,
                         create_organisation) -> None:  # fmt: skip
    """Create an account from the command line."""
    from signalen.auth.services import create_user
    from signalen.errors import SignalenError
    from signalen.organisations.models import Organisation
    from signalen.permissions import Role

    org = db.session.scalar(
        select(Organisation).where(Organisation.name == organisation)
    )
    if org is None:
        if not create_organisation:
            raise click.ClickException(
                f"Organisatie '{organisation}' bestaat niet. "
                "Gebruik --create-organisation om ze aan te maken."
            )
        org = Organisation(name=organisation)
        db.session.add(org)
        db.session.flush()
    try:
        user = create_user(
            email=email,
            display_name=display_name,
            password=password,
            role=Role(role),
            organisation=org,
        )
    except SignalenError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    click.echo(f"Account {user.email} aangemaakt ({user.role.value}).")


@scheduler_cli.command("run")
def scheduler_run_command() -> None:
    """Run the scheduler in this process until stopped (Ctrl+C)."""
    from signalen.scheduler import JOBS, build_scheduler

    scheduler = build_scheduler(_this_app())
    click.echo("Planner gestart met taken: " + ", ".join(j.name for j in JOBS))
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        click.echo("Planner gestopt.")


@scheduler_cli.command("run-job")
@click.argument("name")
def scheduler_run_job_command(name: str) -> None:
    """Run one scheduled job now, under its lock."""
    from signalen.scheduler import JOBS, run_now

    if name not in {j.name for j in JOBS}:
        raise click.ClickException(f"Onbekende taak: {name}")
    outcome = run_now(_this_app(), name)
    if outcome.status == "busy":
        raise click.ClickException("Deze taak loopt al elders.")
    click.echo(f"{name}: {outcome.status} {outcome.message or ''}".rstrip())
    if outcome.status != "ok":
        raise SystemExit(1)


@click.command("worker")
@click.option(
    "--workers", type=int, default=None, help="Aantal tegelijk (TASK_WORKERS)."
)
@click.option(
    "--worker-type",
    type=click.Choice(["thread", "process"]),
    default=None,
    help="Threads of processen (TASK_WORKER_TYPE).",
)
@with_appcontext
def worker_command(workers: int | None, worker_type: str | None) -> None:
    """Run the task worker (Huey's consumer) until stopped: Ctrl+C or SIGINT
    finish the running tasks first, SIGTERM stops at once."""
    import logging

    from signalen.database import utcnow
    from signalen.exports.jobs import fail_interrupted_exports_job
    from signalen.tasks import task_queue

    queue = task_queue()
    if queue.immediate:
        raise click.ClickException(
            "TASK_IMMEDIATE staat aan: taken lopen meteen in het webproces, "
            "een taakverwerker heeft dan niets te doen."
        )
    workers = workers or current_app.config["TASK_WORKERS"]
    worker_type = worker_type or current_app.config["TASK_WORKER_TYPE"]
    # Runs left 'running' by a worker that was killed: queue once more or fail.
    message = fail_interrupted_exports_job(utcnow())
    if message:
        click.echo(message)
    # Forked workers must not share the parent's database connections.
    db.session.remove()
    db.engine.dispose()
    if not logging.getLogger().handlers:  # LOG_FORMAT=json configured its own
        logging.basicConfig(
            level=current_app.config["LOG_LEVEL"],
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
    consumer = queue.huey.create_consumer(
        workers=workers,
        worker_type=worker_type,
        periodic=False,  # the scheduler process plans; this one only works
        max_delay=1.0,  # a new task waits at most a second (SQLite polling)
    )
    if worker_type == "process":
        kinds = ngettext("%(num)d proces", "%(num)d processen", workers)
    else:
        kinds = ngettext("%(num)d draad", "%(num)d draden", workers)
    click.echo(f"Taakverwerker gestart: {kinds}, wachtrij {queue.kind}.")
    consumer.run()
    click.echo("Taakverwerker gestopt.")


def register_commands(app: Flask) -> None:
    from signalen.bundles.cli import bundles_cli
    from signalen.exports.cli import export_cli, import_answers_command
    from signalen.imports.cli import signals_import_command
    from signalen.privacy.cli import pii_check_command

    for command in (
        seed_command,
        setup_command,
        info_command,
        pii_check_command,
        import_answers_command,
        signals_import_command,
        backup_command,
        restore_command,
        worker_command,
    ):
        app.cli.add_command(command)
    for group in (users_cli, demo_cli, scheduler_cli, bundles_cli, export_cli):
        app.cli.add_command(group)
