"""Redaction pages (coordinators and beheerders) and the bewaartermijn (beheer)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from signalen.actions import commit_or_explain, submit
from signalen.bundles.models import BundleItem
from signalen.coordination.models import StructuralSignal
from signalen.database import utcnow
from signalen.extensions import db
from signalen.jobs.services import last_runs
from signalen.permissions import Role, role_required
from signalen.prioritisation.models import PrioritisationRound
from signalen.redaction.forms import LookupForm, RedactionForm, RetentionForm
from signalen.redaction.retention import KEEP_CHOICES, kept_months, set_retention
from signalen.redaction.services import (
    load_object,
    preview_redaction,
    redact_span,
    scrub_storage,
)
from signalen.redaction.texts import KINDS, MARKER, object_label, texts_of
from signalen.signals.models import Signal

bp = Blueprint("redaction", __name__, url_prefix="/privacy")
REDACTORS = (Role.COORDINATOR, Role.ADMIN)
RETENTION_JOB = "text_retention"


def kind_of(obj: Any) -> str:
    return next(kind for kind, model in KINDS.items() if isinstance(obj, model))


def back_url(obj: Any) -> str:
    """The page the object is shown on, for the role that redacts."""
    if current_user.role == Role.COORDINATOR:
        if isinstance(obj, Signal):
            return url_for("coordination.review", reference=obj.reference)
        if isinstance(obj, StructuralSignal):
            return url_for("coordination.structural_detail", structural_id=obj.id)
        if isinstance(obj, PrioritisationRound):
            return url_for("prioritisation.detail", round_id=obj.id)
        if isinstance(obj, BundleItem):
            return url_for("responses.item", item_id=obj.id)
    return url_for("redaction.lookup")


@bp.route("/verwijderen/<kind>/<int:obj_id>", methods=["GET", "POST"])
@role_required(*REDACTORS)
def redact(kind: str, obj_id: int):
    """Remove a piece of text from one of the object's texts and all its copies."""
    obj = load_object(kind, obj_id)
    if obj is None:
        abort(404)
    texts = texts_of(obj)
    form = RedactionForm(field=request.args.get("veld"))
    form.field.choices = [(t.key, t.label) for t in texts]
    preview = None
    if form.validate_on_submit():
        if form.confirm.data:
            response = submit(
                form,
                lambda: redact_span(
                    obj, form.field.data, form.span.data, current_user, utcnow()
                ),
                success=url_for(".redact", kind=kind, obj_id=obj_id),
                flash=lambda done: ngettext(
                    "De tekst is verwijderd op %(num)d plaats.",
                    "De tekst is verwijderd op %(num)d plaatsen.",
                    done.places,
                ),
            )
            if response is not None:
                scrub_storage()
                return response
        else:
            outcome = commit_or_explain(
                lambda: preview_redaction(obj, form.field.data, form.span.data), form
            )
            preview = outcome.value if outcome else None
    return render_template(
        "redaction/redact.html",
        obj=obj,
        label=object_label(obj),
        texts=texts,
        form=form,
        preview=preview,
        marker=MARKER,
        back=back_url(obj),
    )


@bp.get("/verwijderen")
@role_required(*REDACTORS)
def lookup():
    """Find the texts of a signal, structural signal or bundle item by reference."""
    form = LookupForm(request.args)
    reference = (form.referentie.data or "").strip().upper()
    if reference and form.validate():
        models: tuple[Any, ...] = (Signal, StructuralSignal, BundleItem)
        for model in models:
            obj = db.session.scalar(select(model).where(model.reference == reference))
            if obj is not None and load_object(kind_of(obj), obj.id) is not None:
                return redirect(url_for(".redact", kind=kind_of(obj), obj_id=obj.id))
        form.referentie.errors = [_("Geen signaal of bundelpunt met die referentie.")]
    return render_template("redaction/lookup.html", form=form)


@bp.route("/bewaartermijn", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def retention():
    """The beheerder sets how long the free text of signals is kept."""
    months = kept_months()
    form = RetentionForm(keep_months="" if months is None else str(months))
    form.keep_months.choices = [
        ("" if months is None else str(months), str(label))
        for months, label in KEEP_CHOICES.items()
    ]
    if form.validate_on_submit():
        chosen = form.chosen_months()
        return submit(
            form,
            lambda: set_retention(chosen, current_user, utcnow()),
            success=url_for(".retention"),
            flash=_("De bewaartermijn is bewaard."),
        ) or render_template("redaction/retention.html", form=form, last_run=None)
    return render_template(
        "redaction/retention.html",
        form=form,
        last_run=last_runs().get(RETENTION_JOB),
    )
