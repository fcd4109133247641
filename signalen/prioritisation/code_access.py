"""Participants without an account: personal codes and logging in with one."""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from signalen.audit.services import record_event
from signalen.auth.models import User
from signalen.errors import NotAllowed
from signalen.extensions import db
from signalen.prioritisation import codes, throttle
from signalen.prioritisation.ballots import ballot_of
from signalen.prioritisation.code_pages import holder_for
from signalen.prioritisation.errors import FieldErrors
from signalen.prioritisation.models import (
    ParticipantGroup,
    PrioritisationRound,
    RoundParticipant,
    RoundStatus,
)

CODES_MAX_PER_BATCH = 100
CODE_ACTOR_LABEL = "prioritering-code"  # the audit's actor for code tries


def _unique_code_hash(round_: PrioritisationRound) -> tuple[str, str]:
    secret = current_app.config["SECRET_KEY"]
    salt = round_.code_salt
    assert salt is not None  # a round has its salt before it has codes
    taken = {p.code_hash for p in round_.participants if p.code_hash}
    while True:
        code = codes.generate_code()
        raw = codes.normalise_code(code)
        assert raw is not None  # a generated code is a valid code
        digest = codes.hash_code(raw, salt, secret)
        if digest not in taken:
            return code, digest


def add_code_participants(
    round_: PrioritisationRound,
    count: int,
    actor: User,
    now: datetime,
    group: str = ParticipantGroup.EXPERIENCE,
) -> list[tuple[RoundParticipant, str]]:
    """Make `count` personal codes; returns (participant, code) — shown only once."""
    if round_.status == RoundStatus.CLOSED:
        raise NotAllowed(_("Deze ronde is afgesloten en kan niet meer veranderen."))
    if not 1 <= count <= CODES_MAX_PER_BATCH:
        raise FieldErrors(
            {"count": _("Kies tussen 1 en %(n)d codes.", n=CODES_MAX_PER_BATCH)}
        )
    if round_.code_salt is None:
        round_.code_salt = codes.new_salt()
    numbers = [
        int(p.code_label.split()[-1])
        for p in round_.participants
        if p.code_label and p.code_label.split()[-1].isdigit()
    ]
    start = max(numbers, default=0) + 1
    made = []
    for number in range(start, start + count):
        code, digest = _unique_code_hash(round_)
        participant = RoundParticipant(
            code_hash=digest, code_label=_("Code %(n)d", n=number), group=group
        )
        round_.participants.append(participant)
        made.append((participant, code))
    db.session.flush()
    record_event(
        "prioritisation.codes_added",
        actor=actor,
        obj=round_,
        details={"count": count, "labels": [p.code_label for p, _c in made]},
    )
    return made


def replace_code(
    participant: RoundParticipant, actor: User, now: datetime
) -> tuple[RoundParticipant, str]:
    """A lost code: give the same participant a new code; the old one stops working."""
    round_ = participant.round
    if round_.status == RoundStatus.CLOSED:
        raise NotAllowed(_("Deze ronde is afgesloten en kan niet meer veranderen."))
    if participant.code_hash is None:
        raise NotAllowed(_("Deze deelnemer heeft een account, geen code."))
    ballot = ballot_of(participant)
    if ballot is not None and ballot.submitted:
        raise NotAllowed(
            _("Met deze code is al gestemd; ze kan niet vervangen worden.")
        )
    code, digest = _unique_code_hash(round_)
    participant.code_hash = digest
    participant.code_session = None
    db.session.flush()
    record_event(
        "prioritisation.code_replaced",
        actor=actor,
        obj=participant,
        details={"round_id": round_.id, "label": participant.code_label},
    )
    return participant, code


def _find_code(raw: str) -> RoundParticipant | None:
    secret = current_app.config["SECRET_KEY"]
    rounds = db.session.scalars(
        select(PrioritisationRound).where(PrioritisationRound.code_salt.is_not(None))
    )
    for round_ in rounds:
        assert round_.code_salt is not None  # selected above
        digest = codes.hash_code(raw, round_.code_salt, secret)
        participant = db.session.scalar(
            select(RoundParticipant).where(
                RoundParticipant.round_id == round_.id,
                RoundParticipant.code_hash == digest,
            )
        )
        if participant is not None:
            return participant
    return None


@dataclass
class CodeLogin:
    """What a typed code gave: a participant and a session token, or a refusal."""

    participant: RoundParticipant | None = None
    token: str | None = None
    refusal: str | None = None


def _wait_message(until: datetime, now: datetime) -> str:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    return ngettext(
        "Te veel foute codes na elkaar. Wacht %(num)d minuut en probeer "
        "opnieuw, of vraag hulp aan je begeleider.",
        "Te veel foute codes na elkaar. Wacht %(num)d minuten en probeer "
        "opnieuw, of vraag hulp aan je begeleider.",
        minutes,
    )


def _rounds_taking_codes() -> list[int]:
    """Rounds a wrong code counts against: not closed, with code participants."""
    return list(
        db.session.scalars(
            select(PrioritisationRound.id)
            .where(
                PrioritisationRound.status != RoundStatus.CLOSED,
                PrioritisationRound.participants.any(
                    RoundParticipant.code_hash.is_not(None)
                ),
            )
            .order_by(PrioritisationRound.id)
        )
    )


def _count(scope: str, round_id: int | None, now: datetime) -> None:
    if throttle.count_failure(scope, round_id, now):
        record_event(
            "prioritisation.code_throttled",
            actor_label=CODE_ACTOR_LABEL,
            obj=db.session.get(PrioritisationRound, round_id) if round_id else None,
            details={
                "scope": scope,
                "until": (now + throttle.BLOCK_DELAY).isoformat(),
            },
        )


def _unknown_code(now: datetime) -> CodeLogin:
    round_ids = _rounds_taking_codes()
    scopes: list[tuple[str, int | None]] = [
        (throttle.round_scope(r), r) for r in round_ids
    ] or [(throttle.NO_ROUND_SCOPE, None)]
    for scope, round_id in scopes:
        _count(scope, round_id, now)  # a blocked scope is not counted
    until = throttle.blocked_until([s for s, _r in scopes], now)
    if until is not None:
        return CodeLogin(refusal=_wait_message(until, now))
    record_event("prioritisation.code_failed", actor_label=CODE_ACTOR_LABEL)
    return CodeLogin(
        refusal=_(
            "Deze code kennen we niet. Kijk de letters en cijfers na, "
            "bijvoorbeeld K7P-4QX-9MW."
        )
    )


def _refusal_for(participant: RoundParticipant) -> str | None:
    round_ = participant.round
    if round_.status == RoundStatus.DRAFT:
        return _("Deze ronde is nog niet open. Probeer later opnieuw.")
    if round_.status == RoundStatus.CLOSED:
        return _("Deze ronde is afgesloten. Stemmen kan niet meer.")
    ballot = ballot_of(participant)
    if ballot is not None and ballot.submitted:
        record_event(
            "prioritisation.code_reused",
            actor_label=participant.code_label,
            obj=participant,
        )
        return _(
            "Met deze code is al gestemd. Een code kan maar één keer gebruikt "
            "worden. Vraag je begeleider als er iets niet klopt."
        )
    return None


def login_with_code(text: str | None, now: datetime) -> CodeLogin:
    """Check a typed code; on success bind a new device-session token to it.

    The code keeps working until its ballot is submitted (so a partial ballot
    can be continued, also on another device: the newest login wins) or the
    round closes. A refusal is returned, not raised: the wrong try it records
    must be committed, as it counts toward the limits of throttle.py.
    """
    raw = codes.normalise_code(text)
    participant = _find_code(raw) if raw else None
    if participant is None:
        return _unknown_code(now)
    round_id = participant.round_id
    own = throttle.code_scope(participant.id)
    until = throttle.blocked_until([throttle.round_scope(round_id), own], now)
    if until is not None:  # also a right code: a block tells a guesser nothing
        return CodeLogin(refusal=_wait_message(until, now))
    refusal = _refusal_for(participant)
    if refusal is not None:
        _count(own, round_id, now)
        until = throttle.blocked_until([own], now)
        return CodeLogin(refusal=_wait_message(until, now) if until else refusal)
    token = secrets.token_hex(16)
    participant.code_session = token
    if participant.code_used_at is None:
        participant.code_used_at = now
    record_event(
        "prioritisation.code_login",
        actor_label=participant.code_label,
        obj=participant,
        details={"round_id": round_id},
    )
    db.session.flush()
    return CodeLogin(participant=participant, token=token)


def lift_code_block(round_: PrioritisationRound, actor: User, now: datetime) -> int:
    """A coordinator lets the round's code holders try again at once (audited)."""
    lifted = throttle.lift_blocks(now, round_id=round_.id)
    record_event(
        "prioritisation.code_block_lifted",
        actor=actor,
        obj=round_,
        details={"blocks": lifted},
    )
    return lifted


def code_block_until(round_: PrioritisationRound, now: datetime) -> datetime | None:
    """Until when code logins of this round are blocked (the round as a whole)."""
    return throttle.blocked_until([throttle.round_scope(round_.id)], now)


def blocked_code_count(round_: PrioritisationRound, now: datetime) -> int:
    """How many single codes of this round are blocked right now."""
    whole = throttle.round_scope(round_.id)
    return sum(
        1
        for row in throttle.running_blocks(now, round_id=round_.id)
        if row.scope != whole
    )


def participant_from_code_session(
    participant_id: int | None, token: str | None
) -> RoundParticipant | None:
    """The code participant bound to this browser session, if still valid."""
    return holder_for(RoundParticipant, participant_id, token)
