"""Ballots: what a participant gives each item, checked against the round's rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from signalen.audit.services import record_event
from signalen.auth.models import User
from signalen.bundles.models import BundleItem
from signalen.errors import NotAllowed, SignalenError
from signalen.extensions import db
from signalen.prioritisation.errors import FieldErrors
from signalen.prioritisation.models import (
    Ballot,
    BallotEntry,
    BallotScore,
    PrioritisationRound,
    RoundMethod,
    RoundParticipant,
    RoundStatus,
)
from signalen.textcheck import check_texts

COMMENT_MAX = 500
SCORE_MIN, SCORE_MAX = 1, 5


def ballot_of(participant: RoundParticipant) -> Ballot | None:
    if participant.id is None:
        return None
    return db.session.scalar(
        select(Ballot).where(Ballot.participant_id == participant.id)
    )


def submitted_ballot_count(round_: PrioritisationRound) -> int:
    return db.session.execute(
        select(func.count())
        .select_from(Ballot)
        .where(Ballot.round_id == round_.id, Ballot.submitted.is_(True))
    ).scalar_one()


# --- ballots ---------------------------------------------------------------


@dataclass
class EntryInput:
    points: int | None = None
    rank: int | None = None
    scores: dict[int, int] = field(default_factory=dict)  # criterion id → 1..5
    comment: str | None = None

    def is_empty(self) -> bool:
        return not (self.points or self.rank or self.scores or self.comment)


def ballot_state(ballot: Ballot | None) -> dict[int, EntryInput]:
    """The stored ballot as input values (for the form and for diffs)."""
    if ballot is None:
        return {}
    return {
        e.bundle_item_id: EntryInput(
            points=e.points,
            rank=e.rank,
            scores={s.criterion_id: s.score for s in e.scores},
            comment=e.comment,
        )
        for e in ballot.entries
    }


def voting_is_open(round_: PrioritisationRound, now: datetime) -> bool:
    return round_.status == RoundStatus.OPEN and round_.closes_at > now


def _validate_entries(
    round_: PrioritisationRound, entries: dict[int, EntryInput], submit: bool
) -> None:
    errors: dict[str, str] = {}
    items = set(  # ids only: a bundle can hold thousands of items
        db.session.scalars(
            select(BundleItem.id).where(BundleItem.bundle_id == round_.bundle_id)
        )
    )
    unknown = set(entries) - items
    if unknown:
        raise SignalenError(_("Dit signaal hoort niet bij deze ronde."))
    for item_id, entry in entries.items():
        if entry.comment and len(entry.comment) > COMMENT_MAX:
            errors[f"comment-{item_id}"] = _("Maximaal %(n)d tekens.", n=COMMENT_MAX)
    if round_.method == RoundMethod.POINTS:
        total = 0
        for item_id, entry in entries.items():
            points = entry.points or 0
            if points < 0:
                errors[f"points-{item_id}"] = _("Geef 0 of meer punten.")
            elif points > round_.points_max_per_item:
                errors[f"points-{item_id}"] = ngettext(
                    "Maximaal %(num)d punt per signaal.",
                    "Maximaal %(num)d punten per signaal.",
                    round_.points_max_per_item,
                )
            total += max(points, 0)
        if total > round_.points_total:
            errors["ballot"] = _(
                "Je gaf %(given)d punten, maar je hebt er %(n)d. Haal er %(over)d weg.",
                given=total,
                n=round_.points_total,
                over=total - round_.points_total,
            )
        elif submit and total < round_.points_total:
            errors["ballot"] = _(
                "Je hebt nog %(left)d punten over. Verdeel al je punten en dien "
                "dan in, of bewaar om later verder te doen.",
                left=round_.points_total - total,
            )
    elif round_.method == RoundMethod.PICK:
        needed = min(round_.pick_count, len(items))
        seen: dict[int, int] = {}
        for item_id, entry in entries.items():
            if entry.rank is None:
                continue
            if not 1 <= entry.rank <= needed:
                errors[f"rank-{item_id}"] = _(
                    "Kies een plaats van 1 tot %(n)d.", n=needed
                )
            elif entry.rank in seen:
                errors[f"rank-{item_id}"] = _(
                    "Plaats %(r)d gaf je al aan een ander signaal.", r=entry.rank
                )
            else:
                seen[entry.rank] = item_id
        if submit and not errors and len(seen) < needed:
            errors["ballot"] = _(
                "Kies je %(n)d belangrijkste signalen (plaats 1 tot %(n)d). "
                "Je koos er %(k)d.",
                n=needed,
                k=len(seen),
            )
    else:
        criteria = {c.id for c in round_.criteria}
        missing = False
        for item_id in items:
            entry = entries.get(item_id) or EntryInput()
            for crit_id, score in entry.scores.items():
                if crit_id not in criteria:
                    raise SignalenError(_("Dit criterium hoort niet bij deze ronde."))
                if not SCORE_MIN <= score <= SCORE_MAX:
                    errors[f"score-{item_id}-{crit_id}"] = _(
                        "Geef een score van 1 tot 5."
                    )
            if set(entry.scores) != criteria:
                missing = True
        if submit and missing and not errors:
            errors["ballot"] = _(
                "Geef elk signaal een score op elk criterium voor je indient, "
                "of bewaar om later verder te doen."
            )
    if errors:
        raise FieldErrors(errors)


def _diff(
    before: dict[int, EntryInput], after: dict[int, EntryInput]
) -> dict[str, dict]:
    """What changed per item (comment text left out: only whether it changed)."""
    diff: dict[str, dict] = {}
    for item_id in sorted(set(before) | set(after)):
        old = before.get(item_id) or EntryInput()
        new = after.get(item_id) or EntryInput()
        change: dict = {}
        if (old.points or None) != (new.points or None):
            change["points"] = [old.points, new.points]
        if old.rank != new.rank:
            change["rank"] = [old.rank, new.rank]
        if old.scores != new.scores:
            change["scores"] = [
                {str(k): v for k, v in sorted(old.scores.items())},
                {str(k): v for k, v in sorted(new.scores.items())},
            ]
        if (old.comment or "") != (new.comment or ""):
            change["comment_changed"] = True
        if change:
            diff[str(item_id)] = change
    return diff


def save_ballot(
    participant: RoundParticipant,
    entries: dict[int, EntryInput],
    *,
    submit: bool,
    now: datetime,
    actor: User | None = None,
    accepted_findings: list[str] | tuple = (),
) -> Ballot:
    """Save (or submit) a participant's ballot; the server checks every rule.

    A submitted ballot stays submitted: a later change must be complete too.
    Only submitted ballots count in the results.
    """
    round_ = participant.round
    if not voting_is_open(round_, now):
        if round_.status == RoundStatus.DRAFT:
            raise NotAllowed(_("Deze ronde is nog niet open."))
        raise NotAllowed(
            _("Deze ronde is afgesloten. Je stem kan niet meer veranderen.")
        )
    ballot = ballot_of(participant)
    if ballot is not None and ballot.submitted:
        submit = True
    entries = {
        item_id: EntryInput(
            points=e.points if e.points else None,
            rank=e.rank,
            scores=dict(e.scores),
            comment=(e.comment or "").strip() or None,
        )
        for item_id, e in entries.items()
    }
    entries = {k: v for k, v in entries.items() if not v.is_empty()}
    _validate_entries(round_, entries, submit)
    check_texts(
        {f"comment-{k}": v.comment for k, v in entries.items() if v.comment},
        accepted_findings,
    )
    before = ballot_state(ballot)
    if ballot is None:
        ballot = Ballot(round_id=round_.id, participant=participant, updated_at=now)
        db.session.add(ballot)
    by_item = {e.bundle_item_id: e for e in ballot.entries}
    for item_id, old in by_item.items():
        if item_id not in entries:
            ballot.entries.remove(old)
    for item_id, value in entries.items():
        entry = by_item.get(item_id)
        if entry is None:
            entry = BallotEntry(bundle_item_id=item_id)
            ballot.entries.append(entry)
        entry.points = value.points
        entry.rank = value.rank
        entry.comment = value.comment
        scores = {s.criterion_id: s for s in entry.scores}
        for crit_id, score_row in scores.items():
            if crit_id not in value.scores:
                entry.scores.remove(score_row)
        for crit_id, score in value.scores.items():
            if crit_id in scores:
                scores[crit_id].score = score
            else:
                entry.scores.append(BallotScore(criterion_id=crit_id, score=score))
    was_submitted = bool(ballot.submitted)
    ballot.submitted = submit
    ballot.updated_at = now
    try:
        db.session.flush()
    except StaleDataError:  # the same code or account saved in another tab
        raise FieldErrors(
            {"ballot": _("Je stem werd intussen elders aangepast.")}
        ) from None
    record_event(
        "prioritisation.ballot_submitted" if submit else "prioritisation.ballot_saved",
        actor=actor,
        actor_label=None if actor else participant.code_label,
        obj=ballot,
        details={
            "round_id": round_.id,
            "participant_id": participant.id,
            "submitted": submit,
            "was_submitted": was_submitted,
            "changes": _diff(before, entries),
        },
    )
    return ballot
