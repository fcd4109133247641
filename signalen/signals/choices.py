"""The choice lists of the intake form, cached per process.

Themes, target groups, wijken and government levels change a few times a year,
but the form shows about a hundred of them on every page view. Each process
keeps a plain copy (no ORM objects, so it outlives the session) and asks the
database for one stamp at most every STAMP_SECONDS: the stamp of
choice_list_versions, which changes in the same transaction as any change to
these tables (a flush listener below), so an edit by a beheerder is seen at
once by the process that made it and within two seconds by every other.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from itertools import chain
from typing import Any

from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import Session, selectinload

from signalen.extensions import db
from signalen.signals.models import ChoiceListVersion
from signalen.themes.models import Area, GovernmentLevel, TargetGroup, Theme, ThemeGroup

LISTED = (Theme, ThemeGroup, TargetGroup, Area, GovernmentLevel)
STAMP_ROW = 1


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a choice list, as plain values."""

    id: int
    label: str
    group_id: int | None = None
    group_label: str | None = None
    group_position: int = 0

    @classmethod
    def of(cls, row: Any) -> Choice:
        group = getattr(row, "group", None)
        return cls(
            id=row.id,
            label=row.label,
            group_id=group.id if group is not None else None,
            group_label=group.label if group is not None else None,
            group_position=group.position if group is not None else 0,
        )


_cache: dict[str, tuple[int, dict[str, tuple[Choice, ...]]]] = {}

#: How long a process trusts the stamp it read last before reading it again: a
#: change made in another process reaches this one's forms within this time (a
#: change made here, at once: the flush listener below forgets the stamp).
STAMP_SECONDS = 2.0
_stamp_read: dict[str, tuple[float, int | None]] = {}


def current_stamp() -> int | None:
    """The stamp of the choice lists (None before any list was ever saved)."""
    return db.session.scalar(
        select(ChoiceListVersion.stamp).where(ChoiceListVersion.id == STAMP_ROW)
    )


def load_choice_lists() -> dict[str, tuple[Choice, ...]]:
    """The active options of every list, in display order, from the database."""

    def active(model, *options) -> tuple[Choice, ...]:
        rows = db.session.scalars(
            select(model)
            .where(model.active.is_(True))
            .order_by(model.position)
            .options(*options)
        )
        return tuple(Choice.of(row) for row in rows)

    return {
        "themes": active(Theme, selectinload(Theme.group)),
        "target_groups": active(TargetGroup),
        "areas": active(Area),
        "government_levels": active(GovernmentLevel),
    }


def choice_lists() -> dict[str, list[Choice]]:
    """The active options, from this process's copy while the stamp is unchanged.

    Fresh lists every call: callers may add options (the edit form keeps
    deactivated values that are on the signal).
    """
    key = str(db.engine.url)
    read = _stamp_read.get(key)
    now = time.monotonic()
    if read is not None and now - read[0] < STAMP_SECONDS:
        stamp = read[1]
    else:
        stamp = current_stamp()
        _stamp_read[key] = (now, stamp)
    cached = _cache.get(key)
    if stamp is not None and cached is not None and cached[0] == stamp:
        lists = cached[1]
    else:
        lists = load_choice_lists()
        if stamp is not None:
            _cache[key] = (stamp, lists)
    return {name: list(options) for name, options in lists.items()}


def bump_stamp(connection) -> None:
    """Give the choice lists a new stamp, in the caller's transaction."""
    stamp = secrets.randbits(62)  # random: a wiped and refilled database differs
    result = connection.execute(
        update(ChoiceListVersion)
        .where(ChoiceListVersion.id == STAMP_ROW)
        .values(stamp=stamp)
    )
    if result.rowcount == 0:
        connection.execute(insert(ChoiceListVersion).values(id=STAMP_ROW, stamp=stamp))


@event.listens_for(Session, "after_flush")
def _stamp_changed_lists(session: Session, flush_context) -> None:
    """Any flush that adds, changes or deletes an option gives a new stamp."""
    changed = chain(session.new, session.dirty, session.deleted)
    if any(isinstance(obj, LISTED) for obj in changed):
        bump_stamp(session.connection())
        _stamp_read.clear()
