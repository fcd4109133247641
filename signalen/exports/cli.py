"""`flask export bundle ID` and `flask import-answers FILE`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

export_cli = AppGroup("export", help="Exporteren naar Excel.")


@click.command("import-answers")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Toon wat zou veranderen, pas niets toe.")
def import_answers_command(path: str, dry_run: bool) -> None:
    """Read the city's answers from a filled-in bundle workbook."""
    raise click.ClickException("Nog niet beschikbaar.")
