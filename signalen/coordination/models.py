"""Structural signals: what coordinators make of recurring signals.

A link between a signal and a structural signal is a row with who and when it
was made and undone; the signal itself is never rewritten, so a merge is
reversible and its history complete.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
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
    from signalen.organisations.models import Organisation
    from signalen.signals.models import Signal
    from signalen.themes.models import Area, GovernmentLevel, TargetGroup, Theme


class StructuralStatus(enum.StrEnum):
    OPEN = "open"
    FOLLOW_UP = "follow_up"
    RESOLVED = "resolved"
    NOT_RETAINED = "not_retained"

    @property
    def label(self) -> str:
        return str(STRUCTURAL_STATUS_LABELS[self])


STRUCTURAL_STATUS_LABELS = {
    StructuralStatus.OPEN: _l("Open"),
    StructuralStatus.FOLLOW_UP: _l("In opvolging"),
    StructuralStatus.RESOLVED: _l("Afgerond"),
    StructuralStatus.NOT_RETAINED: _l("Niet weerhouden"),
}

structural_themes = Table(
    "structural_signal_themes",
    db.metadata,
    Column(
        "structural_signal_id",
        ForeignKey("structural_signals.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("theme_id", ForeignKey("themes.id"), primary_key=True),
)
structural_target_groups = Table(
    "structural_signal_target_groups",
    db.metadata,
    Column(
        "structural_signal_id",
        ForeignKey("structural_signals.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("target_group_id", ForeignKey("target_groups.id"), primary_key=True),
)
structural_areas = Table(
    "structural_signal_areas",
    db.metadata,
    Column(
        "structural_signal_id",
        ForeignKey("structural_signals.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("area_id", ForeignKey("areas.id"), primary_key=True),
)


class StructuralSignal(Model):
    __tablename__ = "structural_signals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    city_wide: Mapped[bool] = mapped_column(Boolean, default=False)
    government_level_id: Mapped[int | None] = mapped_column(
        ForeignKey("government_levels.id")
    )
    owner_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id")
    )
    status: Mapped[StructuralStatus] = mapped_column(
        db.Enum(
            StructuralStatus,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=StructuralStatus.OPEN,
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, index=True
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}

    government_level: Mapped[GovernmentLevel | None] = db.relationship(
        "GovernmentLevel"
    )
    owner_organisation: Mapped[Organisation | None] = db.relationship("Organisation")
    created_by: Mapped[User | None] = db.relationship("User")
    themes: Mapped[list[Theme]] = db.relationship(
        "Theme", secondary=structural_themes, order_by="Theme.position"
    )
    target_groups: Mapped[list[TargetGroup]] = db.relationship(
        "TargetGroup",
        secondary=structural_target_groups,
        order_by="TargetGroup.position",
    )
    areas: Mapped[list[Area]] = db.relationship(
        "Area", secondary=structural_areas, order_by="Area.position"
    )
    links: Mapped[list[SignalLink]] = db.relationship(
        "SignalLink", back_populates="structural_signal", order_by="SignalLink.id"
    )


class SignalLink(Model):
    """A signal counted as evidence for a structural signal, from linked_at on."""

    __tablename__ = "signal_links"
    __table_args__ = (
        # At most one current link per signal, on SQLite and PostgreSQL alike.
        Index(
            "uq_signal_links_current",
            "signal_id",
            unique=True,
            sqlite_where=Column("unlinked_at").is_(None),
            postgresql_where=Column("unlinked_at").is_(None),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signals.id"), index=True)
    structural_signal_id: Mapped[int] = mapped_column(
        ForeignKey("structural_signals.id"), index=True
    )
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    linked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    unlinked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    unlinked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    signal: Mapped[Signal] = db.relationship("Signal")
    structural_signal: Mapped[StructuralSignal] = db.relationship(
        "StructuralSignal", back_populates="links"
    )
    linked_by: Mapped[User | None] = db.relationship(
        "User", foreign_keys=[linked_by_id]
    )
    unlinked_by: Mapped[User | None] = db.relationship(
        "User", foreign_keys=[unlinked_by_id]
    )


class SavedFilter(Model):
    """A coordinator's named inbox filter (the query string of the inbox)."""

    __tablename__ = "saved_filters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    query: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class TrainedModel(Model):
    """A learned artefact (e.g. theme suggestions), replaced by each retraining."""

    __tablename__ = "trained_models"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    trained_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    examples: Mapped[int] = mapped_column(Integer, default=0)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    metrics: Mapped[dict] = mapped_column(JSON, default=dict)
