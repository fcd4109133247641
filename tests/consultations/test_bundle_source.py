"""Remarks linked to a structural signal reach the next bundle as evidence."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from signalen.bundles import services as bundles
from signalen.bundles.models import Bundle, BundleItem
from signalen.consultations import links, services
from signalen.textcheck import find_in_fields

from .conftest import NOW


def close_2025_2026(db) -> Bundle:
    closed = bundles.close_due_bundles(date(2027, 1, 2), NOW)
    db.session.commit()
    return next(b for b in closed if b.period_start == date(2025, 1, 1))


def remark_on(consultation, participant, worker, text, accepted=()):
    return services.record_remark(
        participant,
        consultation.sections[0],
        text=text,
        author=worker,
        now=NOW,
        accepted=accepted,
    )


def test_a_linked_remark_brings_a_quiet_structural_signal_into_the_bundle(
    db, schedule, structural_on, coordinator, make_consultation,
    account_participant,
):  # fmt: skip
    schedule()
    # Its signals are from before the first period: only the remark is new.
    quiet = structural_on(date(2022, 6, 1), title="Ontmoetingsruimte")
    structural_on(date(2022, 6, 1), title="Zonder inspraak")
    consultation = make_consultation(open=True)
    participant, worker = account_participant(consultation)
    remark = remark_on(
        consultation, participant, worker, "Te weinig plaats om samen te komen."
    )
    links.link_remark(remark, quiet, coordinator, NOW)
    db.session.commit()

    bundle = close_2025_2026(db)
    [item] = bundle.items
    assert item.structural_signal_id == quiet.id
    assert item.snapshot["consultation_mentions"] == [
        {
            "consultation": "Nota participatie",
            "part": "2.3.3 Een sterk sociaal buurtnetwerk",
            "source_code": "SO",
            "text": "Te weinig plaats om samen te komen.",
        }
    ]


def test_a_remark_with_an_accepted_finding_is_mentioned_without_its_text(
    db, schedule, structural_on, coordinator, make_consultation,
    account_participant,
):  # fmt: skip
    schedule()
    structural = structural_on(date(2026, 3, 1), title="Buurtwerk")
    consultation = make_consultation(open=True)
    participant, worker = account_participant(consultation)
    text = "Vraag het aan Jef in het buurthuis."
    accepted = [f.fingerprint for f in find_in_fields({"text": text})]
    assert accepted  # the detector sees a possible name
    remark = remark_on(consultation, participant, worker, text, accepted)
    clean = remark_on(consultation, participant, worker, "Meer buurtwerk.")
    links.link_remark(remark, structural, coordinator, NOW)
    links.link_remark(clean, structural, coordinator, NOW)
    db.session.commit()

    bundle = close_2025_2026(db)
    [item] = bundle.items
    mentions = item.snapshot["consultation_mentions"]
    assert [m["text"] for m in mentions] == [None, "Meer buurtwerk."]
    assert [m["source_code"] for m in mentions] == ["SO", "SO"]


def test_an_unlinked_remark_leaves_no_trace(
    db, schedule, structural_on, coordinator, make_consultation,
    account_participant,
):  # fmt: skip
    schedule()
    quiet = structural_on(date(2022, 6, 1))
    consultation = make_consultation(open=True)
    participant, worker = account_participant(consultation)
    remark = remark_on(consultation, participant, worker, "Meer buurtwerk.")
    link = links.link_remark(remark, quiet, coordinator, NOW)
    links.unlink_remark(link, coordinator)
    db.session.commit()
    bundle = close_2025_2026(db)
    assert bundle.items == []


@pytest.fixture
def mentioned_bundle(
    db, schedule, structural_on, coordinator, make_consultation, account_participant
) -> Bundle:
    """A closed bundle whose one item has a linked remark ("Meer buurtwerk.")."""
    schedule()
    structural = structural_on(date(2026, 3, 1), title="Buurtwerk")
    consultation = make_consultation(open=True)
    participant, worker = account_participant(consultation)
    remark = remark_on(consultation, participant, worker, "Meer buurtwerk.")
    links.link_remark(remark, structural, coordinator, NOW)
    db.session.commit()
    return close_2025_2026(db)


def test_the_bundle_item_page_shows_the_mention(
    db, client, login_as, coordinator, mentioned_bundle
):
    bundle = mentioned_bundle
    item = db.session.scalar(
        select(BundleItem).where(BundleItem.bundle_id == bundle.id)
    )
    login_as(coordinator)
    page = client.get(f"/bundels/{bundle.id}/items/{item.id}")
    assert page.status_code == 200, page.status_code
    assert (
        "Ook gemeld in inspraak: Nota participatie, "
        "2.3.3 Een sterk sociaal buurtnetwerk" in page.text
    )
    assert "Meer buurtwerk." in page.text


def test_the_workbook_and_the_report_list_the_mention(
    app, db, coordinator, mentioned_bundle, tmp_path, monkeypatch
):
    """Issue 15: from the remark to the bundle's workbook and PDF report."""
    from openpyxl import load_workbook

    from signalen.exports import layout
    from signalen.exports.report import ready_report
    from signalen.exports.services import perform_export, start_export
    from tests.exports.test_consultation_mentions import pdf_reading

    monkeypatch.setitem(app.config, "EXPORT_DIR", str(tmp_path / "exports"))
    where = "Nota participatie, 2.3.3 Een sterk sociaal buurtnetwerk (SO)"
    [item] = mentioned_bundle.items
    run = start_export(mentioned_bundle, coordinator, NOW)
    db.session.commit()
    signals = load_workbook(perform_export(run, now=NOW))["Signalen"]
    headers = [c.value for c in signals[1]]
    row = [c.value for c in signals[2]]
    assert headers == layout.SIGNAL_HEADERS and row[0] == item.reference
    assert row[headers.index("Ook gemeld in inspraak")] == f"{where}: Meer buurtwerk."

    with app.test_request_context():
        path = ready_report(mentioned_bundle, NOW)
    assert path is not None
    text = pdf_reading(path.read_bytes(), tmp_path)
    assert f"Ook gemeld in inspraak: {where}" in text
    assert "Meer buurtwerk." in text
