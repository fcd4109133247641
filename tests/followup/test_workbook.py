"""The workbook's "Vorig antwoord" column for recurring signals."""

from __future__ import annotations

from datetime import UTC, date, datetime

from openpyxl import load_workbook

from signalen.exports import layout
from signalen.exports.services import perform_export, start_export
from signalen.followup import services
from signalen.followup.services import FollowUpState
from signalen.responses.services import Answer, record_answer

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def signal_rows(path):
    ws = load_workbook(path)["Signalen"]
    data = [list(r) for r in ws.iter_rows(values_only=True)]
    return {r[0]: dict(zip(data[0], r, strict=False)) for r in data[1:] if r[0]}


def test_recurring_item_carries_the_previous_answer(
    recurring, db, app, tmp_path, monkeypatch
):
    _w, city, coordinator, _s, old, new = recurring
    monkeypatch.setitem(app.config, "EXPORT_DIR", str(tmp_path))
    record_answer(old, city, Answer("opgenomen", "In het woonplan."), now=NOW)
    services.record_step(
        old,
        city,
        FollowUpState(
            status="in_uitvoering",
            progress=50,
            promise="Tien extra woningen",
            promise_due=date(2026, 6, 30),
        ),
        now=NOW,
    )
    db.session.commit()
    assert "Vorig antwoord" in layout.SIGNAL_HEADERS
    run = start_export(new.bundle, coordinator, NOW)
    db.session.commit()
    row = signal_rows(perform_export(run, now=NOW))[new.reference]
    previous = row["Vorig antwoord"]
    assert old.reference in previous and old.bundle.title in previous
    assert "Opgenomen in beleid: In het woonplan." in previous
    assert "In uitvoering (50 %)" in previous and "Tien extra woningen" in previous
    assert not row["Antwoord stad"]  # the new item has no answer of its own yet
    # the first bundle's item has nothing before it
    run = start_export(old.bundle, coordinator, NOW)
    db.session.commit()
    first = signal_rows(perform_export(run, now=NOW))[old.reference]
    assert not first["Vorig antwoord"]
    assert first["Antwoord stad"] == "In het woonplan."
