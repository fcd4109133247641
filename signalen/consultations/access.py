"""Taking part without an account: a one-time code per advisory council.

The codes are those of the prioritisation rounds (signalen.prioritisation.codes:
readable alphabet, only an HMAC stored with a per-consultation salt) and wrong
codes are counted by the same throttle (signalen.prioritisation.throttle),
under a scope of their own per consultation (a coordinator can lift a block
from the participants page). A code works from the moment the
consultation opens until it closes, so a council can send several remarks;
after closing it still shows the council's remarks and the city's answers.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from signalen.audit.services import record_event
from signalen.consultations.models import (
    Consultation,
    ConsultationParticipant,
    ConsultationStatus,
)
from signalen.consultations.services import check_new_participant
from signalen.errors import NotAllowed
from signalen.extensions import db
from signalen.prioritisation import codes, throttle
from signalen.prioritisation.code_pages import holder_for

CODE_ACTOR_LABEL = "inspraak-code"
NO_CONSULTATION_SCOPE = "consultations:none"


def consultation_scope(consultation_id: int) -> str:
    return f"consultation:{consultation_id}"


def _new_code(consultation: Consultation) -> tuple[str, str]:
    secret = current_app.config["SECRET_KEY"]
    if consultation.code_salt is None:
        consultation.code_salt = codes.new_salt()
    taken = {p.code_hash for p in consultation.participants if p.code_hash}
    while True:
        code = codes.generate_code()
        raw = codes.normalise_code(code)
        assert raw is not None  # a generated code is a valid code
        digest = codes.hash_code(raw, consultation.code_salt, secret)
        if digest not in taken:
            return code, digest


def add_code_participant(
    consultation: Consultation, actor: Any, *, source_code: str, name: str
) -> tuple[ConsultationParticipant, str]:
    """A council without an account: returns the code, shown only once."""
    code_name, name = check_new_participant(consultation, source_code, name)
    code, digest = _new_code(consultation)
    participant = ConsultationParticipant(
        consultation=consultation, source_code=code_name, name=name, code_hash=digest
    )
    db.session.add(participant)
    db.session.flush()
    record_event(
        "consultation.code_added",
        actor=actor,
        obj=consultation,
        details={"source_code": code_name, "name": name},
    )
    return participant, code


def replace_code(
    participant: ConsultationParticipant, actor: Any
) -> tuple[ConsultationParticipant, str]:
    """A lost code: a new one for the same council; the old one stops working."""
    if participant.code_hash is None:
        raise NotAllowed(
            _("Deze deelnemer neemt deel met een account, niet met een code.")
        )
    code, digest = _new_code(participant.consultation)
    participant.code_hash = digest
    participant.code_session = None
    db.session.flush()
    record_event(
        "consultation.code_replaced",
        actor=actor,
        obj=participant.consultation,
        details={"source_code": participant.source_code},
    )
    return participant, code


@dataclass
class CodeLogin:
    participant: ConsultationParticipant | None = None
    token: str | None = None
    refusal: str | None = None


def _wait_message(until: datetime, now: datetime) -> str:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    return ngettext(
        "Te veel foute codes na elkaar. Wacht %(num)d minuut en probeer opnieuw.",
        "Te veel foute codes na elkaar. Wacht %(num)d minuten en probeer opnieuw.",
        minutes,
    )


def _find(raw: str) -> ConsultationParticipant | None:
    secret = current_app.config["SECRET_KEY"]
    for consultation in db.session.scalars(
        select(Consultation).where(Consultation.code_salt.is_not(None))
    ):
        assert consultation.code_salt is not None  # selected above
        digest = codes.hash_code(raw, consultation.code_salt, secret)
        found = db.session.scalar(
            select(ConsultationParticipant).where(
                ConsultationParticipant.consultation_id == consultation.id,
                ConsultationParticipant.code_hash == digest,
            )
        )
        if found is not None:
            return found
    return None


def _scopes_taking_codes() -> list[str]:
    ids = db.session.scalars(
        select(Consultation.id)
        .where(
            Consultation.status == ConsultationStatus.OPEN,
            Consultation.participants.any(
                ConsultationParticipant.code_hash.is_not(None)
            ),
        )
        .order_by(Consultation.id)
    )
    return [consultation_scope(i) for i in ids] or [NO_CONSULTATION_SCOPE]


def login_with_code(text: str | None, now: datetime) -> CodeLogin:
    """Check a typed code; on success bind a new browser-session token to it.

    A refusal is returned, not raised: the wrong try it records must be
    committed, as it counts toward the limit of the throttle.
    """
    raw = codes.normalise_code(text)
    participant = _find(raw) if raw else None
    if participant is None:
        scopes = _scopes_taking_codes()
        for scope in scopes:
            if throttle.count_failure(scope, None, now):
                record_event(
                    "consultation.code_throttled",
                    actor_label=CODE_ACTOR_LABEL,
                    details={"scope": scope},
                )
        until = throttle.blocked_until(scopes, now)
        if until is not None:
            return CodeLogin(refusal=_wait_message(until, now))
        record_event("consultation.code_failed", actor_label=CODE_ACTOR_LABEL)
        return CodeLogin(
            refusal=_(
                "Deze code kennen we niet. Kijk de letters en cijfers na, "
                "bijvoorbeeld K7P-4QX-9MW."
            )
        )
    until = throttle.blocked_until(
        [consultation_scope(participant.consultation_id)], now
    )
    if until is not None:  # also a right code: a block tells a guesser nothing
        return CodeLogin(refusal=_wait_message(until, now))
    if participant.consultation.status == ConsultationStatus.DRAFT:
        return CodeLogin(
            refusal=_("Deze inspraak is nog niet open. Probeer later opnieuw.")
        )
    token = secrets.token_hex(16)
    participant.code_session = token
    if participant.code_used_at is None:
        participant.code_used_at = now
    record_event(
        "consultation.code_login",
        actor_label=participant.source_code,
        obj=participant.consultation,
    )
    db.session.flush()
    return CodeLogin(participant=participant, token=token)


def lift_code_block(consultation: Consultation, actor: Any, now: datetime) -> int:
    """A coordinator lets the councils try their codes again at once (audited)."""
    lifted = throttle.lift_blocks(now, scopes=[consultation_scope(consultation.id)])
    record_event(
        "consultation.code_block_lifted",
        actor=actor,
        obj=consultation,
        details={"blocks": lifted},
    )
    return lifted


def code_block_until(consultation: Consultation, now: datetime) -> datetime | None:
    """Until when code logins for this consultation are blocked, if they are."""
    return throttle.blocked_until([consultation_scope(consultation.id)], now)


def participant_from_session(
    participant_id: int | None, token: str | None
) -> ConsultationParticipant | None:
    """The code holder bound to this browser session, if still valid."""
    return holder_for(ConsultationParticipant, participant_id, token)
