"""Evidence of structural signals as a bundle freezes it.

The links' evidence comes from coordination; how many earlier bundles held
each structural signal is known only here, where bundles live.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from signalen.bundles.models import BundleItem
from signalen.bundles.snapshot import Evidence
from signalen.coordination import evidence as links
from signalen.extensions import db


def evidence_for_many(structural_ids: Iterable[int]) -> dict[int, Evidence]:
    """Evidence per structural signal id: its current links and the number of
    bundles it already appeared in."""
    result = links.evidence_for_many(structural_ids)
    seen: dict[int, int] = {}
    ids = list(result)
    for start in range(0, len(ids), links.CHUNK):
        chunk = ids[start : start + links.CHUNK]
        seen.update(
            db.session.execute(
                select(BundleItem.structural_signal_id, func.count(BundleItem.id))
                .where(BundleItem.structural_signal_id.in_(chunk))
                .group_by(BundleItem.structural_signal_id)
            ).all()
        )
    return {
        sid: Evidence(**evidence, bundles_seen=seen.get(sid, 0))
        for sid, evidence in result.items()
    }
