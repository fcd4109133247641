"""Biennial bundles and the frozen items in them."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from signalen.database import UTCDateTime, utcnow
from signalen.extensions import Model, db

if TYPE_CHECKING:
    from signalen.auth.models import User
    from signalen.coordination.models import StructuralSignal
    from signalen.responses.models import CityResponse


class BundleStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return str(BUNDLE_STATUS_LABELS[self])


BUNDLE_STATUS_LABELS = {
    BundleStatus.OPEN: _l("Open"),
    BundleStatus.CLOSED: _l("Afgesloten"),
    BundleStatus.PUBLISHED: _l("Gepubliceerd"),
}


class BundleSchedule(Model):
    """The rhythm of bundles: one row, set by a beheerder."""

    __tablename__ = "bundle_schedules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_start: Mapped[date] = mapped_column(Date)
    period_months: Mapped[int] = mapped_column(Integer, default=24)
    reminder_days: Mapped[int] = mapped_column(Integer, default=30)


class Bundle(Model):
    __tablename__ = "bundles"
    __table_args__ = (UniqueConstraint("period_start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)  # inclusive last day
    status: Mapped[BundleStatus] = mapped_column(
        db.Enum(
            BundleStatus,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=BundleStatus.OPEN,
    )
    introduction: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("bundles.id"))

    items: Mapped[list[BundleItem]] = db.relationship(
        "BundleItem", back_populates="bundle", order_by="BundleItem.position"
    )
    previous: Mapped[Bundle | None] = db.relationship("Bundle", remote_side="Bundle.id")
    closed_by: Mapped[User | None] = db.relationship("User")


class BundleItem(Model):
    """A structural signal as it stood when the bundle was closed."""

    __tablename__ = "bundle_items"
    __table_args__ = (
        UniqueConstraint("bundle_id", "structural_signal_id"),
        # The order in which exports and the report read items in batches.
        Index("ix_bundle_items_bundle_order", "bundle_id", "position", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bundle_id: Mapped[int] = mapped_column(
        ForeignKey("bundles.id", ondelete="CASCADE"), index=True
    )
    structural_signal_id: Mapped[int] = mapped_column(
        ForeignKey("structural_signals.id"), index=True
    )
    reference: Mapped[str] = mapped_column(String(30))  # stable ID in exports
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))
    primary_theme_code: Mapped[str | None] = mapped_column(String(60))
    # Frozen snapshot: themes, target groups, wijken, evidence, examples, owner.
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    is_recurring: Mapped[bool] = mapped_column(Boolean, default=False)
    previous_item_id: Mapped[int | None] = mapped_column(ForeignKey("bundle_items.id"))

    bundle: Mapped[Bundle] = db.relationship("Bundle", back_populates="items")
    structural_signal: Mapped[StructuralSignal] = db.relationship("StructuralSignal")
    previous_item: Mapped[BundleItem | None] = db.relationship(
        "BundleItem", remote_side="BundleItem.id"
    )
    responses: Mapped[list[CityResponse]] = db.relationship(
        "CityResponse", back_populates="bundle_item", order_by="CityResponse.id"
    )
