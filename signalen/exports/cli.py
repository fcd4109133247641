"""`flask export bundle ID` and `flask import-answers FILE`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext
from flask_babel import ngettext

from signalen.extensions import db

export_cli = AppGroup("export", help="Exporteren naar Excel.")


@export_cli.command("bundle")
@click.argument("bundle_id", type=int)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Schrijf naar dit bestand in plaats van naar de exportmap.",
)
def export_bundle_command(bundle_id: int, output: str | None) -> None:
    """Write the Excel workbook of a closed bundle, with a progress bar."""
    from signalen.bundles.models import Bundle
    from signalen.database import utcnow
    from signalen.errors import SignalenError
    from signalen.exports.services import perform_export, start_export

    bundle = db.session.get(Bundle, bundle_id)
    if bundle is None:
        raise click.ClickException(f"Bundel {bundle_id} bestaat niet.")
    try:
        run = start_export(bundle, None, utcnow())
    except SignalenError as exc:
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    with click.progressbar(length=max(run.total, 1), label="Signalen") as bar:
        state = {"done": 0}

        def advance(done: int, total: int) -> None:
            bar.update(done - state["done"])
            state["done"] = done

        try:
            path = perform_export(run, output=output, progress=advance)
        except SignalenError as exc:
            raise click.ClickException(exc.message) from exc
    click.echo(f"Geschreven: {path}")


@click.command("import-answers")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Toon wat zou veranderen, pas niets toe.")
@with_appcontext
def import_answers_command(path: str, dry_run: bool) -> None:
    """Read the city's answers from a filled-in bundle workbook."""
    from signalen.errors import SignalenError
    from signalen.exports.importer import apply_answer_import, preview_answers
    from signalen.exports.models import ExportRun

    file = Path(path)
    data = file.read_bytes()
    try:
        # The bundle comes from the file itself (its hidden bundle id and token).
        answer_import = preview_answers(data, None, None, file_name=file.name)
    except SignalenError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    run = db.session.get(ExportRun, answer_import.export_run_id)
    click.echo(f"Bundel: {run.bundle.title if run else answer_import.bundle_id}")
    read = answer_import.rows_read
    click.echo(ngettext("Gelezen: %(num)d signaal", "Gelezen: %(num)d signalen", read))
    for error in answer_import.errors:
        ref = f" ({error['reference']})" if error["reference"] else ""
        where = f"Rij {error['row']}" + (
            f", blad '{error['sheet']}', cel {error['cell']}"
            if error.get("cell")
            else ""
        )
        click.echo(f"  {where}{ref}: {error['message']}", err=True)
    for change in answer_import.changes:
        old = (change["old"] or {}).get("text") or "—"
        cells = ", ".join(f"{c['sheet']}!{c['cell']}" for c in change.get("cells", []))
        click.echo(
            f"  {change['reference']} ({cells}): {old!r} → {change['new']['text']!r}"
        )
    if answer_import.errors:
        db.session.commit()  # keep the refused upload for the audit trail
        raise click.ClickException("Er werd niets toegepast: verbeter het bestand.")
    if dry_run:
        db.session.rollback()
        changes = len(answer_import.changes)
        click.echo(
            ngettext(
                "Proef: %(num)d wijziging, niets toegepast.",
                "Proef: %(num)d wijzigingen, niets toegepast.",
                changes,
            )
        )
        return
    applied = apply_answer_import(answer_import, None)
    db.session.commit()
    click.echo(
        ngettext("%(num)d antwoord bewaard.", "%(num)d antwoorden bewaard.", applied)
    )
