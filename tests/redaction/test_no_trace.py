"""After a redaction the removed text is nowhere: in the SQLite file and its
write-ahead log (bytes), in any text column of any table on PostgreSQL, or in
any file under EXPORT_DIR (workbooks, report PDFs)."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import current_app
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
#: Text that passes the exports' own privacy pass (no name, no address), so it
#: does reach the workbook and the report: it shows the file search works.
PLACE = "het kraakpand achter bakkerij Goudaar"
PLACE_WORDS = ["kraakpand", "goudaar"]


@pytest.fixture(autouse=True)
def own_export_dir(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "EXPORT_DIR", str(tmp_path / "exports"))


def file_text(path: Path) -> str:
    """What a stored file says: a PDF's text, a workbook's XML, else its bytes."""
    if path.suffix == ".pdf":
        assert shutil.which("pdftotext"), "apt-get install poppler-utils"
        return subprocess.run(
            ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return "".join(
                archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
            )
    return path.read_bytes().decode("utf-8", "replace")


def file_hits(needles: list[str]) -> list[str]:
    directory = Path(current_app.config["EXPORT_DIR"])
    hits = []
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        content = file_text(path).lower()
        hits += [f"{n}: {path.name}" for n in needles if n.lower() in content]
    return hits


def make_exports(db, bundle, actor) -> None:
    """A workbook and a report PDF of the bundle, stored in EXPORT_DIR."""
    from signalen.exports.report import ready_report
    from signalen.exports.services import perform_export, start_export

    run = start_export(bundle, actor, NOW)
    db.session.commit()
    assert perform_export(run, now=NOW).is_file()
    with current_app.test_request_context():
        assert ready_report(bundle, NOW) is not None
    db.session.commit()


def plant_place(db, world) -> None:
    """PLACE in the signal's examples and in the bundle's copy of them."""
    world.signal.examples = f"{NAME} belde twintig verhuurders vanuit {PLACE}."
    item = world.bundle.items[0]
    item.snapshot = {**item.snapshot, "examples": [world.signal.examples]}
    db.session.commit()


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


def traces(db, needles: list[str] = NEEDLES) -> list[str]:
    found = file_hits(needles)
    if db.engine.dialect.name == "sqlite":
        data = sqlite_bytes(db)
        return found + [n for n in needles if n.lower().encode() in data]
    return found + [f"{n}: {hit}" for n in needles for hit in pg_hits(db, n)]


def test_the_planted_name_is_found_before(db, world):
    """The search below does find the name while it is there."""
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("PRAGMA wal_checkpoint(FULL)"))
        db.session.commit()
    assert traces(db)


def test_nothing_is_left_after_redaction(db, world):
    plant_place(db, world)
    make_exports(db, world.bundle, world.coordinator)
    # The stored workbook and PDF hold the place (the name they mask).
    assert {h.split(":")[0] for h in file_hits(PLACE_WORDS)} == set(PLACE_WORDS)
    assert any(h.endswith(".pdf") for h in file_hits(PLACE_WORDS))
    assert any(h.endswith(".xlsx") for h in file_hits(PLACE_WORDS))
    redact_span(world.signal, "description", NAME, world.coordinator, NOW)
    db.session.commit()
    scrub_storage()
    redact_span(world.signal, "examples", NAME, world.coordinator, NOW)
    db.session.commit()
    scrub_storage()
    redact_span(world.signal, "examples", PLACE, world.coordinator, NOW)
    db.session.commit()
    scrub_storage()
    # New exports are made from the redacted texts; the old files are gone.
    make_exports(db, world.bundle, world.coordinator)
    assert traces(db, NEEDLES + PLACE_WORDS) == []
