"""A fixed-window request counter per token, shared by every web process.

Each token may make `limit` requests per window of `seconds`; the next one
gets 429 with Retry-After (the seconds until the window turns). The counts
live in the database (`rate_counters`, one row per key and window), so every
gunicorn worker and every machine on the same database counts against the
same limit. One request is one statement: an INSERT ... ON CONFLICT DO UPDATE
... RETURNING (SQLite 3.35+ and PostgreSQL alike), on a connection of its own
that commits at once, so two requests at the same moment cannot lose a count
and the count does not wait for the request's own transaction. Rows of past
windows are deleted by a scheduled job (`api_rate_counters_expire`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import CursorResult, delete
from sqlalchemy.dialects import postgresql, sqlite

from signalen.api.models import RateCounter
from signalen.extensions import db


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    remaining: int
    retry_after: int  # seconds until the window turns (0 when allowed)


def _upsert(dialect: str):
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert


class SharedFixedWindow:
    """Count hits per key in windows that start at multiples of `seconds`."""

    def hit(self, key: object, now: float, limit: int, seconds: int) -> Verdict:
        """Count one request at `now` (seconds since the epoch)."""
        seconds = max(int(seconds), 1)
        window = int(now // seconds)
        ends = datetime.fromtimestamp((window + 1) * seconds, UTC)
        insert = _upsert(db.engine.dialect.name)
        statement = insert(RateCounter).values(
            key=str(key), window_number=window, hits=1, expires_at=ends
        )
        statement = statement.on_conflict_do_update(
            index_elements=[RateCounter.key, RateCounter.window_number],
            set_={"hits": RateCounter.hits + 1},
        ).returning(RateCounter.hits)
        with db.engine.begin() as connection:
            hits = connection.execute(statement).scalar_one()
        if hits > limit:
            wait = math.ceil((window + 1) * seconds - now)
            return Verdict(False, 0, max(wait, 1))
        return Verdict(True, limit - hits, 0)

    def reset(self) -> None:
        """Forget every count (tests; commits the session)."""
        db.session.execute(delete(RateCounter))
        db.session.commit()


def delete_expired_counters(now: datetime) -> int:
    """Delete the counts of windows that have ended (idempotent)."""
    result = db.session.execute(
        delete(RateCounter)
        .where(RateCounter.expires_at <= now)
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult, result).rowcount


def expire_rate_counters_job(now: datetime) -> str | None:
    """Scheduled: delete the API's request counts of past windows."""
    deleted = delete_expired_counters(now)
    return f"{deleted} verwijderd" if deleted else None
