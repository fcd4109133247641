"""The follow-up of a bundle item: its steps, the form, "ongewijzigd"."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from signalen.actions import run_and_commit, submit
from signalen.bundles.models import BundleItem
from signalen.database import utcnow
from signalen.extensions import db
from signalen.followup import services
from signalen.followup.forms import FollowUpForm
from signalen.followup.models import POLITICAL_STATUSES, ROUTES, STATUSES
from signalen.permissions import (
    Role,
    can_follow_up_item,
    can_view_bundle,
    role_required,
)

bp = Blueprint("followup", __name__, url_prefix="/opvolging")
READERS = (Role.COORDINATOR, Role.CITY)


@bp.app_context_processor
def followup_helpers() -> dict:
    return {
        "follow_up_current": services.current_step,
        "earlier_follow_up": services.earlier_follow_up,
        "followup_routes": ROUTES,
        "follow_up_statuses": STATUSES,
        "political_statuses": POLITICAL_STATUSES,
    }


def get_item(item_id: int) -> BundleItem:
    item = db.session.get(BundleItem, item_id)
    if item is None or not can_view_bundle(current_user, item.bundle):
        abort(404)
    return item


@bp.route("/item/<int:item_id>", methods=["GET", "POST"])
@role_required(*READERS)
def item(item_id: int):
    """An item's follow-up timeline; the city or a coordinator adds a step."""
    item = get_item(item_id)
    form = FollowUpForm()
    if not form.is_submitted():
        form.fill(services.FollowUpState.of(services.current_step(item)))
    elif not can_follow_up_item(current_user, item):
        abort(403)
    elif form.validate():
        done = submit(
            form,
            lambda: services.record_step(
                item,
                current_user,
                form.state(),
                note=form.note.data,
                step_date=form.step_date.data,
                now=utcnow(),
            ),
            success=url_for("followup.item", item_id=item.id),
            flash=lambda step: (
                _("Stap bewaard. De medewerkers zien ze bij hun signaal.")
                if step is not None
                else _("Er veranderde niets; er is geen stap toegevoegd.")
            ),
        )
        if done:
            return done
    return render_template(
        "followup/item.html",
        item=item,
        form=form,
        steps=list(reversed(services.steps_of(item))),
        earlier=services.earlier_follow_up(item),
    )


@bp.post("/item/<int:item_id>/ongewijzigd")
@role_required(*READERS)
def unchanged(item_id: int):
    """Confirm in one step that the previous bundle's answer still stands."""
    item = get_item(item_id)
    if not can_follow_up_item(current_user, item):
        abort(403)
    outcome = run_and_commit(
        lambda: services.confirm_unchanged(item, current_user, utcnow())
    )
    if outcome:
        flash(
            ngettext(
                "Bevestigd als ongewijzigd (%(num)d nieuwe regel).",
                "Bevestigd als ongewijzigd (%(num)d nieuwe regels).",
                outcome.value,
            )
            if outcome.value
            else _("Dit stond er al; er veranderde niets."),
            "success",
        )
    return redirect(url_for("followup.item", item_id=item.id))
