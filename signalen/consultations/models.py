"""Consultations on a draft policy text (inspraak): the text in chapters and
actions, the participants with their source codes, their remarks, the city's
answers and the links from remarks to structural signals."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from signalen.database import UTCDateTime, utcnow
from signalen.extensions import Model, db

if TYPE_CHECKING:
    from signalen.auth.models import User
    from signalen.coordination.models import StructuralSignal
    from signalen.organisations.models import Organisation


class ConsultationStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    ConsultationStatus.DRAFT: _l("In voorbereiding"),
    ConsultationStatus.OPEN: _l("Open voor opmerkingen"),
    ConsultationStatus.CLOSED: _l("Gesloten"),
}

#: How the city answers a remark (the "➢" lines of the appendix).
ANSWER_TYPES = {
    "overgenomen": _l("Overgenomen"),
    "deels_overgenomen": _l("Deels overgenomen"),
    "niet_overgenomen": _l("Niet overgenomen (met reden)"),
    "al_voorzien": _l("Al voorzien"),
    "doorgegeven": _l("Doorgegeven aan dienst"),
}


class Consultation(Model):
    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    introduction: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=ConsultationStatus.DRAFT)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Random per consultation; code hashes are HMAC(secret key, salt + code).
    code_salt: Mapped[str | None] = mapped_column(String(32))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    sections: Mapped[list[ConsultationSection]] = db.relationship(
        "ConsultationSection",
        back_populates="consultation",
        order_by="ConsultationSection.position",
    )
    participants: Mapped[list[ConsultationParticipant]] = db.relationship(
        "ConsultationParticipant",
        back_populates="consultation",
        order_by="ConsultationParticipant.source_code",
    )

    @property
    def status_label(self) -> str:
        return ConsultationStatus(self.status).label


class ConsultationSection(Model):
    """A chapter of the draft text (no parent) or an action within a chapter."""

    __tablename__ = "consultation_sections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_sections.id", ondelete="CASCADE")
    )
    number: Mapped[str] = mapped_column(String(20), default="")  # "2.3.3"
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")  # the draft text
    position: Mapped[int] = mapped_column(Integer, default=0)
    # The coordinator's "Signalen" paragraph: what the remarks say together.
    synthesis: Mapped[str] = mapped_column(Text, default="")
    synthesis_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    consultation: Mapped[Consultation] = db.relationship(
        "Consultation", back_populates="sections"
    )
    parent: Mapped[ConsultationSection | None] = db.relationship(
        "ConsultationSection", remote_side=[id]
    )
    remarks: Mapped[list[ConsultationRemark]] = db.relationship(
        "ConsultationRemark",
        back_populates="section",
        order_by="ConsultationRemark.id",
    )

    @property
    def is_action(self) -> bool:
        return self.parent_id is not None

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()


class ConsultationParticipant(Model):
    """An organisation or advisory council, by account or by a one-time code."""

    __tablename__ = "consultation_participants"
    __table_args__ = (
        UniqueConstraint("consultation_id", "source_code"),
        UniqueConstraint("consultation_id", "organisation_id"),
        UniqueConstraint("consultation_id", "code_hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    source_code: Mapped[str] = mapped_column(String(12))  # "JR", "SAPH"
    name: Mapped[str] = mapped_column(String(160))  # "Jeugdraad"
    # Accounts of this organisation speak for the participant...
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    # ... or whoever holds the code (only its HMAC is stored).
    code_hash: Mapped[str | None] = mapped_column(String(128))
    code_session: Mapped[str | None] = mapped_column(String(64))
    code_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    consultation: Mapped[Consultation] = db.relationship(
        "Consultation", back_populates="participants"
    )
    organisation: Mapped[Organisation | None] = db.relationship("Organisation")


class ConsultationRemark(Model):
    __tablename__ = "consultation_remarks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    section_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_sections.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_participants.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When the author last read the answers (the "Inspraak" badge).
    answers_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    section: Mapped[ConsultationSection] = db.relationship(
        "ConsultationSection", back_populates="remarks"
    )
    participant: Mapped[ConsultationParticipant] = db.relationship(
        "ConsultationParticipant"
    )
    author: Mapped[User | None] = db.relationship("User")
    # The current answers; an answer the city changed stays as an earlier
    # version (superseded_at set), see RemarkAnswer.
    answers: Mapped[list[RemarkAnswer]] = db.relationship(
        "RemarkAnswer",
        primaryjoin="and_(RemarkAnswer.remark_id == ConsultationRemark.id, "
        "RemarkAnswer.superseded_at.is_(None))",
        order_by=lambda: func.coalesce(RemarkAnswer.original_id, RemarkAnswer.id),
        viewonly=True,
    )
    links: Mapped[list[RemarkLink]] = db.relationship(
        "RemarkLink", back_populates="remark", order_by="RemarkLink.id"
    )


class RemarkAnswer(Model):
    """One "➢" answer of the city to a remark; answers are appended.

    Changing an answer appends a new version: the old row gets superseded_at
    and the new one points to the first version (original_id), so the history
    stays and the answer keeps its place among the remark's answers.
    """

    __tablename__ = "consultation_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    remark_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_remarks.id", ondelete="CASCADE"), index=True
    )
    answer_type: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    department: Mapped[str] = mapped_column(String(160), default="")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    original_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_answers.id", ondelete="CASCADE"), index=True
    )
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    remark: Mapped[ConsultationRemark] = db.relationship("ConsultationRemark")

    @property
    def type_label(self) -> str:
        return str(ANSWER_TYPES.get(self.answer_type, self.answer_type))


class RemarkLink(Model):
    """A remark counted with a structural signal (so it reaches the next bundle)."""

    __tablename__ = "consultation_remark_links"
    __table_args__ = (UniqueConstraint("remark_id", "structural_signal_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    remark_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_remarks.id", ondelete="CASCADE"), index=True
    )
    structural_signal_id: Mapped[int] = mapped_column(
        ForeignKey("structural_signals.id", ondelete="CASCADE"), index=True
    )
    linked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    remark: Mapped[ConsultationRemark] = db.relationship(
        "ConsultationRemark", back_populates="links"
    )
    structural_signal: Mapped[StructuralSignal] = db.relationship("StructuralSignal")
