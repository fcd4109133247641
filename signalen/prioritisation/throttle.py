"""The limit on wrong personal codes: per round, and per code where it is known.

People without an account vote with a one-time code, often a whole room at
once behind one network address. So wrong codes are never counted per address
and never together with account logins (signalen.auth):

- a wrong code counts against every round that takes codes (not closed, with
  code participants); a round has a generous budget of wrong codes per window;
- a recognised code that is refused (already used, round closed, not open yet)
  counts against that code only, so it does not use up the room's budget;
- a spent budget blocks code logins for that round (or code) for a short
  delay, also with a correct code, so a block tells a guesser nothing. The
  block starts once: tries during it are not counted and never extend it. A
  coordinator can lift it at once from the round's page (or the
  consultation's: consultations count wrong codes here too, per consultation).

Counting is done with single UPDATE statements, so two requests at the same
moment cannot lose a count (SQLite and PostgreSQL alike).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import CursorResult, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from signalen.extensions import db
from signalen.prioritisation.models import CodeThrottle

ROUND_BUDGET = 50  # wrong codes per round per window: a room of typists
CODE_BUDGET = 10  # refused tries with one recognised code per window
WINDOW = timedelta(minutes=10)
BLOCK_DELAY = timedelta(minutes=3)
NO_ROUND_SCOPE = "rounds:none"


def round_scope(round_id: int) -> str:
    return f"round:{round_id}"


def code_scope(participant_id: int) -> str:
    return f"code:{participant_id}"


def _budget(scope: str) -> int:
    return CODE_BUDGET if scope.startswith("code:") else ROUND_BUDGET


def _not_blocked(now: datetime):
    return or_(CodeThrottle.blocked_until.is_(None), CodeThrottle.blocked_until <= now)


def _ensure_row(scope: str, round_id: int | None) -> None:
    if db.session.scalar(select(CodeThrottle.id).where(CodeThrottle.scope == scope)):
        return
    try:
        with db.session.begin_nested():
            db.session.add(CodeThrottle(scope=scope, round_id=round_id, failures=0))
    except IntegrityError:
        pass  # another request made it first; counting below is atomic


def _update(*where, **values) -> int:
    result = cast(
        CursorResult,
        db.session.execute(
            update(CodeThrottle)
            .where(*where)
            .values(**values)
            .execution_options(synchronize_session=False)
        ),
    )
    return result.rowcount


def count_failure(scope: str, round_id: int | None, now: datetime) -> bool:
    """Count one wrong try unless the scope is blocked; True if it starts a block."""
    _ensure_row(scope, round_id)
    mine = CodeThrottle.scope == scope
    window_over = or_(
        CodeThrottle.window_started_at.is_(None),
        CodeThrottle.window_started_at <= now - WINDOW,
    )
    _update(mine, _not_blocked(now), window_over, window_started_at=now, failures=0)
    _update(mine, _not_blocked(now), failures=CodeThrottle.failures + 1)
    started = _update(
        mine,
        _not_blocked(now),
        CodeThrottle.failures >= _budget(scope),
        blocked_until=now + BLOCK_DELAY,
        failures=0,
        window_started_at=None,
    )
    return started == 1


def blocked_until(scopes: list[str], now: datetime) -> datetime | None:
    """The latest end of a running block among these scopes, or None."""
    if not scopes:
        return None
    return db.session.scalar(
        select(func.max(CodeThrottle.blocked_until)).where(
            CodeThrottle.scope.in_(scopes), CodeThrottle.blocked_until > now
        )
    )


def _owned(round_id: int | None, scopes: Sequence[str]):
    """The rows of a round (its own and its codes'), or of these scopes."""
    if round_id is not None:
        return CodeThrottle.round_id == round_id
    return CodeThrottle.scope.in_(list(scopes))


def running_blocks(
    now: datetime, *, round_id: int | None = None, scopes: Sequence[str] = ()
) -> list[CodeThrottle]:
    """The running blocks of a round (the round itself and its codes), or of
    these scopes (a consultation's)."""
    return list(
        db.session.scalars(
            select(CodeThrottle)
            .where(_owned(round_id, scopes), CodeThrottle.blocked_until > now)
            .order_by(CodeThrottle.scope)
        )
    )


def lift_blocks(
    now: datetime, *, round_id: int | None = None, scopes: Sequence[str] = ()
) -> int:
    """End every block and count of a round or of these scopes (a coordinator
    lifts them); returns how many blocks were running."""
    lifted = len(running_blocks(now, round_id=round_id, scopes=scopes))
    _update(
        _owned(round_id, scopes),
        blocked_until=None,
        failures=0,
        window_started_at=None,
    )
    return lifted


def delete_expired(now: datetime) -> int:
    """Delete rows with no running window and no running block (idempotent)."""
    result = cast(
        CursorResult,
        db.session.execute(
            delete(CodeThrottle)
            .where(
                _not_blocked(now),
                or_(
                    CodeThrottle.window_started_at.is_(None),
                    CodeThrottle.window_started_at <= now - WINDOW,
                ),
            )
            .execution_options(synchronize_session=False)
        ),
    )
    return result.rowcount
