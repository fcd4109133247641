"""Bundle periods, closing a period into frozen items, publishing.

Every function flushes and never commits: the view, the CLI command or the
job wrapper (signalen.jobs.services.run_job) commits, so closing a period is
one transaction that either writes the whole bundle or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from flask import has_request_context, request
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from sqlalchemy import CompoundSelect, Select, bindparam, func, insert, select, union
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload, selectinload

from signalen.audit.services import record_event
from signalen.bundles.evidence import evidence_for_many
from signalen.bundles.models import Bundle, BundleItem, BundleSchedule, BundleStatus
from signalen.bundles.periods import (
    bundle_period,
    days_left,
    years_label,
)
from signalen.bundles.snapshot import ConsultationMention, Evidence, ItemSnapshot, Label
from signalen.bundles.sources import mention_sources, mentions_for
from signalen.clock import local_midnight
from signalen.clock import local_today as local_today  # views and jobs use it here
from signalen.coordination.models import (
    SignalLink,
    StructuralSignal,
    StructuralStatus,
    structural_themes,
)
from signalen.database import run_core, utcnow
from signalen.errors import SignalenError
from signalen.extensions import db
from signalen.organisations.models import Organisation
from signalen.permissions import Role, has_role
from signalen.signals.models import Signal, SignalStatus
from signalen.textcheck import check_texts
from signalen.themes.models import Theme

CHUNK = 500  # structural signals per step while closing (bounded memory)
MAX_TEXTS = 10  # examples and proposed solutions kept per item
UNRESOLVED = (StructuralStatus.OPEN, StructuralStatus.FOLLOW_UP)
DEFAULT_MONTHS = 24
DEFAULT_REMINDER_DAYS = 30


# --- time --------------------------------------------------------------------


def period_bounds(bundle: Bundle) -> tuple[datetime, datetime]:
    """The period as aware UTC datetimes [start, end): local midnights."""
    start = local_midnight(bundle.period_start)
    end = local_midnight(bundle.period_end + timedelta(days=1))
    return start.astimezone(UTC), end.astimezone(UTC)


# --- schedule ----------------------------------------------------------------


def get_schedule() -> BundleSchedule | None:
    return db.session.scalar(select(BundleSchedule).order_by(BundleSchedule.id))


def ensure_schedule(today: date) -> BundleSchedule:
    """The one schedule row; by default two-year periods from 1 January this year."""
    schedule = get_schedule()
    if schedule is None:
        schedule = BundleSchedule(
            first_start=date(today.year, 1, 1),
            period_months=DEFAULT_MONTHS,
            reminder_days=DEFAULT_REMINDER_DAYS,
        )
        db.session.add(schedule)
        db.session.flush()
    return schedule


def update_schedule(
    first_start: date,
    period_months: int,
    reminder_days: int,
    *,
    actor: Any = None,
    today: date,
) -> BundleSchedule:
    """Change the rhythm; only the open period (no closed bundle) moves with it."""
    if not 1 <= period_months <= 120:
        raise SignalenError(
            _("Kies een duur tussen 1 en 120 maanden."), field="period_months"
        )
    if not 0 <= reminder_days <= 365:
        raise SignalenError(
            _("Kies een aantal dagen tussen 0 en 365."), field="reminder_days"
        )
    last = latest_closed_bundle()
    if last is not None and first_start > last.period_end + timedelta(days=1):
        raise SignalenError(
            _(
                "De eerste periode kan niet na de lopende periode beginnen. "
                "Kies een datum op of voor %(day)s.",
                day=format_date(last.period_end + timedelta(days=1), "d MMM yyyy"),
            ),
            field="first_start",
        )
    schedule = ensure_schedule(today)
    before = {
        "first_start": schedule.first_start.isoformat(),
        "period_months": schedule.period_months,
        "reminder_days": schedule.reminder_days,
    }
    schedule.first_start = first_start
    schedule.period_months = period_months
    schedule.reminder_days = reminder_days
    bundle = open_bundle()
    if bundle is not None:
        start = last.period_end + timedelta(days=1) if last else first_start
        period = bundle_period(first_start, period_months, start)
        bundle.period_start, bundle.period_end = period
        bundle.title = bundle_title(*period)
    db.session.flush()
    record_event(
        "bundle_schedule.updated",
        actor=actor,
        obj=schedule,
        details={
            "before": before,
            "after": {
                "first_start": first_start.isoformat(),
                "period_months": period_months,
                "reminder_days": reminder_days,
            },
        },
    )
    return schedule


def bundle_title(period_start: date, period_end: date) -> str:
    return f"Signalenbundel {years_label(period_start, period_end)}"


# --- bundles -----------------------------------------------------------------


def open_bundle() -> Bundle | None:
    return db.session.scalar(
        select(Bundle)
        .where(Bundle.status == BundleStatus.OPEN)
        .order_by(Bundle.period_start)
        .limit(1)
    )


def latest_closed_bundle(before: date | None = None) -> Bundle | None:
    """The closed or published bundle with the latest period (before a date)."""
    stmt = select(Bundle).where(Bundle.status != BundleStatus.OPEN)
    if before is not None:
        stmt = stmt.where(Bundle.period_start < before)
    return db.session.scalar(stmt.order_by(Bundle.period_start.desc()).limit(1))


def ensure_current_bundle(today: date) -> Bundle:
    """The open bundle, created (from the schedule) when there is none.

    Periods follow each other without gaps: the first starts on the schedule's
    first day, every next one the day after the previous bundle ended. An
    overdue open bundle is left to close_due_bundles.
    """
    bundle = open_bundle()
    if bundle is not None:
        return bundle
    schedule = ensure_schedule(today)
    last = latest_closed_bundle()
    start = last.period_end + timedelta(days=1) if last else schedule.first_start
    period = bundle_period(schedule.first_start, schedule.period_months, start)
    bundle = Bundle(
        title=bundle_title(*period),
        period_start=period.start,
        period_end=period.end,
        status=BundleStatus.OPEN,
        introduction="",
        previous_id=last.id if last else None,
    )
    db.session.add(bundle)
    db.session.flush()
    record_event(
        "bundle.opened",
        actor_label="planner",
        obj=bundle,
        details={"start": period.start.isoformat(), "end": period.end.isoformat()},
    )
    return bundle


def close_due_bundles(today: date, now: datetime | None = None) -> list[Bundle]:
    """Close every period that ended before today; open the next one. Idempotent."""
    now = now or utcnow()
    closed = []
    bundle = ensure_current_bundle(today)
    while bundle.period_end < today:
        close_bundle(bundle, now)
        closed.append(bundle)
        bundle = ensure_current_bundle(today)
    return closed


def close_bundle_early(
    bundle: Bundle, *, today: date, now: datetime, actor: Any = None
) -> Bundle:
    """A coordinator ends the period yesterday and closes it now; today's work
    goes to the next period."""
    if bundle.status != BundleStatus.OPEN:
        raise SignalenError(_("Deze bundel is al afgesloten."))
    end = today - timedelta(days=1)
    if end < bundle.period_start:
        raise SignalenError(
            _("Deze periode is vandaag pas begonnen. Sluit ze ten vroegste morgen af.")
        )
    if end < bundle.period_end:
        bundle.period_end = end
        bundle.title = bundle_title(bundle.period_start, end)
    close_bundle(bundle, now, actor=actor)
    ensure_current_bundle(today)
    return bundle


def _item_prefix(bundle: Bundle) -> str:
    """'SB2026'; a letter is added when an earlier bundle ended in the same year."""
    year = bundle.period_end.year
    earlier = db.session.scalar(
        select(func.count(Bundle.id)).where(
            Bundle.id != bundle.id,
            Bundle.status != BundleStatus.OPEN,
            Bundle.period_end >= date(year, 1, 1),
            Bundle.period_end <= date(year, 12, 31),
        )
    )
    return f"SB{year}" + (chr(ord("A") + earlier) if earlier else "")


def included_structural_ids(bundle: Bundle, previous: Bundle | None) -> CompoundSelect:
    """Ids of structural signals that belong in the bundle, as a subquery source.

    Activity in the period: a link made, a linked signal submitted, or the
    structural signal updated while unresolved, or a mention from another
    feature (a consultation remark made or linked, see sources.py). Plus every
    unresolved item of the previous bundle (it comes along as recurring). A
    resolved or not-retained structural signal only returns with new evidence.
    """
    start, end = period_bounds(bundle)
    current = SignalLink.unlinked_at.is_(None)
    seen = func.coalesce(Signal.submitted_at, Signal.created_at)
    parts = [
        select(SignalLink.structural_signal_id.label("sid")).where(
            current, SignalLink.linked_at >= start, SignalLink.linked_at < end
        ),
        select(SignalLink.structural_signal_id)
        .join(Signal, Signal.id == SignalLink.signal_id)
        .where(current, seen >= start, seen < end),
        select(StructuralSignal.id).where(
            StructuralSignal.updated_at >= start,
            StructuralSignal.updated_at < end,
            StructuralSignal.status.in_(UNRESOLVED),
        ),
    ]
    parts.extend(source.active_ids(start, end) for source in mention_sources())
    if previous is not None:
        parts.append(
            select(BundleItem.structural_signal_id)
            .join(
                StructuralSignal, StructuralSignal.id == BundleItem.structural_signal_id
            )
            .where(
                BundleItem.bundle_id == previous.id,
                StructuralSignal.status.in_(UNRESOLVED),
            )
        )
    return union(*parts)


def _ordered_ids(bundle: Bundle, previous: Bundle | None) -> list[int]:
    """Included ids by primary theme (its display order), then age."""
    ids = included_structural_ids(bundle, previous).subquery()
    primary = (
        select(func.min(Theme.position))
        .join(structural_themes, structural_themes.c.theme_id == Theme.id)
        .where(structural_themes.c.structural_signal_id == StructuralSignal.id)
        .scalar_subquery()
    )
    stmt = (
        select(StructuralSignal.id)
        .where(StructuralSignal.id.in_(select(ids.c.sid)))
        .order_by(func.coalesce(primary, 1_000_000), StructuralSignal.id)
    )
    return list(db.session.scalars(stmt))


def _chunks(ids: Sequence[int], size: int | None = None) -> Iterable[Sequence[int]]:
    size = size or CHUNK
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _label(obj: Any) -> Label:
    return Label(code=obj.code, label=obj.label)


def _linked_texts(chunk: Sequence[int]) -> dict[int, dict]:
    """Organisations, examples and solutions of the linked signals, per chunk."""
    result: dict[int, dict] = {
        sid: {"orgs": [], "examples": [], "solutions": []} for sid in chunk
    }
    rows = db.session.execute(
        select(
            SignalLink.structural_signal_id,
            Signal.organisation_id,
            Signal.examples,
            Signal.proposed_solution,
        )
        .join(Signal, Signal.id == SignalLink.signal_id)
        .where(
            SignalLink.unlinked_at.is_(None),
            SignalLink.structural_signal_id.in_(chunk),
        )
        .order_by(SignalLink.structural_signal_id, Signal.id)
    )
    for sid, org_id, examples, solution in rows:
        entry = result[sid]
        if org_id not in entry["orgs"]:
            entry["orgs"].append(org_id)
        if examples and len(entry["examples"]) < MAX_TEXTS:
            entry["examples"].append(examples)
        if solution and len(entry["solutions"]) < MAX_TEXTS:
            entry["solutions"].append(solution)
    return result


def build_snapshot(
    structural: StructuralSignal,
    evidence: Evidence,
    texts: dict,
    organisations: dict[int, tuple[str, bool]],
    mentions: list[ConsultationMention] | None = None,
) -> ItemSnapshot:
    """The frozen ItemSnapshot of one structural signal (see snapshot.py)."""
    owner = structural.owner_organisation
    return ItemSnapshot(
        reference=structural.reference,
        title=structural.title,
        summary=structural.summary or "",
        status=StructuralStatus(structural.status).value,
        themes=[_label(t) for t in structural.themes],
        target_groups=[_label(t) for t in structural.target_groups],
        areas=[_label(a) for a in structural.areas],
        city_wide=bool(structural.city_wide),
        government_level=_label(structural.government_level)
        if structural.government_level
        else None,
        owner=owner.name if owner else None,
        owner_anonymous=bool(owner.anonymous_to_city) if owner else False,
        organisations=[
            {"name": organisations[o][0], "anonymous_to_city": organisations[o][1]}
            for o in texts["orgs"]
            if o in organisations
        ],
        evidence=evidence,
        examples=texts["examples"],
        proposed_solutions=texts["solutions"],
        consultation_mentions=mentions or [],
    )


def close_bundle(bundle: Bundle, now: datetime, actor: Any = None) -> Bundle:
    """Freeze every structural signal of the period into items; one transaction.

    Streams structural signals in chunks, computes evidence in bulk per chunk
    and inserts items in bulk. evidence.bundles_seen counts this bundle too.
    """
    if bundle.status != BundleStatus.OPEN:
        raise SignalenError(_("Deze bundel is al afgesloten."))
    previous = latest_closed_bundle(before=bundle.period_start)
    prefix = _item_prefix(bundle)
    organisations = {
        row.id: (row.name, bool(row.anonymous_to_city))
        for row in db.session.execute(
            select(Organisation.id, Organisation.name, Organisation.anonymous_to_city)
        )
    }
    ids = _ordered_ids(bundle, previous)
    position = 0
    for chunk in _chunks(ids):
        structurals = {
            s.id: s
            for s in db.session.scalars(
                select(StructuralSignal)
                .where(StructuralSignal.id.in_(chunk))
                .options(
                    selectinload(StructuralSignal.themes),
                    selectinload(StructuralSignal.target_groups),
                    selectinload(StructuralSignal.areas),
                    joinedload(StructuralSignal.government_level),
                    joinedload(StructuralSignal.owner_organisation),
                )
            )
        }
        evidence = evidence_for_many(chunk)
        texts = _linked_texts(chunk)
        mentions = mentions_for(chunk)
        earlier: dict[int, int] = {}
        if previous is not None:
            earlier = dict(
                db.session.execute(
                    select(BundleItem.structural_signal_id, BundleItem.id).where(
                        BundleItem.bundle_id == previous.id,
                        BundleItem.structural_signal_id.in_(chunk),
                    )
                ).all()
            )
        rows = []
        for sid in chunk:
            structural = structurals[sid]
            position += 1
            item_evidence = evidence[sid].copy()
            item_evidence["bundles_seen"] = evidence[sid]["bundles_seen"] + 1
            snapshot = build_snapshot(
                structural, item_evidence, texts[sid], organisations, mentions[sid]
            )
            rows.append(
                {
                    "bundle_id": bundle.id,
                    "structural_signal_id": sid,
                    "reference": f"{prefix}-{position:03d}",
                    "position": position,
                    "title": structural.title,
                    "primary_theme_code": snapshot["themes"][0]["code"]
                    if snapshot["themes"]
                    else None,
                    "snapshot": dict(snapshot),
                    "is_recurring": sid in earlier,
                    "previous_item_id": earlier.get(sid),
                }
            )
        if rows:
            db.session.execute(insert(BundleItem), rows)
        del structurals, rows, texts, evidence, mentions
    bundle.status = BundleStatus.CLOSED
    bundle.closed_at = now
    bundle.closed_by_id = getattr(actor, "id", None)
    bundle.previous_id = previous.id if previous else None
    db.session.flush()
    db.session.expire(bundle, ["items"])
    record_event(
        "bundle.closed",
        actor=actor,
        actor_label=None if actor is not None else "planner",
        obj=bundle,
        details={"items": position, "period_end": bundle.period_end.isoformat()},
    )
    return bundle


def publish_bundle(bundle: Bundle, *, now: datetime, actor: Any = None) -> Bundle:
    """Make a closed bundle visible to the city and to every worker."""
    if bundle.status != BundleStatus.CLOSED:
        raise SignalenError(_("Enkel een afgesloten bundel kan gepubliceerd worden."))
    bundle.status = BundleStatus.PUBLISHED
    bundle.published_at = now
    db.session.flush()
    record_event("bundle.published", actor=actor, obj=bundle)
    return bundle


def update_introduction(
    bundle: Bundle, text: str, *, actor: Any = None, accepted: Iterable[str] = ()
) -> Bundle:
    """The coordinator's introduction; passes the personal-data check first."""
    text = (text or "").strip()
    if len(text) > 10_000:
        raise SignalenError(
            _("De inleiding is te lang (maximaal 10 000 tekens)."),
            field="introduction",
        )
    found = check_texts({"introduction": text}, accepted)
    bundle.introduction = text
    db.session.flush()
    record_event(
        "bundle.introduction_updated",
        actor=actor,
        obj=bundle,
        details={"accepted_findings": [f.finding.type for f in found]},
    )
    return bundle


# --- reading -------------------------------------------------------------------


def visible_bundles(user: Any) -> list[Bundle]:
    """The bundles this user may see, newest first."""
    stmt = select(Bundle).order_by(Bundle.period_start.desc())
    if not has_role(user, Role.COORDINATOR):
        stmt = stmt.where(Bundle.status == BundleStatus.PUBLISHED)
    return list(db.session.scalars(stmt))


def item_counts(bundle_ids: Iterable[int]) -> dict[int, int]:
    ids = list(bundle_ids)
    if not ids:
        return {}
    return dict(
        db.session.execute(
            select(BundleItem.bundle_id, func.count(BundleItem.id))
            .where(BundleItem.bundle_id.in_(ids))
            .group_by(BundleItem.bundle_id)
        ).all()
    )


@dataclass
class ThemeGroup:
    code: str | None
    label: str
    items: list[BundleItem]


def items_by_theme(
    bundle: Bundle, items: Iterable[BundleItem] | None = None
) -> list[ThemeGroup]:
    """Items (all, or one page of them) grouped by primary theme, in closing
    order."""
    groups: dict[str | None, ThemeGroup] = {}
    for item in bundle.items if items is None else items:
        themes = (item.snapshot or {}).get("themes") or []
        label = themes[0]["label"] if themes else _("Zonder thema")
        group = groups.get(item.primary_theme_code)
        if group is None:
            group = groups[item.primary_theme_code] = ThemeGroup(
                item.primary_theme_code, label, []
            )
        group.items.append(item)
    return list(groups.values())


def items_page_query(bundle: Bundle) -> Select:
    """The bundle's items in closing order, for paging a long bundle."""
    return (
        select(BundleItem)
        .where(BundleItem.bundle_id == bundle.id)
        .order_by(BundleItem.position, BundleItem.id)
    )


def theme_counts(bundle: Bundle) -> dict[str | None, int]:
    """How many items each primary theme has, counted in the database."""
    return dict(
        db.session.execute(
            select(BundleItem.primary_theme_code, func.count())
            .where(BundleItem.bundle_id == bundle.id)
            .group_by(BundleItem.primary_theme_code)
        ).all()
    )


@dataclass
class Comparison:
    new: list[BundleItem]
    recurring: list[BundleItem]
    resolved: list[BundleItem]  # items of the previous bundle not carried over


@dataclass
class ComparisonCounts:
    new: int
    recurring: int
    resolved: list[BundleItem]  # items of the previous bundle not carried over


def comparison_counts(bundle: Bundle) -> ComparisonCounts:
    """The bundle page's comparison: new and recurring counted in the
    database (a bundle can hold thousands of items), the resolved listed."""
    counts = dict(
        db.session.execute(
            select(BundleItem.is_recurring, func.count())
            .where(BundleItem.bundle_id == bundle.id)
            .group_by(BundleItem.is_recurring)
        ).all()
    )
    return ComparisonCounts(
        new=counts.get(False, 0),
        recurring=counts.get(True, 0),
        resolved=_resolved_since_previous(bundle),
    )


def _resolved_since_previous(bundle: Bundle) -> list[BundleItem]:
    if bundle.previous_id is None or bundle.status == BundleStatus.OPEN:
        return []
    carried = select(BundleItem.structural_signal_id).where(
        BundleItem.bundle_id == bundle.id
    )
    return list(
        db.session.scalars(
            select(BundleItem)
            .where(
                BundleItem.bundle_id == bundle.previous_id,
                BundleItem.structural_signal_id.not_in(carried),
            )
            .order_by(BundleItem.position)
        )
    )


def compare_with_previous(bundle: Bundle) -> Comparison:
    """What is new, recurring or resolved compared with the previous bundle."""
    items = list(bundle.items)
    resolved: list[BundleItem] = []
    if bundle.previous_id is not None and bundle.status != BundleStatus.OPEN:
        carried = select(BundleItem.structural_signal_id).where(
            BundleItem.bundle_id == bundle.id
        )
        resolved = list(
            db.session.scalars(
                select(BundleItem)
                .where(
                    BundleItem.bundle_id == bundle.previous_id,
                    BundleItem.structural_signal_id.not_in(carried),
                )
                .order_by(BundleItem.position)
            )
        )
    return Comparison(
        new=[i for i in items if not i.is_recurring],
        recurring=[i for i in items if i.is_recurring],
        resolved=resolved,
    )


@dataclass
class Progress:
    structural: int  # structural signals that would be in the bundle today
    recurring: int  # of which unresolved items of the previous bundle
    signals: int  # signals submitted in the period so far


def open_progress(bundle: Bundle) -> Progress:
    """Counts so far for an open period (nothing is frozen yet)."""
    previous = latest_closed_bundle(before=bundle.period_start)
    ids = included_structural_ids(bundle, previous).subquery()
    structural = db.session.scalar(select(func.count()).select_from(ids)) or 0
    recurring = 0
    if previous is not None:
        recurring = (
            db.session.scalar(
                select(func.count(BundleItem.id)).where(
                    BundleItem.bundle_id == previous.id,
                    BundleItem.structural_signal_id.in_(select(ids.c.sid)),
                )
            )
            or 0
        )
    start, end = period_bounds(bundle)
    signals = (
        db.session.scalar(
            select(func.count(Signal.id)).where(
                Signal.status != SignalStatus.DRAFT,
                Signal.submitted_at >= start,
                Signal.submitted_at < end,
            )
        )
        or 0
    )
    return Progress(structural, recurring, signals)


def item_history(item: BundleItem, limit: int = 20) -> list[BundleItem]:
    """The same structural signal in earlier bundles, newest first."""
    history: list[BundleItem] = []
    current = item.previous_item
    while current is not None and len(history) < limit:
        history.append(current)
        current = current.previous_item
    return history


# --- banner and planner -----------------------------------------------------------


@dataclass(frozen=True)
class PeriodBanner:
    label: str  # "2025-2026"
    bundle_id: int
    days_left: int
    reminder: bool  # within the schedule's reminder days
    drafts: int  # the worker's own drafts
    for_coordinator: bool


def period_banner(user: Any, today: date) -> PeriodBanner | None:
    """What the period banner shows this user; one small query, cached per request."""
    # Cached on the request, not on g: tests (and CLI renders) may share an
    # app context between requests.
    cache = request.environ if has_request_context() else {}
    # A string key: the WSGI environment is logged by servers that expect them.
    key = f"signalen.period_banner.{getattr(user, 'id', None)}.{today.isoformat()}"
    if key in cache:
        return cache[key]
    try:
        banner = _period_banner(user, today)
    except SQLAlchemyError:  # never break a page (e.g. an error page) for a banner
        banner = None
    cache[key] = banner
    return banner


@cache
def _banner_statement(with_drafts: bool):
    # Built once per process: the banner is asked on every page.
    reminder_days = (
        select(BundleSchedule.reminder_days)
        .order_by(BundleSchedule.id)
        .limit(1)
        .scalar_subquery()
    )
    columns = [Bundle.id, Bundle.period_start, Bundle.period_end, reminder_days]
    if with_drafts:
        columns.append(
            select(func.count(Signal.id))
            .where(
                Signal.author_id == bindparam("user_id"),
                Signal.status == SignalStatus.DRAFT,
            )
            .scalar_subquery()
        )
    return (
        select(*columns)
        .where(Bundle.status == BundleStatus.OPEN)
        .order_by(Bundle.period_start)
        .limit(1)
    )


def _period_banner(user: Any, today: date) -> PeriodBanner | None:
    coordinator = has_role(user, Role.COORDINATOR)
    worker = has_role(user, Role.WORKER)
    if not (coordinator or worker):
        return None
    params = {"user_id": user.id} if worker else {}
    row = run_core(db.session, _banner_statement(worker), params).first()
    if row is None:
        return None
    bundle_id, start, end, reminder, *rest = row
    drafts = rest[0] if rest else 0
    left = days_left(end, today)
    reminding = 0 <= left <= (DEFAULT_REMINDER_DAYS if reminder is None else reminder)
    if worker and not (reminding and drafts):
        return None
    return PeriodBanner(
        label=years_label(start, end),
        bundle_id=bundle_id,
        days_left=left,
        reminder=reminding,
        drafts=drafts,
        for_coordinator=coordinator,
    )


def reminder_message(today: date) -> str:
    """What the reminders job records: are reminders shown today?"""
    bundle = open_bundle()
    if bundle is None:
        return "Geen lopende periode."
    schedule = get_schedule()
    reminder = schedule.reminder_days if schedule else DEFAULT_REMINDER_DAYS
    left = days_left(bundle.period_end, today)
    closes = ngettext(
        "%(title)s sluit over %(num)d dag.",
        "%(title)s sluit over %(num)d dagen.",
        left,
        title=bundle.title,
    )
    if 0 <= left <= reminder:
        return f"Herinneringen actief: {closes}"
    return f"Geen herinneringen: {closes}"


@dataclass(frozen=True)
class PlannerStatus:
    last_run: datetime | None  # last heartbeat
    stale: bool
    failed: list[str]  # Dutch names of the jobs whose latest run failed


def planner_status(now: datetime, stale_hours: float) -> PlannerStatus:
    """The scheduler's heartbeat as coordinators see it."""
    from signalen.jobs.labels import job_label
    from signalen.jobs.services import last_runs

    runs = last_runs()
    heartbeat = runs.get("heartbeat")
    last = heartbeat.started_at if heartbeat else None
    stale = last is None or now - last > timedelta(hours=stale_hours)
    failed = sorted(
        job_label(name) for name, run in runs.items() if run.status == "failed"
    )
    return PlannerStatus(last, stale, failed)
