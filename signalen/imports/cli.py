"""`flask signals-import`: a large signal list from disk, the same steps as the web."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select


@click.command("signals-import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--organisation", required=True, help="Naam van de organisatie.")
@click.option("--user", "email", required=True, help="E-mailadres van wie importeert.")
@click.option("--source", default="", help="Bron, bv. 'Signalentool 2019'.")
@click.option(
    "--column",
    "column_pairs",
    multiple=True,
    help="veld=kolomkop, bv. title=Onderwerp (anders de bewaarde koppeling).",
)
@click.option("--default-theme", default="", help="Themacode voor rijen zonder thema.")
@click.option("--apply", is_flag=True, help="Echt bewaren (anders enkel nakijken).")
@with_appcontext
def signals_import_command(
    path: Path,
    organisation: str,
    email: str,
    source: str,
    column_pairs: tuple[str, ...],
    default_theme: str,
    apply: bool,
) -> None:
    """Check a CSV or .xlsx signal list, and with --apply import it (all or nothing)."""
    from signalen.auth.models import User
    from signalen.errors import SignalenError
    from signalen.extensions import db
    from signalen.imports.services import import_file
    from signalen.organisations.models import Organisation
    from signalen.themes.models import Theme

    org = db.session.scalar(
        select(Organisation).where(Organisation.name == organisation)
    )
    actor = db.session.scalar(select(User).where(User.email == email.lower()))
    if org is None or actor is None:
        raise click.ClickException("Organisatie of gebruiker niet gevonden.")
    columns = dict(pair.split("=", 1) for pair in column_pairs if "=" in pair)
    theme_id = None
    if default_theme:
        theme_id = db.session.scalar(
            select(Theme.id).where(Theme.code == default_theme)
        )
        if theme_id is None:
            raise click.ClickException(f"Thema '{default_theme}' bestaat niet.")
    try:
        report = import_file(
            path, org, actor, source=source or path.name, columns=columns or None,
            default_theme_id=theme_id, apply=apply,
        )  # fmt: skip
        db.session.commit()
    except SignalenError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    click.echo(
        f"{report['total']} rijen: {report['ok']} "
        f"{'toegevoegd' if apply else 'klaar om toe te voegen'}, "
        f"{report['duplicate']} al eerder ingelezen, {report['held']} "
        f"tegengehouden (persoonsgegevens), {report['refused']} geweigerd."
    )
    for kind, label in (("held_rows", "tegengehouden"), ("refused_rows", "geweigerd")):
        for example in report[kind][:20]:
            click.echo(
                f"  rij {example['row']} {label}: {'; '.join(example['reasons'])}"
            )
