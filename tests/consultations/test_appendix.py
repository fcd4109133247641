"""The appendix read back: Word with python-docx, Excel with openpyxl."""

from __future__ import annotations

import io

import docx
import openpyxl

from signalen.consultations import access, appendix, services

from .conftest import NOW


def filled(db, make_consultation, account_participant, coordinator, city):
    consultation = make_consultation(open=True)
    participant, worker = account_participant(consultation)
    jr, _code = access.add_code_participant(
        consultation, coordinator, source_code="JR", name="Jeugdraad"
    )
    chapter, action = consultation.sections
    services.write_synthesis(
        chapter, coordinator, text="De intenties worden gewaardeerd.", now=NOW
    )
    remark = services.record_remark(
        participant,
        chapter,
        text="We verwachten een volledige vermelding van de wijken.",
        author=worker,
        now=NOW,
    )
    services.answer_remark(
        remark,
        city,
        answer_type="overgenomen",
        text="Dit werd aangepast in de nota onder 2.3.3",
        now=NOW,
    )
    services.record_remark(
        jr, action, text='=HYPERLINK("x") Meer repaircafés.', author=None, now=NOW
    )
    db.session.commit()
    return consultation


def test_word_has_the_layout_of_the_appendix(
    db, make_consultation, account_participant, coordinator, city
):
    consultation = filled(db, make_consultation, account_participant, coordinator, city)
    document = docx.Document(io.BytesIO(appendix.write_docx(consultation)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Terugkoppeling inspraak: Nota participatie"
    assert "JR: Jeugdraad" in texts and "SO: Samenlevingsopbouw Gent" in texts
    start = texts.index("2.3.3 Een sterk sociaal buurtnetwerk")
    assert texts[start + 1 : start + 5] == [
        "Signalen",
        "De intenties worden gewaardeerd.",
        "SO: We verwachten een volledige vermelding van de wijken.",
        "➢ Overgenomen: Dit werd aangepast in de nota onder 2.3.3",
    ]
    headings = {p.text: p.style.name for p in document.paragraphs}
    assert headings["2.3.3 Een sterk sociaal buurtnetwerk"] == "Heading 2"
    assert headings["Actie Repaircafés"] == "Heading 3"


def test_excel_has_the_consultation_table(
    db, make_consultation, account_participant, coordinator, city
):
    consultation = filled(db, make_consultation, account_participant, coordinator, city)
    workbook = openpyxl.load_workbook(io.BytesIO(appendix.write_xlsx(consultation)))
    assert workbook.sheetnames == ["Inspraak", "Opmerkingen", "Bronnen"]
    table = workbook["Inspraak"]
    assert [c.value for c in table[1]] == ["Signaal", "Voorbeelden/citaten", "Antwoord"]
    assert table["A2"].value.startswith("2.3.3 Een sterk sociaal buurtnetwerk\nDe")
    assert table["B2"].value == (
        "SO: We verwachten een volledige vermelding van de wijken."
    )
    assert table["C2"].value == (
        "SO ➢ Overgenomen: Dit werd aangepast in de nota onder 2.3.3"
    )
    remarks = workbook["Opmerkingen"]
    rows = list(remarks.iter_rows(min_row=2, values_only=True))
    formula_row = [r for r in rows if r[1] == "JR"][0]
    assert formula_row[2].startswith("=HYPERLINK")  # text, not a formula
    assert remarks.cell(row=rows.index(formula_row) + 2, column=3).data_type == "s"
    assert [r[0] for r in workbook["Bronnen"].iter_rows(values_only=True)] == [
        "Code",
        "JR",
        "SO",
    ]
