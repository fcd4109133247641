"""The counts behind the dashboards: a few grouped queries, never one per row.

Signals count when they were submitted (drafts never count), by the day they
were submitted (UTC). Counts of signals and of organisations can point at a
person or a partner when they are small: like the bundle workbook, the
dashboards show a count from 1 to EXPORT_MIN_COUNT - 1 as "<3". Counts of
bundle items and answers are the city's own work and are shown as they are.
"""

from __future__ import annotations

import statistics
import threading
import time as clock
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask import g, has_request_context
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Integer, func, literal_column, or_, select

from signalen.bundles.models import Bundle, BundleItem, BundleStatus
from signalen.dashboards.aggregate import grouped, window_counts
from signalen.exports.sanitise import small_count
from signalen.extensions import db
from signalen.organisations.models import Organisation, OrganisationKind
from signalen.responses.models import (
    PROGRESS_STATUSES,
    RESPONSE_TYPES,
    CityResponse,
)
from signalen.signals.models import (
    Signal,
    SignalStatus,
)
from signalen.themes.models import Area, GovernmentLevel, TargetGroup, Theme

Cell = int | str | float


@dataclass
class Table:
    """One dashboard block: a chart, its table, its CSV and Excel download."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    chart: str = "bar"  # "bar", "column" or "" (no chart)
    note: str = ""

    def chart_values(self) -> list[tuple[str, Cell]]:
        """(label, first value) per row: what the chart draws."""
        return [(str(row[0]), row[1]) for row in self.rows]


@dataclass(frozen=True)
class Scope:
    """What a dashboard counts: the bundles one may see, and a time window."""

    bundles: tuple[Bundle, ...]  # the bundles counted (one, or all visible)
    start: date | None  # first day, inclusive
    end: date | None  # last day, inclusive
    min_count: int

    @property
    def bundle_ids(self) -> list[int]:
        return [b.id for b in self.bundles]


def visible_bundles(published_only: bool) -> list[Bundle]:
    """Closed and published bundles (the city: published only), newest first."""
    statuses = (
        [BundleStatus.PUBLISHED]
        if published_only
        else [BundleStatus.CLOSED, BundleStatus.PUBLISHED]
    )
    return list(
        db.session.scalars(
            select(Bundle)
            .where(Bundle.status.in_(statuses))
            .order_by(Bundle.period_start.desc())
        )
    )


def city_ceiling(bundles: list[Bundle]) -> date:
    """The last day the city may count: the end of its last published bundle."""
    return max((b.period_end for b in bundles), default=date.min)


def make_scope(
    bundles: list[Bundle],
    *,
    bundle: Bundle | None,
    start: date | None,
    end: date | None,
    ceiling: date | None,
    min_count: int,
) -> Scope:
    """The window: the chosen bundle's period, narrowed by the chosen days and
    never past the ceiling (the city sees no signal after its last bundle)."""
    chosen = (bundle,) if bundle is not None else tuple(bundles)
    if bundle is not None:
        start = max(start, bundle.period_start) if start else bundle.period_start
        end = min(end, bundle.period_end) if end else bundle.period_end
    if ceiling is not None:
        end = min(end, ceiling) if end else ceiling
    return Scope(bundles=chosen, start=start, end=end, min_count=min_count)


def pairs(result) -> dict:
    """Two-column rows as a dict."""
    return {key: value for key, value in result}


def _moment(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def signal_conditions(scope: Scope) -> list[ColumnElement[bool]]:
    """Submitted signals (not drafts) submitted inside the window."""
    conditions: list[ColumnElement[bool]] = [
        Signal.status != SignalStatus.DRAFT,
        Signal.submitted_at.is_not(None),
    ]
    if scope.start is not None:
        conditions.append(Signal.submitted_at >= _moment(scope.start))
    if scope.end is not None:
        conditions.append(Signal.submitted_at < _moment(scope.end + timedelta(days=1)))
    return conditions


def _masked(value: int, scope: Scope) -> Cell:
    return small_count(value, scope.min_count)


def _sorted_rows(counts: Counter, scope: Scope) -> list[list[Cell]]:
    return [
        [label, _masked(n, scope)]
        for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def _per_key(dim: str, scope: Scope) -> dict[int, int]:
    """Signals per k1 of a dimension in the window (aggregate.py)."""
    return {k1: int(n) for k1, n in grouped(dim, scope.start, scope.end, ("k1",))}


def theme_labels() -> dict[int, str]:
    """Theme id → label, a merged theme counted under the theme replacing it."""
    themes = {t.id: t for t in db.session.scalars(select(Theme))}
    labels = {}
    for theme_id, theme in themes.items():
        target, hops = theme, 0
        while target.merged_into_id and target.merged_into_id in themes and hops < 10:
            target, hops = themes[target.merged_into_id], hops + 1
        labels[theme_id] = target.label
    return labels


def signals_per_theme(scope: Scope) -> Table:
    labels = theme_labels()
    counts: Counter = Counter()
    for theme_id, n in _per_key("theme", scope).items():
        counts[labels.get(theme_id, "?")] += n
    return Table(
        "themas",
        _("Signalen per thema"),
        [_("Thema"), _("Signalen")],
        _sorted_rows(counts, scope),
        note=_("Een signaal met meer thema's telt bij elk thema."),
    )


def signals_per_area(scope: Scope) -> Table:
    labels = pairs(db.session.execute(select(Area.id, Area.label)))
    counts: Counter = Counter()
    for area_id, n in _per_key("area_org", scope).items():
        counts[labels.get(area_id, "?")] += n
    city_wide = sum(_per_key("city_wide", scope).values())
    if city_wide:
        counts[_("Stadsbreed")] += city_wide
    return Table(
        "wijken",
        _("Signalen per wijk"),
        [_("Wijk"), _("Signalen")],
        _sorted_rows(counts, scope),
        note=_("Een signaal in meer wijken telt bij elke wijk."),
    )


def signals_per_target_group(scope: Scope) -> Table:
    labels = pairs(db.session.execute(select(TargetGroup.id, TargetGroup.label)))
    counts: Counter = Counter()
    for group_id, n in _per_key("group", scope).items():
        counts[labels.get(group_id, "?")] += n
    return Table(
        "doelgroepen",
        _("Signalen per doelgroep"),
        [_("Doelgroep"), _("Signalen")],
        _sorted_rows(counts, scope),
    )


def signals_per_level(scope: Scope) -> Table:
    labels: dict = pairs(
        db.session.execute(select(GovernmentLevel.id, GovernmentLevel.label))
    )
    counts: Counter = Counter()
    for level_id, n in _per_key("level", scope).items():  # 0: not filled in
        counts[labels.get(level_id, _("Niet ingevuld"))] += n
    return Table(
        "bestuursniveaus",
        _("Signalen per bestuursniveau"),
        [_("Bestuursniveau"), _("Signalen")],
        _sorted_rows(counts, scope),
    )


def _quarter(key: int) -> str:
    """yyyyq → "yyyy-Kq"."""
    year, quarter = divmod(int(key), 10)
    return f"{year}-K{quarter}"


def _number(value: int) -> ColumnElement[int]:
    """A constant written into the SQL (so SELECT and GROUP BY read the same)."""
    return literal_column(str(int(value)), Integer)


def signals_over_time(scope: Scope) -> Table:
    """Signals and giving organisations per quarter, oldest first."""
    rows = window_counts("org", scope.start, scope.end)
    year, month = rows.c.month // _number(100), rows.c.month % _number(100)
    quarter = year * _number(10) + (month - _number(1)) // _number(3) + _number(1)
    counted = db.session.execute(
        select(quarter, func.sum(rows.c.n), func.count(func.distinct(rows.c.k1)))
        .group_by(quarter)
        .order_by(quarter)
    )
    return Table(
        "verloop",
        _("Signalen per kwartaal"),
        [_("Kwartaal"), _("Signalen"), _("Organisaties")],
        [
            [_quarter(key), _masked(int(n), scope), _masked(int(orgs), scope)]
            for key, n, orgs in counted
        ],
        chart="column",
    )


def organisations_per_kind(scope: Scope) -> Table:
    """How many organisations gave signals, per kind (counts only, no names)."""
    labels: dict = pairs(
        db.session.execute(select(OrganisationKind.id, OrganisationKind.label))
    )
    giving = set(_per_key("org", scope))
    kinds = pairs(db.session.execute(select(Organisation.id, Organisation.kind_id)))
    counts: Counter = Counter()
    for organisation_id in giving:
        kind_id = kinds.get(organisation_id)
        counts[labels.get(kind_id, _("Soort niet ingevuld"))] += 1
    return Table(
        "organisaties",
        _("Organisaties die signalen gaven, per soort"),
        [_("Soort organisatie"), _("Organisaties")],
        _sorted_rows(counts, scope),
        note=_("Alleen aantallen: de dashboards noemen geen organisaties."),
    )


# --- bundles and the city's answers ----------------------------------------


def structural_per_bundle(scope: Scope) -> Table:
    """Structural signals (bundle items) per bundle, oldest first."""
    counts = pairs(
        db.session.execute(
            select(BundleItem.bundle_id, func.count(BundleItem.id))
            .where(BundleItem.bundle_id.in_(scope.bundle_ids))
            .group_by(BundleItem.bundle_id)
        )
    )
    bundles = sorted(scope.bundles, key=lambda b: b.period_start)
    return Table(
        "bundels",
        _("Structurele signalen per bundel"),
        [_("Bundel"), _("Structurele signalen")],
        [[b.title, counts.get(b.id, 0)] for b in bundles],
        chart="column",
    )


def structural_per_theme(scope: Scope) -> Table:
    """Bundle items per primary theme, over the bundles counted."""
    labels: dict = pairs(db.session.execute(select(Theme.code, Theme.label)))
    rows = db.session.execute(
        select(BundleItem.primary_theme_code, func.count(BundleItem.id))
        .where(BundleItem.bundle_id.in_(scope.bundle_ids))
        .group_by(BundleItem.primary_theme_code)
    )
    counts: Counter = Counter()
    for code, n in rows:
        counts[labels.get(code, code or _("Zonder thema"))] += n
    return Table(
        "structureel_thema",
        _("Structurele signalen per hoofdthema"),
        [_("Thema"), _("Structurele signalen")],
        [
            [label, n]
            for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
    )


def _latest_answers(bundle_ids: list[int]) -> Counter:
    """(answer type, progress) → items, counting the latest answer per item
    (asked once per request: two blocks read it)."""
    key = ("dashboard_latest_answers", tuple(bundle_ids))
    if has_request_context() and key in g.setdefault("dashboard_memo", {}):
        return g.dashboard_memo[key]
    counts = _count_latest_answers(bundle_ids)
    if has_request_context():
        g.dashboard_memo[key] = counts
    return counts


def _count_latest_answers(bundle_ids: list[int]) -> Counter:
    latest = (
        select(func.max(CityResponse.id))
        .join(BundleItem, BundleItem.id == CityResponse.bundle_item_id)
        .where(BundleItem.bundle_id.in_(bundle_ids))
        .group_by(CityResponse.bundle_item_id)
    )
    rows = db.session.execute(
        select(CityResponse.response_type, CityResponse.progress, func.count())
        .where(CityResponse.id.in_(latest))
        .group_by(CityResponse.response_type, CityResponse.progress)
    )
    return Counter({(kind, progress): n for kind, progress, n in rows})


def answers_per_bundle(scope: Scope) -> Table:
    """Per bundle: items, answered items, their share, days to a first answer."""
    ids = scope.bundle_ids
    items = pairs(
        db.session.execute(
            select(BundleItem.bundle_id, func.count(BundleItem.id))
            .where(BundleItem.bundle_id.in_(ids))
            .group_by(BundleItem.bundle_id)
        )
    )
    # Per bundle the answered items and the middle one or two first answers
    # (ranked in SQL): the median wait without reading every answer.
    first = (
        select(
            BundleItem.bundle_id.label("bundle_id"),
            func.min(CityResponse.created_at).label("at"),
        )
        .join(BundleItem, BundleItem.id == CityResponse.bundle_item_id)
        .where(BundleItem.bundle_id.in_(ids))
        .group_by(CityResponse.bundle_item_id, BundleItem.bundle_id)
        .subquery()
    )
    ranked = select(
        first.c.bundle_id,
        first.c.at,
        func.row_number()
        .over(partition_by=first.c.bundle_id, order_by=first.c.at)
        .label("rank"),
        func.count().over(partition_by=first.c.bundle_id).label("answered"),
    ).subquery()
    half = ranked.c.answered // _number(2)
    middle = db.session.execute(
        select(ranked.c.bundle_id, ranked.c.at, ranked.c.answered).where(
            or_(
                ranked.c.rank == (ranked.c.answered + _number(1)) // _number(2),
                ranked.c.rank == half + _number(1),
            )
        )
    )
    answered: dict[int, int] = {}
    waits: dict[int, list[float]] = defaultdict(list)
    closed = {b.id: b.closed_at for b in scope.bundles}
    for bundle_id, answered_at, count in middle:
        answered[bundle_id] = int(count)
        start = closed.get(bundle_id)
        if start is None or answered_at is None:
            continue  # no closing day: no wait to tell
        if isinstance(answered_at, str):  # SQLite: a window's row is raw text
            answered_at = datetime.fromisoformat(answered_at)
        if answered_at.tzinfo is None:  # a raw aggregate skips the column type
            answered_at = answered_at.replace(tzinfo=UTC)
        days = (answered_at - start).total_seconds() / 86400
        waits[bundle_id].append(max(days, 0.0))
    rows: list[list[Cell]] = []
    for bundle in sorted(scope.bundles, key=lambda b: b.period_start):
        total = items.get(bundle.id, 0)
        count = answered.get(bundle.id, 0)
        share = round(100 * count / total) if total else 0
        known = waits[bundle.id]
        median = round(statistics.median(known)) if known else ""
        rows.append([bundle.title, share, total, count, median])
    return Table(
        "beantwoord",
        _("Beantwoorde structurele signalen per bundel"),
        [
            _("Bundel"),
            _("Beantwoord (%)"),
            _("Structurele signalen"),
            _("Beantwoord"),
            _("Dagen tot eerste antwoord (mediaan)"),
        ],
        rows,
        chart="column",
        note=_("De wachttijd telt vanaf het afsluiten van de bundel."),
    )


def answers_per_type(scope: Scope) -> Table:
    counts: Counter = Counter()
    for (kind, _progress), n in _latest_answers(scope.bundle_ids).items():
        counts[kind] += n
    return Table(
        "antwoordtypes",
        _("Antwoorden per soort"),
        [_("Soort antwoord"), _("Structurele signalen")],
        [
            [str(RESPONSE_TYPES.get(kind, kind)), n]
            for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        note=_("Het laatste antwoord per structureel signaal telt."),
    )


def follow_up_status(scope: Scope) -> Table:
    counts: Counter = Counter()
    for (_kind, progress), n in _latest_answers(scope.bundle_ids).items():
        counts[progress or ""] += n
    order = [*PROGRESS_STATUSES, ""]
    return Table(
        "opvolging",
        _("Stand van de opvolging"),
        [_("Opvolging"), _("Structurele signalen")],
        [
            [str(PROGRESS_STATUSES.get(key, _("Niet ingevuld"))), counts[key]]
            for key in order
            if counts[key]
        ],
        note=_("Alleen structurele signalen met een antwoord."),
    )


SIGNAL_TABLES = {
    "verloop": signals_over_time,
    "themas": signals_per_theme,
    "wijken": signals_per_area,
    "doelgroepen": signals_per_target_group,
    "bestuursniveaus": signals_per_level,
    "organisaties": organisations_per_kind,
}
BUNDLE_TABLES = {
    "bundels": structural_per_bundle,
    "structureel_thema": structural_per_theme,
    "beantwoord": answers_per_bundle,
    "antwoordtypes": answers_per_type,
    "opvolging": follow_up_status,
}
BUILDERS = {**SIGNAL_TABLES, **BUNDLE_TABLES}


# Counting 100,000 signals takes about a second on SQLite; the same block for
# the same window is kept for CACHE_SECONDS per process, so a page read again,
# its downloads and a change of one filter do not count everything again. A new
# signal or answer shows after at most that time (docs/visibility.md).
CACHE_SECONDS = 60.0
_cache: dict[tuple, tuple[float, Table]] = {}
_lock = threading.Lock()


def _cache_key(scope: Scope, key: str) -> tuple:
    return (key, tuple(scope.bundle_ids), scope.start, scope.end, scope.min_count)


def cached_table(scope: Scope, key: str, seconds: float = CACHE_SECONDS) -> Table:
    """The block for this window, from the cache while it is fresh."""
    ident = _cache_key(scope, key)
    now = clock.monotonic()
    with _lock:
        hit = _cache.get(ident)
    if hit is not None and now - hit[0] < seconds:
        return hit[1]
    table = BUILDERS[key](scope)
    with _lock:
        if len(_cache) > 500:  # many windows asked: start again
            _cache.clear()
        _cache[ident] = (now, table)
    return table


def forget_tables() -> None:
    with _lock:
        _cache.clear()


def dashboard_tables(scope: Scope, seconds: float = CACHE_SECONDS) -> list[Table]:
    """Every block of the dashboard, in page order."""
    return [cached_table(scope, key, seconds) for key in BUILDERS]


def table_by_key(
    scope: Scope, key: str, seconds: float = CACHE_SECONDS
) -> Table | None:
    """One block, by its key (for a download), without building the others."""
    return cached_table(scope, key, seconds) if key in BUILDERS else None
