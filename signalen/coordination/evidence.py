"""Evidence strength of structural signals, derived from their current links.

One bulk implementation serves the structural signal page and closing a bundle
(thousands at once): a handful of grouped queries, never one query per
structural signal. How many earlier bundles held a structural signal is the
bundles' part of the evidence (signalen.bundles.evidence adds it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypedDict

from sqlalchemy import case, func, select

from signalen.coordination.models import SignalLink
from signalen.extensions import db
from signalen.signals.models import Signal, signal_areas

CHUNK = 900  # stay under SQLite's bound-parameter limit


class LinkEvidence(TypedDict):
    signals: int  # number of linked signals
    organisations: int  # number of distinct organisations
    people_affected: int  # sum of the estimates (0 when none given)
    people_known: int  # signals with an estimate: none means "onbekend", not 0
    areas: int  # number of distinct wijken
    city_wide: int  # signals marked stadsbreed (they name no wijk)
    first_seen: str | None  # ISO date of the earliest signal
    last_seen: str | None  # ISO date of the latest signal


def empty_evidence() -> LinkEvidence:
    return LinkEvidence(
        signals=0,
        organisations=0,
        people_affected=0,
        people_known=0,
        areas=0,
        city_wide=0,
        first_seen=None,
        last_seen=None,
    )


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def evidence_for_many(structural_ids: Iterable[int]) -> dict[int, LinkEvidence]:
    """Evidence per structural signal id, from the signals currently linked."""
    ids = sorted(set(structural_ids))
    result: dict[int, LinkEvidence] = {i: empty_evidence() for i in ids}
    current = SignalLink.unlinked_at.is_(None)
    seen = func.coalesce(Signal.submitted_at, Signal.created_at)
    for chunk in _chunks(ids):
        rows = db.session.execute(
            select(
                SignalLink.structural_signal_id,
                func.count(Signal.id),
                func.count(func.distinct(Signal.organisation_id)),
                func.coalesce(func.sum(Signal.people_affected), 0),
                func.count(Signal.people_affected),
                func.count(case((Signal.city_wide.is_(True), 1))),
                func.min(seen),
                func.max(seen),
            )
            .join(Signal, Signal.id == SignalLink.signal_id)
            .where(current, SignalLink.structural_signal_id.in_(chunk))
            .group_by(SignalLink.structural_signal_id)
        )
        for sid, signals, orgs, people, known, city_wide, first, last in rows:
            evidence = result[sid]
            evidence["signals"] = signals
            evidence["organisations"] = orgs
            evidence["people_affected"] = int(people or 0)
            evidence["people_known"] = known
            evidence["city_wide"] = city_wide
            evidence["first_seen"] = _iso_date(first)
            evidence["last_seen"] = _iso_date(last)
        area_rows = db.session.execute(
            select(
                SignalLink.structural_signal_id,
                func.count(func.distinct(signal_areas.c.area_id)),
            )
            .join(signal_areas, signal_areas.c.signal_id == SignalLink.signal_id)
            .where(current, SignalLink.structural_signal_id.in_(chunk))
            .group_by(SignalLink.structural_signal_id)
        )
        for sid, areas in area_rows:
            result[sid]["areas"] = areas
    return result


def evidence_for(structural_id: int) -> LinkEvidence:
    """Evidence of one structural signal."""
    return evidence_for_many([structural_id])[structural_id]


def _iso_date(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite returns text from aggregates
        return value[:10]
    return value.date().isoformat()
