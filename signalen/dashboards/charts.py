"""Bar charts drawn on the server as SVG: no script, no library.

Each chart repeats the numbers of the table beside it; it is a picture for
sighted readers (aria-hidden), the table is what a screen reader reads. A
masked count ("<3") is drawn as an empty bar with its text, never as a length
that would reveal it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from markupsafe import Markup

BAR_HEIGHT = 18
GAP = 6
LABEL_WIDTH = 210
VALUE_WIDTH = 48
WIDTH = 560
COLUMN_HEIGHT = 160


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | str | float  # a number, or a masked count such as "<3"


def _number(value: int | str | float) -> float:
    return value if isinstance(value, int | float) else 0


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(bars: Sequence[Bar], *, title: str) -> Markup:
    """Horizontal bars, one per row, with the label left and the value right."""
    height = max(1, len(bars)) * (BAR_HEIGHT + GAP) + GAP
    top = max((_number(b.value) for b in bars), default=0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" aria-hidden="true" focusable="false">',
        f"<title>{escape(title)}</title>",
    ]
    for index, bar in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = round(room * _number(bar.value) / top)
        middle = y + BAR_HEIGHT - 5
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{middle}" text-anchor="end" '
            f'class="chart-label">{escape(_shorten(bar.label, 32))}</text>'
        )
        if length:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" '
                f'height="{BAR_HEIGHT}" class="chart-bar"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 4}" y="{middle}" '
            f'class="chart-value">{escape(str(bar.value))}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def column_chart(bars: Sequence[Bar], *, title: str) -> Markup:
    """Vertical columns in time order (quarters, bundles), labels underneath."""
    count = max(1, len(bars))
    slot = max(14, min(60, (WIDTH - 20) // count))
    width = max(WIDTH, slot * count + 20)
    label_room = 46
    height = COLUMN_HEIGHT + label_room
    top = max((_number(b.value) for b in bars), default=0) or 1
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" aria-hidden="true" focusable="false">',
        f"<title>{escape(title)}</title>",
        f'<line x1="10" y1="{COLUMN_HEIGHT}" x2="{width - 10}" '
        f'y2="{COLUMN_HEIGHT}" class="chart-axis"/>',
    ]
    usable = COLUMN_HEIGHT - 16
    for index, bar in enumerate(bars):
        x = 10 + index * slot
        length = round(usable * _number(bar.value) / top)
        centre = x + slot / 2
        if length:
            parts.append(
                f'<rect x="{x + 2}" y="{COLUMN_HEIGHT - length}" '
                f'width="{slot - 4}" height="{length}" class="chart-bar"/>'
            )
        parts.append(
            f'<text x="{centre:.1f}" y="{COLUMN_HEIGHT - length - 3}" '
            f'text-anchor="middle" class="chart-value">{escape(str(bar.value))}</text>'
        )
        parts.append(
            f'<text x="{centre:.1f}" y="{COLUMN_HEIGHT + 14}" text-anchor="end" '
            f'transform="rotate(-40 {centre:.1f} {COLUMN_HEIGHT + 14})" '
            f'class="chart-label">{escape(_shorten(bar.label, 14))}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
