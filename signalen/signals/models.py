"""The worker's record of a signal and its appended history."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from signalen.database import UTCDateTime, utcnow
from signalen.extensions import Model, db

if TYPE_CHECKING:
    from signalen.auth.models import User
    from signalen.coordination.models import StructuralSignal
    from signalen.organisations.models import Organisation
    from signalen.themes.models import Area, GovernmentLevel, TargetGroup, Theme

TITLE_MAX = 200
TEXT_MAX = 5000
SOLUTION_MAX = 3000
IDEMPOTENCY_KEY_MAX = 64


class SignalStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    QUESTION = "question"
    LINKED = "linked"
    NOT_STRUCTURAL = "not_structural"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return str(SIGNAL_STATUS_LABELS[self])


SIGNAL_STATUS_LABELS = {
    SignalStatus.DRAFT: _l("Concept"),
    SignalStatus.SUBMITTED: _l("Ingediend"),
    SignalStatus.QUESTION: _l("Vraag van de coördinator"),
    SignalStatus.LINKED: _l("Opgenomen in structureel signaal"),
    SignalStatus.NOT_STRUCTURAL: _l("Geen structureel signaal"),
    SignalStatus.WITHDRAWN: _l("Ingetrokken"),
}

#: The author may still change the signal in these states.
EDITABLE_STATUSES = frozenset(
    {SignalStatus.DRAFT, SignalStatus.SUBMITTED, SignalStatus.QUESTION}
)

signal_themes = Table(
    "signal_themes",
    db.metadata,
    Column("signal_id", ForeignKey("signals.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id"), primary_key=True, index=True),
)
signal_target_groups = Table(
    "signal_target_groups",
    db.metadata,
    Column("signal_id", ForeignKey("signals.id", ondelete="CASCADE"), primary_key=True),
    Column("target_group_id", ForeignKey("target_groups.id"), primary_key=True),
)
signal_areas = Table(
    "signal_areas",
    db.metadata,
    Column("signal_id", ForeignKey("signals.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id"), primary_key=True, index=True),
)


class Signal(Model):
    __tablename__ = "signals"
    __table_args__ = (
        Index("ix_signals_org_status", "organisation_id", "status"),
        # A worker's own drafts (the period banner on every page).
        Index("ix_signals_author_status", "author_id", "status"),
        Index("ix_signals_status_submitted", "status", "submitted_at"),
        # Dashboards count the days at a window's edges by submission time.
        Index("ix_signals_submitted_at", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text)
    examples: Mapped[str | None] = mapped_column(Text)
    proposed_solution: Mapped[str | None] = mapped_column(Text)
    people_affected: Mapped[int | None] = mapped_column(Integer)
    observed_year: Mapped[int | None] = mapped_column(Integer)
    observed_month: Mapped[int | None] = mapped_column(Integer)
    city_wide: Mapped[bool] = mapped_column(Boolean, default=False)
    government_level_id: Mapped[int | None] = mapped_column(
        ForeignKey("government_levels.id")
    )
    # None: not known; True/False: it concerns the services of Stad/OCMW or not.
    concerns_city_service: Mapped[bool | None] = mapped_column(Boolean)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[SignalStatus] = mapped_column(
        db.Enum(
            SignalStatus,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=SignalStatus.DRAFT,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    # Random, put in the form when it is shown: a form sent twice (double
    # click, back button, an answer lost) finds the signal it stored the first
    # time. A unique index (not a table constraint) so that SQLite adds it
    # without rebuilding the table and its full-text triggers.
    idempotency_key: Mapped[str | None] = mapped_column(
        String(IDEMPOTENCY_KEY_MAX), unique=True, index=True
    )
    # The stems of the texts, for the search index: filled in the same INSERT
    # or UPDATE as the texts (signalen.coordination.search), never loaded.
    search_title: Mapped[str | None] = mapped_column(Text, deferred=True)
    search_body: Mapped[str | None] = mapped_column(Text, deferred=True)

    __mapper_args__ = {"version_id_col": version}

    organisation: Mapped[Organisation] = db.relationship("Organisation")
    author: Mapped[User | None] = db.relationship("User")
    government_level: Mapped[GovernmentLevel | None] = db.relationship(
        "GovernmentLevel"
    )
    themes: Mapped[list[Theme]] = db.relationship(
        "Theme", secondary=signal_themes, order_by="Theme.position"
    )
    target_groups: Mapped[list[TargetGroup]] = db.relationship(
        "TargetGroup", secondary=signal_target_groups, order_by="TargetGroup.position"
    )
    areas: Mapped[list[Area]] = db.relationship(
        "Area", secondary=signal_areas, order_by="Area.position"
    )
    events: Mapped[list[SignalEvent]] = db.relationship(
        "SignalEvent",
        back_populates="signal",
        order_by="SignalEvent.id",
        cascade="all, delete-orphan",
    )

    @property
    def is_editable_by_author(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def observed_label(self) -> str:
        """The month and year in words ("maart 2026"), or the year."""
        if self.observed_year and self.observed_month:
            return format_date(
                date(self.observed_year, self.observed_month, 1), "LLLL yyyy"
            )
        return str(self.observed_year or "")


class SignalEventKind(enum.StrEnum):
    CREATED = "created"
    EDITED = "edited"
    SUBMITTED = "submitted"
    QUESTION = "question"
    ANSWER = "answer"
    LINKED = "linked"
    UNLINKED = "unlinked"
    NOT_STRUCTURAL = "not_structural"
    REOPENED = "reopened"
    FEEDBACK = "feedback"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return str(SIGNAL_EVENT_LABELS[self])


SIGNAL_EVENT_LABELS = {
    SignalEventKind.CREATED: _l("Aangemaakt"),
    SignalEventKind.EDITED: _l("Aangepast"),
    SignalEventKind.SUBMITTED: _l("Ingediend"),
    SignalEventKind.QUESTION: _l("Vraag van de coördinator"),
    SignalEventKind.ANSWER: _l("Antwoord van de medewerker"),
    SignalEventKind.LINKED: _l("Opgenomen in een structureel signaal"),
    SignalEventKind.UNLINKED: _l("Losgekoppeld van een structureel signaal"),
    SignalEventKind.NOT_STRUCTURAL: _l("Geen structureel signaal"),
    SignalEventKind.REOPENED: _l("Opnieuw in behandeling"),
    SignalEventKind.FEEDBACK: _l("Terugkoppeling"),
    SignalEventKind.WITHDRAWN: _l("Ingetrokken door de medewerker"),
}


class SignalEvent(Model):
    """One line of a signal's history; appended, never edited."""

    __tablename__ = "signal_events"
    __table_args__ = (
        # A signal's history, and the worker's badge on every page: per own
        # signal, its news events, read from the index alone.
        Index("ix_signal_events_signal_kind", "signal_id", "kind", "actor_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signals.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    message: Mapped[str | None] = mapped_column(Text)
    structural_signal_id: Mapped[int | None] = mapped_column(
        ForeignKey("structural_signals.id", ondelete="SET NULL")
    )

    signal: Mapped[Signal] = db.relationship("Signal", back_populates="events")
    actor: Mapped[User | None] = db.relationship("User")
    structural_signal: Mapped[StructuralSignal | None] = db.relationship(
        "StructuralSignal"
    )

    @property
    def kind_label(self) -> str:
        try:
            return SignalEventKind(self.kind).label
        except ValueError:
            return self.kind


class ChoiceListVersion(Model):
    """One row whose stamp changes whenever a choice list of the intake form
    (themes, their groups, target groups, wijken, government levels) changes,
    so every web process knows when its cached copy of the lists is old."""

    __tablename__ = "choice_list_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stamp: Mapped[int] = mapped_column(BigInteger, nullable=False)
