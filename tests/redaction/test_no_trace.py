"""After a redaction the removed text is nowhere in the database: in the
SQLite file and its write-ahead log (bytes), or in any text column of any
table on PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import JSON, String, Text, cast, func, select, text

from signalen.redaction.services import redact_span, scrub_storage
from tests.redaction.conftest import NAME

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
#: The name as typed, in lower case, as the search index folds its words, and
#: as JSON escapes it.
NEEDLES = [
    NAME,
    NAME.lower(),
    "zbigniew",
    "wroblewski",
    "wróblewski",
    json.dumps(NAME)[1:-1],
]


def sqlite_bytes(db) -> bytes:
    path = Path(db.engine.url.database)
    # Close every connection first: closing a file we opened ourselves would drop
    # this process's POSIX locks on the database, and SQLite connections in other
    # processes would then take its WAL files for their own (and delete them).
    db.session.remove()
    db.engine.dispose()
    found = b""
    for file in (path, path.with_name(path.name + "-wal")):
        if file.exists():
            found += file.read_bytes()
    return found.lower()


def pg_hits(db, needle: str) -> list[str]:
    hits = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, String | Text | JSON):
                continue
            query = select(func.count()).where(
                func.lower(cast(column, Text)).contains(needle.lower())
            )
            if db.session.scalar(query.select_from(table)):
                hits.append(f"{table.name}.{column.name}")
    vector = "SELECT count(*) FROM signals WHERE search_vector::text ILIKE :n"
    if db.session.scalar(text(vector), {"n": f"%{needle}%"}):
        hits.append("signals.search_vector")
    return hits


def traces(db) -> list[str]:
    if db.engine.dialect.name == "sqlite":
        data = sqlite_bytes(db)
        return [n for n in NEEDLES if n.lower().encode() in data]
    return [f"{n}: {hit}" for n in NEEDLES for hit in pg_hits(db, n)]


def test_the_planted_name_is_found_before(db, world):
    """The search below does find the name while it is there."""
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("PRAGMA wal_checkpoint(FULL)"))
        db.session.commit()
    assert traces(db)


def test_nothing_is_left_after_redaction(db, world):
    redact_span(world.signal, "description", NAME, world.coordinator, NOW)
    db.session.commit()
    scrub_storage()
    redact_span(world.signal, "examples", NAME, world.coordinator, NOW)
    db.session.commit()
    scrub_storage()
    assert traces(db) == []
