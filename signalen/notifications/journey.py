"""A signal's whole journey, in one timeline, as its giver may see it.

Built from what is stored elsewhere (the signal's own events, its current
structural signal, the bundle items, the deciding round's choice and the
city's answers); nothing is copied. Bundles the user may not see are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from signalen.coordination.models import SignalLink
from signalen.extensions import db
from signalen.followup.models import Evaluation, EvaluationVerdict, FollowUpStep
from signalen.permissions import can_view_bundle
from signalen.prioritisation.decisions import items_with_decisions
from signalen.responses.models import RESPONSE_TYPES, CityResponse
from signalen.signals.models import Signal, SignalEventKind


@dataclass
class Step:
    at: datetime
    title: str
    text: str = ""
    actor: str = ""
    reference: str = ""
    kind: str = ""
    bundle_id: int | None = None
    item_id: int | None = None


def current_structural_ids(signal: Signal) -> list[int]:
    return list(
        db.session.scalars(
            select(SignalLink.structural_signal_id).where(
                SignalLink.signal_id == signal.id, SignalLink.unlinked_at.is_(None)
            )
        )
    )


def signal_journey(signal: Signal, user) -> list[Step]:
    """Every step of the signal's journey, oldest first."""
    rows = [
        (item, decision)
        for item, decision in items_with_decisions(current_structural_ids(signal))
        if can_view_bundle(user, item.bundle)
    ]
    shown = {item.structural_signal_id for item, _d in rows}
    steps: list[Step] = []
    for event in signal.events:
        if (
            event.kind == SignalEventKind.FEEDBACK.value
            and event.structural_signal_id in shown
        ):
            continue  # the answers and choices themselves are shown below
        structural = event.structural_signal
        steps.append(
            Step(
                at=event.at,
                title=event.kind_label,
                text=event.message or "",
                actor=event.actor.display_name if event.actor else "",
                reference=(
                    f"{structural.reference}, {structural.title}" if structural else ""
                ),
                kind=event.kind,
            )
        )
    answers: dict[int, list[CityResponse]] = {}
    if rows:
        for response in db.session.scalars(
            select(CityResponse)
            .where(CityResponse.bundle_item_id.in_([i.id for i, _d in rows]))
            .order_by(CityResponse.id)
        ):
            answers.setdefault(response.bundle_item_id, []).append(response)
    follow_up: dict[int, list[FollowUpStep]] = {}
    if rows:
        for follow in db.session.scalars(
            select(FollowUpStep)
            .where(FollowUpStep.bundle_item_id.in_([i.id for i, _d in rows]))
            .order_by(FollowUpStep.id)
        ):
            follow_up.setdefault(follow.bundle_item_id, []).append(follow)
    verdicts: dict[int, list[tuple[EvaluationVerdict, int]]] = {}
    if rows:
        for verdict, year in db.session.execute(
            select(EvaluationVerdict, Evaluation.year)
            .join(Evaluation, Evaluation.id == EvaluationVerdict.evaluation_id)
            .where(EvaluationVerdict.bundle_item_id.in_([i.id for i, _d in rows]))
            .order_by(EvaluationVerdict.id)
        ):
            verdicts.setdefault(verdict.bundle_item_id, []).append((verdict, year))
    for item, decision in rows:
        bundle = item.bundle
        steps.append(
            Step(
                at=bundle.closed_at or bundle.created_at,
                title=_(
                    "Opgenomen in %(bundle)s als %(ref)s",
                    bundle=bundle.title,
                    ref=item.reference,
                ),
                kind="bundle",
                bundle_id=bundle.id,
                item_id=item.id,
            )
        )
        if decision is not None:
            steps.append(
                Step(
                    at=decision.decided_at,
                    title=(
                        _("Gekozen als prioriteit %(n)d", n=decision.rank or 0)
                        if decision.chosen
                        else _("Niet gekozen als prioriteit")
                    ),
                    text=_("Waarom: %(reason)s", reason=decision.reason),
                    kind="priority",
                    bundle_id=bundle.id,
                    item_id=item.id,
                )
            )
        for response in answers.get(item.id, []):
            kind_label = RESPONSE_TYPES.get(response.response_type)
            steps.append(
                Step(
                    at=response.created_at,
                    title=_(
                        "Antwoord van de stad: %(kind)s",
                        kind=kind_label or response.response_type,
                    ),
                    text=response.text,
                    kind="answer",
                    bundle_id=bundle.id,
                    item_id=item.id,
                )
            )
        for follow in follow_up.get(item.id, []):
            steps.append(follow_up_step(follow, bundle.id, item.id))
        for verdict, year in verdicts.get(item.id, []):
            steps.append(
                Step(
                    at=verdict.created_at,
                    title=_(
                        "Evaluatie %(year)d: %(verdict)s",
                        year=year,
                        verdict=verdict.verdict_label,
                    ),
                    text=verdict.text,
                    kind="evaluation",
                    bundle_id=bundle.id,
                    item_id=item.id,
                )
            )
    steps.sort(key=lambda s: s.at)
    return steps


def follow_up_step(follow: FollowUpStep, bundle_id: int, item_id: int) -> Step:
    """One follow-up step of the city, as the giver reads it."""
    title = _("Opvolging van de stad")
    if follow.status:
        title = _(
            "Opvolging: %(status)s (%(p)d %%)",
            status=follow.status_label,
            p=follow.progress,
        )
    lines = []
    if follow.unchanged:
        lines.append(_("Ongewijzigd bevestigd."))
    if follow.route:
        lines.append(_("Route: %(r)s", r=follow.route_label))
    if follow.political_status:
        lines.append(_("Politieke stand: %(p)s", p=follow.political_label))
    if follow.promise:
        lines.append(_("Belofte: %(p)s", p=follow.promise))
    if follow.note:
        lines.append(follow.note)
    return Step(
        at=follow.created_at,
        title=title,
        text="\n".join(lines),
        kind="follow_up",
        bundle_id=bundle_id,
        item_id=item_id,
    )
