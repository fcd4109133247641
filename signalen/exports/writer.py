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
DEFAULT_FONT: dict[str, object] = {
    "font_name": "Arial",
    "font_size": 10,
    "font_scheme": "none",
}
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    # One font family everywhere, present in Excel and (metric-compatible as
    # Liberation Sans) in LibreOffice; no theme font to fall back from.
    "default_format_properties": DEFAULT_FONT,
}
#: Points per line of 10 pt Arial, and Excel's highest row.
LINE_HEIGHT = 12.75
MAX_ROW_HEIGHT = 409

# In constant-memory mode XlsxWriter writes a string that looks like its own
# rich-text XML ("<r>…</r>") into the sheet as XML, unescaped. Such a text is
# written as two plain runs instead, which XlsxWriter escapes.
_RICH_OPEN, _RICH_CLOSE = "<r>", "</r>"


def text_lines(text: str, width: float) -> int:
    """How many lines a wrapped text takes in a column of this width.

    A column's width counts the digit '0'; an average character of running
    text is a little narrower, but words wrap whole: one character per unit
    errs on the tall side, so wrapped rows never overlap.
    """
    per_line = max(int(width), 1)
    lines = 0
    for part in text.split("\n"):
        lines += max(1, -(-len(part) // per_line))
    return lines


def open_workbook(path: str) -> Workbook:
    """A new workbook at path, streaming and formula-free."""
    # XlsxWriter adds to the font properties it is given: pass a copy.
    options = {
        **WORKBOOK_OPTIONS,
        "default_format_properties": dict(DEFAULT_FONT),
    }
    return Workbook(path, options)


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
        self.bold = wb.add_format({"bold": True, "valign": "top"})
        self.cell = wb.add_format({"valign": "top"})  # plain, at the top
        self.plain_run = wb.add_format({})  # the font of a text's second run
        # Counts: numbers right-aligned as numbers; a suppressed one ("<3") too.
        self.number = wb.add_format({"valign": "top", "align": "right"})
        self.decimal = wb.add_format(
            {"valign": "top", "align": "right", "num_format": "0.0##"}
        )
        self.note = wb.add_format({**top, "italic": True})
        #: The formats whose cells wrap: their rows get a height that fits.
        self.wrapping = {
            id(f)
            for f in (
                self.header,
                self.answer_header,
                self.text,
                self.answer,
                self.note,
            )
        }


class Sheet:
    """One worksheet written top to bottom, a row at a time."""

    def __init__(self, wb: Workbook, name: str, formats: Formats):
        self.ws: Worksheet = wb.add_worksheet(name)
        self.name = name
        self.formats = formats
        self.row = 0  # the 1-based number of the last row written
        self.widths: Sequence[float] = ()

    def append(
        self, values: Sequence, formats: Sequence[Format | None] | None = None
    ) -> int:
        """Write the next row; a cell with a format is written even when empty."""
        ws, row = self.ws, self.row
        write_string, write_blank = ws.write_string, ws.write_blank
        widths, wrapping, lines = self.widths, self.formats.wrapping, 1
        if formats is None:
            formats = (None,) * len(values)
        for col, (value, fmt) in enumerate(zip(values, formats, strict=True)):
            if value.__class__ is str:
                if value:
                    if (
                        id(fmt) in wrapping
                        and col < len(widths)
                        and (len(value) > widths[col] or "\n" in value)
                    ):
                        lines = max(lines, text_lines(value, widths[col]))
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
        if lines > 1:
            ws.set_row(row, min(lines * LINE_HEIGHT + 3, MAX_ROW_HEIGHT))
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
        scale: int | None = None,
    ) -> None:
        """Column widths, frozen panes (rows, columns) and an A4 landscape print.

        Fit to one page wide: the caller keeps the widths small enough that the
        text prints at 8 pt or more (see `print_scale`). A sheet too wide for
        that prints at `scale` percent across pages (left to right, then down),
        its first two columns repeated on every page."""
        self.widths = list(widths)
        for index, width in enumerate(widths):
            self.ws.set_column(index, index, width)
        if freeze:
            self.ws.freeze_panes(*freeze)
        self.ws.set_landscape()
        self.ws.set_paper(9)  # A4
        if scale is None:
            self.ws.fit_to_pages(1, 0)  # one page wide, as many pages down
        else:  # too wide for one page: at this scale, across several pages
            self.ws.set_print_scale(scale)
            self.ws.print_across()
            self.ws.repeat_columns(0, 1)
        self.ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        self.ws.set_footer(
            '&L&"Arial"&8&A&R&"Arial"&8&P / &N'
        )  # sheet name, page of pages
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


#: What fits across A4 landscape at 100 % with the margins above, in column
#: width units of 10 pt Arial (27.7 cm at about 0.19 cm a unit).
A4_LANDSCAPE_WIDTH = 146


def print_scale(widths: Sequence[float]) -> float:
    """The scale fit-to-width gives these columns (1.0 = 100 %)."""
    return min(1.0, A4_LANDSCAPE_WIDTH / max(sum(widths), 1))
