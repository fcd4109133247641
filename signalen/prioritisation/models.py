"""Prioritisation rounds on a bundle: participants, ballots and the decision."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy import text as sa_text
from sqlalchemy.orm import Mapped, mapped_column

from signalen.database import UTCDateTime, utcnow
from signalen.extensions import Model, db

if TYPE_CHECKING:
    from signalen.auth.models import User
    from signalen.bundles.models import Bundle, BundleItem


class RoundMethod(enum.StrEnum):
    POINTS = "points"
    PICK = "pick"
    CRITERIA = "criteria"

    @property
    def label(self) -> str:
        return str(ROUND_METHOD_LABELS[self])


ROUND_METHOD_LABELS = {
    RoundMethod.POINTS: _l("Punten verdelen"),
    RoundMethod.PICK: _l("Kies je belangrijkste signalen"),
    RoundMethod.CRITERIA: _l("Score op criteria"),
}


class RoundStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class ParticipantGroup(enum.StrEnum):
    CIVIL_SOCIETY = "middenveld"
    CITY = "stad"
    EXPERIENCE = "ervaringsdeskundige"


class PrioritisationRound(Model):
    __tablename__ = "prioritisation_rounds"
    __table_args__ = (
        # At most one deciding round per bundle: its choice is *the* choice.
        Index(
            "uq_prioritisation_rounds_deciding",
            "bundle_id",
            unique=True,
            sqlite_where=sa_text("is_deciding"),
            postgresql_where=sa_text("is_deciding"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bundle_id: Mapped[int] = mapped_column(ForeignKey("bundles.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    explanation: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[str] = mapped_column(String(20), default=RoundMethod.POINTS)
    status: Mapped[str] = mapped_column(String(20), default=RoundStatus.DRAFT)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    points_total: Mapped[int] = mapped_column(Integer, default=10)
    points_max_per_item: Mapped[int] = mapped_column(Integer, default=3)
    pick_count: Mapped[int] = mapped_column(Integer, default=5)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Random per round; code hashes are HMAC(secret key, salt + code).
    code_salt: Mapped[str | None] = mapped_column(String(32))
    # The round whose final choice counts for the bundle (set by a coordinator).
    is_deciding: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )

    bundle: Mapped[Bundle] = db.relationship("Bundle")
    criteria: Mapped[list[RoundCriterion]] = db.relationship(
        "RoundCriterion", back_populates="round", order_by="RoundCriterion.position"
    )
    participants: Mapped[list[RoundParticipant]] = db.relationship(
        "RoundParticipant", back_populates="round"
    )
    decisions: Mapped[list[PriorityDecision]] = db.relationship(
        "PriorityDecision", back_populates="round"
    )


class RoundCriterion(Model):
    __tablename__ = "round_criteria"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("prioritisation_rounds.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(160))
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    position: Mapped[int] = mapped_column(Integer, default=0)

    round: Mapped[PrioritisationRound] = db.relationship(
        "PrioritisationRound", back_populates="criteria"
    )


class RoundParticipant(Model):
    """A user account, or a one-time code for someone without an account."""

    __tablename__ = "round_participants"
    __table_args__ = (
        UniqueConstraint("round_id", "user_id"),
        UniqueConstraint("round_id", "code_hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("prioritisation_rounds.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    code_hash: Mapped[str | None] = mapped_column(String(128))
    code_label: Mapped[str | None] = mapped_column(String(40))  # "Code 3"
    group: Mapped[str] = mapped_column(
        String(30), default=ParticipantGroup.CIVIL_SOCIETY
    )
    code_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The one device session a code is bound to; a new login with the code
    # (allowed until the ballot is submitted) replaces it.
    code_session: Mapped[str | None] = mapped_column(String(64))

    round: Mapped[PrioritisationRound] = db.relationship(
        "PrioritisationRound", back_populates="participants"
    )
    user: Mapped[User | None] = db.relationship("User")


class Ballot(Model):
    __tablename__ = "ballots"
    __table_args__ = (UniqueConstraint("participant_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("prioritisation_rounds.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(ForeignKey("round_participants.id"))
    submitted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}

    participant: Mapped[RoundParticipant] = db.relationship("RoundParticipant")
    entries: Mapped[list[BallotEntry]] = db.relationship(
        "BallotEntry", back_populates="ballot", cascade="all, delete-orphan"
    )


class BallotEntry(Model):
    """One participant's view on one bundle item."""

    __tablename__ = "ballot_entries"
    __table_args__ = (UniqueConstraint("ballot_id", "bundle_item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ballot_id: Mapped[int] = mapped_column(
        ForeignKey("ballots.id", ondelete="CASCADE"), index=True
    )
    bundle_item_id: Mapped[int] = mapped_column(ForeignKey("bundle_items.id"))
    points: Mapped[int | None] = mapped_column(Integer)
    rank: Mapped[int | None] = mapped_column(Integer)  # 1 = most important pick
    comment: Mapped[str | None] = mapped_column(Text)

    ballot: Mapped[Ballot] = db.relationship("Ballot", back_populates="entries")
    scores: Mapped[list[BallotScore]] = db.relationship(
        "BallotScore", back_populates="entry", cascade="all, delete-orphan"
    )


class BallotScore(Model):
    __tablename__ = "ballot_scores"
    __table_args__ = (UniqueConstraint("entry_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("ballot_entries.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(ForeignKey("round_criteria.id"))
    score: Mapped[int] = mapped_column(Integer)  # 1..5

    entry: Mapped[BallotEntry] = db.relationship("BallotEntry", back_populates="scores")


class PriorityDecision(Model):
    """The facilitator's final choice for an item, with a reason; appended."""

    __tablename__ = "priority_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("prioritisation_rounds.id", ondelete="CASCADE"), index=True
    )
    bundle_item_id: Mapped[int] = mapped_column(ForeignKey("bundle_items.id"))
    chosen: Mapped[bool] = mapped_column(Boolean, default=True)
    rank: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    round: Mapped[PrioritisationRound] = db.relationship(
        "PrioritisationRound", back_populates="decisions"
    )
    bundle_item: Mapped[BundleItem] = db.relationship("BundleItem")


class CodeThrottle(Model):
    """Wrong personal codes counted in a short window, per round or per code.

    `scope` is "round:<id>", "code:<participant id>" or "rounds:none" (wrong
    codes while no round takes codes). Rows expire (see throttle.py).
    """

    __tablename__ = "code_throttles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(40), unique=True)
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("prioritisation_rounds.id", ondelete="CASCADE"), index=True
    )
    window_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    failures: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
