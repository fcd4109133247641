"""Opening an uploaded workbook and reading its cells, defensively.

The file comes from outside: the container is checked member by member before
openpyxl opens it, and every cell the import reads is checked for what it
holds. Whatever is wrong gets a plain Dutch message that names the sheet and
the cell (or the row, when the file itself is broken there).
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import gettext as _
from openpyxl.utils import get_column_letter

from signalen.errors import SignalenError
from signalen.exports.sanitise import ILLEGAL_CHARACTERS, normalise_line_ends

# A workbook of 16 MB can unpack to far more; refuse anything absurd before
# openpyxl touches it (zip bombs). Checked per member and in total.
MAX_UNCOMPRESSED = 400 * 1024 * 1024
MAX_RATIO = 150
RATIO_FROM = 1024 * 1024  # smaller members cannot hurt, whatever their ratio
# Beyond this a number is no answer (and no longer exact as text).
MAX_NUMBER = 10**15
# Excel writes a control character in text as _xHHHH_; NUL and friends this way.
ESCAPED_CONTROL = re.compile(r"_x00(?:0[0-8bcef]|1[0-9a-f])_", re.IGNORECASE)
# What openpyxl raises on a cell it cannot read (bad number, date, string index)
# and what the XML parsers raise on a broken sheet (both subclass SyntaxError).
UNREADABLE = (ValueError, TypeError, IndexError, KeyError, OverflowError, SyntaxError)


class ImportRefused(SignalenError):
    """The file as a whole cannot be read; nothing was applied.

    The message belongs next to the uploaded file (the form's `workbook`).
    """

    def __init__(self, message: str, field: str | None = "workbook"):
        super().__init__(message, field)


class CellProblem(Exception):
    """One cell holds something that is not text; the message says which."""

    def __init__(self, message: str, sheet: str = "", cell: str = ""):
        super().__init__(message)
        self.message = message
        self.sheet = sheet
        self.cell = cell


def check_container(data: bytes) -> None:
    """Size, zip structure and unpacked size per member; raise ImportRefused."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 16 * 1024 * 1024
    if len(data) > limit:
        raise ImportRefused(_("Het bestand is te groot (maximaal 16 MB)."))
    if not data or not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportRefused(
            _("Dit is geen Excel-bestand (.xlsx). Bewaar het bestand als .xlsx.")
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportRefused(_("Het bestand is beschadigd.")) from exc
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        raise ImportRefused(_("Dit is geen Excel-bestand (.xlsx)."))
    # zipfile stops at the size a member declares (and then fails its CRC), so
    # the declared sizes are the most any member can unpack to.
    too_big = sum(i.file_size for i in infos) > MAX_UNCOMPRESSED or any(
        i.file_size > RATIO_FROM and i.file_size > MAX_RATIO * max(i.compress_size, 1)
        for i in infos
    )
    if too_big:
        raise ImportRefused(
            _("Het bestand is uitgepakt te groot; het lijkt niet op een bundel.")
        )


def load(data: bytes):
    """Check the container, then open it read-only (formulas kept as formulas)."""
    check_container(data)
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on broken files
        raise ImportRefused(
            _("Het bestand is beschadigd of geen geldig Excel-bestand.")
        ) from exc


def rows(
    ws, limit: int, sheet: str, *, max_row: int | None = None
) -> Iterator[tuple[int, tuple]]:
    """(row number, cells) from the top; refuse a broken sheet or far too many rows."""
    iterator = ws.iter_rows(max_row=max_row)
    number = 0
    while True:
        try:
            row = next(iterator)
        except StopIteration:
            return
        except UNREADABLE as exc:
            raise ImportRefused(
                _(
                    "Het blad '%(sheet)s' is beschadigd: vanaf rij %(row)d staat er "
                    "een cel die niet te lezen is (een ongeldig getal, datum of "
                    "teken). Typ die cel opnieuw in, of gebruik het bestand zoals u "
                    "het kreeg.",
                    sheet=sheet,
                    row=number + 1,
                )
            ) from exc
        number += 1
        if number > limit:
            raise ImportRefused(
                _(
                    "Het blad '%(sheet)s' heeft veel meer rijen dan de bundel "
                    "signalen heeft.",
                    sheet=sheet,
                )
            )
        yield number, row


def cell_text(row: tuple, index: int, sheet: str, number: int) -> str:
    """The text in a cell (stripped; "" when empty); raise CellProblem.

    Numbers become text (a department may be a number); formulas, error values,
    dates, WAAR/ONWAAR, huge numbers and control characters are refused.
    """
    cell = row[index] if index < len(row) else None
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    where = {"cell": f"{get_column_letter(index + 1)}{number}", "sheet": sheet}
    kind = getattr(cell, "data_type", None)
    if kind == "f":
        raise CellProblem(
            _(
                "Cel %(cell)s op het blad '%(sheet)s' bevat een formule. Typ er "
                "gewone tekst in (begint uw tekst met '=', zet er dan een ' voor).",
                **where,
            ),
            **where,
        )
    if kind == "e":
        raise CellProblem(
            _(
                "Cel %(cell)s op het blad '%(sheet)s' bevat de foutwaarde %(value)s. "
                "Typ er de tekst of de keuze opnieuw in.",
                value=str(value)[:20],
                **where,
            ),
            **where,
        )
    if isinstance(value, bool):
        raise CellProblem(
            _(
                "Cel %(cell)s op het blad '%(sheet)s' bevat WAAR of ONWAAR, maar "
                "hier hoort tekst.",
                **where,
            ),
            **where,
        )
    if isinstance(value, datetime | date | time | timedelta):
        raise CellProblem(
            _(
                "Cel %(cell)s op het blad '%(sheet)s' bevat een datum of tijd, maar "
                "hier hoort tekst. Typ de tekst opnieuw in; maakt Excel er weer een "
                "datum van, zet er dan een ' voor.",
                **where,
            ),
            **where,
        )
    if isinstance(value, int | float):
        if not math.isfinite(value) or abs(value) >= MAX_NUMBER:
            raise CellProblem(
                _(
                    "Cel %(cell)s op het blad '%(sheet)s' bevat een getal dat te "
                    "groot is. Hier hoort tekst.",
                    **where,
                ),
                **where,
            )
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value)
    text = str(value)
    if ILLEGAL_CHARACTERS.search(text) or ESCAPED_CONTROL.search(text):
        raise CellProblem(
            _(
                "Cel %(cell)s op het blad '%(sheet)s' bevat een onzichtbaar "
                "stuurteken (bijvoorbeeld NUL). Typ de tekst opnieuw in.",
                **where,
            ),
            **where,
        )
    return normalise_line_ends(text).strip()


def plain(value) -> str:
    """A header or label as text, whatever the cell holds (for matching only)."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    return str(value).strip()
