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
from signalen.coordination.models import SignalLink
from signalen.dashboards.queries import (
    Cell,
    Scope,
    Table,
    signal_conditions,
    theme_labels,
)
from signalen.exports.sanitise import small_count
from signalen.extensions import db
from signalen.signals.models import Signal, signal_areas, signal_themes
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
    conditions = signal_conditions(scope)
    areas = list(
        db.session.scalars(
            select(Area).where(Area.active.is_(True)).order_by(Area.position)
        )
    )
    totals = db.session.execute(
        select(
            signal_areas.c.area_id,
            func.count(Signal.id),
            func.count(func.distinct(Signal.organisation_id)),
        )
        .join(Signal, Signal.id == signal_areas.c.signal_id)
        .where(*conditions)
        .group_by(signal_areas.c.area_id)
    )
    counts = {area_id: (n, orgs) for area_id, n, orgs in totals}
    labels = theme_labels()
    per_theme: dict[int, Counter] = defaultdict(Counter)
    rows = db.session.execute(
        select(signal_areas.c.area_id, signal_themes.c.theme_id, func.count())
        .select_from(signal_areas)
        .join(Signal, Signal.id == signal_areas.c.signal_id)
        .join(signal_themes, signal_themes.c.signal_id == Signal.id)
        .where(*conditions)
        .group_by(signal_areas.c.area_id, signal_themes.c.theme_id)
    )
    for area_id, theme_id, n in rows:
        per_theme[area_id][labels.get(theme_id, "?")] += n
    per_structural = _structural_per_area(scope)
    result = []
    for area in areas:
        n, orgs = counts.get(area.id, (0, 0))
        result.append(
            WijkRow(
                code=area.code,
                name=area.label,
                zone=area.zone or "",
                signals=small_count(n, scope.min_count),
                organisations=small_count(orgs, scope.min_count),
                themes=_top(per_theme[area.id]),
                structural=_top(per_structural.get(area.id, Counter())),
            )
        )
    return result


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


def _structural_per_area(scope: Scope) -> dict[int, Counter]:
    """Per wijk: the bundled structural signals with the most signals from it,
    by the title they carry in the newest bundle counted."""
    if not scope.bundle_ids:
        return {}
    order = {b.id: b.period_start for b in scope.bundles}
    titles: dict[int, tuple] = {}
    for structural_id, bundle_id, title in db.session.execute(
        select(
            BundleItem.structural_signal_id, BundleItem.bundle_id, BundleItem.title
        ).where(BundleItem.bundle_id.in_(scope.bundle_ids))
    ):
        if structural_id not in titles or order[bundle_id] > titles[structural_id][0]:
            titles[structural_id] = (order[bundle_id], title)
    result: dict[int, Counter] = defaultdict(Counter)
    rows = db.session.execute(
        select(signal_areas.c.area_id, SignalLink.structural_signal_id, func.count())
        .select_from(SignalLink)
        .join(Signal, Signal.id == SignalLink.signal_id)
        .join(signal_areas, signal_areas.c.signal_id == Signal.id)
        .where(SignalLink.unlinked_at.is_(None), *signal_conditions(scope))
        .group_by(signal_areas.c.area_id, SignalLink.structural_signal_id)
    )
    for area_id, structural_id, n in rows:
        if structural_id in titles:
            result[area_id][titles[structural_id][1]] += n
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
