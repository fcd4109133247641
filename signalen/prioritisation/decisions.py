"""The final choice: people decide, with a reason per item; decisions are appended."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from signalen.audit.services import record_event
from signalen.auth.models import User
from signalen.bundles.models import Bundle
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
    item_ids = {i.id for i in round_.bundle.items}
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
    return db.session.scalar(
        select(PrioritisationRound)
        .where(
            PrioritisationRound.bundle_id == bundle.id,
            PrioritisationRound.status == RoundStatus.CLOSED,
        )
        .order_by(PrioritisationRound.closed_at.desc(), PrioritisationRound.id.desc())
        .limit(1)
    )


def final_choice(bundle: Bundle) -> list[PriorityDecision]:
    """The latest decision per item of the bundle's latest closed round.

    Chosen items first, ordered by rank; then the items not chosen, in bundle
    order. Empty when there is no closed round or no decision yet.
    """
    round_ = latest_closed_round(bundle)
    if round_ is None:
        return []
    positions = {i.id: i.position for i in bundle.items}
    decisions = list(latest_decisions(round_).values())
    chosen = sorted(
        (d for d in decisions if d.chosen), key=lambda d: (d.rank or 0, d.id)
    )
    other = sorted(
        (d for d in decisions if not d.chosen),
        key=lambda d: (positions.get(d.bundle_item_id, 0), d.id),
    )
    return chosen + other
