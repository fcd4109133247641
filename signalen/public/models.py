"""Which published bundles have a public page (off unless a beheerder turns it on)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from signalen.database import UTCDateTime, utcnow
from signalen.extensions import Model


class PublicPage(Model):
    """One row per bundle whose public page was ever switched; no row = off."""

    __tablename__ = "public_pages"

    bundle_id: Mapped[int] = mapped_column(
        ForeignKey("bundles.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    # Bumped on every switch: part of the page's cache key and ETag.
    version: Mapped[int] = mapped_column(Integer, default=1)
