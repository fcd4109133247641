"""Reading a spreadsheet row by row: CSV (encoding and delimiter sniffed) or .xlsx.

Rows are streamed, never loaded whole: a file of 100,000 rows takes as little
memory as one of ten. Every value comes out as text (dates as ISO text).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from flask_babel import gettext as _

from signalen.errors import SignalenError

SAMPLE_BYTES = 64 * 1024
DELIMITERS = ";,\t|"
KINDS = ("csv", "xlsx")
XLSX_MAGIC = b"PK\x03\x04"


class UnreadableFile(SignalenError):
    """The file is no CSV or Excel file we can read."""


@dataclass(frozen=True)
class CsvDialect:
    encoding: str
    delimiter: str


def file_kind(name: str, head: bytes) -> str:
    """csv or xlsx, from the first bytes (the name only breaks a tie)."""
    if head.startswith(XLSX_MAGIC):
        return "xlsx"
    if name.lower().endswith((".xls", ".xlsm", ".ods")):
        raise UnreadableFile(
            _("Dit bestandstype kan niet. Bewaar het als .xlsx of .csv."), field="file"
        )
    if b"\x00" in head[:4096]:
        raise UnreadableFile(_("Dit is geen CSV- of Excel-bestand."), field="file")
    return "csv"


def sniff_csv(sample: bytes) -> CsvDialect:
    """UTF-8 (with or without BOM) when it decodes, else Windows-1252 (Excel's
    Dutch default); the delimiter the first lines use most consistently."""
    if sample.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
        try:
            # the sample may end in the middle of a character
            sample.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(sample) - 3:
                encoding = "cp1252"
    text = sample.decode(encoding, errors="ignore")
    try:
        delimiter = csv.Sniffer().sniff(text, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = text.splitlines()[0] if text else ""
        counts = {d: first.count(d) for d in DELIMITERS}
        delimiter = (
            max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
        )
    return CsvDialect(encoding, delimiter)


def cell_text(value: object) -> str:
    """A cell as text: dates as ISO, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.date().isoformat()
            if value.time() == datetime.min.time()
            else (value.isoformat(sep=" "))
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\x00", "").strip()


@contextmanager
def open_rows(path: Path, kind: str) -> Iterator[Iterator[list[str]]]:
    """All rows of the file (the header row first), as lists of text."""
    if kind == "xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a broken file
            raise UnreadableFile(
                _("Dit Excel-bestand kan niet gelezen worden."), field="file"
            ) from exc
        try:
            sheet = workbook.worksheets[0]
            yield (
                [cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)
            )
        finally:
            workbook.close()
        return
    with path.open("rb") as raw:
        dialect = sniff_csv(raw.read(SAMPLE_BYTES))
    with path.open(encoding=dialect.encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=dialect.delimiter)
        yield _decoded(reader)


def _decoded(reader) -> Iterator[list[str]]:
    try:
        for row in reader:
            yield [cell.replace("\x00", "").strip() for cell in row]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise UnreadableFile(
            _("Dit CSV-bestand kan niet gelezen worden (tekenset of opmaak)."),
            field="file",
        ) from exc


def headers_of(rows: Iterator[list[str]]) -> list[str]:
    """The first non-empty row: the column names (blank ones get a letter)."""
    for row in rows:
        if any(row):
            while not row[-1]:
                row = row[:-1]
            names: list[str] = []
            for index, name in enumerate(row):
                name = name or _("Kolom %(n)d", n=index + 1)
                while name in names:
                    name = f"{name} ({index + 1})"
                names.append(name)
            return names
    raise UnreadableFile(_("Het bestand is leeg."), field="file")


def read_headers(path: Path, kind: str) -> list[str]:
    with open_rows(path, kind) as rows:
        return headers_of(rows)


def data_rows(path: Path, kind: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as a spreadsheet shows it, {header: text}) for each data row."""
    with open_rows(path, kind) as rows:
        number = 0
        headers: list[str] | None = None
        for row in rows:
            number += 1
            if headers is None:
                if any(row):
                    headers = headers_of(iter([row]))
                continue
            if not any(row):
                continue
            yield number, dict(zip(headers, row, strict=False))


def bytes_kind(name: str, content: bytes) -> str:
    return file_kind(name, content[:SAMPLE_BYTES])
