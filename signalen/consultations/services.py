"""Consultations on a draft policy text: set up, open and close, remarks,
the coordinator's synthesis, the city's answers. Links to structural signals
are in links.py, what a participant reads in feedback.py, changing what was
made in editing.py.

Services take plain values and `now`, flush but never commit, and raise
SignalenError with the field it concerns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from signalen.audit.services import record_event
from signalen.consultations.models import (
    ANSWER_TYPES,
    Consultation,
    ConsultationParticipant,
    ConsultationRemark,
    ConsultationSection,
    ConsultationStatus,
    RemarkAnswer,
)
from signalen.consultations.outline import parse_outline
from signalen.errors import NotAllowed, SignalenError
from signalen.extensions import db
from signalen.textcheck import FieldFinding, check_texts

TITLE_MAX = 200
NAME_MAX = 160
NUMBER_MAX = 20
BODY_MAX = 15_000
REMARK_MAX = 5_000
SYNTHESIS_MAX = 8_000
ANSWER_MAX = 5_000
OUTLINE_MAX = 15_000
# "JR", "SAPH", "Ad-Rem", "100%": letters, digits, a dash or a percent sign.
SOURCE_CODE = re.compile(r"^[A-Za-z0-9%\-]{1,12}$")

ALLOWED_MOVES = {
    ConsultationStatus.DRAFT: {ConsultationStatus.OPEN},
    ConsultationStatus.OPEN: {ConsultationStatus.CLOSED},
    ConsultationStatus.CLOSED: set(),
}


def _required(value: str | None, field: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise SignalenError(_("Dit veld is verplicht."), field=field)
    return _limited(value, field, limit)


def _limited(value: str | None, field: str, limit: int) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise SignalenError(
            _("Maximaal %(n)d tekens.", n=limit),
            field=field,
        )
    return value


def _audit_accepted(accepted: list[FieldFinding], actor: Any, obj: Any) -> None:
    for item in accepted:  # where and what kind, never the value
        record_event(
            "privacy.not_personal",
            actor=actor,
            obj=obj,
            details={"field": item.field, "type": item.finding.type},
        )


def _not_closed(consultation: Consultation) -> None:
    if consultation.status == ConsultationStatus.CLOSED:
        raise NotAllowed(_("Deze inspraak is gesloten en kan niet meer veranderen."))


# --- setting up -------------------------------------------------------------


def create_consultation(
    actor: Any,
    *,
    title: str,
    introduction: str = "",
    opens_at: datetime,
    closes_at: datetime,
    now: datetime,
    outline: str = "",
    accepted: Iterable[str] = (),
) -> Consultation:
    """A coordinator starts a consultation (in preparation until it opens),
    with the chapters and actions of a pasted draft text if given."""
    title = _required(title, "title", TITLE_MAX)
    introduction = _limited(introduction, "introduction", BODY_MAX)
    if closes_at <= opens_at:
        raise SignalenError(_("Het einde moet na het begin liggen."), field="closes_at")
    if closes_at <= now:
        raise SignalenError(_("Het einde ligt al in het verleden."), field="closes_at")
    check_texts({"title": title, "introduction": introduction})
    consultation = Consultation(
        title=title,
        introduction=introduction,
        opens_at=opens_at,
        closes_at=closes_at,
        status=ConsultationStatus.DRAFT,
        created_by_id=getattr(actor, "id", None),
        created_at=now,
    )
    db.session.add(consultation)
    db.session.flush()
    record_event("consultation.created", actor=actor, obj=consultation)
    if (outline or "").strip():
        import_outline(consultation, actor, outline, accepted=accepted)
    return consultation


def add_section(
    consultation: Consultation,
    actor: Any,
    *,
    title: str,
    number: str = "",
    body: str = "",
    parent: ConsultationSection | None = None,
) -> ConsultationSection:
    """Add a chapter, or an action under a chapter, at the end of the text."""
    _not_closed(consultation)
    title = _required(title, "title", TITLE_MAX)
    number = _limited(number, "number", NUMBER_MAX)
    body = _limited(body, "body", BODY_MAX)
    if parent is not None and (
        parent.consultation_id != consultation.id or parent.parent_id is not None
    ):
        raise SignalenError(_("Kies een hoofdstuk van deze tekst."), field="parent")
    check_texts({"title": title, "body": body})
    return _insert_section(consultation, actor, title, number, body, parent)


def _insert_section(
    consultation: Consultation,
    actor: Any,
    title: str,
    number: str,
    body: str,
    parent: ConsultationSection | None,
) -> ConsultationSection:
    last = db.session.scalar(
        select(func.max(ConsultationSection.position)).where(
            ConsultationSection.consultation_id == consultation.id
        )
    )
    position = (last or 0) + 1
    if parent is not None:
        # An action goes right after its chapter's last action.
        siblings = [
            s.position
            for s in consultation.sections
            if s.id == parent.id or s.parent_id == parent.id
        ]
        position = max(siblings) + 1
        for later in consultation.sections:
            if later.position >= position:
                later.position += 1
    section = ConsultationSection(
        consultation=consultation,
        parent=parent,
        number=number,
        title=title,
        body=body,
        position=position,
    )
    db.session.add(section)
    db.session.flush()
    db.session.expire(consultation, ["sections"])
    record_event(
        "consultation.section_added",
        actor=actor,
        obj=consultation,
        details={"section": section.heading},
    )
    return section


def import_outline(
    consultation: Consultation,
    actor: Any,
    text: str,
    *,
    accepted: Iterable[str] = (),
) -> list[ConsultationSection]:
    """Add the chapters and actions of a pasted draft text (see outline.py) at
    the end; the whole text is checked for personal data at once."""
    _not_closed(consultation)
    text = _limited(text, "outline", OUTLINE_MAX)
    parts = parse_outline(text)
    if not parts:
        raise SignalenError(
            _("Plak de tekst met minstens één hoofdstuk."), field="outline"
        )
    kept = check_texts({"outline": text}, accepted)
    made: list[ConsultationSection] = []
    chapter: ConsultationSection | None = None
    for part in parts:
        body = _limited(part.body, "outline", BODY_MAX)
        parent = chapter if part.is_action else None
        section = _insert_section(
            consultation, actor, part.title, part.number, body, parent
        )
        if not part.is_action:
            chapter = section
        made.append(section)
    _audit_accepted(kept, actor, consultation)
    return made


def clean_source_code(code: str | None) -> str:
    code = (code or "").strip()
    if not SOURCE_CODE.match(code):
        raise SignalenError(
            _("Een korte code van letters of cijfers, bv. JR of SAPH."),
            field="source_code",
        )
    return code


def check_new_participant(
    consultation: Consultation, source_code: str, name: str
) -> tuple[str, str]:
    _not_closed(consultation)
    code = clean_source_code(source_code)
    name = _required(name, "name", NAME_MAX)
    if any(
        p.source_code.casefold() == code.casefold() for p in consultation.participants
    ):
        raise SignalenError(
            _("Deze code is al gebruikt in deze inspraak."), field="source_code"
        )
    return code, name


def add_account_participant(
    consultation: Consultation,
    actor: Any,
    *,
    organisation: Any,
    source_code: str,
    name: str = "",
) -> ConsultationParticipant:
    """An organisation takes part: its accounts give remarks in its name."""
    code, name = check_new_participant(
        consultation, source_code, name or organisation.name
    )
    if any(p.organisation_id == organisation.id for p in consultation.participants):
        raise SignalenError(_("Deze organisatie neemt al deel."), field="organisation")
    participant = ConsultationParticipant(
        consultation=consultation,
        source_code=code,
        name=name,
        organisation_id=organisation.id,
    )
    db.session.add(participant)
    db.session.flush()
    record_event(
        "consultation.participant_added",
        actor=actor,
        obj=consultation,
        details={"source_code": code, "name": name},
    )
    return participant


def transition(
    consultation: Consultation, to: ConsultationStatus, actor: Any, now: datetime
) -> Consultation:
    """Open or close, along the allowed moves; appended to the audit log."""
    current = ConsultationStatus(consultation.status)
    if to not in ALLOWED_MOVES[current]:
        raise NotAllowed(
            _(
                "Dit kan niet: de inspraak is %(status)s.",
                status=current.label.lower(),
            )
        )
    if to == ConsultationStatus.OPEN:
        if not any(True for _s in consultation.sections):
            raise NotAllowed(_("Voeg eerst minstens één hoofdstuk toe."))
        consultation.opened_at = now
    else:
        consultation.closed_at = now
    consultation.status = to
    db.session.flush()
    record_event(
        f"consultation.{'opened' if to == ConsultationStatus.OPEN else 'closed'}",
        actor=actor,
        actor_label=None if actor is not None else "planner",
        obj=consultation,
    )
    return consultation


def open_and_close_due(now: datetime) -> tuple[list[int], list[int]]:
    """Open what has reached its opening time, close what reached its end.

    Idempotent: a second run at the same moment changes nothing. A
    consultation without chapters stays in preparation.
    """
    opened: list[int] = []
    closed: list[int] = []
    due_open = db.session.scalars(
        select(Consultation)
        .where(
            Consultation.status == ConsultationStatus.DRAFT,
            Consultation.opens_at <= now,
            Consultation.closes_at > now,
            Consultation.sections.any(),
        )
        .order_by(Consultation.id)
    )
    for consultation in due_open:
        transition(consultation, ConsultationStatus.OPEN, None, now)
        opened.append(consultation.id)
    due_close = db.session.scalars(
        select(Consultation)
        .where(
            Consultation.status == ConsultationStatus.OPEN,
            Consultation.closes_at <= now,
        )
        .order_by(Consultation.id)
    )
    for consultation in due_close:
        transition(consultation, ConsultationStatus.CLOSED, None, now)
        closed.append(consultation.id)
    return opened, closed


# --- remarks, synthesis, answers ---------------------------------------------


def participant_for_user(
    consultation: Consultation, user: Any
) -> ConsultationParticipant | None:
    """The participant an account speaks for: its organisation's, if it takes part."""
    org_id = getattr(user, "organisation_id", None)
    if org_id is None:
        return None
    for participant in consultation.participants:
        if participant.organisation_id == org_id:
            return participant
    return None


def record_remark(
    participant: ConsultationParticipant,
    section: ConsultationSection,
    *,
    text: str,
    author: Any,
    now: datetime,
    accepted: Iterable[str] = (),
) -> ConsultationRemark:
    """A participant's remark on a chapter or action, checked for personal data."""
    consultation = participant.consultation
    if section.consultation_id != consultation.id:
        raise NotAllowed(_("Dit deel hoort niet bij deze inspraak."))
    if consultation.status != ConsultationStatus.OPEN:
        raise NotAllowed(_("Deze inspraak is niet open voor opmerkingen."))
    text = _required(text, "text", REMARK_MAX)
    kept = check_texts({"text": text}, accepted)
    remark = ConsultationRemark(
        consultation_id=consultation.id,
        section=section,
        participant=participant,
        author_id=getattr(author, "id", None),
        text=text,
        created_at=now,
    )
    db.session.add(remark)
    db.session.flush()
    actor_label = None if author is not None else participant.source_code
    record_event(
        "consultation.remark_added",
        actor=author,
        actor_label=actor_label,
        obj=remark,
        details={"source_code": participant.source_code, "section": section.heading},
    )
    _audit_accepted(kept, author, remark)
    return remark


def write_synthesis(
    section: ConsultationSection,
    actor: Any,
    *,
    text: str,
    now: datetime,
    accepted: Iterable[str] = (),
) -> ConsultationSection:
    """The coordinator's "Signalen" paragraph for a chapter or action."""
    text = _limited(text, "synthesis", SYNTHESIS_MAX)
    kept = check_texts({"synthesis": text}, accepted)
    section.synthesis = text
    section.synthesis_at = now
    db.session.flush()
    record_event(
        "consultation.synthesis_written",
        actor=actor,
        obj=section.consultation,
        details={"section": section.heading},
    )
    _audit_accepted(kept, actor, section.consultation)
    return section


def clean_answer(
    answer_type: str, text: str, department: str, accepted: Iterable[str]
) -> tuple[str, str, list[FieldFinding]]:
    """An answer's text and service, checked (also for personal data)."""
    if answer_type not in ANSWER_TYPES:
        raise SignalenError(_("Kies een soort antwoord."), field="answer_type")
    text = _required(text, "text", ANSWER_MAX)
    department = _limited(department, "department", NAME_MAX)
    if answer_type == "doorgegeven" and not department:
        raise SignalenError(
            _("Aan welke dienst werd het doorgegeven?"), field="department"
        )
    kept = check_texts({"text": text, "department": department}, accepted)
    return text, department, kept


def store_answer(
    remark: ConsultationRemark,
    actor: Any,
    answer_type: str,
    text: str,
    department: str,
    now: datetime,
    original_id: int | None = None,
) -> RemarkAnswer:
    """Append a checked answer row: a new answer, or a new version of one."""
    answer = RemarkAnswer(
        remark_id=remark.id,
        answer_type=answer_type,
        text=text,
        department=department,
        author_id=getattr(actor, "id", None),
        created_at=now,
        original_id=original_id,
    )
    db.session.add(answer)
    db.session.flush()
    db.session.expire(remark, ["answers"])
    return answer


def answer_remark(
    remark: ConsultationRemark,
    actor: Any,
    *,
    answer_type: str,
    text: str,
    department: str = "",
    now: datetime,
    accepted: Iterable[str] = (),
) -> RemarkAnswer:
    """The city's answer ("➢") to a remark; a second answer is added below."""
    text, department, kept = clean_answer(answer_type, text, department, accepted)
    answer = store_answer(remark, actor, answer_type, text, department, now)
    record_event(
        "consultation.answered",
        actor=actor,
        obj=remark,
        details={"type": answer_type},
    )
    _audit_accepted(kept, actor, remark)
    return answer
