"""The workbook reads and prints well: fonts, row heights, numbers, charts, print.

Checked on the file itself (openpyxl, the XML) and on LibreOffice's PDF of it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
import zipfile

from openpyxl import load_workbook

from signalen.exports import layout
from signalen.exports.priorities import _group_score
from signalen.exports.writer import LINE_HEIGHT, text_lines

SOFFICE = shutil.which("soffice")
LONG = (
    "Huurprijzen en waarborgen stijgen sneller dan de inkomens; wie een sociale "
    "woning zoekt, wacht jaren. Gezinnen wonen te klein, verhuizen vaak en raken "
    "hun netwerk kwijt. Scholen en hulpverleners zien de gevolgen elke week."
)


def test_one_font_family_everywhere(sample_bundle, exported):
    _run, path = exported(sample_bundle)
    with zipfile.ZipFile(path) as archive:
        styles = archive.read("xl/styles.xml").decode()
        charts = [
            archive.read(n).decode()
            for n in archive.namelist()
            if n.startswith("xl/charts/chart")
        ]
    fonts = set(re.findall(r'<name val="([^"]+)"', styles))
    assert fonts == {"Arial"}
    assert "<scheme" not in styles  # no theme font to fall back to
    for chart in charts:
        assert set(re.findall(r'typeface="([^"]+)"', chart)) == {"Arial"}


def test_wrapped_rows_are_tall_enough(
    make_user, make_signal, make_structural, make_bundle, exported
):
    author = make_user()
    structural = make_structural(
        [make_signal(author, theme_codes=("wonen",))],
        title="Betaalbaar wonen",
        summary=LONG,
    )
    _run, path = exported(make_bundle([structural]))
    wb = load_workbook(path)
    checked = 0
    theme = wb[wb.sheetnames[3]]  # the first theme sheet, after Signalen
    assert [c.value for c in theme[1]] == layout.THEME_HEADERS
    for ws in (wb["Signalen"], theme):
        name = ws.title
        widths = {k: d.width for k, d in ws.column_dimensions.items()}
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.alignment.wrap_text:
                    # openpyxl reports Excel's width with its padding (+0.71).
                    width = round(widths[cell.column_letter] - 0.71)
                    needed = text_lines(cell.value, width) * LINE_HEIGHT
                    height = ws.row_dimensions[cell.row].height or 15
                    assert height >= needed, (name, cell.coordinate, height, needed)
                    checked += 1
    assert checked >= 4
    # The theme sheet shows the whole summary, with level and owner.
    assert LONG in theme["B2"].value
    assert theme.row_dimensions[2].height >= 5 * LINE_HEIGHT


def test_counts_are_numbers_and_charts_have_figures(sample_bundle, exported):
    _run, path = exported(sample_bundle)
    wb = load_workbook(path)
    overview = wb["Overzicht"]
    counts = [
        r[1].value
        for r in overview.iter_rows(min_row=8)
        if r[0].value and r[1].value not in (None, "Deze bundel")
    ]
    assert counts and all(isinstance(v, int) and v > 0 for v in counts)
    signals = wb["Signalen"]
    column = layout.SIGNAL_HEADERS.index("Aantal signalen") + 1
    cell = signals.cell(row=2, column=column)
    assert cell.value == 3 and cell.alignment.horizontal == "right"
    hidden = signals.cell(row=2, column=column + 1)  # organisations: 1 → "<3"
    assert hidden.value == "<3" and hidden.alignment.horizontal == "right"
    with zipfile.ZipFile(path) as archive:
        charts = [
            archive.read(n).decode()
            for n in archive.namelist()
            if n.startswith("xl/charts/chart")
        ]
    assert charts
    for chart in charts:
        for ref in re.findall(r"<c:val><c:numRef><c:f>([^<]+)</c:f>", chart):
            cells = ref.split("!")[1].replace("$", "")
            found = overview[cells]
            found = found if isinstance(found, tuple) else ((found,),)
            values = [c.value for row in found for c in row]
            assert values and all(isinstance(v, int) for v in values), ref


def test_print_setup_gives_readable_a4_landscape(sample_bundle, exported):
    _run, path = exported(sample_bundle)
    wb = load_workbook(path)
    for ws in wb.worksheets:
        if ws.sheet_state == "hidden":
            continue
        assert ws.page_setup.orientation == "landscape", ws.title
        assert int(ws.page_setup.paperSize) == 9, ws.title  # A4
        if (
            ws.sheet_properties.pageSetUpPr
            and ws.sheet_properties.pageSetUpPr.fitToPage
        ):
            assert int(ws.page_setup.fitToWidth or 1) == 1  # omitted when 1
            total = sum(
                ws.column_dimensions[c].width - 0.71
                for c in ws.column_dimensions
                if ws.column_dimensions[c].width
            )
            # Fit to width shrinks only what is wider than the page (146 units).
            assert 10 * min(1, 146 / total) >= 8, (ws.title, total)
        else:
            assert int(ws.page_setup.scale) >= 80, ws.title
        if ws.title != "Overzicht":
            assert ws.print_title_rows == "$1:$1", ws.title


def test_libreoffice_prints_no_text_under_8_pt(sample_bundle, exported, tmp_path):
    assert SOFFICE, "LibreOffice (soffice) is needed: apt-get install libreoffice-calc"
    assert shutil.which("pdftotext"), (
        "pdftotext is needed: apt-get install poppler-utils"
    )
    _run, path = exported(sample_bundle)
    profile = tmp_path / f"lo-{uuid.uuid4().hex}"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / (path.stem + ".pdf")
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)"', boxes)
    assert pages and all(float(w) > float(h) for w, h in pages)  # landscape
    assert all(abs(float(w) - 841.9) < 1 for w, _h in pages)  # A4
    heights = [
        float(y2) - float(y1)
        for y1, y2 in re.findall(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', boxes
        )
    ]
    # A word's box is about 1.1 times its font size: 8 pt text gives 8.8.
    assert heights and min(heights) >= 8.8 * 0.99, min(heights)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Signalenbundel 2023-2024" in text
    assert "Signalenbundel: Signalenbundel" not in text


# --- the small-numbers rule -------------------------------------------------


def test_small_numbers_hide_people_not_structural_counts(
    make_org, make_user, make_signal, make_structural, make_bundle, exported, db
):
    org = make_org("Buurtwerk Oost")
    author = make_user(organisation=org)
    structural = make_structural(
        [make_signal(author, theme_codes=("wonen",))], title="Eén signaal"
    )
    bundle = make_bundle([structural])
    item = bundle.items[0]
    item.snapshot = {
        **item.snapshot,
        "evidence": {"signals": 1, "organisations": 1, "people_affected": 2},
    }
    db.session.commit()
    _run, path = exported(bundle)
    wb = load_workbook(path)
    headers = layout.SIGNAL_HEADERS
    row = [c.value for c in wb["Signalen"][2]]
    assert row[headers.index("Aantal organisaties")] == "<3"
    assert row[headers.index("Aantal mensen (schatting)")] == "<3"
    assert row[headers.index("Eerder in bundels")] == 0
    overview = {r[0].value: r[1].value for r in wb["Overzicht"].iter_rows()}
    assert overview["Wonen: betaalbaarheid en sociale huisvesting"] == 1
    notes = {r[0].value: r[1].value for r in wb["Toelichting"].iter_rows()}
    assert "wijk" in notes["Kleine aantallen"] and "<3" in notes["Kleine aantallen"]


def test_per_group_score_of_a_group_with_few_ballots_is_hidden():
    assert _group_score("stad", 2.5, 2, 3) == "stad: minder dan 3 stemmen"
    assert _group_score("middenveld", 2.5, 3, 3) == "middenveld: 2.5"
    assert _group_score("middenveld", 0.0, 0, 3) == "middenveld: 0"


def test_anonymous_organisation_is_masked_in_coordinator_text(
    make_org, make_user, make_signal, make_structural, make_bundle, exported
):
    make_org("Stille Partner Vzw", anonymous_to_city=True)
    author = make_user(organisation=make_org("Open Huis"))
    structural = make_structural(
        [make_signal(author, theme_codes=("wonen",))],
        title="Wachtlijsten",
        # Written by a coordinator; the anonymous organisation gave no signal here.
        summary="Samen met Stille Partner vzw zien we dat wachtlijsten groeien.",
    )
    _run, path = exported(make_bundle([structural]))
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert "stille partner" not in str(cell.value or "").casefold()
    summary = wb["Signalen"]["C2"].value
    assert "Samen met een partnerorganisatie zien we" in summary
