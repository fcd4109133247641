"""Findings a worker marked "geen persoonsgegeven": kept (without the value)
until a coordinator confirms or masks them.

Only the field, the kind and the character offsets are stored; the review
page shows the span from the signal's own text. Saving the signal again
replaces the open overrides by the ones of the new text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from signalen.database import UTCDateTime, utcnow
from signalen.extensions import Model, db

if TYPE_CHECKING:
    from signalen.auth.models import User
    from signalen.signals.models import Signal
    from signalen.textcheck import FieldFinding


class PrivacyOverride(Model):
    """One finding marked "not personal data" by the worker."""

    __tablename__ = "privacy_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signal_id: Mapped[int] = mapped_column(
        ForeignKey("signals.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(40))
    type: Mapped[str] = mapped_column(String(20))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    # confirmed (a coordinator agrees), masked, or replaced (the text was saved again)
    resolution: Mapped[str | None] = mapped_column(String(20))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    signal: Mapped[Signal] = db.relationship("Signal")
    created_by: Mapped[User | None] = db.relationship(
        "User", foreign_keys=[created_by_id]
    )
    resolved_by: Mapped[User | None] = db.relationship(
        "User", foreign_keys=[resolved_by_id]
    )


def open_overrides(signal: Signal) -> list[PrivacyOverride]:
    """The signal's overridden findings no coordinator has handled yet."""
    if signal.id is None:
        return []
    return list(
        db.session.scalars(
            select(PrivacyOverride)
            .where(
                PrivacyOverride.signal_id == signal.id,
                PrivacyOverride.resolution.is_(None),
            )
            .order_by(PrivacyOverride.field, PrivacyOverride.start)
        )
    )


def record_overrides(
    signal: Signal,
    accepted: Iterable[FieldFinding],
    actor: User | None,
    now: datetime | None = None,
    *,
    replace_open: bool = True,
) -> None:
    """Keep the findings marked "not personal" on this save; the open ones of
    an earlier save are replaced (their offsets belong to the old text)."""
    now = now or utcnow()
    for old in open_overrides(signal) if replace_open else ():
        old.resolution = "replaced"
        old.resolved_at = now
    actor_id = actor.id if actor is not None else None
    for item in accepted:
        db.session.add(
            PrivacyOverride(**override_values(signal.id, item, actor_id, now))
        )
    db.session.flush()


def override_values(
    signal_id: int, item: FieldFinding, actor_id: int | None, now: datetime
) -> dict:
    """The columns of one kept finding: where and what kind, never the value
    (record_overrides adds it to the session; the writer of new signals
    inserts these rows)."""
    return {
        "signal_id": signal_id,
        "field": item.field,
        "type": item.finding.type,
        "start": item.finding.start,
        "end": item.finding.end,
        "created_at": now,
        "created_by_id": actor_id,
    }
