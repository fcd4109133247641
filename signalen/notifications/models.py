"""What each user has seen of a signal: the last event they saw, per signal;
and the version of each user's menu badge, moved whenever it may change."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import (
    ForeignKey,
    Integer,
    UniqueConstraint,
    bindparam,
    event,
    select,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, mapped_column

from signalen.auth.models import User
from signalen.database import UTCDateTime, utcnow
from signalen.extensions import Model
from signalen.signals.models import Signal, SignalEvent, SignalEventKind

#: Event kinds that count as news for the people who gave the signal.
#:
#: Every event of these kinds is appended through the ORM (workflow.transition,
#: signals.services.add_event, the city's feedback in responses.services), so
#: the mapper event below moves the author's badge version. The one Core path
#: that writes signal events, signals.writer, stores only the moves of a new
#: signal ("created", "submitted": workflow.creation_moves), which are no news;
#: tests/notifications/test_news.py fails when that changes.
NEWS_KINDS = (
    SignalEventKind.QUESTION.value,
    SignalEventKind.LINKED.value,
    SignalEventKind.NOT_STRUCTURAL.value,
    SignalEventKind.FEEDBACK.value,
)

#: In a session's info: the transaction that moved a badge version. Until it
#: ends, what the session reads may be news that is rolled back, so its
#: counts are neither taken from nor kept in the process's cache.
_BUMPED = "signalen.news_bumped"


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


# --- the badge's version -------------------------------------------------------
#
# users.news_version moves, in the same transaction, with everything that may
# change a user's badge: a news event by someone else on an own signal (below),
# a signal read (services.mark_seen), a signal deleted with its events and marks
# (below). Redaction and retention rewrite messages only, which the badge does
# not count; users are deactivated, never deleted.


def _bump():
    return update(User).values(news_version=User.news_version + 1)


@cache
def _bump_user_statement():
    return _bump().where(User.id == bindparam("user_id", type_=Integer))


@cache
def _bump_users_statement():
    return _bump().where(User.id.in_(bindparam("user_ids", expanding=True)))


@cache
def _authors_statement():
    return select(Signal.id, Signal.author_id).where(
        Signal.id.in_(bindparam("signal_ids", expanding=True))
    )


def bump_news_version(session: Session, user_id: int) -> None:
    """The user's badge may have changed (in the session's transaction)."""
    _mark(session)
    session.connection().execute(_bump_user_statement(), {"user_id": user_id})


def bumped_in_transaction(session: Session) -> bool:
    """Whether the session's open transaction moved a badge version."""
    transaction = session.get_transaction()
    return transaction is not None and session.info.get(_BUMPED) is transaction


def _mark(session: Session | None) -> None:
    if session is not None:
        session.info[_BUMPED] = session.get_transaction()


@event.listens_for(Session, "after_flush")
def _news_events_flushed(session: Session, _context) -> None:
    # Once per flush, not per event: the city's answer reaches every signal
    # linked to a structural signal. The authors' rows are updated in one
    # statement, in id order, so two such answers at once never wait on each
    # other in opposite orders (PostgreSQL locks each row it updates).
    actors: dict[int, set[int | None]] = {}  # signal id -> its new news actors
    for obj in session.new:
        if isinstance(obj, SignalEvent) and obj.kind in NEWS_KINDS:
            actors.setdefault(obj.signal_id, set()).add(obj.actor_id)
    if not actors:
        return
    connection = session.connection()
    rows = connection.execute(_authors_statement(), {"signal_ids": sorted(actors)})
    # the author of the signal, unless they wrote every one of these events
    authors = {
        author
        for signal_id, author in rows
        if author is not None and actors[signal_id] != {author}
    }
    if authors:
        _mark(session)
        connection.execute(_bump_users_statement(), {"user_ids": sorted(authors)})


@event.listens_for(Signal, "after_delete")
def _signal_deleted(_mapper, connection: Connection, target: Signal) -> None:
    if target.author_id is None:
        return
    _mark(Session.object_session(target))
    connection.execute(_bump_user_statement(), {"user_id": target.author_id})
