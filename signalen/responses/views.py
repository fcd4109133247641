"""The city's answers, typed in the app, and the answers of a bundle."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from signalen.actions import submit
from signalen.bundles.models import Bundle, BundleItem
from signalen.extensions import db
from signalen.pages import paginate
from signalen.permissions import (
    Role,
    can_answer_item,
    can_view_bundle,
    role_required,
)
from signalen.responses.forms import AnswerForm
from signalen.responses.models import (
    FOLLOW_UP_ROUTES,
    PROGRESS_STATUSES,
    RESPONSE_TYPES,
)
from signalen.responses.services import (
    Answer,
    answer_counts,
    latest_responses,
    record_answer,
)

bp = Blueprint("responses", __name__, url_prefix="/antwoorden")
READERS = (Role.COORDINATOR, Role.CITY)


def answer_form_for(item: BundleItem) -> AnswerForm:
    """An empty answer form, for templates that only have the item."""
    return AnswerForm(formdata=None)


@bp.app_context_processor
def response_helpers() -> dict:
    return {
        "answer_form_for": answer_form_for,
        "answer_counts": answer_counts,
        "response_types": RESPONSE_TYPES,
        "follow_up_routes": FOLLOW_UP_ROUTES,
        "progress_statuses": PROGRESS_STATUSES,
    }


def get_item(item_id: int) -> BundleItem:
    item = db.session.get(BundleItem, item_id)
    if item is None or not can_view_bundle(current_user, item.bundle):
        abort(404)
    return item


@bp.get("/bundel/<int:bundle_id>")
@role_required(*READERS)
def bundle_answers(bundle_id: int):
    """Every item of a bundle with its current answer."""
    bundle = db.session.get(Bundle, bundle_id)
    if bundle is None or not can_view_bundle(current_user, bundle):
        abort(404)
    page = paginate(
        select(BundleItem)
        .where(BundleItem.bundle_id == bundle.id)
        .order_by(BundleItem.position, BundleItem.id),
        per_page=50,
    )
    latest = latest_responses(item.id for item in page.items)
    return render_template(
        "responses/bundle.html", bundle=bundle, page=page, latest=latest
    )


@bp.route("/item/<int:item_id>", methods=["GET", "POST"])
@role_required(*READERS)
def item(item_id: int):
    """One item's answers; the city (or a coordinator) adds one here."""
    item = get_item(item_id)
    form = AnswerForm()
    if form.is_submitted():
        if not can_answer_item(current_user, item):
            abort(403)
        if form.validate():
            done = submit(
                form,
                lambda: record_answer(item, current_user, answer_from_form(form)),
                success=url_for("responses.item", item_id=item.id),
                flash=lambda response: (
                    _("Antwoord bewaard. De medewerkers zien het bij hun signaal.")
                    if response is not None
                    else _("Dit antwoord stond er al; er veranderde niets.")
                ),
            )
            if done:
                return done
    return render_template("responses/item.html", item=item, answer_form=form)


def answer_from_form(form: AnswerForm) -> Answer:
    return Answer(
        response_type=form.response_type.data,
        text=form.text.data,
        department=form.department.data or None,
        follow_up_route=form.follow_up_route.data or None,
        progress=form.progress.data or None,
        political_status=form.political_status.data or None,
    )
