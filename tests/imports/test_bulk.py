"""The bulk path stores exactly what the per-row path (record_signal) stores.

The same few hundred rows are imported twice by one coordinator: one by one
for one organisation (`bulk=False`, record_signal per row) and in chunks
for another; every stored row is compared (fields, index words, lists,
history, audit, import marks) and the inbox search finds the same signals.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text

from signalen.audit.models import AuditEvent
from signalen.coordination.search import InboxFilters, inbox_page
from signalen.errors import SignalenError
from signalen.imports.models import ImportedSignal
from signalen.imports.reading import data_rows
from signalen.imports.services import Settings, import_rows
from signalen.permissions import Role
from signalen.references import reserve_references
from signalen.signals.models import (
    Signal,
    SignalEvent,
    signal_areas,
    signal_target_groups,
    signal_themes,
)
from signalen.signals.services import SignalData
from signalen.signals.writer import NewSignal, SignalWriter

NOW = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
ROWS = 240
WORDS = (
    "wachtlijst", "sociale", "woning", "gezinnen", "huur", "hoog", "opvang",
    "jongeren", "plaats", "tolken", "school", "kinderen", "energiefactuur",
    "schulden", "digitale", "loket",
)  # fmt: skip
THEMES = ("Wonen", "Dakloosheid", "Wonen; Onderwijs", "Inkomen", "Energie")
GROUPS = ("Gezinnen", "", "Jongeren", "Gezinnen, Jongeren")
AREAS = ("Rabot", "stadsbreed", "", "Brugse Poort; Ledeberg", "Dampoort")
DATES = ("12/03/2019", "2019-11-05", "03/2020", "2018", "")
COLUMNS = {
    "reference": "Nr",
    "title": "Onderwerp",
    "description": "Omschrijving",
    "examples": "Voorbeelden",
    "proposed_solution": "Oplossing",
    "themes": "Thema",
    "target_groups": "Doelgroep",
    "areas": "Wijk",
    "date": "Datum",
    "people_affected": "Aantal",
}


def write_csv(path) -> None:
    rng = random.Random(15)
    lines = ["Nr;Onderwerp;Omschrijving;Voorbeelden;Oplossing;Thema;Doelgroep;"
             "Wijk;Datum;Aantal"]  # fmt: skip
    for i in range(ROWS):
        words = [rng.choice(WORDS) for _ in range(12)]
        lines.append(
            ";".join(
                (
                    f"R{i}",
                    " ".join(words[:4]).capitalize(),
                    " ".join(words[4:]) + ".",
                    rng.choice(("", "„Ik wacht al twee jaar.”")),
                    rng.choice(("", "Meer sociale woningen.")),
                    rng.choice(THEMES),
                    rng.choice(GROUPS),
                    rng.choice(AREAS),
                    rng.choice(DATES),
                    rng.choice(("", "12", "300")),
                )
            )
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def stored(db, organisation_id: int) -> list[dict]:
    """Everything stored for one organisation's signals, in insert order,
    without what must differ (ids, references, organisation, row keys)."""
    ids = list(
        db.session.scalars(
            select(Signal.id)
            .where(Signal.organisation_id == organisation_id)
            .order_by(Signal.id)
        )
    )
    skip = {"id", "reference", "organisation_id"}
    result = []
    for signal_id in ids:
        row = db.session.execute(
            text("SELECT * FROM signals WHERE id = :id"), {"id": signal_id}
        ).mappings().one()  # fmt: skip
        fields = {
            k: v for k, v in row.items() if k not in skip and k != "search_vector"
        }
        for table, column in (
            (signal_themes, "theme_id"),
            (signal_target_groups, "target_group_id"),
            (signal_areas, "area_id"),
        ):
            fields[column] = sorted(
                db.session.scalars(
                    select(table.c[column]).where(table.c.signal_id == signal_id)
                )
            )
        fields["events"] = [
            (e.kind, e.from_status, e.to_status, e.message, e.at, e.actor_id,
             e.structural_signal_id)
            for e in db.session.scalars(
                select(SignalEvent).where(SignalEvent.signal_id == signal_id)
                .order_by(SignalEvent.id))
        ]  # fmt: skip
        fields["audit"] = [
            (a.action, a.actor_id, a.actor_label, a.object_type, a.ip, a.details)
            for a in db.session.scalars(
                select(AuditEvent).where(AuditEvent.object_id == signal_id,
                                         AuditEvent.object_type == "signals")
                .order_by(AuditEvent.id))
        ]  # fmt: skip
        mark = db.session.scalar(
            select(ImportedSignal).where(ImportedSignal.signal_id == signal_id)
        )
        fields["mark"] = (mark.source, mark.original_reference, mark.original_date,
                          mark.batch_id)  # fmt: skip
        result.append(fields)
    return result


def test_bulk_stores_the_same_rows_as_record_signal(
    db, make_user, make_org, themes, tmp_path
):
    path = tmp_path / "lijst.csv"
    write_csv(path)
    coordinator = make_user(Role.COORDINATOR)
    one_by_one, in_bulk = make_org("Per rij"), make_org("In bulk")
    db.session.commit()
    reports = {}
    for org, bulk in ((one_by_one, False), (in_bulk, True)):
        reports[bulk] = import_rows(
            data_rows(path, "csv"), Settings(org.id, COLUMNS, {}), coordinator.id,
            source="Signalentool 2019", batch_id=None, now=NOW, bulk=bulk,
        )  # fmt: skip
        db.session.commit()
    assert reports[True] == reports[False]
    assert reports[True]["ok"] > ROWS // 2
    db.session.expire_all()
    expected, got = stored(db, one_by_one.id), stored(db, in_bulk.id)
    assert len(got) == reports[True]["ok"]
    assert got[0]["search_title"] and got[0]["events"][-1][3]
    for want, have in zip(expected, got, strict=True):
        assert have == want
    # references: consecutive, after the per-row ones, one per signal
    references = list(
        db.session.scalars(
            select(Signal.reference)
            .where(Signal.organisation_id == in_bulk.id)
            .order_by(Signal.id)
        )
    )
    first = int(references[0].rsplit("-", 1)[1])
    assert references == [f"S-2026-{n:04d}" for n in range(first, first + len(got))]
    assert first == len(expected) + 1
    # the inbox's full-text search finds the same signals of both organisations
    for query in ("wachtlijst", "sociale woningen", "digitaal loket", "kind"):
        pages = {
            org.name: inbox_page(
                InboxFilters(q=query, organisation_id=org.id, per_page=ROWS)
            )
            for org in (one_by_one, in_bulk)
        }
        a, b = pages["Per rij"], pages["In bulk"]
        assert a.total == b.total > 0
        assert [s.title for s in a.items] == [s.title for s in b.items]


def test_bulk_refuses_a_chunk_the_intake_would_refuse(db, make_user, themes):
    worker = make_user(Role.WORKER)
    recorder = SignalWriter(worker, now=NOW)
    good = SignalData("Wachtlijst", "Lang.", [themes["wonen"].id])
    cases = [
        SignalData("Geen thema", "Lang.", []),
        SignalData("Onbekend thema", "Lang.", [999_999]),
        SignalData("Bel 0470 12 34 56", "Lang.", [themes["wonen"].id]),
    ]
    for bad in cases:
        with pytest.raises(SignalenError):
            recorder.write([NewSignal(good, worker.organisation_id),
                             NewSignal(bad, worker.organisation_id)])  # fmt: skip
    assert db.session.scalar(select(Signal.id)) is None


def test_references_are_reserved_in_blocks(db):
    assert reserve_references("S", 2031, 3) == ["S-2031-0001", "S-2031-0002",
                                                "S-2031-0003"]  # fmt: skip
    assert reserve_references("S", 2031, 2) == ["S-2031-0004", "S-2031-0005"]
    assert reserve_references("S", 2031, 0) == []
