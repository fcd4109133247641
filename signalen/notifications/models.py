"""What each user has seen of a signal: the last event they saw, per signal."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from signalen.database import UTCDateTime, utcnow
from signalen.extensions import Model


class SignalSeen(Model):
    """ "Seen up to": the highest signal event id this user saw on the signal.

    One row per user and signal (the unique index serves the badge query).
    """

    __tablename__ = "signal_seen"
    __table_args__ = (UniqueConstraint("user_id", "signal_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    signal_id: Mapped[int] = mapped_column(
        ForeignKey("signals.id", ondelete="CASCADE"), index=True
    )
    seen_event_id: Mapped[int] = mapped_column(Integer, default=0)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
