"""The final choice: people decide, with a reason per item; decisions are appended."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from signalen.audit.services import record_event
from signalen.auth.models import User
from signalen.bundles.models import Bundle, BundleItem
from signalen.errors import NotAllowed, SignalenError
from signalen.extensions import db
from signalen.prioritisation.errors import FieldErrors
from signalen.prioritisation.models import (
    PrioritisationRound,
    PriorityDecision,
    RoundStatus,
)
from signalen.textcheck import check_texts

REASON_MAX = 2000


# --- the final choice -----------------------------------------------------


@dataclass
class DecisionInput:
    chosen: bool
    rank: int | None
    reason: str


def latest_decisions(round_: PrioritisationRound) -> dict[int, PriorityDecision]:
    """The latest decision per bundle item of this round (decisions are appended)."""
    latest: dict[int, PriorityDecision] = {}
    rows = db.session.scalars(
        select(PriorityDecision)
        .where(PriorityDecision.round_id == round_.id)
        .order_by(PriorityDecision.id)
    )
    for decision in rows:
        latest[decision.bundle_item_id] = decision
    return latest


def record_decisions(
    round_: PrioritisationRound,
    decisions: dict[int, DecisionInput],
    actor: User,
    now: datetime,
    accepted_findings: list[str] | tuple = (),
) -> int:
    """Record the final choice: chosen or not, a rank, and always a reason.

    Items left out stay undecided. Only changed decisions are appended.
    Returns the number of new decision rows.
    """
    if round_.status != RoundStatus.CLOSED:
        raise NotAllowed(_("De keuze maak je na het sluiten van de ronde."))
    item_ids = set(  # ids only: a bundle can hold thousands of items
        db.session.scalars(
            select(BundleItem.id).where(BundleItem.bundle_id == round_.bundle_id)
        )
    )
    if set(decisions) - item_ids:
        raise SignalenError(_("Dit signaal hoort niet bij deze ronde."))
    errors: dict[str, str] = {}
    ranks: dict[int, int] = {}
    for item_id, d in decisions.items():
        if not (d.reason or "").strip():
            errors[f"reason-{item_id}"] = _(
                "Schrijf kort waarom: de score adviseert, mensen beslissen."
            )
        elif len(d.reason) > REASON_MAX:
            errors[f"reason-{item_id}"] = _("Maximaal %(n)d tekens.", n=REASON_MAX)
        if d.chosen:
            if d.rank is None or d.rank < 1:
                errors[f"rank-{item_id}"] = _("Geef een plaats (1, 2, 3 …).")
            elif d.rank in ranks:
                errors[f"rank-{item_id}"] = _(
                    "Plaats %(r)d gaf je al aan een ander signaal.", r=d.rank
                )
            else:
                ranks[d.rank] = item_id
    if errors:
        raise FieldErrors(errors)
    check_texts(
        {f"reason-{k}": d.reason for k, d in decisions.items()}, accepted_findings
    )
    latest = latest_decisions(round_)
    added = 0
    for item_id, d in sorted(decisions.items()):
        rank = d.rank if d.chosen else None
        reason = d.reason.strip()
        old = latest.get(item_id)
        if old and (old.chosen, old.rank, old.reason) == (d.chosen, rank, reason):
            continue
        db.session.add(
            PriorityDecision(
                round_id=round_.id,
                bundle_item_id=item_id,
                chosen=d.chosen,
                rank=rank,
                reason=reason,
                decided_by_id=actor.id,
                decided_at=now,
            )
        )
        added += 1
    db.session.flush()
    record_event(
        "prioritisation.decisions_recorded",
        actor=actor,
        obj=round_,
        details={
            "changed": added,
            "chosen": [ranks[r] for r in sorted(ranks)],
        },
    )
    return added


def latest_closed_round(bundle: Bundle) -> PrioritisationRound | None:
    """The round that closed last (a suggestion for the deciding round only)."""
    return db.session.scalar(
        select(PrioritisationRound)
        .where(
            PrioritisationRound.bundle_id == bundle.id,
            PrioritisationRound.status == RoundStatus.CLOSED,
        )
        .order_by(PrioritisationRound.closed_at.desc(), PrioritisationRound.id.desc())
        .limit(1)
    )


# --- the deciding round -----------------------------------------------------


def deciding_round(bundle: Bundle) -> PrioritisationRound | None:
    """The round a coordinator marked as deciding for the bundle, if any."""
    return db.session.scalar(
        select(PrioritisationRound).where(
            PrioritisationRound.bundle_id == bundle.id,
            PrioritisationRound.is_deciding.is_(True),
        )
    )


def mark_deciding_round(
    round_: PrioritisationRound, actor: User, now: datetime
) -> PrioritisationRound | None:
    """Make this closed round the bundle's deciding round.

    Another deciding round of the same bundle loses the mark (it is returned).
    Marking the round that already decides changes nothing.
    """
    if round_.status != RoundStatus.CLOSED:
        raise NotAllowed(_("Alleen een gesloten ronde kan de beslissende ronde zijn."))
    previous = deciding_round(round_.bundle)
    if previous is not None and previous.id == round_.id:
        return None
    if previous is not None:
        previous.is_deciding = False
        db.session.flush()  # the partial unique index allows one at a time
    round_.is_deciding = True
    db.session.flush()
    record_event(
        "prioritisation.deciding_round_marked",
        actor=actor,
        obj=round_,
        details={
            "bundle_id": round_.bundle_id,
            "previous_round_id": previous.id if previous is not None else None,
            "at": now.isoformat(),
        },
    )
    return previous


def final_choice(bundle: Bundle) -> list[PriorityDecision]:
    """The latest decision per item of the bundle's deciding round.

    Chosen items first, ordered by rank; then the items not chosen, in bundle
    order. Empty when no round is marked as deciding or it has no decision:
    a round that merely closed last never counts as the bundle's choice.
    """
    round_ = deciding_round(bundle)
    if round_ is None:
        return []
    decisions = list(latest_decisions(round_).values())
    positions = dict(
        db.session.execute(
            select(BundleItem.id, BundleItem.position).where(
                BundleItem.id.in_([d.bundle_item_id for d in decisions])
            )
        ).all()
    )
    chosen = sorted(
        (d for d in decisions if d.chosen), key=lambda d: (d.rank or 0, d.id)
    )
    other = sorted(
        (d for d in decisions if not d.chosen),
        key=lambda d: (positions.get(d.bundle_item_id, 0), d.id),
    )
    return chosen + other


def decisions_for_items(item_ids: Iterable[int]) -> dict[int, PriorityDecision]:
    """The deciding round's latest decision per bundle item (one query).

    Items whose bundle has no deciding round, or no decision on them, are
    left out.
    """
    ids = sorted(set(item_ids))
    found: dict[int, PriorityDecision] = {}
    for start in range(0, len(ids), 500):
        rows = db.session.scalars(
            select(PriorityDecision)
            .join(
                PrioritisationRound,
                PrioritisationRound.id == PriorityDecision.round_id,
            )
            .where(
                PrioritisationRound.is_deciding.is_(True),
                PriorityDecision.bundle_item_id.in_(ids[start : start + 500]),
            )
            .order_by(PriorityDecision.id)
        )
        for decision in rows:
            found[decision.bundle_item_id] = decision
    return found


def items_with_decisions(
    structural_ids: Iterable[int],
) -> list[tuple[BundleItem, PriorityDecision | None]]:
    """Every bundle item of these structural signals, oldest bundle first,
    with the deciding round's decision on it (None: not decided)."""
    ids = sorted(set(structural_ids))
    if not ids:
        return []
    items = list(
        db.session.scalars(
            select(BundleItem)
            .join(Bundle, Bundle.id == BundleItem.bundle_id)
            .where(BundleItem.structural_signal_id.in_(ids))
            .order_by(Bundle.period_start, BundleItem.position, BundleItem.id)
        )
    )
    decisions = decisions_for_items(i.id for i in items)
    return [(item, decisions.get(item.id)) for item in items]
