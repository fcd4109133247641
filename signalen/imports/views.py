"""Importing a signal list: upload, map and check, preview, apply or discard."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from signalen.actions import run_and_commit, submit
from signalen.database import as_id, utcnow
from signalen.extensions import db
from signalen.forms import ButtonForm, as_choices
from signalen.imports.forms import NO_COLUMN, UploadForm, mapping_form
from signalen.imports.models import ImportBatch
from signalen.imports.rows import FIELDS, LISTS
from signalen.imports.services import (
    LIST_MODELS,
    discard_import,
    preview_import,
    queue_import,
    start_import,
    upload_import,
)
from signalen.organisations.models import Organisation
from signalen.permissions import (
    Role,
    can_import_for,
    has_role,
    role_required,
)
from signalen.themes.models import Theme

bp = Blueprint("imports", __name__, url_prefix="/import")
IMPORTERS = (Role.WORKER, Role.COORDINATOR)


def get_batch(key: str) -> ImportBatch:
    batch = db.session.scalar(select(ImportBatch).where(ImportBatch.key == key))
    if batch is None or not can_import_for(current_user, batch.organisation):
        abort(404)
    return batch


def organisation_choices() -> list[tuple[int, str]]:
    if has_role(current_user, Role.COORDINATOR):
        orgs = db.session.scalars(select(Organisation).order_by(Organisation.name))
        return [(o.id, o.name) for o in orgs]
    own = db.session.get(Organisation, current_user.organisation_id)
    return [(own.id, own.name)] if own is not None else []


@bp.route("/", methods=["GET", "POST"])
@role_required(*IMPORTERS)
def index():
    """Upload a signal list; the imports of the organisation(s) below."""
    # without a choice in the form: the user's own organisation
    form = UploadForm(organisation=current_user.organisation_id)
    form.organisation.choices = as_choices(organisation_choices())
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation.data)
        if organisation is None:
            abort(404)
        file = form.file.data
        done = submit(
            form,
            lambda: upload_import(
                file.read(),
                file.filename or "",
                organisation,
                current_user,
                source=form.source.data or "",
                now=utcnow(),
            ),  # fmt: skip
            success=lambda batch: url_for("imports.mapping", key=batch.key),
        )
        if done:
            return done
    query = select(ImportBatch).order_by(ImportBatch.created_at.desc()).limit(30)
    if not has_role(current_user, Role.COORDINATOR):
        query = query.where(ImportBatch.organisation_id == current_user.organisation_id)
    return render_template(
        "imports/index.html", form=form, batches=db.session.scalars(query)
    )


def reference_choices() -> dict[str, list[tuple[str, str]]]:
    refuse = [("0", _("— niet overnemen: rij weigeren —"))]
    return {
        kind: refuse
        + [
            (str(entry_id), label)
            for entry_id, label in db.session.execute(
                select(model.id, model.label)
                .where(model.active)
                .order_by(model.position)
            )
        ]
        for kind, model in LIST_MODELS.items()
    }


def themes() -> list[Theme]:
    return list(
        db.session.scalars(select(Theme).where(Theme.active).order_by(Theme.position))
    )


@bp.route("/<key>", methods=["GET", "POST"])
@role_required(*IMPORTERS)
def mapping(key: str):
    """Couple columns and list values, check every row, show the counts."""
    batch = get_batch(key)
    unknown = (batch.report or {}).get("unknown", {})
    data = dict(batch.columns)
    data["default_theme"] = str(batch.default_theme_id or "")
    for kind in LISTS:
        for index, item in enumerate(unknown.get(kind, [])):
            chosen = item.get("chosen")
            data[f"value_{kind}_{index}"] = str(
                chosen if chosen is not None else item.get("suggestion") or 0
            )
    form = mapping_form(batch.headers, themes(), unknown, data=None)
    if request.method == "GET":
        form.process(data=data)
    lists = reference_choices()
    for kind in LISTS:
        for index, _item in enumerate(unknown.get(kind, [])):
            form[f"value_{kind}_{index}"].choices = as_choices(lists[kind])
    if form.validate_on_submit():
        columns = {name: form[name].data for name in FIELDS if form[name].data}
        values = {
            kind: {
                item["folded"]: as_id(form[f"value_{kind}_{index}"].data) or 0
                for index, item in enumerate(unknown.get(kind, []))
            }
            for kind in LISTS
        }
        theme = form.default_theme.data
        done = submit(
            form,
            lambda: preview_import(
                batch,
                current_user,
                columns=columns,
                values=values,
                default_theme_id=int(theme) if theme else None,
                now=utcnow(),
            ),  # fmt: skip
            success=url_for("imports.mapping", key=batch.key) + "#voorbeeld",
        )
        if done:
            return done
    return render_template(
        "imports/mapping.html",
        batch=batch,
        form=form,
        fields=FIELDS,
        unknown=unknown,
        no_column=NO_COLUMN,
        button=ButtonForm(),
    )


@bp.post("/<key>/toepassen")
@role_required(*IMPORTERS)
def apply(key: str):
    """Import the previewed rows, all or nothing (a large file in the task queue)."""
    batch = get_batch(key)
    if not ButtonForm().validate_on_submit():
        abort(400)
    outcome = run_and_commit(lambda: start_import(batch, current_user, now=utcnow()))
    if outcome and outcome.value:
        flash(
            ngettext(
                "%(num)d signaal geïmporteerd.",
                "%(num)d signalen geïmporteerd.",
                batch.applied_count,
            ),
            "success",
        )
    elif outcome:
        run_and_commit(lambda: queue_import(batch, current_user))
    return redirect(url_for("imports.mapping", key=batch.key))


@bp.post("/<key>/weggooien")
@role_required(*IMPORTERS)
def discard(key: str):
    """Drop an upload that was not imported."""
    batch = get_batch(key)
    if not ButtonForm().validate_on_submit():
        abort(400)
    if run_and_commit(lambda: discard_import(batch, current_user)):
        flash(_("Het bestand is weggegooid; er werd niets geïmporteerd."), "success")
    return redirect(url_for("imports.index"))
