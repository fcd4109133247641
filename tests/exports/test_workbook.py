"""The bundle workbook: every sheet, the privacy rules, no formulas."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook

from signalen.bundles.models import BundleStatus
from signalen.exports import layout
from signalen.exports.services import start_export, write_bundle_workbook
from signalen.permissions import Role
from signalen.responses.services import Answer, record_answer

NOW = datetime(2026, 11, 23, 13, 5, tzinfo=UTC)


def rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def by_reference(ws):
    data = rows(ws)
    return {r[0]: dict(zip(data[0], r, strict=False)) for r in data[1:] if r[0]}


def test_sheets_in_order_with_theme_sheets(sample_bundle, exported):
    run, path = exported(sample_bundle)
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "Overzicht",
        "Prioriteiten",
        "Signalen",
        "Wonen betaalbaarheid en sociale",
        "Digitale inclusie",
        "Toelichting",
        "Lijsten",
    ]
    assert wb["Lijsten"].sheet_state == "hidden"
    assert wb.active.title == "Overzicht"
    for name in wb.sheetnames:
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\")
    assert path.name.startswith("signalenbundel-2023-2024-20261123-")
    assert run.status == "done" and run.file_name == path.name


def test_signals_sheet_has_every_item_and_answer_columns(sample_bundle, exported):
    _run, path = exported(sample_bundle)
    ws = load_workbook(path)["Signalen"]
    data = rows(ws)
    assert data[0] == layout.SIGNAL_HEADERS
    items = by_reference(ws)
    assert set(items) == {i.reference for i in sample_bundle.items}
    first = items[sample_bundle.items[0].reference]
    assert first["Titel"] == "Betaalbaar wonen"
    assert first["Aantal signalen"] == 3
    assert first["Aantal organisaties"] == "<3"
    assert first["Voorbeelden/citaten"] == "Een gezin woont in één kamer."
    assert first["Voorstellen van oplossing"] == "Meer sociale woningen."
    assert first["Thema's"].startswith("Wonen")
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == "A1:U4"  # the last is "Ook gemeld in inspraak"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    # Far wider than a page: printed at 85 % across pages, ID and title repeated.
    assert int(ws.page_setup.scale) == 85
    assert ws.print_title_cols == "$A:$B"
    # Excel shows 50; the file holds it with Excel's cell padding (50.71).
    assert int(ws.column_dimensions["C"].width) == 50
    assert ws["B2"].alignment.wrap_text


def test_dropdowns_come_from_the_hidden_lists(sample_bundle, exported):
    _run, path = exported(sample_bundle)
    wb = load_workbook(path)
    validations = {
        str(dv.sqref): dv.formula1
        for dv in wb["Signalen"].data_validations.dataValidation
    }
    assert validations == {
        "P2:P4": "Lijsten!$A$1:$A$5",
        "R2:R4": "Lijsten!$B$1:$B$5",
        "S2:S4": "Lijsten!$C$1:$C$3",
    }
    lists = wb["Lijsten"]
    assert [lists.cell(i, 1).value for i in range(1, 6)][0] == "Doorgegeven aan dienst"
    assert lists["C3"].value == "Afgerond"


def test_only_answer_cells_are_editable(sample_bundle, exported):
    _run, path = exported(sample_bundle)
    wb = load_workbook(path)
    for name in wb.sheetnames:
        assert wb[name].protection.sheet, name
        assert not wb[name].protection.password, name  # no password: documented
    ws = wb["Signalen"]
    answer_columns = {"O", "P", "Q", "R", "S"}
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            assert cell.protection.locked == (cell.column_letter not in answer_columns)
    theme = wb["Digitale inclusie"]
    assert rows(theme)[0] == ["ID", "Signaal", "Voorbeelden/citaten", "Antwoord"]
    assert theme["D2"].protection.locked is False
    assert theme["B2"].protection.locked is True


def test_metadata_identifies_bundle_and_run(sample_bundle, exported):
    run, path = exported(sample_bundle)
    wb = load_workbook(path)
    assert wb["Lijsten"]["F1"].value == str(sample_bundle.id)
    assert wb["Lijsten"]["F2"].value == run.token
    assert wb.defined_names[layout.DEFINED_NAME_TOKEN].attr_text == "Lijsten!$F$2"
    props = {p.name: p.value for p in wb.custom_doc_props}
    assert props["SignalenExportToken"] == run.token
    notes = {r[0]: r[1] for r in rows(wb["Toelichting"])}
    assert notes["Versie (exportcode)"] == run.token
    assert notes["Bundel"] == str(sample_bundle.id)
    assert "partnerorganisatie" in notes["Privacy"]
    assert "<3" in notes["Kleine aantallen"] and "exact" in notes["Kleine aantallen"]
    assert "Kolom 'Soort antwoord'" in notes


def test_overview_counts_compare_with_previous_bundle_and_has_charts(
    make_signal, make_structural, make_bundle, exported, make_user
):
    author = make_user()
    old = make_bundle(
        [make_structural([make_signal(author, theme_codes=("wonen",))])],
        status=BundleStatus.PUBLISHED,
        start=datetime(2021, 1, 1).date(),
        end=datetime(2022, 12, 31).date(),
    )
    structurals = [
        make_structural([make_signal(author, theme_codes=("wonen",))], title=f"S{i}")
        for i in range(4)
    ]
    bundle = make_bundle(structurals)
    bundle.previous = old
    from signalen.extensions import db

    db.session.commit()
    _run, path = exported(bundle)
    ws = load_workbook(path)["Overzicht"]
    data = rows(ws)
    assert data[0][0] == bundle.title  # "Signalenbundel 2023-2024", once
    assert data[3][:2] == ["Vergeleken met", old.title]
    wonen = next(r for r in data if r[0] and r[0].startswith("Wonen"))
    # Structural signals per theme identify nobody: exact numbers, also 1.
    assert wonen[1:3] == [4, 1]
    # Themes and levels; no wijken, no target groups: two charts, both here.
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        charts = [n for n in names if n.startswith("xl/charts/chart")]
        drawings = [n for n in names if n.startswith("xl/drawings/drawing")]
        assert len(charts) == 2 and len(drawings) == 1
        sheet_rels = archive.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
    assert "drawing1.xml" in sheet_rels  # sheet1 is Overzicht


def test_anonymous_organisation_is_never_named(
    make_org, make_user, make_signal, make_structural, make_bundle, exported, db
):
    hidden = make_org("Geheime Vereniging", anonymous_to_city=True)
    author = make_user(organisation=hidden)
    structural = make_structural(
        [make_signal(author, examples="Geheime Vereniging hoort dit vaak.")],
        summary="Volgens Geheime Vereniging groeit dit.",
    )
    bundle = make_bundle([structural])
    item = bundle.items[0]
    item.snapshot = {
        **item.snapshot,
        "owner": "Geheime Vereniging",
        "owner_anonymous": True,
    }
    db.session.commit()
    _run, path = exported(bundle)
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for value in row:
                assert "Geheime" not in str(value or "")
    signal = by_reference(wb["Signalen"])[item.reference]
    assert signal["Trekker"] == "een partnerorganisatie"
    assert signal["Samenvatting"] == "Volgens een partnerorganisatie groeit dit."


def test_personal_data_is_masked_again_and_counted(
    make_user, make_signal, make_structural, make_bundle, exported, db
):
    structural = make_structural([make_signal(make_user())])
    bundle = make_bundle([structural])
    item = bundle.items[0]
    # A snapshot that slipped through: the export checks again.
    item.snapshot = {
        **item.snapshot,
        "summary": "Bel 0470 12 34 56 of mail jan@example.org.",
    }
    db.session.commit()
    _run, path = exported(bundle)
    wb = load_workbook(path)
    summary = by_reference(wb["Signalen"])[item.reference]["Samenvatting"]
    assert "0470" not in summary and "example.org" not in summary
    assert "[telefoonnummer]" in summary and "[e-mailadres]" in summary
    notes = {r[0]: r[1] for r in rows(wb["Toelichting"])}
    assert notes["Gemaskeerd bij export"].startswith("2 stukken tekst")
    assert "PHONE: 1" in notes["Gemaskeerd bij export"]


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        '=HYPERLINK("http://x","klik")',
        "+32 tekst",
        "-5 tekst",
        "@SUM(A1)",
        "\tmet tab",
        "\rmet cr",
        "=cmd|' /C calc'!A0",
        "<r><t>ingevoegd</t></r>",  # XlsxWriter's own rich-text XML: kept as text
        "http://voorbeeld.be",
        "0470",
    ],
)
def test_no_cell_becomes_a_formula(
    text, make_user, make_signal, make_structural, make_bundle, exported, db
):
    structural = make_structural([make_signal(make_user())], title="Titel")
    bundle = make_bundle([structural])
    item = bundle.items[0]
    item.snapshot = {
        **item.snapshot,
        "title": text,
        "summary": text,
        "examples": [text],
        "proposed_solutions": [text],
    }
    db.session.commit()
    _run, path = exported(bundle)
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    signal = by_reference(wb["Signalen"])[item.reference]
    expected = text.replace("\r", "\n")  # a cell's only line break is LF
    assert signal["Titel"] == expected
    assert signal["Samenvatting"] == expected
    assert signal["Voorbeelden/citaten"] == expected


def test_current_answers_are_prefilled(sample_bundle, exported, make_user, db):
    city = make_user(Role.CITY)
    item = sample_bundle.items[0]
    record_answer(
        item,
        city,
        Answer(
            "opgenomen",
            "Staat in het beleidsplan.",
            department="Dienst Wonen",
            progress="afgerond",
        ),
    )
    db.session.commit()
    _run, path = exported(sample_bundle)
    wb = load_workbook(path)
    signal = by_reference(wb["Signalen"])[item.reference]
    assert signal["Antwoord stad"] == "Staat in het beleidsplan."
    assert signal["Soort antwoord"] == "Opgenomen in beleid"
    assert signal["Stand van zaken"] == "Afgerond"
    theme = by_reference(wb["Wonen betaalbaarheid en sociale"])
    assert theme[item.reference]["Antwoord"] == "Staat in het beleidsplan."


def test_priorities_sheet_from_decisions(sample_bundle, exported, make_user, db):
    from signalen.prioritisation.models import PrioritisationRound, PriorityDecision

    round_ = PrioritisationRound(
        bundle_id=sample_bundle.id,
        title="Ronde",
        method="points",
        status="closed",
        opens_at=NOW,
        closes_at=NOW,
        closed_at=NOW,
        is_deciding=True,
    )
    # A round that closed later but does not decide is never read.
    later = PrioritisationRound(
        bundle_id=sample_bundle.id,
        title="Proefronde",
        method="pick",
        status="closed",
        opens_at=NOW,
        closes_at=NOW,
        closed_at=NOW + timedelta(days=3),
    )
    db.session.add_all([round_, later])
    db.session.flush()
    second, first = sample_bundle.items[0], sample_bundle.items[2]
    db.session.add_all(
        [
            PriorityDecision(
                round_id=round_.id,
                bundle_item_id=second.id,
                chosen=True,
                rank=2,
                reason="Veel organisaties zien dit.",
            ),
            PriorityDecision(
                round_id=round_.id,
                bundle_item_id=first.id,
                chosen=True,
                rank=1,
                reason="Raakt de meest kwetsbare gezinnen.",
            ),
        ]
    )
    db.session.commit()
    _run, path = exported(sample_bundle)
    data = rows(load_workbook(path)["Prioriteiten"])
    assert data[0] == layout.PRIORITY_HEADERS
    assert [r[1] for r in data[1:3]] == [first.reference, second.reference]
    assert data[1][0] == 1 and data[1][3] == "ja"
    assert data[1][8] == "Raakt de meest kwetsbare gezinnen."
    assert any(r[0] == "Methode" and r[2] == "Punten verdelen" for r in data)
    assert not any("nog geen beslissing" in str(r[2]) for r in data)


def test_priorities_sheet_ignores_a_round_that_does_not_decide(
    sample_bundle, exported, db
):
    from signalen.prioritisation.models import PrioritisationRound, PriorityDecision

    round_ = PrioritisationRound(
        bundle_id=sample_bundle.id,
        title="Proefronde",
        method="points",
        status="closed",
        opens_at=NOW,
        closes_at=NOW,
        closed_at=NOW,
    )
    db.session.add(round_)
    db.session.flush()
    db.session.add(
        PriorityDecision(
            round_id=round_.id,
            bundle_item_id=sample_bundle.items[0].id,
            chosen=True,
            rank=1,
            reason="Enkel een proef.",
        )
    )
    db.session.commit()
    _run, path = exported(sample_bundle)
    data = rows(load_workbook(path)["Prioriteiten"])
    assert not any("Enkel een proef." in str(c) for r in data for c in r)
    assert any("nog geen beslissing" in str(r[2]) for r in data)
    round_.is_deciding = True
    db.session.commit()
    _run, path = exported(sample_bundle)
    data = rows(load_workbook(path)["Prioriteiten"])
    assert any("Enkel een proef." in str(c) for r in data for c in r)


def test_priorities_sheet_explains_when_empty(sample_bundle, exported):
    _run, path = exported(sample_bundle)
    data = rows(load_workbook(path)["Prioriteiten"])
    assert any("geen prioritering" in str(r[2]) for r in data)


def test_open_bundle_cannot_be_exported(make_bundle, tmp_path, db):
    from signalen.errors import SignalenError

    bundle = make_bundle([], status=BundleStatus.OPEN)
    with pytest.raises(SignalenError):
        start_export(bundle, None, NOW)
    with pytest.raises(SignalenError):
        write_bundle_workbook(bundle, tmp_path / "x.xlsx", token="t", now=NOW)


def test_sheet_names_are_valid_and_unique():
    taken = {n.casefold() for n in layout.FIXED_SHEETS}
    names = [
        layout.sheet_name("Werk: activering & sociale economie [test]/x?", taken),
        layout.sheet_name("Werk: activering & sociale economie [test]/x?", taken),
        layout.sheet_name("Signalen", taken),
        layout.sheet_name("", taken),
    ]
    assert len({n.casefold() for n in names}) == 4
    for name in names:
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\")
    assert names[2] == "Signalen (2)"


def test_progress_is_reported(sample_bundle, tmp_path):
    seen = []
    stats = write_bundle_workbook(
        sample_bundle,
        tmp_path / "b.xlsx",
        token="t",
        now=NOW,
        progress=lambda done, total: seen.append((done, total)),
        batch_size=2,
    )
    assert stats.items == 3
    assert seen == [(2, 3), (3, 3)]


def test_workbook_is_streamed_and_never_guesses_types(sample_bundle, exported):
    from signalen.exports.writer import WORKBOOK_OPTIONS

    # Constant memory, and no guessing of formulas, numbers or links from text.
    assert {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }.items() <= WORKBOOK_OPTIONS.items()
    _run, path = exported(sample_bundle)
    with zipfile.ZipFile(path) as archive:
        # Streamed rows hold their text inline; a shared string table would mean
        # every string was kept in memory until the end.
        assert "xl/sharedStrings.xml" not in archive.namelist()
        sheet = archive.read("xl/worksheets/sheet3.xml").decode()
    assert 't="inlineStr"' in sheet and "<f>" not in sheet
