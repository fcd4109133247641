"""The wijk view: per wijk the signals, organisations, top themes and the
structural signals most fed from it, over the bundles counted.

A wijk profile of the city (wijk-DNA) takes the CSV in: one row per wijk with
its code and its official name as in the reference list.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import Integer, func, literal_column, select, union_all

from signalen.bundles.models import BundleItem
from signalen.dashboards.aggregate import (
    ALL_TIME,
    grouped,
    use_counts,
    window_counts_per_key,
)
from signalen.dashboards.models import DashboardCount
from signalen.dashboards.queries import Cell, Scope, Table, theme_labels
from signalen.exports.sanitise import small_count
from signalen.extensions import db
from signalen.themes.models import Area

TOP = 3
CANDIDATES = 20  # ranked per wijk before asking which are in the bundles


@dataclass
class WijkRow:
    code: str
    name: str
    zone: str
    signals: Cell = 0
    organisations: Cell = 0
    themes: list[str] = field(default_factory=list)
    structural: list[str] = field(default_factory=list)


def _top(counter: Counter, n: int = TOP) -> list[str]:
    return [k for k, _v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def wijk_rows(scope: Scope) -> list[WijkRow]:
    """One row per active wijk, in the reference list's order."""
    areas = list(
        db.session.scalars(
            select(Area).where(Area.active.is_(True)).order_by(Area.position)
        )
    )
    signals: Counter = Counter()
    organisations: dict[int, set[int]] = defaultdict(set)
    for area_id, organisation_id, n in grouped(
        "area_org", scope.start, scope.end, ("k1", "k2")
    ):
        signals[area_id] += int(n)
        organisations[area_id].add(organisation_id)
    labels = theme_labels()
    per_theme: dict[int, Counter] = defaultdict(Counter)
    for area_id, theme_id, n in grouped(
        "area_theme", scope.start, scope.end, ("k1", "k2")
    ):
        per_theme[area_id][labels.get(theme_id, "?")] += int(n)
    per_structural = _structural_per_area(scope, areas)
    return [
        WijkRow(
            code=area.code,
            name=area.label,
            zone=area.zone or "",
            signals=small_count(signals[area.id], scope.min_count),
            organisations=small_count(len(organisations[area.id]), scope.min_count),
            themes=_top(per_theme[area.id]),
            structural=per_structural.get(area.id, []),
        )
        for area in areas
    ]


_cache: dict[tuple, tuple[float, list[WijkRow]]] = {}


def cached_wijk_rows(scope: Scope, seconds: float) -> list[WijkRow]:
    """wijk_rows, kept per window for `seconds` (as the dashboard blocks are)."""
    ident = (tuple(scope.bundle_ids), scope.start, scope.end, scope.min_count)
    now = time.monotonic()
    hit = _cache.get(ident)
    if hit is not None and now - hit[0] < seconds:
        return hit[1]
    rows = wijk_rows(scope)
    if len(_cache) > 100:
        _cache.clear()
    _cache[ident] = (now, rows)
    return rows


def forget_wijk_rows() -> None:
    _cache.clear()


def _ranked(scope: Scope, area_ids: list[int], limit: int, bundled=None) -> dict:
    """Per wijk the first `limit` structural signals by signals from the wijk
    (ties: the oldest first), optionally only those in `bundled`: one small
    query per wijk, sent as one statement."""
    parts = []
    per_area = window_counts_per_key("area_link", scope.start, scope.end, area_ids)
    for area_id in area_ids:
        counts = per_area[area_id]
        total = func.sum(counts.c.n)
        query = select(
            literal_column(str(int(area_id)), Integer).label("area_id"),
            counts.c.k2,
            total.label("n"),
        )
        if bundled is not None:
            query = query.where(counts.c.k2.in_(bundled))
        parts.append(
            query.group_by(counts.c.k2)
            .order_by(total.desc(), counts.c.k2)
            .limit(limit)
            .subquery()
            .select()
        )
    ranked: dict[int, list[int]] = defaultdict(list)
    for area_id, structural_id, _n in db.session.execute(union_all(*parts)):
        ranked[area_id].append(structural_id)
    return ranked


def _by_total(area_ids: list[int]) -> dict[int, list[tuple[int, int]]]:
    """Per wijk its first CANDIDATES + 1 structural signals by their count over
    all time (the table's "area_link_all" totals), as (structural id, total)."""
    parts = [
        select(DashboardCount.k1, DashboardCount.k2, DashboardCount.n)
        .where(DashboardCount.dim == ALL_TIME, DashboardCount.k1 == area_id)
        .order_by(DashboardCount.n.desc(), DashboardCount.k2)
        .limit(CANDIDATES + 1)
        .subquery()
        .select()
        for area_id in area_ids
    ]
    found: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for area_id, structural_id, n in db.session.execute(union_all(*parts)):
        found[area_id].append((structural_id, int(n)))
    return found


def _in_window(scope: Scope, candidates: dict[int, list[int]]) -> dict:
    """(wijk, structural id) → signals in the window, for these pairs only."""
    parts = []
    per_area = window_counts_per_key(
        "area_link", scope.start, scope.end, list(candidates)
    )
    for area_id, ids in candidates.items():
        counts = per_area[area_id]
        parts.append(
            select(
                literal_column(str(int(area_id)), Integer).label("area_id"),
                counts.c.k2,
                func.sum(counts.c.n),
            )
            .where(counts.c.k2.in_(ids))
            .group_by(counts.c.k2)
        )
    if not parts:
        return {}
    return {(a, k2): int(n) for a, k2, n in db.session.execute(union_all(*parts))}


def _bounded(scope: Scope, area_ids: list[int]) -> dict[int, tuple[list[int], bool]]:
    """Per wijk a prefix of its ranking (by signals in the window, ties: the
    oldest first) and whether it is all of it, read from the all-time totals.

    A pair's count in any window is at most its count over all time. So when
    the first CANDIDATES by total are counted in the window, those that rank
    before the next pair's total (on a tie: before its id) rank before every
    pair not counted: they are the true start of the ranking."""
    by_total = _by_total(area_ids)
    everything = scope.start is None and scope.end is None
    counted = (
        {(a, k2): n for a, found in by_total.items() for k2, n in found}
        if everything
        else _in_window(
            scope,
            {a: [k2 for k2, _n in found[:CANDIDATES]] for a, found in by_total.items()},
        )
    )
    result: dict[int, tuple[list[int], bool]] = {}
    for area_id in area_ids:
        found = by_total.get(area_id, [])
        complete = len(found) <= CANDIDATES
        bound = None if complete else found[CANDIDATES]
        ranked = sorted(
            (
                (counted.get((area_id, k2), 0), k2)
                for k2, _n in found[:CANDIDATES]
                if counted.get((area_id, k2), 0) > 0
            ),
            key=lambda pair: (-pair[0], pair[1]),
        )
        prefix = []
        for n, k2 in ranked:
            if bound is not None and not (
                n > bound[1] or (n == bound[1] and k2 < bound[0])
            ):
                break
            prefix.append(k2)
        result[area_id] = (prefix, complete and len(prefix) == len(ranked))
    return result


def _structural_per_area(scope: Scope, areas: list[Area]) -> dict[int, list[str]]:
    """Per wijk: the TOP structural signals of the bundles counted with the
    most signals from it (ties: the oldest first), by the title they carry in
    the newest bundle counted.

    Over all bundles there are about as many (wijk, structural signal) pairs
    as signals: too many to rank at once in a page's time. So the start of
    each wijk's ranking is found first: from the table's all-time totals when
    it is current (_bounded), then, where that does not decide, by ranking
    each wijk's first CANDIDATES (a short query per wijk). The first TOP of
    them that are in the bundles are the answer; only where that start holds
    fewer than TOP of them is the ranking asked again, of bundled ones only."""
    if not scope.bundle_ids or not areas:
        return {}
    area_ids = [a.id for a in areas]
    order = {b.id: b.period_start for b in scope.bundles}
    titles: dict[int, tuple] = {}

    def load_titles(ids: set[int]) -> None:
        for structural_id, bundle_id, title in db.session.execute(
            select(
                BundleItem.structural_signal_id, BundleItem.bundle_id, BundleItem.title
            ).where(
                BundleItem.bundle_id.in_(scope.bundle_ids),
                BundleItem.structural_signal_id.in_(ids),
            )
        ):
            known = titles.get(structural_id)
            if known is None or order[bundle_id] > known[0]:
                titles[structural_id] = (order[bundle_id], title)

    def ranked_starts(ids: list[int]) -> dict[int, tuple[list[int], bool]]:
        ranked = _ranked(scope, ids, CANDIDATES)
        return {
            a: (ranked.get(a, []), len(ranked.get(a, [])) < CANDIDATES) for a in ids
        }

    def pick(starts: dict[int, tuple[list[int], bool]]) -> list[int]:
        """Take the answer where the start decides it; the wijken left over."""
        load_titles({k2 for prefix, _complete in starts.values() for k2 in prefix})
        left = []
        for area_id, (prefix, complete) in starts.items():
            top = [k2 for k2 in prefix if k2 in titles][:TOP]
            if len(top) < TOP and not complete:
                left.append(area_id)
            result[area_id] = [titles[k2][1] for k2 in top]
        return left

    result: dict[int, list[str]] = {}
    again = pick(_bounded(scope, area_ids)) if use_counts() else area_ids
    if again:
        again = pick(ranked_starts(again))
    if again:  # the start holds too few in the bundles: rank the bundled ones
        bundled = select(BundleItem.structural_signal_id).where(
            BundleItem.bundle_id.in_(scope.bundle_ids)
        )
        ranked = _ranked(scope, again, TOP, bundled)
        load_titles({k2 for found in ranked.values() for k2 in found})
        for area_id in again:
            result[area_id] = [titles[k2][1] for k2 in ranked.get(area_id, [])]
    return result


def wijk_table(rows: list[WijkRow]) -> Table:
    """The wijk view as a table for the CSV and Excel download."""
    return Table(
        "wijken",
        _("Signalen per wijk"),
        [
            _("Wijkcode"),
            _("Wijk"),
            _("Zone"),
            _("Signalen"),
            _("Organisaties"),
            _("Meest voorkomende thema's"),
            _("Structurele signalen met de meeste signalen uit de wijk"),
        ],
        [
            [
                r.code,
                r.name,
                r.zone,
                r.signals,
                r.organisations,
                " | ".join(r.themes),
                " | ".join(r.structural),
            ]
            for r in rows
        ],
        chart="",
    )
