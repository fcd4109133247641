"""The follow-up of a bundle item: its steps, the form, "ongewijzigd"."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from signalen.actions import run_and_commit, submit
from signalen.bundles.models import Bundle, BundleItem
from signalen.database import utcnow
from signalen.extensions import db
from signalen.followup import overview as ov
from signalen.followup import services
from signalen.followup.forms import FollowUpForm, OverviewFilterForm
from signalen.followup.models import POLITICAL_STATUSES, ROUTES, STATUSES
from signalen.pages import paginate
from signalen.permissions import (
    Role,
    can_follow_up_item,
    can_view_bundle,
    has_role,
    role_required,
)
from signalen.responses.models import RESPONSE_TYPES
from signalen.responses.services import latest_responses
from signalen.themes.models import Theme

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


def visible_statuses() -> tuple[str, ...]:
    """Coordinators see closed and published bundles, the city published ones."""
    if has_role(current_user, Role.COORDINATOR):
        return ("closed", "published")
    return ("published",)


def overview_form(statuses: tuple[str, ...]) -> OverviewFilterForm:
    """The filter form with its choices: bundles, themes, departments, kinds."""
    form = OverviewFilterForm(request.args)
    everything = _("Alle")
    bundles = db.session.execute(
        select(Bundle.id, Bundle.title)
        .where(Bundle.status.in_(statuses))
        .order_by(Bundle.period_start.desc())
    ).all()
    form.bundel.choices = [("", everything)] + [(str(i), t) for i, t in bundles]
    codes = set(
        db.session.scalars(
            select(BundleItem.primary_theme_code)
            .join(Bundle, Bundle.id == BundleItem.bundle_id)
            .where(Bundle.status.in_(statuses))
            .distinct()
        )
    ) - {None}
    labels = dict(
        db.session.execute(
            select(Theme.code, Theme.label).where(Theme.code.in_(codes))
        ).all()
    )
    themes = sorted(((c, labels.get(c, c)) for c in codes), key=lambda p: p[1])
    form.thema.choices = [("", everything), *themes]
    form.dienst.choices = [("", everything)] + [(d, d) for d in ov.departments()]
    form.soort.choices = [("", everything)] + [
        (k, str(v)) for k, v in RESPONSE_TYPES.items()
    ]
    return form


@bp.get("/")
@role_required(*READERS)
def overview():
    """Answers and follow-up of every item, filtered; what is late stands out."""
    statuses = visible_statuses()
    form = overview_form(statuses)
    valid = form.validate() if request.args else True
    weeks = (form.weken.data if valid and form.weken.data else None) or (
        ov.DEFAULT_WEEKS
    )
    filters = ov.OverviewFilter(weeks=weeks)
    if valid:
        filters = ov.OverviewFilter(
            bundle_id=int(form.bundel.data) if form.bundel.data else None,
            theme=form.thema.data or None,
            status=form.status.data or None,
            route=form.route.data or None,
            department=form.dienst.data or None,
            response_type=form.soort.data or None,
            late=form.te_laat.data or None,
            weeks=weeks,
        )
    now = utcnow()
    page = paginate(ov.overview_query(filters, now, statuses), per_page=50)
    ids = [item.id for item in page.items]
    return render_template(
        "followup/overview.html",
        form=form,
        page=page,
        answers=latest_responses(ids),
        steps=services.current_steps(ids),
        late=ov.late_counts(now, weeks, statuses),
        weeks=weeks,
        now=now,
        today=now.date(),
        is_answer_late=ov.is_answer_late,
        is_promise_late=ov.is_promise_late,
    )
