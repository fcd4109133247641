"""Per user: whether they want the daily digest, and what it already told them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from signalen.database import UTCDateTime
from signalen.extensions import Model


class DigestSetting(Model):
    """One row per user who switched the digest off or received one.

    No row: the digest is on and nothing was sent yet.
    """

    __tablename__ = "digest_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    # The highest signal event id a digest told this user about.
    sent_up_to: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
