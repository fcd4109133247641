"""The answers overview: every answerable item with its answer and follow-up,
filtered, and what is late (no answer after N weeks, a promise past its date)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import aliased

from signalen.bundles.models import Bundle, BundleItem
from signalen.extensions import db
from signalen.followup.models import FollowUpStep
from signalen.responses.models import CityResponse

#: Follow-up that is over: a promise can no longer be late.
FINISHED = ("afgerond", "stopgezet")
LATE_KINDS = ("geen_antwoord", "belofte")
DEFAULT_WEEKS = 8


@dataclass(frozen=True)
class OverviewFilter:
    bundle_id: int | None = None
    theme: str | None = None
    status: str | None = None
    route: str | None = None
    department: str | None = None
    response_type: str | None = None
    late: str | None = None
    weeks: int = DEFAULT_WEEKS


def _latest(model, column):
    return (
        select(column.label("item_id"), func.max(model.id).label("last_id"))
        .group_by(column)
        .subquery()
    )


def overview_query(
    f: OverviewFilter, now: datetime, statuses: tuple[str, ...]
) -> Select:
    """Items of bundles in these statuses, newest bundle first, filtered."""
    step = aliased(FollowUpStep)
    answer = aliased(CityResponse)
    last_step = _latest(FollowUpStep, FollowUpStep.bundle_item_id)
    last_answer = _latest(CityResponse, CityResponse.bundle_item_id)
    query = (
        select(BundleItem)
        .join(Bundle, Bundle.id == BundleItem.bundle_id)
        .outerjoin(last_step, last_step.c.item_id == BundleItem.id)
        .outerjoin(step, step.id == last_step.c.last_id)
        .outerjoin(last_answer, last_answer.c.item_id == BundleItem.id)
        .outerjoin(answer, answer.id == last_answer.c.last_id)
        .where(Bundle.status.in_(statuses))
    )
    if f.bundle_id:
        query = query.where(Bundle.id == f.bundle_id)
    if f.theme:
        query = query.where(BundleItem.primary_theme_code == f.theme)
    if f.status:
        query = query.where(step.status == f.status)
    if f.route:
        # a step decides; before the first step, the answer's own route counts
        query = query.where(
            or_(
                step.route == f.route,
                and_(step.id.is_(None), answer.follow_up_route == f.route),
            )
        )
    if f.department:
        query = query.where(
            or_(
                step.department == f.department,
                and_(step.id.is_(None), answer.department == f.department),
            )
        )
    if f.response_type:
        query = query.where(answer.response_type == f.response_type)
    if f.late == "geen_antwoord":
        query = query.where(answer.id.is_(None), *answer_overdue(now, f.weeks))
    elif f.late == "belofte":
        query = query.where(*promise_overdue(step, now.date()))
    return query.order_by(
        Bundle.period_start.desc(), BundleItem.position, BundleItem.id
    )


def answer_overdue(now: datetime, weeks: int) -> tuple:
    """The bundle was given to the city more than `weeks` weeks ago."""
    since = func.coalesce(Bundle.published_at, Bundle.closed_at)
    return (since.is_not(None), since <= now - timedelta(weeks=weeks))


def promise_overdue(step, today: date) -> tuple:
    return (
        step.promise_due.is_not(None),
        step.promise_due < today,
        func.coalesce(step.status, "").not_in(FINISHED),
    )


def late_counts(now: datetime, weeks: int, statuses: tuple[str, ...]) -> dict:
    """How many items are late, per kind (for the links above the list)."""
    counts = {}
    for kind in LATE_KINDS:
        query = overview_query(OverviewFilter(late=kind, weeks=weeks), now, statuses)
        counts[kind] = (
            db.session.scalar(
                select(func.count()).select_from(query.order_by(None).subquery())
            )
            or 0
        )
    return counts


def is_answer_late(item: BundleItem, answered: bool, now: datetime, weeks: int) -> bool:
    bundle = item.bundle
    since = bundle.published_at or bundle.closed_at
    return not answered and since is not None and since <= now - timedelta(weeks=weeks)


def is_promise_late(step: FollowUpStep | None, today: date) -> bool:
    return (
        step is not None
        and step.promise_due is not None
        and step.promise_due < today
        and (step.status or "") not in FINISHED
    )


def departments() -> list[str]:
    """Every department named in an answer or a step (for the filter)."""
    names = set(
        db.session.scalars(
            select(FollowUpStep.department)
            .where(FollowUpStep.department.is_not(None))
            .distinct()
        )
    ) | set(
        db.session.scalars(
            select(CityResponse.department)
            .where(CityResponse.department.is_not(None))
            .distinct()
        )
    )
    return sorted((n for n in names if n), key=str.casefold)
