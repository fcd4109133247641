"""Reading the city's answers back: preview, confirm, refusals, idempotency."""

from __future__ import annotations

import io
import random
import re
import zipfile
from datetime import datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from signalen.exports.importer import (
    ImportRefused,
    apply_answer_import,
    parse_answers,
    preview_answers,
)
from signalen.permissions import Role
from signalen.responses.models import CityResponse
from signalen.signals.models import SignalEvent
from tests.exports.conftest import ANSWER, fill


def count_responses(db):
    return db.session.scalar(select(func.count(CityResponse.id)))


@pytest.fixture
def city(make_user):
    return make_user(Role.CITY)


def test_preview_then_confirm_appends_answers(sample_bundle, exported, city, db):
    _run, path = exported(sample_bundle)
    ref = sample_bundle.items[0].reference
    data = fill(path, {ref: ANSWER})
    answer_import = preview_answers(data, sample_bundle, city, file_name="x.xlsx")
    db.session.commit()
    assert answer_import.status == "preview" and answer_import.errors == []
    assert count_responses(db) == 0  # a preview changes nothing
    [change] = answer_import.changes
    assert change["reference"] == ref and change["old"] is None
    assert change["new"] == {
        "response_type": "doorgegeven",
        "text": "We bekijken dit met de woondienst.",
        "department": "Dienst Wonen",
        "follow_up_route": "expert",
        "progress": "in_opvolging",
        "political_status": None,
    }
    assert apply_answer_import(answer_import, city) == 1
    db.session.commit()
    response = db.session.scalar(select(CityResponse))
    assert response.source == "import" and response.author_id == city.id
    assert response.export_run_id == _run.id
    # Confirming twice changes nothing.
    assert apply_answer_import(answer_import, city) == 0
    assert count_responses(db) == 1


def test_same_file_twice_changes_nothing(sample_bundle, exported, city, db):
    _run, path = exported(sample_bundle)
    data = fill(path, {sample_bundle.items[0].reference: ANSWER})
    apply_answer_import(preview_answers(data, sample_bundle, city), city)
    db.session.commit()
    again = preview_answers(data, sample_bundle, city)
    assert again.changes == [] and again.errors == []
    assert apply_answer_import(again, city) == 0
    assert count_responses(db) == 1


def test_reexport_with_answers_reimports_as_no_change(
    sample_bundle, exported, city, db
):
    _run, path = exported(sample_bundle)
    data = fill(path, {sample_bundle.items[0].reference: ANSWER})
    apply_answer_import(preview_answers(data, sample_bundle, city), city)
    db.session.commit()
    _run2, path2 = exported(sample_bundle)  # answers are prefilled now
    parsed = parse_answers(path2.read_bytes(), sample_bundle)
    assert parsed.changes == [] and parsed.errors == [] and parsed.unchanged == 1


def test_changed_answer_creates_a_new_row_with_old_value_in_preview(
    sample_bundle, exported, city, db
):
    _run, path = exported(sample_bundle)
    ref = sample_bundle.items[0].reference
    apply_answer_import(
        preview_answers(fill(path, {ref: ANSWER}), sample_bundle, city), city
    )
    db.session.commit()
    changed = {**ANSWER, "Stand van zaken": "Afgerond"}
    answer_import = preview_answers(fill(path, {ref: changed}), sample_bundle, city)
    [change] = answer_import.changes
    assert change["old"]["progress"] == "in_opvolging"
    assert change["new"]["progress"] == "afgerond"
    apply_answer_import(answer_import, city)
    assert count_responses(db) == 2  # history appended


def test_answer_on_theme_sheet_is_read(sample_bundle, exported, city):
    _run, path = exported(sample_bundle)
    ref = sample_bundle.items[1].reference
    data = fill(
        path,
        {ref: {"Soort antwoord": "In onderzoek"}},
        theme_answers={"Digitale inclusie": {ref: "We onderzoeken dit."}},
    )
    parsed = parse_answers(data, sample_bundle)
    assert parsed.errors == []
    assert parsed.changes[0]["new"]["text"] == "We onderzoeken dit."


def test_conflicting_answers_on_two_sheets_are_refused(sample_bundle, exported):
    _run, path = exported(sample_bundle)
    ref = sample_bundle.items[1].reference
    data = fill(
        path,
        {ref: ANSWER},
        theme_answers={"Digitale inclusie": {ref: "Iets anders."}},
    )
    parsed = parse_answers(data, sample_bundle)
    assert parsed.changes == []
    assert "verschilt" in parsed.errors[0]["message"]


def errors_of(data, bundle):
    return [e["message"] for e in parse_answers(data, bundle).errors]


def test_invalid_dropdown_value_is_refused(sample_bundle, exported, city, db):
    _run, path = exported(sample_bundle)
    ref = sample_bundle.items[0].reference
    data = fill(
        path,
        {
            ref: {**ANSWER, "Soort antwoord": "Misschien ooit"},
            sample_bundle.items[1].reference: ANSWER,
        },
    )
    answer_import = preview_answers(data, sample_bundle, city)
    assert answer_import.status == "refused"
    assert (
        "'Misschien ooit' is geen geldige keuze voor 'Soort antwoord'"
        in (answer_import.errors[0]["message"])
    )
    assert answer_import.errors[0]["row"] == 2
    with pytest.raises(Exception, match="fouten"):
        apply_answer_import(answer_import, city)
    assert count_responses(db) == 0  # nothing at all, not even the good row


def test_missing_type_or_text_is_refused(sample_bundle, exported):
    _run, path = exported(sample_bundle)
    ref = sample_bundle.items[0].reference
    messages = errors_of(
        fill(path, {ref: {"Antwoord stad": "Enkel tekst"}}), sample_bundle
    )
    assert messages == ["Kies een soort antwoord uit de lijst."]
    messages = errors_of(
        fill(path, {ref: {"Soort antwoord": "In onderzoek"}}), sample_bundle
    )
    assert messages == ["Vul ook het antwoord in (kolom 'Antwoord stad')."]


def test_too_long_answer_is_refused(sample_bundle, exported):
    _run, path = exported(sample_bundle)
    ref = sample_bundle.items[0].reference
    data = fill(path, {ref: {**ANSWER, "Antwoord stad": "x" * 5001}})
    assert "te lang" in errors_of(data, sample_bundle)[0]


def test_personal_data_in_an_answer_is_refused(sample_bundle, exported):
    _run, path = exported(sample_bundle)
    ref = sample_bundle.items[0].reference
    data = fill(path, {ref: {**ANSWER, "Antwoord stad": "Bel mij op 0470 12 34 56."}})
    [message] = errors_of(data, sample_bundle)
    assert "persoonsgegevens" in message and "telefoonnummer" in message


def test_changed_or_unknown_id_is_refused(sample_bundle, exported):
    _run, path = exported(sample_bundle)
    wb = load_workbook(path)
    ws = wb["Signalen"]
    ws["A2"].value = "B999-001"  # unknown
    ws["A3"].value = sample_bundle.items[2].reference  # valid, but another title
    ws["O4"].value = "Antwoord zonder ID"
    ws["A4"].value = None
    out = io.BytesIO()
    wb.save(out)
    messages = errors_of(out.getvalue(), sample_bundle)
    assert messages == [
        "Dit ID hoort niet bij deze bundel. Pas de kolom ID niet aan.",
        "Het ID past niet bij de titel. Pas de kolom ID niet aan.",
        "Het ID ontbreekt. Pas de kolom ID niet aan.",
    ]


def test_wrong_bundle_is_refused(sample_bundle, exported, make_bundle, city):
    _run, path = exported(sample_bundle)
    other = make_bundle(
        [],
        start=sample_bundle.period_start.replace(year=2025),
        end=sample_bundle.period_end.replace(year=2026),
    )
    with pytest.raises(ImportRefused, match="andere bundel"):
        preview_answers(path.read_bytes(), other, city)


def test_unknown_token_is_refused(sample_bundle, exported):
    _run, path = exported(sample_bundle)
    wb = load_workbook(path)
    wb["Lijsten"]["F2"].value = "vervalst"
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ImportRefused, match="exportcode"):
        parse_answers(out.getvalue(), sample_bundle)


def test_workbook_without_metadata_is_refused(sample_bundle):
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    with pytest.raises(ImportRefused, match="niet uit Signalen"):
        parse_answers(out.getvalue(), sample_bundle)


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "geen Excel-bestand"),
        (b"naam;antwoord\nx;y\n", "geen Excel-bestand"),
        (b"PK\x03\x04" + b"\x00" * 100, "geen Excel-bestand"),
    ],
)
def test_not_an_xlsx_is_refused(sample_bundle, data, message):
    with pytest.raises(ImportRefused, match=message):
        parse_answers(data, sample_bundle)


def test_corrupt_workbook_is_refused(sample_bundle, exported):
    _run, path = exported(sample_bundle)
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "xl/workbook.xml":
                content = content[: len(content) // 2]
            dst.writestr(info, content)
    with pytest.raises(ImportRefused, match="beschadigd"):
        parse_answers(out.getvalue(), sample_bundle)


def test_zip_bomb_is_refused_before_loading(sample_bundle):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (50 * 1024 * 1024))
    with pytest.raises(ImportRefused, match="uitgepakt te groot"):
        parse_answers(out.getvalue(), sample_bundle)


def test_oversized_file_is_refused(sample_bundle, app):
    big = b"PK" + b"\x00" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    with pytest.raises(ImportRefused, match="te groot"):
        parse_answers(big, sample_bundle)


def test_too_many_rows_are_refused(sample_bundle, exported):
    _run, path = exported(sample_bundle)
    wb = load_workbook(path)
    ws = wb["Signalen"]
    for i in range(1100):
        ws.cell(row=10 + i, column=2, value="x")
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ImportRefused, match="meer rijen"):
        parse_answers(out.getvalue(), sample_bundle)


def test_feedback_reaches_every_linked_signal_once(sample_bundle, exported, city, db):
    _run, path = exported(sample_bundle)
    item = sample_bundle.items[0]
    data = fill(path, {item.reference: ANSWER})
    apply_answer_import(preview_answers(data, sample_bundle, city), city)
    db.session.commit()
    events = db.session.scalars(
        select(SignalEvent).where(SignalEvent.kind == "feedback")
    ).all()
    linked = {link.signal_id for link in item.structural_signal.links}
    assert {e.signal_id for e in events} == linked and len(events) == 3
    assert events[0].message.startswith(
        "Doorgegeven aan dienst: We bekijken dit met de woondienst."
    )
    assert "Dienst: Dienst Wonen" in events[0].message


# --- hostile or damaged files: a Dutch message, never a server error ---------


def test_zip_bomb_in_one_member_is_refused_even_when_the_archive_ratio_is_low(
    sample_bundle,
):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        # Incompressible filler keeps the ratio of the whole archive low ...
        archive.writestr("xl/media/image1.png", random.randbytes(1024 * 1024))
        # ... while this one member unpacks to a thousand times its size.
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (20 * 1024 * 1024))
    infos = zipfile.ZipFile(out).infolist()
    packed = sum(i.compress_size for i in infos)
    assert sum(i.file_size for i in infos) / packed < 150  # the old check passed it
    with pytest.raises(ImportRefused, match="uitgepakt te groot"):
        parse_answers(out.getvalue(), sample_bundle)


def test_total_unpacked_size_is_capped(sample_bundle, monkeypatch):
    from signalen.exports import cells

    monkeypatch.setattr(cells, "MAX_UNCOMPRESSED", 2 * 1024 * 1024)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for n in range(3):  # each member harmless, together over the cap
            archive.writestr(f"xl/media/image{n}.png", random.randbytes(800 * 1024))
    with pytest.raises(ImportRefused, match="uitgepakt te groot"):
        parse_answers(out.getvalue(), sample_bundle)


@pytest.mark.parametrize(
    "header, value, cell, message",
    [
        ("Antwoord stad", "=1+1", "O2", "bevat een formule"),
        ("Antwoord stad", "#REF!", "O2", "bevat de foutwaarde #REF!"),
        ("Dienst", "#N/A", "Q2", "bevat de foutwaarde #N/A"),
        ("Antwoord stad", datetime(2024, 5, 1), "O2", "datum of tijd"),
        ("Soort antwoord", True, "P2", "WAAR of ONWAAR"),
        ("Antwoord stad", 1e300, "O2", "getal dat te groot is"),
        ("Dienst", 10**20, "Q2", "getal dat te groot is"),
        ("Antwoord stad", "Tekst met _x0000_ NUL", "O2", "onzichtbaar stuurteken"),
    ],
)
def test_malformed_cell_gets_a_message_naming_sheet_and_cell(
    sample_bundle, exported, header, value, cell, message
):
    _run, path = exported(sample_bundle)
    ref = sample_bundle.items[0].reference
    data = fill(path, {ref: {**ANSWER, header: value}})
    errors = parse_answers(data, sample_bundle).errors
    assert len(errors) == 1, errors
    assert errors[0]["row"] == 2 and errors[0]["reference"] == ref
    assert errors[0]["message"].startswith(f"Cel {cell} op het blad 'Signalen'")
    assert message in errors[0]["message"]


def test_a_plain_number_is_read_as_text(sample_bundle, exported):
    _run, path = exported(sample_bundle)
    ref = sample_bundle.items[0].reference
    data = fill(path, {ref: {**ANSWER, "Dienst": 42}})
    parsed = parse_answers(data, sample_bundle)
    assert parsed.errors == []
    assert parsed.changes[0]["new"]["department"] == "42"


def test_malformed_cell_on_a_theme_sheet_names_that_sheet(sample_bundle, exported):
    _run, path = exported(sample_bundle)
    ref = sample_bundle.items[1].reference
    data = fill(
        path,
        {ref: {"Soort antwoord": "In onderzoek"}},
        theme_answers={"Digitale inclusie": {ref: "=A1"}},
    )
    # The theme sheets are read first; the Signalen row then misses its answer.
    first, second = parse_answers(data, sample_bundle).errors
    assert first["message"].startswith("Cel D2 op het blad 'Digitale inclusie'")
    assert "formule" in first["message"]
    assert second["reference"] == ref and "Vul ook het antwoord in" in second["message"]


def replace_cell(path, cell: str, xml: str) -> bytes:
    """The exported file with one cell of the Signalen sheet replaced by raw XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "xl/worksheets/sheet3.xml":  # Signalen
                text = content.decode()
                text, count = re.subn(rf'<c r="{cell}"[^>]*/>', xml, text)
                assert count == 1
                content = text.encode()
            dst.writestr(info, content)
    return out.getvalue()


@pytest.mark.parametrize(
    "xml",
    [
        '<c r="O2" t="n"><v>geen getal</v></c>',  # a number that is not one
        '<c r="O2" t="s"><v>99999</v></c>',  # a shared string that is not there
        '<c r="O2" t="b"><v>misschien</v></c>',  # a boolean that is not one
        '<c r="O2" t="d"><v>gisteren</v></c>',  # a date that is not one
        '<c r="O2" t="inlineStr"><is><t>a&#0;b</t></is></c>',  # NUL: no XML
    ],
)
def test_damaged_cell_gets_a_message_naming_sheet_and_row(sample_bundle, exported, xml):
    _run, path = exported(sample_bundle)
    data = replace_cell(path, "O2", xml)
    with pytest.raises(ImportRefused) as refused:
        parse_answers(data, sample_bundle)
    message = refused.value.message
    assert "Het blad 'Signalen' is beschadigd" in message
    assert "rij 2" in message


def test_infinite_number_is_refused_by_cell(sample_bundle, exported):
    _run, path = exported(sample_bundle)
    data = replace_cell(path, "O2", '<c r="O2"><v>1e999</v></c>')
    [error] = parse_answers(data, sample_bundle).errors
    assert error["message"].startswith("Cel O2 op het blad 'Signalen'")
    assert "te groot" in error["message"]
