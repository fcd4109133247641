"""The workbook's evaluation sheet: this year's verdict per priority beside
the previous year's (only in bundles that have an evaluation)."""

from __future__ import annotations

from signalen.bundles.models import Bundle
from signalen.exports.sanitise import TextCleaner
from signalen.exports.writer import Formats, Sheet
from signalen.followup.evaluation import (
    evaluation_rows,
    evaluations_of,
    previous_evaluation,
)

SHEET_EVALUATION = "Evaluatie prioriteiten"
WIDTHS = (7, 13, 40, 18, 45, 18, 45)


def write_evaluation_sheet(
    wb, bundle: Bundle, formats: Formats, cleaner: TextCleaner
) -> bool:
    """Add the sheet of the bundle's latest evaluation; False when it has none."""
    evaluations = evaluations_of(bundle)
    if not evaluations:
        return False
    evaluation = evaluations[0]
    previous = previous_evaluation(evaluation)
    year = evaluation.year
    before = str(previous.year) if previous is not None else "vorig jaar"
    sheet = Sheet(wb, SHEET_EVALUATION, formats)
    sheet.setup(WIDTHS, freeze=(1, 0))
    headers = [
        "Rang",
        "ID",
        "Titel",
        f"Oordeel {year}",
        f"Toelichting {year}",
        f"Oordeel {before}",
        f"Toelichting {before}",
    ]
    f = formats
    sheet.append(headers, [f.header] * len(headers))
    cells = [f.number, f.cell, f.text, f.cell, f.text, f.cell, f.text]
    for row in evaluation_rows(evaluation):
        title = (row.item.snapshot or {}).get("title") or row.item.title
        sheet.append(
            [
                row.rank,
                row.item.reference,
                cleaner.clean(title),
                row.verdict.verdict_label if row.verdict else "",
                cleaner.clean(row.verdict.text) if row.verdict else "",
                row.previous.verdict_label if row.previous else "",
                cleaner.clean(row.previous.text) if row.previous else "",
            ],
            cells,
        )
    sheet.finish_table(len(headers))
    return True
