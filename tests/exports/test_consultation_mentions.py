"""Remarks from consultations linked to an item reach the workbook and the PDF
report, like on the bundle item page; their text only when it passed the
personal-data check (at closing, and the exports' own pass)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from signalen.exports import layout
from signalen.permissions import Role
from tests.exports.test_libreoffice import convert_to_pdf
from tests.exports.test_report import get, switch
from tests.exports.test_workbook import by_reference, rows

HEADER = "Ook gemeld in inspraak"
MENTIONS = [
    {
        "consultation": "Nota participatie",
        "part": "2.3.3 Een sterk sociaal buurtnetwerk",
        "source_code": "JR",
        "text": "Te weinig plaats om samen te komen.",
    },
    # The check at closing found something: the mention without its text.
    {
        "consultation": "Nota participatie",
        "part": "1.2 Jeugdwerk",
        "source_code": "SO",
        "text": None,
    },
    # Got through at closing; the exports' own pass masks the number.
    {
        "consultation": "Nota participatie",
        "part": "1.3 Speelpleinen",
        "source_code": "SO",
        "text": "Bel ons op 0470 12 34 56.",
    },
]


def pdf_reading(data: bytes, tmp_path) -> str:
    """The PDF's text in reading order (pdftotext -raw: a table cell's lines
    stay together), with white space made single."""
    assert shutil.which("pdftotext"), "apt-get install poppler-utils"
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(text.split())


@pytest.fixture(autouse=True)
def own_export_dir(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "EXPORT_DIR", str(tmp_path / "exports"))


@pytest.fixture
def mentioned(db, sample_bundle):
    """The bundle with three mentions on its first item (frozen in its snapshot)."""
    item = sample_bundle.items[0]
    item.snapshot = {**item.snapshot, "consultation_mentions": MENTIONS}
    db.session.commit()
    return sample_bundle


def test_the_signals_sheet_has_a_column_with_the_mentions(mentioned, exported):
    _run, path = exported(mentioned)
    ws = load_workbook(path)["Signalen"]
    assert rows(ws)[0] == layout.SIGNAL_HEADERS
    # The last column: the city's answer columns keep their place.
    assert layout.SIGNAL_HEADERS[-1] == HEADER
    items = by_reference(ws)
    cell = items[mentioned.items[0].reference][HEADER]
    assert cell.splitlines()[:2] == [
        "• Nota participatie, 2.3.3 Een sterk sociaal buurtnetwerk (JR): "
        "Te weinig plaats om samen te komen.",
        "• Nota participatie, 1.2 Jeugdwerk (SO)",
    ]
    third = cell.splitlines()[2]
    assert third.startswith("• Nota participatie, 1.3 Speelpleinen (SO): Bel ons")
    assert "0470" not in cell
    # Items without mentions (and items frozen before consultations) stay empty.
    assert not items[mentioned.items[1].reference][HEADER]
    notes = {
        r[0].value: r[1].value for r in load_workbook(path)["Toelichting"].iter_rows()
    }
    assert "persoonsgegevens" in notes[f"Kolom '{HEADER}'"]


def test_the_workbook_with_mentions_opens_in_libreoffice(mentioned, exported, tmp_path):
    _run, path = exported(mentioned)
    pdf = convert_to_pdf(path, tmp_path)
    text = pdf_reading(pdf.read_bytes(), tmp_path)
    assert "Ook gemeld in inspraak: Nota participatie," in text
    assert "Te weinig plaats om samen te komen." in text


def test_the_theme_sheet_lists_them_under_the_examples(mentioned, exported):
    _run, path = exported(mentioned)
    wb = load_workbook(path)
    reference = mentioned.items[0].reference
    cells = [
        row[2]
        for name in wb.sheetnames
        for row in wb[name].iter_rows(values_only=True)
        if row and row[0] == reference and len(row) == len(layout.THEME_HEADERS)
    ]
    [cell] = [c for c in cells if c and "inspraak" in c]
    assert cell.startswith("Een gezin woont in één kamer.\n\n")
    assert (
        "Ook gemeld in inspraak: Nota participatie, "
        "2.3.3 Een sterk sociaal buurtnetwerk (JR)\n"
        "Te weinig plaats om samen te komen." in cell
    )
    assert "Ook gemeld in inspraak: Nota participatie, 1.2 Jeugdwerk (SO)" in cell
    assert "0470" not in cell


def test_the_report_lists_them_under_the_item(
    mentioned, make_user, client, login_as, tmp_path
):
    switch(login_as, make_user(Role.COORDINATOR))
    html = client.get(f"/export/bundel/{mentioned.id}/rapport").text
    assert (
        "Ook gemeld in inspraak: Nota participatie, "
        "2.3.3 Een sterk sociaal buurtnetwerk (JR)" in html
    )
    assert "Te weinig plaats om samen te komen." in html
    response = get(client, f"/export/bundel/{mentioned.id}/rapport.pdf")
    assert response.status_code == 200
    text = pdf_reading(response.data, tmp_path)
    assert (
        "Ook gemeld in inspraak: Nota participatie, "
        "2.3.3 Een sterk sociaal buurtnetwerk (JR)" in text
    )
    assert "Ook gemeld in inspraak: Nota participatie, 1.2 Jeugdwerk (SO)" in text
    assert "Te weinig plaats om samen te komen." in text
    assert "0470" not in text
