"""Bundles: the list, the bundle page, items, closing, publishing, the schedule."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from signalen.actions import run_and_commit, submit
from signalen.bundles import services
from signalen.bundles.forms import IntroductionForm, ScheduleForm
from signalen.bundles.models import Bundle, BundleItem, BundleStatus
from signalen.coordination.models import StructuralStatus
from signalen.database import utcnow
from signalen.extensions import db
from signalen.forms import ButtonForm
from signalen.pages import paginate
from signalen.permissions import Role, can_view_bundle, role_required

bp = Blueprint("bundles", __name__, url_prefix="/bundels")
ITEMS_PER_PAGE = 100
READERS = (Role.COORDINATOR, Role.CITY, Role.WORKER)


@bp.app_context_processor
def inject_period_banner() -> dict:
    """The current period for the banner in base.html (cached per request)."""
    return {"period_banner": _banner}


def _banner():
    return services.period_banner(current_user, services.local_today())


def get_visible_bundle(bundle_id: int) -> Bundle:
    """A bundle the user may see; others get a 404, not a hint."""
    bundle = db.session.get(Bundle, bundle_id)
    if bundle is None or not can_view_bundle(current_user, bundle):
        abort(404)
    return bundle


@bp.get("/")
@role_required(*READERS)
def index():
    """The bundles this role may see, newest first."""
    bundles = services.visible_bundles(current_user)
    planner = None
    if current_user.role == Role.COORDINATOR:
        planner = services.planner_status(
            utcnow(), float(current_app.config["SCHEDULER_HEARTBEAT_STALE_HOURS"])
        )
    return render_template(
        "bundles/index.html",
        bundles=bundles,
        counts=services.item_counts(b.id for b in bundles),
        planner=planner,
    )


@bp.get("/<int:bundle_id>")
@role_required(*READERS)
def detail(bundle_id: int):
    """One bundle: items by theme, and what changed since the previous one."""
    bundle = get_visible_bundle(bundle_id)
    is_open = bundle.status == BundleStatus.OPEN
    # A page of items at a time: a network's bundle can hold thousands.
    page = paginate(services.items_page_query(bundle), per_page=ITEMS_PER_PAGE)
    return render_template(
        "bundles/detail.html",
        bundle=bundle,
        page=page,
        theme_counts=services.theme_counts(bundle) if page.pages > 1 else None,
        groups=services.items_by_theme(bundle, page.items),
        comparison=None if is_open else services.comparison_counts(bundle),
        progress=services.open_progress(bundle) if is_open else None,
        today=services.local_today(),
    )


@bp.get("/<int:bundle_id>/items/<int:item_id>")
@role_required(*READERS)
def item(bundle_id: int, item_id: int):
    """One frozen item, with the same structural signal in earlier bundles."""
    bundle = get_visible_bundle(bundle_id)
    item = db.session.get(BundleItem, item_id)
    if item is None or item.bundle_id != bundle.id:
        abort(404)
    return render_template(
        "bundles/item.html",
        bundle=bundle,
        item=item,
        snapshot=item.snapshot or {},
        history=services.item_history(item),
        status_labels={s.value: s.label for s in StructuralStatus},
    )


@bp.route("/<int:bundle_id>/inleiding", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def introduction(bundle_id: int):
    """Edit the introduction text of a bundle."""
    bundle = get_visible_bundle(bundle_id)
    form = IntroductionForm(data={"introduction": bundle.introduction})
    if form.validate_on_submit() and (
        done := submit(
            form,
            lambda: services.update_introduction(
                bundle,
                form.introduction.data or "",
                actor=current_user,
                accepted=request.form.getlist("pii_ok"),
            ),
            success=url_for("bundles.detail", bundle_id=bundle.id),
            flash=_("De inleiding is bewaard."),
        )
    ):
        return done
    status = 422 if request.method == "POST" else 200
    return render_template(
        "bundles/introduction.html", bundle=bundle, form=form, pii=form.pii
    ), status


def _confirm(bundle: Bundle, action: str, run, done: str):
    """A confirmation page on GET; the action on a valid POST."""
    form = ButtonForm()
    if form.validate_on_submit():
        if run_and_commit(run).ok:
            flash(done, "success")
        return redirect(url_for("bundles.detail", bundle_id=bundle.id))
    return render_template(
        "bundles/confirm.html", bundle=bundle, action=action, form=form
    )


@bp.route("/<int:bundle_id>/afsluiten", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def close(bundle_id: int):
    """Close the open period early, after confirmation."""
    bundle = get_visible_bundle(bundle_id)
    now = utcnow()
    return _confirm(
        bundle,
        "close",
        lambda: services.close_bundle_early(
            bundle, today=services.local_today(now), now=now, actor=current_user
        ),
        _("De bundel is afgesloten. Een nieuwe periode is begonnen."),
    )


@bp.route("/<int:bundle_id>/publiceren", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def publish(bundle_id: int):
    """Publish a closed bundle to the city and every worker, after confirmation."""
    bundle = get_visible_bundle(bundle_id)
    return _confirm(
        bundle,
        "publish",
        lambda: services.publish_bundle(bundle, now=utcnow(), actor=current_user),
        _("De bundel is gepubliceerd. De stad en alle medewerkers zien hem nu."),
    )


@bp.route("/planning", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def schedule():
    """Set the length of a period and the first day (beheerder)."""
    today = services.local_today()
    current = services.get_schedule()
    form = ScheduleForm(obj=current)
    if current is None and request.method == "GET":
        form.first_start.data = today.replace(month=1, day=1)
        form.period_months.data = services.DEFAULT_MONTHS
        form.reminder_days.data = services.DEFAULT_REMINDER_DAYS
    if form.validate_on_submit() and (
        done := submit(
            form,
            lambda: services.update_schedule(
                form.first_start.data,
                form.period_months.data,
                form.reminder_days.data,
                actor=current_user,
                today=today,
            ),
            success=url_for("bundles.schedule"),
            flash=_("De planning is bewaard."),
        )
    ):
        return done
    status = 422 if request.method == "POST" else 200
    return render_template(
        "bundles/schedule.html",
        form=form,
        open_bundle=services.open_bundle(),
        last_closed=services.latest_closed_bundle(),
    ), status
