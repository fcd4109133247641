"""The Prioriteiten sheet's content: method, scores and the final choice.

Prioritisation is another feature; its results are read through its public
services when they exist, and a failure there never breaks the export.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from signalen.bundles.models import Bundle
from signalen.exports.sanitise import TextCleaner, small_count
from signalen.prioritisation.models import (
    ROUND_METHOD_LABELS,
    RoundMethod,
)
from signalen.prioritisation.services import (
    compute_results,
    deciding_round,
    final_choice,
)

log = logging.getLogger(__name__)


@dataclass
class PriorityRow:
    rank: int | None
    item_id: int
    chosen: bool | None
    score: float | None
    equal_weight_score: float | None
    tied: bool
    by_group: str
    reason: str


@dataclass
class Priorities:
    method: str = ""
    formula: str = ""
    ballots: str = ""
    rows: list[PriorityRow] = field(default_factory=list)
    note: str = ""


def _group_score(group: str, score, ballots: int, min_count: int) -> str:
    """A group's score, unless fewer than min_count ballots could point at them."""
    if 0 < ballots < min_count:
        return f"{group}: minder dan {min_count} stemmen"
    return f"{group}: {score:g}" if isinstance(score, float) else f"{group}: {score}"


def collect_priorities(
    bundle: Bundle, min_count: int, cleaner: TextCleaner
) -> Priorities:
    """The priority signals with method, scores and the final choice.

    Only the deciding round counts (never simply the round that closed last);
    without one, the sheet says plainly that nothing was decided yet.
    """
    result = Priorities()
    round_ = deciding_round(bundle)
    results = None
    if round_ is not None:
        try:
            results = compute_results(round_)
        except Exception:  # another feature's code must not break the export
            log.exception("compute_results failed for round %s", round_.id)
        try:
            result.method = str(ROUND_METHOD_LABELS[RoundMethod(round_.method)])
        except ValueError:
            result.method = str(round_.method)
    by_item: dict[int, PriorityRow] = {}
    if results is not None:
        result.formula = str(getattr(results, "formula", "") or "")
        groups = getattr(results, "ballots_by_group", {}) or {}
        result.ballots = "; ".join(
            f"{g}: {small_count(n, min_count)}" for g, n in groups.items()
        )
        for item in getattr(results, "items", []) or []:
            by_group = getattr(item, "by_group", {}) or {}
            by_item[item.bundle_item_id] = PriorityRow(
                rank=item.rank,
                item_id=item.bundle_item_id,
                chosen=None,
                score=item.score,
                equal_weight_score=getattr(item, "equal_weight_score", None),
                tied=bool(getattr(item, "tied", False)),
                by_group="; ".join(
                    _group_score(g, v, groups.get(g, 0), min_count)
                    for g, v in by_group.items()
                ),
                reason="",
            )
    for decision in final_choice(bundle):
        row = by_item.get(decision.bundle_item_id) or PriorityRow(
            rank=None,
            item_id=decision.bundle_item_id,
            chosen=None,
            score=None,
            equal_weight_score=None,
            tied=False,
            by_group="",
            reason="",
        )
        row.chosen = bool(decision.chosen)
        row.rank = decision.rank if decision.rank is not None else row.rank
        row.reason = cleaner.clean(decision.reason)
        by_item[decision.bundle_item_id] = row
    result.rows = sorted(
        by_item.values(),
        key=lambda r: (not r.chosen, r.rank is None, r.rank or 0, r.item_id),
    )
    if round_ is None:
        result.note = (
            "Er is nog geen beslissing: er is (nog) geen prioritering voor deze "
            "bundel, of geen ronde is als beslissende ronde aangeduid. Zodra de "
            "partners prioriteiten kozen, staan ze hier in volgorde."
        )
    elif not any(r.chosen is not None for r in result.rows):
        result.note = (
            "Er is nog geen beslissing: de beslissende ronde "
            f"'{cleaner.clean(round_.title)}' "
            "heeft nog geen keuze vastgelegd. De scores hieronder zijn enkel advies."
        )
    return result
