"""The follow-up of a bundle item: its steps, the form, "ongewijzigd"."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from signalen.actions import run_and_commit, submit
from signalen.bundles.models import Bundle, BundleItem
from signalen.clock import local_today
from signalen.database import utcnow
from signalen.extensions import db
from signalen.followup import evaluation as ev
from signalen.followup import overview as ov
from signalen.followup import services
from signalen.followup.forms import (
    EvaluationScheduleForm,
    FollowUpForm,
    OverviewFilterForm,
    VerdictsForm,
)
from signalen.followup.models import POLITICAL_STATUSES, ROUTES, STATUSES, VERDICTS
from signalen.pages import paginate
from signalen.permissions import (
    Role,
    can_evaluate,
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
        "open_evaluations": lambda: ev.open_evaluations(local_today()),
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
    codes: set[str] = {
        code
        for code in db.session.scalars(
            select(BundleItem.primary_theme_code)
            .join(Bundle, Bundle.id == BundleItem.bundle_id)
            .where(Bundle.status.in_(statuses))
            .distinct()
        )
        if code
    }
    labels = dict(
        db.session.execute(
            select(Theme.code, Theme.label).where(Theme.code.in_(codes))
        ).all()
    )
    themes = sorted(((c, labels.get(c) or c) for c in codes), key=lambda p: p[1])
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


# --- the yearly evaluation ----------------------------------------------------


def get_bundle(bundle_id: int) -> Bundle:
    bundle = db.session.get(Bundle, bundle_id)
    if bundle is None or not can_view_bundle(current_user, bundle):
        abort(404)
    return bundle


def get_evaluation(evaluation_id: int) -> ev.Evaluation:
    evaluation = db.session.get(ev.Evaluation, evaluation_id)
    if evaluation is None or not can_view_bundle(current_user, evaluation.bundle):
        abort(404)
    return evaluation


@bp.route("/evaluatie/bundel/<int:bundle_id>", methods=["GET", "POST"])
@role_required(*READERS)
def evaluations(bundle_id: int):
    """A bundle's yearly evaluations; a coordinator sets the date of one."""
    bundle = get_bundle(bundle_id)
    form = EvaluationScheduleForm()
    if form.is_submitted() and not can_evaluate(current_user):
        abort(403)
    if form.validate_on_submit():
        done = submit(
            form,
            lambda: ev.schedule_evaluation(
                bundle, form.year.data, form.due_date.data, current_user, utcnow()
            ),
            success=lambda e: url_for("followup.evaluation", evaluation_id=e.id),
            flash=_("De datum van de evaluatie is bewaard."),
        )
        if done:
            return done
    if not form.is_submitted():
        form.year.data = utcnow().year
    return render_template(
        "followup/evaluations.html",
        bundle=bundle,
        form=form,
        evaluations=ev.evaluations_of(bundle),
        priorities=ev.priorities(bundle),
    )


@bp.route("/evaluatie/<int:evaluation_id>", methods=["GET", "POST"])
@role_required(*READERS)
def evaluation(evaluation_id: int):
    """Verdicts per priority, beside last year's; coordinators write them."""
    evaluation = get_evaluation(evaluation_id)
    form = VerdictsForm()
    if form.is_submitted():
        if not can_evaluate(current_user):
            abort(403)
        if form.validate():
            verdicts = verdicts_from(request.form, evaluation)
            done = submit(
                form,
                lambda: ev.record_verdicts(
                    evaluation, verdicts, current_user, utcnow()
                ),
                success=url_for("followup.evaluation", evaluation_id=evaluation.id),
                flash=lambda n: ngettext(
                    "%(num)d oordeel bewaard.", "%(num)d oordelen bewaard.", n
                ),
            )
            if done:
                return done
    return render_template(
        "followup/evaluation.html",
        evaluation=evaluation,
        rows=ev.evaluation_rows(evaluation),
        previous=ev.previous_evaluation(evaluation),
        form=form,
        verdicts=VERDICTS,
        typed=request.form if form.is_submitted() else None,
    )


@bp.get("/evaluatie/<int:evaluation_id>/afdrukken")
@role_required(*READERS)
def evaluation_print(evaluation_id: int):
    """The evaluation as a page to print, beside last year's verdicts."""
    evaluation = get_evaluation(evaluation_id)
    return render_template(
        "followup/evaluation_print.html",
        evaluation=evaluation,
        rows=ev.evaluation_rows(evaluation),
        previous=ev.previous_evaluation(evaluation),
    )


def verdicts_from(data, evaluation: ev.Evaluation) -> dict[int, ev.VerdictInput]:
    """The filled-in verdicts of the form (an item left on "Kies" is skipped)."""
    found = {}
    for _rank, item in ev.priorities(evaluation.bundle):
        verdict = (data.get(f"verdict-{item.id}") or "").strip()
        text = (data.get(f"text-{item.id}") or "").strip()
        if verdict or text:
            found[item.id] = ev.VerdictInput(verdict, text)
    return found
