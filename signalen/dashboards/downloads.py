"""A dashboard table as CSV or as an Excel workbook (XlsxWriter, in memory).

Both carry the same cells as the page: masked counts stay "<3". A text that
starts like a formula gets an apostrophe in CSV (a spreadsheet would run it)
and is written as text in Excel.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

import xlsxwriter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a byte-order mark (Excel then reads é right), ';' separated
    as Belgian spreadsheets expect."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(c) for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(
    title: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> bytes:
    """One sheet: a title line, the header, the rows; numbers as numbers."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("Gegevens")
    bold = workbook.add_format({"bold": True})
    sheet.write_string(0, 0, title, bold)
    for col, name in enumerate(header):
        sheet.write_string(2, col, str(name), bold)
        sheet.set_column(col, col, 40 if col == 0 else 16)
    for r, row in enumerate(rows, start=3):
        for col, value in enumerate(row):
            if isinstance(value, bool) or not isinstance(value, int | float):
                sheet.write_string(r, col, "" if value is None else str(value))
            else:
                sheet.write_number(r, col, value)
    workbook.close()
    return buffer.getvalue()
