"""The beheerder's retention setting for the free text of signals."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from signalen.database import UTCDateTime, utcnow
from signalen.extensions import Model


class RetentionSetting(Model):
    """One row: how many months the free text of a signal is kept (None: always)."""

    __tablename__ = "retention_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    keep_months: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
