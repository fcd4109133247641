"""Signal counts per month, precomputed, for dashboards that are fast when cold.

Counting 100,000 signals through their theme, wijk and link tables takes
about a second on SQLite. So the counts per month (UTC) of every dimension the
dashboards and the wijk view need are kept in `dashboard_counts`, rebuilt in
SQL by a background task (and a scheduled job). A window of days is answered
exactly: its whole months from the table, the days of a month it only partly
covers (at most two edges) counted live from the signals.

The table is used only while it is current: it keeps a fingerprint of the
signal data it was built from (counts, highest ids and the sum of the
signals' row versions, which every change of a signal bumps). When the data no
longer match, the counts are taken live, as before, and a rebuild is queued:
a dashboard is never wrong, only slow until the worker has rebuilt the table.
"""

from __future__ import annotations

import threading
import time as clock
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import g, has_request_context
from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    cast,
    delete,
    extract,
    func,
    insert,
    literal_column,
    or_,
    select,
    text,
    true,
    union_all,
)
from sqlalchemy import Table as DbTable

from signalen.bundles.models import BundleItem
from signalen.coordination.models import SignalLink
from signalen.dashboards.models import DashboardCount, DashboardCountState
from signalen.database import utcnow
from signalen.extensions import db
from signalen.signals.models import (
    Signal,
    SignalStatus,
    signal_areas,
    signal_target_groups,
    signal_themes,
)
from signalen.tasks import background_task, enqueue

REBUILD_TASK = "dashboard_counts_rebuild"
#: Per bundle (month = bundle id) and wijk: its first structural signals over
#: all time, TOP_PER_BUNDLE of them.
BUNDLE_TOP = "bundle_top"
TOP_PER_BUNDLE = 3
STATE_ID = 1

# Constants as plain SQL, not parameters, so a grouped expression reads the
# same in SELECT and GROUP BY on PostgreSQL.
ZERO = literal_column("0", Integer)
MONTH = cast(
    extract("year", Signal.submitted_at) * literal_column("100", Integer)
    + extract("month", Signal.submitted_at),
    Integer,
)


def _counted(k1: Any, k2: Any, *joins: tuple[DbTable, ColumnElement[bool]]) -> Select:
    """(month, k1, k2, n) of submitted signals, grouped; joins per dimension."""
    query = select(
        MONTH.label("month"),
        k1.label("k1"),
        k2.label("k2"),
        func.count().label("n"),
    ).select_from(Signal)
    for table, on in joins:
        query = query.join(table, on)
    return query


def _through(link: DbTable) -> tuple[DbTable, ColumnElement[bool]]:
    return link, link.c.signal_id == Signal.id


AREA = _through(signal_areas)
CURRENT_LINK = (
    SignalLink.__table__,
    (SignalLink.signal_id == Signal.id) & SignalLink.unlinked_at.is_(None),
)

#: dim → (k1, k2, joins): what each dimension counts.
DIMENSIONS: dict[str, tuple[Any, Any, tuple]] = {
    "org": (Signal.organisation_id, ZERO, ()),
    "level": (func.coalesce(Signal.government_level_id, ZERO), ZERO, ()),
    "city_wide": (ZERO, ZERO, ()),
    "theme": (signal_themes.c.theme_id, ZERO, (_through(signal_themes),)),
    "group": (
        signal_target_groups.c.target_group_id,
        ZERO,
        (_through(signal_target_groups),),
    ),
    "area_org": (signal_areas.c.area_id, Signal.organisation_id, (AREA,)),
    "area_theme": (
        signal_areas.c.area_id,
        signal_themes.c.theme_id,
        (AREA, _through(signal_themes)),
    ),
    "area_link": (
        signal_areas.c.area_id,
        SignalLink.structural_signal_id,
        (AREA, CURRENT_LINK),
    ),
}


def submitted() -> list[ColumnElement[bool]]:
    """Signals that count at all: submitted, not drafts."""
    return [Signal.status != SignalStatus.DRAFT, Signal.submitted_at.is_not(None)]


def live_counts(dim: str, *conditions: ColumnElement[bool]) -> Select:
    """The counts of one dimension, per month, straight from the signals."""
    k1, k2, joins = DIMENSIONS[dim]
    query = _counted(k1, k2, *joins).where(*submitted(), *conditions)
    if dim == "city_wide":
        query = query.where(Signal.city_wide.is_(True))
    return query.group_by(MONTH, *(key for key in (k1, k2) if key is not ZERO))


# --- the fingerprint and the rebuild ---------------------------------------------


def data_stamp() -> str:
    """A fingerprint of every signal row, link and bundle item the counts
    depend on, in one statement (one round trip): one pass over each table or
    an index of it."""
    parts = [
        select(
            func.count(),
            func.coalesce(func.max(Signal.id), 0),
            func.coalesce(func.sum(Signal.version), 0),
        ),
        select(
            func.count(),
            func.coalesce(func.max(SignalLink.id), 0),
            func.count(SignalLink.unlinked_at),
        ),
        select(func.count()).select_from(signal_themes),
        select(func.count()).select_from(signal_areas),
        select(func.count()).select_from(signal_target_groups),
        # The per-bundle rankings (BUNDLE_TOP) depend on the bundles' items.
        select(func.count(), func.coalesce(func.max(BundleItem.id), 0)),
    ]
    # Each part a one-row subquery; their columns side by side in one row.
    rows = [part.subquery(f"p{i}") for i, part in enumerate(parts)]
    joined: Any = rows[0]
    for row in rows[1:]:
        joined = joined.join(row, true())
    stamp = select(*(column for row in rows for column in row.c)).select_from(joined)
    return ":".join(str(v) for v in db.session.execute(stamp).one())


def rebuild_counts(now: datetime | None = None) -> int:
    """Count every dimension again, in SQL; returns the rows written."""
    state = db.session.scalar(
        select(DashboardCountState)
        .where(DashboardCountState.id == STATE_ID)
        .with_for_update()
    )
    if state is None:
        state = DashboardCountState(id=STATE_ID, stamp="")
        db.session.add(state)
        db.session.flush()
    # The stamp before counting: a change made while counting leaves the stamp
    # behind the data, so the table is not trusted until the next rebuild.
    stamp = data_stamp()
    db.session.execute(delete(DashboardCount))
    columns = ["dim", "month", "k1", "k2", "n"]
    for dim in DIMENSIONS:
        counted = live_counts(dim).subquery()
        # The dimension's name is ours, never input: written into the SQL as is.
        # Written in key order: on PostgreSQL the rows of one key then share a
        # few pages of the table (SQLite keeps the table in key order anyway).
        rows = select(literal_column(f"'{dim}'").label("dim"), *counted.c).order_by(
            counted.c.k1, counted.c.k2, counted.c.month
        )
        db.session.execute(insert(DashboardCount).from_select(columns, rows))
    # Per bundle (in `month`) and wijk (k1) its first TOP_PER_BUNDLE structural
    # signals (k2) by their signals from the wijk over all time (n; ties: the
    # oldest first): the wijk view over all time merges these (see wijken.py).
    summed = (
        select(
            BundleItem.bundle_id,
            DashboardCount.k1,
            DashboardCount.k2,
            func.sum(DashboardCount.n).label("n"),
        )
        .join(BundleItem, BundleItem.structural_signal_id == DashboardCount.k2)
        .where(DashboardCount.dim == "area_link")
        .group_by(BundleItem.bundle_id, DashboardCount.k1, DashboardCount.k2)
        .subquery()
    )
    place = func.row_number().over(
        partition_by=(summed.c.bundle_id, summed.c.k1),
        order_by=(summed.c.n.desc(), summed.c.k2),
    )
    ranked = select(*summed.c, place.label("place")).subquery()
    db.session.execute(
        insert(DashboardCount).from_select(
            columns,
            select(
                literal_column(f"'{BUNDLE_TOP}'").label("dim"),
                ranked.c.bundle_id,
                ranked.c.k1,
                ranked.c.k2,
                ranked.c.n,
            ).where(ranked.c.place <= TOP_PER_BUNDLE),
        )
    )
    state.stamp = stamp
    state.built_at = now or utcnow()
    db.session.flush()
    if db.session.get_bind().dialect.name == "postgresql":
        # The table was rewritten: fresh statistics, or PostgreSQL plans the
        # dashboards' reads of it as if it were nearly empty.
        db.session.execute(text("ANALYZE dashboard_counts"))
    return db.session.scalar(select(func.count()).select_from(DashboardCount)) or 0


@background_task(REBUILD_TASK)
def rebuild_counts_task() -> None:
    """Worker: rebuild the counts and commit (nothing when already current:
    several requests may have queued it for one change)."""
    if counts_are_current():
        return
    rebuild_counts()
    db.session.commit()


def rebuild_counts_job(now: datetime) -> str | None:
    """Scheduled: rebuild the counts when the signals changed since the last time."""
    if counts_are_current():
        return None
    rows = rebuild_counts(now)
    return f"{rows} rijen"


def counts_are_current() -> bool:
    state = db.session.get(DashboardCountState, STATE_ID)
    return state is not None and bool(state.stamp) and state.stamp == data_stamp()


#: A process queues a rebuild at most once per QUEUE_EVERY seconds: every page
#: asked while the table is behind would otherwise queue one.
QUEUE_EVERY = 30.0
_queued = {"at": -QUEUE_EVERY}
_queue_lock = threading.Lock()


def _may_queue(now: float) -> bool:
    with _queue_lock:
        if now - _queued["at"] < QUEUE_EVERY:
            return False
        _queued["at"] = now
        return True


def forget_queued() -> None:
    """Tests: the next stale read queues a rebuild again."""
    with _queue_lock:
        _queued["at"] = -QUEUE_EVERY


def use_counts() -> bool:
    """May this request read the table? Queue a rebuild when it is behind.

    Asked once per request (the fingerprint costs a few quick counts)."""
    if has_request_context() and "dashboard_counts_current" in g:
        return g.dashboard_counts_current
    current = counts_are_current()
    if not current and _may_queue(clock.monotonic()):
        enqueue(REBUILD_TASK)
        # With TASK_IMMEDIATE (tests) the rebuild has run in this process.
        current = counts_are_current()
    if has_request_context():
        g.dashboard_counts_current = current
    return current


# --- answering a window ----------------------------------------------------------


def _yyyymm(day: date) -> int:
    return day.year * 100 + day.month


def _first_of_next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _moment(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


@dataclass(frozen=True)
class Split:
    """A window cut into whole months (from the table) and the rest (live)."""

    months: tuple[int | None, int | None] | None  # [from, to) in yyyymm; None: none
    live: list[ColumnElement[bool]] | None  # conditions of the live part; None: none


def _between(lo: datetime | None, hi: datetime | None) -> ColumnElement[bool]:
    """lo <= submitted_at < hi (a missing bound: open)."""
    bounds = []
    if lo is not None:
        bounds.append(Signal.submitted_at >= lo)
    if hi is not None:
        bounds.append(Signal.submitted_at < hi)
    return and_(true(), *bounds)


def split_window(start: date | None, end: date | None, table: bool) -> Split:
    """Which months the table answers and which days are counted live.

    The live edges are two ranges of submitted_at, each read from its index."""
    lo = _moment(start) if start else None
    hi = _moment(end + timedelta(days=1)) if end else None
    if not table:
        return Split(None, [_between(lo, hi)])
    first = start
    if first is not None and first.day != 1:
        first = _first_of_next_month(first)
    after = None if hi is None else hi.date().replace(day=1)  # whole months end
    if first is not None and after is not None and first >= after:
        return Split(None, [_between(lo, hi)])  # inside one month: all live
    edges: list[ColumnElement[bool]] = []
    if first is not None and lo is not None and lo < _moment(first):
        edges.append(_between(lo, _moment(first)))
    if after is not None and hi is not None and _moment(after) < hi:
        edges.append(_between(_moment(after), hi))
    months = (
        _yyyymm(first) if first is not None else None,
        _yyyymm(after) if after is not None else None,
    )
    return Split(months, [or_(*edges)] if edges else None)


def _stored(dim: str, months: tuple[int | None, int | None]) -> Select:
    low, high = months
    stored = select(
        DashboardCount.month, DashboardCount.k1, DashboardCount.k2, DashboardCount.n
    ).where(DashboardCount.dim == dim)
    if low is not None:
        stored = stored.where(DashboardCount.month >= low)
    if high is not None:
        stored = stored.where(DashboardCount.month < high)
    return stored


def window_counts(
    dim: str, start: date | None, end: date | None, *, table: bool | None = None
):
    """(month, k1, k2, n) rows of one dimension inside a window of days, as a
    subquery: the table's whole months plus the edges counted live."""
    split = split_window(start, end, use_counts() if table is None else table)
    parts: list[Select] = []
    if split.months is not None:
        parts.append(_stored(dim, split.months))
    if split.live is not None:
        parts.append(live_counts(dim, *split.live))
    if len(parts) == 1:
        return parts[0].subquery()
    return union_all(*parts).subquery()


def grouped(
    dim: str,
    start: date | None,
    end: date | None,
    keys: tuple[str, ...],
    *,
    table: bool | None = None,
) -> list[tuple]:
    """Sums of one dimension in a window, grouped by `keys` (month, k1, k2)."""
    rows = window_counts(dim, start, end, table=table)
    columns = [rows.c[key] for key in keys]
    return [
        tuple(row)
        for row in db.session.execute(
            select(*columns, func.sum(rows.c.n)).group_by(*columns)
        )
    ]
