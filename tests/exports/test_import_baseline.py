"""Reading answers back compares each cell with the value exported in it.

Uploading the same accepted file again changes nothing; an answer typed in the
app after the export is not undone by an untouched cell; the preview and the
errors name the sheet and the cell; a LibreOffice round trip reads the same.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import uuid

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select

from signalen.exports import layout
from signalen.exports.importer import (
    DEFAULT_TYPE,
    apply_answer_import,
    parse_answers,
    preview_answers,
)
from signalen.permissions import Role
from signalen.responses.models import CityResponse
from signalen.responses.services import Answer, record_answer
from tests.exports.conftest import ANSWER, NOW, fill

SOFFICE = shutil.which("soffice")


def cell(header: str, row: int) -> str:
    """The cell of a Signalen column (the layout may gain columns)."""
    return f"{get_column_letter(layout.SIGNAL_HEADERS.index(header) + 1)}{row}"


@pytest.fixture
def city(make_user):
    return make_user(Role.CITY)


def count_responses(db):
    return db.session.scalar(select(func.count(CityResponse.id)))


def latest_text(db, item):
    return db.session.scalar(
        select(CityResponse.text)
        .where(CityResponse.bundle_item_id == item.id)
        .order_by(CityResponse.id.desc())
        .limit(1)
    )


def answer_in_app(db, item, actor, text):
    record_answer(
        item,
        actor,
        Answer(response_type="onderzoek", text=text),
        source="app",
        now=NOW,
    )
    db.session.commit()


def test_same_accepted_file_twice_never_offers_the_older_prefilled_answer(
    sample_bundle, exported, city, db
):
    """The theme sheet repeats the answer exported in it; it is no change."""
    item = sample_bundle.items[0]
    answer_in_app(db, item, city, "Eerste antwoord.")
    _run, path = exported(sample_bundle)  # "Eerste antwoord." on both sheets
    data = fill(path, {item.reference: {**ANSWER, "Antwoord stad": "Beter antwoord."}})
    first = preview_answers(data, sample_bundle, city)
    assert first.errors == [] and len(first.changes) == 1
    assert first.changes[0]["new"]["text"] == "Beter antwoord."
    apply_answer_import(first, city)
    db.session.commit()
    again = preview_answers(data, sample_bundle, city)
    assert again.errors == [] and again.changes == []
    assert apply_answer_import(again, city) == 0
    assert latest_text(db, item) == "Beter antwoord."
    assert count_responses(db) == 2


def test_untouched_cells_do_not_undo_an_answer_typed_after_the_export(
    sample_bundle, exported, city, db
):
    item, other = sample_bundle.items[0], sample_bundle.items[1]
    answer_in_app(db, item, city, "Oud antwoord.")
    _run, path = exported(sample_bundle)
    answer_in_app(db, item, city, "Nieuw antwoord in de app.")
    data = fill(path, {other.reference: ANSWER})  # item's row left as exported
    parsed = parse_answers(data, sample_bundle)
    assert parsed.errors == []
    assert [c["reference"] for c in parsed.changes] == [other.reference]


def test_a_changed_cell_is_laid_over_the_current_answer(
    sample_bundle, exported, city, db
):
    item = sample_bundle.items[0]
    answer_in_app(db, item, city, "Oud antwoord.")
    _run, path = exported(sample_bundle)
    answer_in_app(db, item, city, "Nieuw antwoord in de app.")
    data = fill(path, {item.reference: {"Stand van zaken": "Afgerond"}})
    [change] = parse_answers(data, sample_bundle).changes
    # Only the status changed in the file: the app's newer text stays.
    assert change["new"]["text"] == "Nieuw antwoord in de app."
    assert change["new"]["progress"] == "afgerond"
    assert change["cells"] == [
        {
            "column": "Stand van zaken",
            "sheet": "Signalen",
            "cell": cell("Stand van zaken", 2),
        }
    ]


def test_preview_names_sheet_and_cell_of_each_change(sample_bundle, exported, city):
    _run, path = exported(sample_bundle)
    ref = sample_bundle.items[1].reference
    data = fill(
        path,
        {ref: {"Soort antwoord": "In onderzoek"}},
        theme_answers={"Digitale inclusie": {ref: "We onderzoeken dit."}},
    )
    [change] = parse_answers(data, sample_bundle).changes
    assert {(c["sheet"], c["cell"]) for c in change["cells"]} == {
        ("Signalen", cell("Soort antwoord", 3)),
        ("Digitale inclusie", "D2"),
    }


def test_answer_only_on_a_theme_sheet_gets_the_default_type(
    sample_bundle, exported, city, db
):
    _run, path = exported(sample_bundle)
    ref = sample_bundle.items[1].reference
    data = fill(
        path, {}, theme_answers={"Digitale inclusie": {ref: "We onderzoeken dit."}}
    )
    answer_import = preview_answers(data, sample_bundle, city)
    assert answer_import.errors == []
    [change] = answer_import.changes
    assert change["new"]["response_type"] == DEFAULT_TYPE
    assert change["default_type"] is True
    assert apply_answer_import(answer_import, city) == 1


def test_preview_page_shows_cells_and_the_default_type(
    sample_bundle, exported, make_user, client, login_as, db
):
    coordinator = make_user(Role.COORDINATOR)
    _run, path = exported(sample_bundle)
    ref = sample_bundle.items[1].reference
    data = fill(
        path, {}, theme_answers={"Digitale inclusie": {ref: "We onderzoeken dit."}}
    )
    answer_import = preview_answers(data, sample_bundle, coordinator)
    db.session.commit()
    login_as(coordinator)
    page = client.get(
        f"/export/bundel/{sample_bundle.id}/antwoorden/{answer_import.key}"
    ).get_data(as_text=True)
    assert "Blad 'Digitale inclusie', cel D2 (Antwoord)" in page
    assert "standaard" in page


def test_errors_name_sheet_and_cell(sample_bundle, exported, city):
    _run, path = exported(sample_bundle)
    ref = sample_bundle.items[0].reference
    data = fill(path, {ref: {"Antwoord stad": "Enkel tekst"}})
    [error] = parse_answers(data, sample_bundle).errors
    assert (error["sheet"], error["cell"]) == ("Signalen", cell("Soort antwoord", 2))
    data = fill(path, {ref: {**ANSWER, "Opvolging": "Ooit"}})
    [error] = parse_answers(data, sample_bundle).errors
    assert (error["sheet"], error["cell"]) == ("Signalen", cell("Opvolging", 2))
    conflict = fill(
        path,
        {sample_bundle.items[1].reference: ANSWER},
        theme_answers={"Digitale inclusie": {sample_bundle.items[1].reference: "X."}},
    )
    [error] = parse_answers(conflict, sample_bundle).errors
    assert f"cel {cell('Antwoord stad', 3)} op het blad 'Signalen'" in error["message"]
    assert "cel D2 op het blad 'Digitale inclusie'" in error["message"]


def libreoffice_round_trip(data: bytes, tmp_path) -> bytes:
    """Open the file in LibreOffice and save it as .xlsx again."""
    assert SOFFICE, "LibreOffice (soffice) is needed: apt-get install libreoffice-calc"
    source = tmp_path / "in" / "bundel.xlsx"
    source.parent.mkdir(parents=True)
    source.write_bytes(data)
    out = tmp_path / "out"
    profile = tmp_path / f"lo-profile-{uuid.uuid4().hex}"
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return (out / "bundel.xlsx").read_bytes()


def test_libreoffice_round_trip_reads_the_same(
    sample_bundle, exported, city, db, tmp_path
):
    first, second = sample_bundle.items[0], sample_bundle.items[1]
    answer_in_app(db, first, city, "Eerste antwoord.\nMet een tweede regel.")
    _run, path = exported(sample_bundle)
    # Untouched: LibreOffice's copy holds no change and no error.
    untouched = parse_answers(
        libreoffice_round_trip(path.read_bytes(), tmp_path / "a"), sample_bundle
    )
    assert untouched.errors == [] and untouched.changes == []
    filled = fill(
        path,
        {second.reference: ANSWER, first.reference: {"Stand van zaken": "Afgerond"}},
    )
    direct = parse_answers(filled, sample_bundle)
    via_lo = parse_answers(
        libreoffice_round_trip(filled, tmp_path / "b"), sample_bundle
    )
    assert direct.errors == [] and via_lo.errors == []
    assert via_lo.changes == direct.changes and len(direct.changes) == 2
    # And the file LibreOffice wrote is still protected and formula-free.
    wb = load_workbook(io.BytesIO(libreoffice_round_trip(filled, tmp_path / "c")))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            assert all(c.data_type != "f" for c in row)
