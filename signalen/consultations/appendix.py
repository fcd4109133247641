"""The consultation as the appendix of a policy note ("Terugkoppeling inspraak").

Per chapter and per action: a "Signalen" paragraph (the coordinator's
synthesis), the remarks per source ("JR: …") and under each remark one or more
"➢" answers of the city. The same content is written three ways: the print
page (a template reads `appendix_of`), a Word document (python-docx) and an
Excel workbook (XlsxWriter) whose first sheet has the columns of the
consultation table "Signaal | Voorbeelden/citaten | Antwoord".
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import xlsxwriter
from docx import Document
from docx.shared import Pt
from flask_babel import gettext as _

from signalen.consultations.models import (
    Consultation,
    ConsultationRemark,
    ConsultationSection,
    RemarkAnswer,
)

ARROW = "➢"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class AppendixSection:
    section: ConsultationSection
    remarks: list[ConsultationRemark] = field(default_factory=list)


@dataclass
class Appendix:
    consultation: Consultation
    sources: list[tuple[str, str]]
    sections: list[AppendixSection]


def appendix_of(consultation: Consultation) -> Appendix:
    """The appendix's content in the order of the draft text."""
    sources = [(p.source_code, p.name) for p in consultation.participants]
    sections = [
        AppendixSection(section, list(section.remarks))
        for section in consultation.sections
    ]
    return Appendix(consultation, sources, sections)


def answer_line(answer: RemarkAnswer) -> str:
    """One "➢" line: the kind of answer, the text, and the service if passed on."""
    line = f"{answer.type_label}: {answer.text}"
    if answer.department:
        line += " " + _("(dienst: %(name)s)", name=answer.department)
    return line


def remark_line(remark: ConsultationRemark) -> str:
    return f"{remark.participant.source_code}: {remark.text}"


def file_stem(consultation: Consultation) -> str:
    return f"inspraak-{consultation.id}-bijlage"


# --- Word --------------------------------------------------------------------


def write_docx(consultation: Consultation) -> bytes:
    """The appendix as a Word document."""
    appendix = appendix_of(consultation)
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    document.add_heading(
        _("Terugkoppeling inspraak: %(title)s", title=consultation.title), level=1
    )
    if consultation.introduction:
        document.add_paragraph(consultation.introduction)
    for code, name in appendix.sources:
        document.add_paragraph(f"{code}: {name}")
    for part in appendix.sections:
        section = part.section
        document.add_heading(section.heading, level=3 if section.is_action else 2)
        if section.synthesis:
            document.add_paragraph().add_run(_("Signalen")).bold = True
            document.add_paragraph(section.synthesis)
        for remark in part.remarks:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{remark.participant.source_code}: ").bold = True
            paragraph.add_run(remark.text)
            for answer in remark.answers:
                line = document.add_paragraph(f"{ARROW} ")
                line.paragraph_format.left_indent = Pt(18)
                line.add_run(f"{answer.type_label}: ").italic = True
                line.add_run(answer.text)
                if answer.department:
                    line.add_run(" " + _("(dienst: %(name)s)", name=answer.department))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- Excel --------------------------------------------------------------------


def write_xlsx(consultation: Consultation) -> bytes:
    """The appendix as a workbook: the consultation table, every remark, sources."""
    appendix = appendix_of(consultation)
    buffer = io.BytesIO()
    # Free text is text, never a formula or a number.
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    head = workbook.add_format(
        {"bold": True, "font_name": "Arial", "font_size": 10, "bg_color": "#DDDDDD"}
    )
    wrap = workbook.add_format(
        {"text_wrap": True, "valign": "top", "font_name": "Arial", "font_size": 10}
    )

    table = workbook.add_worksheet(_("Inspraak"))
    headers = [_("Signaal"), _("Voorbeelden/citaten"), _("Antwoord")]
    table.write_row(0, 0, headers, head)
    table.set_column(0, 0, 40)
    table.set_column(1, 2, 70)
    table.freeze_panes(1, 0)
    for row, part in enumerate(appendix.sections, start=1):
        section = part.section
        signal = section.heading
        if section.synthesis:
            signal += "\n" + section.synthesis
        quotes = "\n".join(remark_line(r) for r in part.remarks)
        answers = "\n".join(
            f"{r.participant.source_code} {ARROW} {answer_line(a)}"
            for r in part.remarks
            for a in r.answers
        )
        table.write_string(row, 0, signal, wrap)
        table.write_string(row, 1, quotes, wrap)
        table.write_string(row, 2, answers, wrap)

    remarks = workbook.add_worksheet(_("Opmerkingen"))
    headers = [
        _("Hoofdstuk of actie"),
        _("Bron"),
        _("Opmerking"),
        _("Soort antwoord"),
        _("Antwoord"),
        _("Dienst"),
        _("Structurele signalen"),
    ]
    remarks.write_row(0, 0, headers, head)
    remarks.set_column(0, 0, 30)
    remarks.set_column(1, 1, 8)
    remarks.set_column(2, 2, 60)
    remarks.set_column(3, 3, 22)
    remarks.set_column(4, 4, 60)
    remarks.set_column(5, 6, 22)
    remarks.freeze_panes(1, 0)
    row = 1
    for part in appendix.sections:
        for remark in part.remarks:
            links = ", ".join(link.structural_signal.reference for link in remark.links)
            shown: list[RemarkAnswer | None] = list(remark.answers) or [None]
            for answer in shown:
                values = [
                    part.section.heading,
                    remark.participant.source_code,
                    remark.text,
                    answer.type_label if answer else "",
                    answer.text if answer else "",
                    answer.department if answer else "",
                    links,
                ]
                for col, value in enumerate(values):
                    remarks.write_string(row, col, value, wrap)
                row += 1

    legend = workbook.add_worksheet(_("Bronnen"))
    legend.write_row(0, 0, [_("Code"), _("Naam")], head)
    legend.set_column(0, 0, 10)
    legend.set_column(1, 1, 60)
    for row, (code, name) in enumerate(appendix.sources, start=1):
        legend.write_string(row, 0, code, wrap)
        legend.write_string(row, 1, name, wrap)
    workbook.close()
    return buffer.getvalue()
