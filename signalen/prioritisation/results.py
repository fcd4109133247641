"""Counting a round: the score per item, per group, and the formula in words."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, literal, select

from signalen.bundles.models import BundleItem
from signalen.extensions import db
from signalen.prioritisation.labels import GROUP_ORDER
from signalen.prioritisation.models import (
    Ballot,
    BallotEntry,
    BallotScore,
    PrioritisationRound,
    RoundCriterion,
    RoundMethod,
    RoundParticipant,
)

# --- results -----------------------------------------------------------------


@dataclass
class ItemResult:
    bundle_item_id: int
    reference: str
    title: str
    position: int
    evidence: dict
    score: float
    rank: int
    tied: bool
    by_group: dict[str, float]
    by_group_rank: dict[str, int]
    equal_weight_score: float
    equal_weight_rank: int
    comments: list[tuple[str, str]]  # (group, text)


@dataclass
class RoundResults:
    method: str
    formula: str
    ballots_by_group: dict[str, int]
    items: list[ItemResult]
    groups: list[str]  # groups with at least one ballot, in a fixed order

    @property
    def ballots(self) -> int:
        return sum(self.ballots_by_group.values())


def formula_for(round_: PrioritisationRound) -> str:
    if round_.method == RoundMethod.POINTS:
        return ngettext(
            "Puntentelling: elk signaal krijgt de som van alle punten die de "
            "deelnemers eraan gaven (elke deelnemer verdeelde %(num)d punt, "
            "maximaal %(m)d per signaal).",
            "Puntentelling: elk signaal krijgt de som van alle punten die de "
            "deelnemers eraan gaven (elke deelnemer verdeelde %(num)d punten, "
            "maximaal %(m)d per signaal).",
            round_.points_total,
            m=round_.points_max_per_item,
        )
    if round_.method == RoundMethod.PICK and round_.pick_count <= 1:
        return _(
            "Telling: elke deelnemer kiest één signaal; de score is het aantal "
            "deelnemers dat het koos."
        )
    if round_.method == RoundMethod.PICK:
        return _(
            "Borda-telling: wie een signaal op plaats 1 zet, geeft het %(n)d punten, "
            "plaats 2 geeft %(n2)d punten, … en plaats %(n)d geeft 1 punt. "
            "De score is de som van die punten.",
            n=round_.pick_count,
            n2=max(round_.pick_count - 1, 1),
        )
    weights = ", ".join(f"{c.label} × {c.weight:g}" for c in round_.criteria)
    return _(
        "Gewogen gemiddelde: per deelnemer tellen we de scores (1 tot 5) op met "
        "hun gewicht en delen door de som van de gewichten (%(w)s). De score van "
        "een signaal is het gemiddelde over alle deelnemers.",
        w=weights,
    )


EQUAL_WEIGHT_EXPLANATION = (
    "Gelijk gewogen per groep: eerst het gemiddelde per deelnemer binnen elke "
    "groep, daarna het gemiddelde van die groepen. Zo weegt elke groep even "
    "zwaar, hoe groot ze ook is."
)


def _ballot_values(round_: PrioritisationRound) -> list[tuple[int, int, float]]:
    """(ballot id, item id, value) for every submitted entry, under the method.

    Read as plain rows (the weighted mean per entry is computed by the
    database): a round with thousands of ballots counts in well under a second.
    """
    submitted = (Ballot.round_id == round_.id, Ballot.submitted.is_(True))
    if round_.method == RoundMethod.CRITERIA:
        weighted = db.session.execute(
            select(
                BallotEntry.ballot_id,
                BallotEntry.bundle_item_id,
                func.sum(RoundCriterion.weight * BallotScore.score),
                func.sum(RoundCriterion.weight),
            )
            .join(Ballot, Ballot.id == BallotEntry.ballot_id)
            .join(BallotScore, BallotScore.entry_id == BallotEntry.id)
            .join(RoundCriterion, RoundCriterion.id == BallotScore.criterion_id)
            .where(*submitted)
            .group_by(BallotEntry.id, BallotEntry.ballot_id, BallotEntry.bundle_item_id)
        )
        return [(b, i, float(num) / float(den)) for b, i, num, den in weighted if den]
    column = (
        BallotEntry.points if round_.method == RoundMethod.POINTS else BallotEntry.rank
    )
    rows = db.session.execute(
        select(BallotEntry.ballot_id, BallotEntry.bundle_item_id, column)
        .join(Ballot, Ballot.id == BallotEntry.ballot_id)
        .where(*submitted, column.is_not(None))
    )
    if round_.method == RoundMethod.POINTS:
        return [(b, i, float(v)) for b, i, v in rows if v]
    return [
        (b, i, float(round_.pick_count + 1 - v)) for b, i, v in rows if v is not None
    ]


def competition_ranks(scores: dict[int, float]) -> tuple[dict[int, int], set[int]]:
    """Ranks 1, 2, 2, 4 … for scores (higher is better); and the tied keys."""
    rounded = {k: round(v, 9) for k, v in scores.items()}
    ordered = sorted(rounded.values(), reverse=True)
    first_index: dict[float, int] = {}
    for index, value in enumerate(ordered):
        first_index.setdefault(value, index)
    counts: dict[float, int] = defaultdict(int)
    for value in rounded.values():
        counts[value] += 1
    ranks = {k: first_index[v] + 1 for k, v in rounded.items()}
    tied = {k for k, v in rounded.items() if counts[v] > 1}
    return ranks, tied


@dataclass
class _Item:
    id: int
    reference: str
    title: str
    position: int
    evidence: dict


def _items(round_: PrioritisationRound, details: bool) -> list[_Item]:
    """The bundle's items, in bundle order, with only what the count shows;
    with details the database reads the title and evidence out of each
    snapshot (decoding thousands of whole snapshots costs more than the
    count; without details see `add_details`)."""
    snapshot = BundleItem.snapshot
    rows = db.session.execute(
        select(
            BundleItem.id,
            BundleItem.reference,
            BundleItem.title,
            BundleItem.position,
            snapshot["title"].as_string() if details else literal(None),
            snapshot["evidence"] if details else literal(None),
        )
        .where(BundleItem.bundle_id == round_.bundle_id)
        .order_by(BundleItem.position)
    )
    return [
        _Item(id_, ref, snap_title or title, position, dict(evidence or {}))
        for id_, ref, title, position, snap_title, evidence in rows
    ]


def add_details(results: list[ItemResult]) -> None:
    """The snapshot's title and evidence on these results (counted without
    details: only the rows a page shows need them)."""
    snapshot = BundleItem.snapshot
    rows = db.session.execute(
        select(
            BundleItem.id, snapshot["title"].as_string(), snapshot["evidence"]
        ).where(BundleItem.id.in_([r.bundle_item_id for r in results]))
    )
    found = {id_: (title, evidence) for id_, title, evidence in rows}
    for result in results:
        title, evidence = found.get(result.bundle_item_id, (None, None))
        result.title = title or result.title
        result.evidence = dict(evidence or {})


def compute_results(
    round_: PrioritisationRound, *, details: bool = True
) -> RoundResults:
    """Count the submitted ballots; the same ballots always give the same result.
    Without details the results have the item's own title and no evidence
    (`add_details` adds them to the rows shown)."""
    items = _items(round_, details)
    ballot_groups = dict(
        db.session.execute(
            select(Ballot.id, RoundParticipant.group)
            .join(RoundParticipant, RoundParticipant.id == Ballot.participant_id)
            .where(Ballot.round_id == round_.id, Ballot.submitted.is_(True))
        ).all()
    )
    ballots_by_group = {str(g): 0 for g in GROUP_ORDER}
    for group in ballot_groups.values():
        ballots_by_group[group] = ballots_by_group.get(group, 0) + 1
    sums: dict[int, float] = {i.id: 0.0 for i in items}
    group_sums: dict[str, dict[int, float]] = defaultdict(
        lambda: {i.id: 0.0 for i in items}
    )
    # Sorted, so that float sums are added in the same order every time.
    for ballot_id, item_id, value in sorted(_ballot_values(round_)):
        if item_id in sums:
            sums[item_id] += value
            group_sums[ballot_groups[ballot_id]][item_id] += value
    comments: dict[int, list[tuple[str, str]]] = defaultdict(list)
    comment_rows = db.session.execute(
        select(BallotEntry.bundle_item_id, BallotEntry.comment, Ballot.id)
        .join(Ballot, Ballot.id == BallotEntry.ballot_id)
        .where(
            Ballot.round_id == round_.id,
            Ballot.submitted.is_(True),
            BallotEntry.comment.is_not(None),
        )
        .order_by(Ballot.id, BallotEntry.id)
    )
    for item_id, text, ballot_id in comment_rows:
        assert text is not None  # selected above
        comments[item_id].append((ballot_groups[ballot_id], text))
    total = len(ballot_groups)
    if round_.method == RoundMethod.CRITERIA:
        # A mean per participant: an item nobody scored stays 0.
        scores = {k: (v / total if total else 0.0) for k, v in sums.items()}
    else:
        scores = dict(sums)
    groups = [g for g in ballots_by_group if ballots_by_group[g]]
    by_group = {
        g: {k: v / ballots_by_group[g] for k, v in group_sums[g].items()}
        for g in groups
    }
    equal = {
        i.id: (sum(by_group[g][i.id] for g in groups) / len(groups) if groups else 0.0)
        for i in items
    }
    ranks, tied = competition_ranks(scores)
    equal_ranks, _equal_tied = competition_ranks(equal)
    group_ranks = {g: competition_ranks(by_group[g])[0] for g in groups}
    results = [
        ItemResult(
            bundle_item_id=i.id,
            reference=i.reference,
            title=i.title,
            position=i.position,
            evidence=i.evidence,
            score=round(scores[i.id], 4),
            rank=ranks[i.id],
            tied=i.id in tied,
            by_group={g: round(by_group[g][i.id], 4) for g in groups},
            by_group_rank={g: group_ranks[g][i.id] for g in groups},
            equal_weight_score=round(equal[i.id], 4),
            equal_weight_rank=equal_ranks[i.id],
            comments=comments.get(i.id, []),
        )
        for i in items
    ]
    results.sort(key=lambda r: (r.rank, r.position, r.bundle_item_id))
    return RoundResults(
        method=round_.method,
        formula=formula_for(round_),
        ballots_by_group=ballots_by_group,
        items=results,
        groups=groups,
    )


def place_label(rank: int, tied: bool) -> str:
    """'3e plaats', or 'gedeelde 3e plaats' for a tie."""
    if tied:
        return _("gedeelde %(n)de plaats", n=rank)
    return _("%(n)de plaats", n=rank)
