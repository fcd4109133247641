"""What is new for a user on their signals, and marking it read.

"New" is a signal event of a kind that matters to the giver (a question of
the coordinator, a decision about the signal, feedback: the city's answer or
the priority choice) that someone else appended after the last event the
user saw on that signal. The badge is one indexed query, run only when the
user's news_version moved since this process last counted (models.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import Integer, and_, bindparam, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.expression import ColumnElement

from signalen.database import run_core
from signalen.extensions import db
from signalen.notifications.models import (
    NEWS_KINDS,
    SignalSeen,
    bump_news_version,
    bumped_in_transaction,
)
from signalen.signals.models import Signal, SignalEvent

if TYPE_CHECKING:
    from signalen.auth.models import User


def _news_conditions(user_id: int | ColumnElement[int]):
    seen = func.coalesce(SignalSeen.seen_event_id, 0)
    return (
        SignalEvent.kind.in_(NEWS_KINDS),
        SignalEvent.id > seen,
        or_(SignalEvent.actor_id.is_(None), SignalEvent.actor_id != user_id),
    )


def _news_query(user_id: int | ColumnElement[int], *columns):
    return (
        select(*columns)
        .select_from(SignalEvent)
        .join(Signal, Signal.id == SignalEvent.signal_id)
        .outerjoin(
            SignalSeen,
            and_(
                SignalSeen.signal_id == SignalEvent.signal_id,
                SignalSeen.user_id == user_id,
            ),
        )
        .where(*_news_conditions(user_id))
    )


@cache
def _news_count_statement():
    # Built once per process (the badge is on every page of a worker): making
    # the statement costs more than running it.
    user_id: ColumnElement[int] = bindparam("user_id", type_=Integer)
    return _news_query(user_id, func.count(func.distinct(SignalEvent.signal_id))).where(
        Signal.author_id == user_id
    )


def count_news(user_id: int) -> int:
    """How many of the user's own signals have something new (one query)."""
    result = run_core(db.session, _news_count_statement(), {"user_id": user_id})
    return result.scalar() or 0


#: Per web process: user id -> (news_version, badge count). Without a change
#: (the version moves with every one, in the same transaction) a page costs no
#: query; another process, or this one after the version moved, counts again.
_counts: dict[int, tuple[int, int]] = {}
COUNTS_KEPT = 10_000


def news_count(user: User) -> int:
    """The user's badge: count_news, asked again only when their
    news_version moved (read from the user as loaded, no query)."""
    version = user.news_version
    bumped = bumped_in_transaction(db.session())
    kept = _counts.get(user.id)
    if not bumped and kept is not None and kept[0] == version:
        return kept[1]
    count = count_news(user.id)
    if bumped or bumped_in_transaction(db.session()):
        # This transaction moved a version: what it reads may be rolled back.
        return count
    if len(_counts) >= COUNTS_KEPT:
        _counts.clear()
    _counts[user.id] = (version, count)
    return count


def forget_counts() -> None:
    """Drop the kept counts (a restored database, tests on a wiped one)."""
    _counts.clear()


def news_by_kind(user_id: int) -> dict[str, int]:
    """Per kind of news, on how many of the user's own signals it waits."""
    query = (
        _news_query(
            user_id,
            SignalEvent.kind,
            func.count(func.distinct(SignalEvent.signal_id)),
        )
        .where(Signal.author_id == user_id)
        .group_by(SignalEvent.kind)
    )
    return {kind: count for kind, count in db.session.execute(query)}


def unseen_signal_ids(user_id: int, signal_ids: Iterable[int]) -> set[int]:
    """Which of these signals have news for this user (for list rows)."""
    ids = sorted(set(signal_ids))
    if not ids:
        return set()
    query = _news_query(user_id, SignalEvent.signal_id).where(
        SignalEvent.signal_id.in_(ids)
    )
    return set(db.session.scalars(query.distinct()))


def mark_seen(user_id: int, signal_id: int, now: datetime) -> bool:
    """Remember that the user saw every event of the signal so far.

    Returns True when the mark moved.
    """
    last = db.session.scalar(
        select(func.max(SignalEvent.id)).where(SignalEvent.signal_id == signal_id)
    )
    if last is None:
        return False
    row = db.session.scalar(
        select(SignalSeen).where(
            SignalSeen.user_id == user_id, SignalSeen.signal_id == signal_id
        )
    )
    if row is None:
        try:
            # Two tabs opening the same signal at once: the second insert
            # loses the race, and the mark stands anyway.
            with db.session.begin_nested():
                db.session.add(
                    SignalSeen(
                        user_id=user_id,
                        signal_id=signal_id,
                        seen_event_id=last,
                        seen_at=now,
                    )
                )
        except IntegrityError:
            return False
    elif row.seen_event_id >= last:
        return False
    else:
        row.seen_event_id = last
        row.seen_at = now
    db.session.flush()
    bump_news_version(db.session(), user_id)
    return True
