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
from sqlalchemy import func, select

from signalen.bundles.models import BundleItem
from signalen.dashboards.aggregate import (
    BUNDLE_TOP,
    TOP_PER_BUNDLE,
    grouped,
    submitted,
    use_counts,
    window_counts,
)
from signalen.dashboards.models import DashboardCount
from signalen.dashboards.queries import Cell, Scope, Table, theme_labels
from signalen.exports.sanitise import small_count
from signalen.extensions import db
from signalen.signals.models import Signal
from signalen.themes.models import Area

TOP = 3


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


def _covers_everything(scope: Scope) -> bool:
    """Does the window hold every submitted signal (as if it were all time)?
    Two reads of the submitted_at index."""
    if scope.start is None and scope.end is None:
        return True
    first, last = db.session.execute(
        select(func.min(Signal.submitted_at), func.max(Signal.submitted_at)).where(
            *submitted()
        )
    ).one()
    if first is None or last is None:
        return True
    return (scope.start is None or scope.start <= first.date()) and (
        scope.end is None or scope.end >= last.date()
    )


def _from_bundle_tops(scope: Scope) -> dict[int, list[int]]:
    """Over all time: per wijk the first TOP structural signals of the bundles
    counted, merged from each bundle's own first ones (kept with the counts).

    A structural signal's count does not depend on the bundle, so one among
    the first TOP of all the bundles together is among the first TOP of each
    bundle holding it (fewer rivals there)."""
    found: dict[int, dict[int, int]] = defaultdict(dict)
    for area_id, structural_id, n in db.session.execute(
        select(DashboardCount.k1, DashboardCount.k2, DashboardCount.n).where(
            DashboardCount.dim == BUNDLE_TOP,
            DashboardCount.month.in_(scope.bundle_ids),
        )
    ):
        found[area_id][structural_id] = int(n)
    return {
        area_id: [k2 for _n, k2 in sorted((-n, k2) for k2, n in counts.items())][:TOP]
        for area_id, counts in found.items()
    }


def _ranked_in_sql(scope: Scope) -> dict[int, list[int]]:
    """Per wijk the first TOP structural signals of the bundles counted, by
    signals from the wijk in the window (ties: the oldest first), ranked in
    one statement (a window function over the window's counts of the bundled
    structural signals only)."""
    counts = window_counts("area_link", scope.start, scope.end)
    bundled = select(BundleItem.structural_signal_id).where(
        BundleItem.bundle_id.in_(scope.bundle_ids)
    )
    total = func.sum(counts.c.n)
    place = func.row_number().over(
        partition_by=counts.c.k1, order_by=(total.desc(), counts.c.k2)
    )
    summed = (
        select(counts.c.k1, counts.c.k2, place.label("place"))
        .where(counts.c.k2.in_(bundled))
        .group_by(counts.c.k1, counts.c.k2)
        .subquery()
    )
    ranked: dict[int, list[int]] = defaultdict(list)
    for area_id, structural_id in db.session.execute(
        select(summed.c.k1, summed.c.k2)
        .where(summed.c.place <= TOP)
        .order_by(summed.c.k1, summed.c.place)
    ):
        ranked[area_id].append(structural_id)
    return ranked


def _structural_per_area(scope: Scope, areas: list[Area]) -> dict[int, list[str]]:
    """Per wijk: the TOP structural signals of the bundles counted with the
    most signals from it (ties: the oldest first), by the title they carry in
    the newest bundle counted.

    Over all time (a window holding every signal) the answer is merged from
    the per-bundle rankings kept with the counts while they are current;
    otherwise it is ranked in SQL from the window's counts."""
    if not scope.bundle_ids or not areas:
        return {}
    if TOP <= TOP_PER_BUNDLE and use_counts() and _covers_everything(scope):
        ranked = _from_bundle_tops(scope)
    else:
        ranked = _ranked_in_sql(scope)
    order = {b.id: b.period_start for b in scope.bundles}
    titles: dict[int, tuple] = {}
    ids = {k2 for found in ranked.values() for k2 in found}
    if ids:
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
    return {
        area.id: [titles[k2][1] for k2 in ranked.get(area.id, [])] for area in areas
    }


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
