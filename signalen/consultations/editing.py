"""Changing what was made: the consultation and its parts (coordinator), a
remark (its author, while the consultation is open) and an answer (the city).

A part with remarks cannot be deleted (the remarks would go with it): only its
text can change. An answer the city changes keeps its earlier version (the old
row is marked superseded, the new one points to the first version), as the
city's answers to bundle items do. Services flush, never commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from signalen.audit.services import record_event
from signalen.consultations.models import (
    Consultation,
    ConsultationParticipant,
    ConsultationRemark,
    ConsultationSection,
    ConsultationStatus,
    RemarkAnswer,
)
from signalen.consultations.services import (
    BODY_MAX,
    NUMBER_MAX,
    REMARK_MAX,
    TITLE_MAX,
    _audit_accepted,
    _limited,
    _not_closed,
    _required,
    clean_answer,
    store_answer,
)
from signalen.errors import NotAllowed, SignalenError
from signalen.extensions import db
from signalen.textcheck import check_texts

# --- the consultation and its parts (coordinator) -----------------------------


def update_consultation(
    consultation: Consultation,
    actor: Any,
    *,
    title: str,
    introduction: str = "",
    opens_at: datetime,
    closes_at: datetime,
    now: datetime,
) -> Consultation:
    """Change the title, introduction or dates (not once it is closed)."""
    _not_closed(consultation)
    title = _required(title, "title", TITLE_MAX)
    introduction = _limited(introduction, "introduction", BODY_MAX)
    if consultation.status == ConsultationStatus.OPEN:
        opens_at = consultation.opens_at  # it opened already
    if closes_at <= opens_at:
        raise SignalenError(_("Het einde moet na het begin liggen."), field="closes_at")
    if closes_at <= now:
        raise SignalenError(_("Het einde ligt al in het verleden."), field="closes_at")
    check_texts({"title": title, "introduction": introduction})
    consultation.title = title
    consultation.introduction = introduction
    consultation.opens_at = opens_at
    consultation.closes_at = closes_at
    db.session.flush()
    record_event("consultation.updated", actor=actor, obj=consultation)
    return consultation


def has_remarks(section: ConsultationSection) -> bool:
    """Remarks on this part, or (for a chapter) on one of its actions."""
    if section.remarks:
        return True
    return any(
        s.remarks for s in section.consultation.sections if s.parent_id == section.id
    )


def update_section(
    section: ConsultationSection,
    actor: Any,
    *,
    title: str,
    number: str = "",
    body: str = "",
    accepted: Iterable[str] = (),
) -> ConsultationSection:
    """Change a part's number, title and text; allowed with remarks too."""
    consultation = section.consultation
    _not_closed(consultation)
    title = _required(title, "title", TITLE_MAX)
    number = _limited(number, "number", NUMBER_MAX)
    body = _limited(body, "body", BODY_MAX)
    kept = check_texts({"title": title, "body": body}, accepted)
    before = section.heading
    section.title, section.number, section.body = title, number, body
    db.session.flush()
    record_event(
        "consultation.section_updated",
        actor=actor,
        obj=consultation,
        details={"section": section.heading, "before": before},
    )
    _audit_accepted(kept, actor, consultation)
    return section


def delete_section(section: ConsultationSection, actor: Any) -> str:
    """Delete a part without remarks (a chapter with its actions); returns its
    heading."""
    consultation = section.consultation
    _not_closed(consultation)
    if has_remarks(section):
        raise NotAllowed(
            _(
                "%(part)s heeft al opmerkingen van deelnemers. Verwijderen zou "
                "die opmerkingen mee verwijderen, daarom kan het niet. Je kan "
                "de titel en de tekst nog wel aanpassen.",
                part=section.heading,
            )
        )
    remaining = [
        s
        for s in consultation.sections
        if s.id != section.id and s.parent_id != section.id
    ]
    if consultation.status == ConsultationStatus.OPEN and not remaining:
        raise NotAllowed(
            _("Een open inspraak heeft minstens één hoofdstuk of actie nodig.")
        )
    heading = section.heading
    for action in [s for s in consultation.sections if s.parent_id == section.id]:
        db.session.delete(action)
    db.session.delete(section)
    db.session.flush()
    db.session.expire(consultation, ["sections"])
    record_event(
        "consultation.section_deleted",
        actor=actor,
        obj=consultation,
        details={"section": heading},
    )
    return heading


# --- a remark (its author, while open) ------------------------------------------


def owns_remark(
    remark: ConsultationRemark, participant: ConsultationParticipant, author: Any
) -> bool:
    """A remark is one's own: the account that wrote it, or for a code the
    council's code (a remark written without an account)."""
    if remark.participant_id != participant.id:
        return False
    if author is None:
        return remark.author_id is None
    return remark.author_id == getattr(author, "id", None)


def _changeable(
    remark: ConsultationRemark, participant: ConsultationParticipant, author: Any
) -> None:
    if not owns_remark(remark, participant, author):
        raise NotAllowed(_("Je kan alleen je eigen opmerkingen aanpassen."))
    if participant.consultation.status != ConsultationStatus.OPEN:
        raise NotAllowed(
            _("De inspraak is niet meer open: opmerkingen kunnen niet meer veranderen.")
        )
    if remark.answers:
        raise NotAllowed(
            _(
                "De stad heeft deze opmerking al beantwoord, daarom kan ze niet "
                "meer veranderen."
            )
        )


def edit_remark(
    remark: ConsultationRemark,
    participant: ConsultationParticipant,
    *,
    text: str,
    author: Any,
    now: datetime,
    accepted: Iterable[str] = (),
) -> ConsultationRemark:
    """Change one's own remark while the consultation is open (checked again)."""
    _changeable(remark, participant, author)
    text = _required(text, "text", REMARK_MAX)
    kept = check_texts({"text": text}, accepted)
    remark.text = text
    db.session.flush()
    record_event(
        "consultation.remark_edited",
        actor=author,
        actor_label=None if author is not None else participant.source_code,
        obj=remark,
        details={"source_code": participant.source_code},
    )
    _audit_accepted(kept, author, remark)
    return remark


def delete_remark(
    remark: ConsultationRemark, participant: ConsultationParticipant, *, author: Any
) -> None:
    """Withdraw one's own remark while the consultation is open."""
    _changeable(remark, participant, author)
    record_event(
        "consultation.remark_deleted",
        actor=author,
        actor_label=None if author is not None else participant.source_code,
        obj=participant.consultation,
        details={
            "source_code": participant.source_code,
            "section": remark.section.heading,
        },
    )
    section = remark.section
    db.session.delete(remark)
    db.session.flush()
    db.session.expire(section, ["remarks"])


# --- an answer (the city) ---------------------------------------------------------


def edit_answer(
    answer: RemarkAnswer,
    actor: Any,
    *,
    answer_type: str,
    text: str,
    department: str = "",
    now: datetime,
    accepted: Iterable[str] = (),
) -> RemarkAnswer:
    """Change an answer: a new version; the earlier one stays in the history."""
    if answer.superseded_at is not None:
        raise NotAllowed(_("Dit antwoord werd intussen al aangepast."))
    text, department, kept = clean_answer(answer_type, text, department, accepted)
    answer.superseded_at = now
    version = store_answer(
        answer.remark,
        actor,
        answer_type,
        text,
        department,
        now,
        original_id=answer.original_id or answer.id,
    )
    record_event(
        "consultation.answer_edited",
        actor=actor,
        obj=answer.remark,
        details={"type": answer_type, "before": answer.answer_type},
    )
    _audit_accepted(kept, actor, answer.remark)
    return version


def answer_versions(answer: RemarkAnswer) -> list[RemarkAnswer]:
    """Every version of an answer, the first one first (the last is current)."""
    first = answer.original_id or answer.id
    return list(
        db.session.scalars(
            select(RemarkAnswer)
            .where((RemarkAnswer.id == first) | (RemarkAnswer.original_id == first))
            .order_by(RemarkAnswer.id)
        )
    )
