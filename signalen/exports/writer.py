"""A thin layer over XlsxWriter: rows of values with formats, text always text.

The workbook is written in constant-memory mode: each sheet keeps one row in
memory and streams the rest to a temporary file, so memory does not grow with
the number of items. Rows must therefore go down a sheet in order; sheets
appear in the order they are added.
"""

from __future__ import annotations

from collections.abc import Sequence

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from signalen.exports.sanitise import normalise_line_ends

#: Free text is written as text, never as a formula, number or link; the
#: writer calls write_string itself, and these options make sure nothing else
#: guesses either.
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}

# In constant-memory mode XlsxWriter writes a string that looks like its own
# rich-text XML ("<r>…</r>") into the sheet as XML, unescaped. Such a text is
# written as two plain runs instead, which XlsxWriter escapes.
_RICH_OPEN, _RICH_CLOSE = "<r>", "</r>"


def open_workbook(path: str) -> Workbook:
    """A new workbook at path, streaming and formula-free."""
    return Workbook(path, WORKBOOK_OPTIONS)


class Formats:
    """The cell formats of the bundle workbook (made once per workbook)."""

    def __init__(self, wb: Workbook):
        top = {"valign": "top", "text_wrap": True}
        self.header = wb.add_format(
            {**top, "bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E79"}
        )
        self.answer_header = wb.add_format(
            {**top, "bold": True, "font_color": "#000000", "bg_color": "#FFE699"}
        )
        self.text = wb.add_format(top)
        self.answer = wb.add_format({**top, "bg_color": "#FFF2CC", "locked": False})
        self.title = wb.add_format({"bold": True, "font_size": 16})
        self.bold = wb.add_format({"bold": True})
        self.plain_run = wb.add_format({})  # the font of a text's second run


class Sheet:
    """One worksheet written top to bottom, a row at a time."""

    def __init__(self, wb: Workbook, name: str, formats: Formats):
        self.ws: Worksheet = wb.add_worksheet(name)
        self.name = name
        self.formats = formats
        self.row = 0  # the 1-based number of the last row written

    def append(
        self, values: Sequence, formats: Sequence[Format | None] | None = None
    ) -> int:
        """Write the next row; a cell with a format is written even when empty."""
        ws, row = self.ws, self.row
        write_string, write_blank = ws.write_string, ws.write_blank
        if formats is None:
            formats = (None,) * len(values)
        for col, (value, fmt) in enumerate(zip(values, formats, strict=True)):
            if value.__class__ is str:
                if value:
                    if "\r" in value:
                        value = normalise_line_ends(value)
                    if value[:3] == _RICH_OPEN and value.endswith(_RICH_CLOSE):
                        self._write_guarded(row, col, value, fmt)
                    else:
                        write_string(row, col, value, fmt)
                elif fmt is not None:
                    write_blank(row, col, None, fmt)
            elif value is None:
                if fmt is not None:
                    write_blank(row, col, None, fmt)
            elif isinstance(value, bool):
                ws.write_boolean(row, col, value, fmt)
            elif isinstance(value, int | float):
                ws.write_number(row, col, value, fmt)
            else:
                write_string(row, col, str(value), fmt)
        self.row = row + 1
        return self.row

    def _write_guarded(self, row: int, col: int, value: str, fmt) -> None:
        head, tail = value[:1], value[1:]
        if fmt is None:
            self.ws.write_rich_string(row, col, head, self.formats.plain_run, tail)
        else:
            self.ws.write_rich_string(row, col, head, self.formats.plain_run, tail, fmt)

    def setup(
        self,
        widths: Sequence[float],
        *,
        freeze: tuple[int, int] | None = None,
        print_titles: bool = True,
    ) -> None:
        """Column widths, frozen panes (rows, columns) and an A4 landscape print."""
        for index, width in enumerate(widths):
            self.ws.set_column(index, index, width)
        if freeze:
            self.ws.freeze_panes(*freeze)
        self.ws.set_landscape()
        self.ws.set_paper(9)  # A4
        self.ws.fit_to_pages(1, 0)  # one page wide, as many pages down as needed
        if print_titles:
            self.ws.repeat_rows(0)

    def finish_table(self, columns: int) -> None:
        """A filter over the header and every row, then the protection."""
        self.ws.autofilter(0, 0, max(self.row, 1) - 1, columns - 1)
        self.protect()

    def protect(self) -> None:
        """Lock everything but the answer cells; no password (documented).

        Filtering, sorting and resizing columns and rows stay possible.
        """
        self.ws.protect(
            "",
            {
                "autofilter": True,
                "sort": True,
                "format_columns": True,
                "format_rows": True,
            },
        )
