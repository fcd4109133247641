"""The draft text pasted in one go, split into chapters and actions.

A line is a heading when it starts with a chapter marker; every other line is
text of the heading above it:

- "Hoofdstuk 2 Buurtwerk" (or "Hoofdstuk 2: Buurtwerk"): a chapter numbered 2;
- "1. Algemeen", "2.3 Buurtwerk": a number with a dot; a number that continues
  the current chapter's number ("2.3.1" under "2.3") is an action in it,
  any other number starts a new chapter;
- "Actie: Repaircafés" or "Actie Repaircafés": an action in the current chapter;
- "# Titel" is a chapter and "## Titel" an action (headings copied as Markdown).

Pure functions: no database, the caller stores the parts (services).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from signalen.errors import SignalenError

TITLE_MAX = 200
NUMBER_MAX = 20
FIELD = "outline"

CHAPTER_WORD = re.compile(
    r"^(?:hoofdstuk|deel)\s+(?P<number>\d+(?:\.\d+)*)\.?\s*[:.\-–]?\s*(?P<title>.*)$",
    re.IGNORECASE,
)
ACTION_WORD = re.compile(
    r"^(?P<word>actie)\b\s*[:.\-–]?\s*(?P<title>.*)$", re.IGNORECASE
)
NUMBERED = re.compile(
    r"^(?P<number>\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}\.)\s+(?P<title>\S.*)$"
)
MARKDOWN = re.compile(r"^(?P<hashes>#{1,2})\s+(?P<title>\S.*)$")


@dataclass
class Part:
    """A chapter (is_action False) or an action, with the text below it."""

    title: str
    number: str = ""
    is_action: bool = False
    line: int = 0
    lines: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n".join(self.lines).strip()

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()


def _heading(line: str, chapter: Part | None) -> Part | None:
    """The heading a line starts, or None for a line of text."""
    if found := CHAPTER_WORD.match(line):
        return Part(title=found["title"].strip(), number=found["number"])
    if found := MARKDOWN.match(line):
        return Part(title=found["title"].strip(), is_action=len(found["hashes"]) == 2)
    if found := ACTION_WORD.match(line):
        title = found["title"].strip()
        return Part(title=f"{found['word'].capitalize()} {title}", is_action=True)
    if found := NUMBERED.match(line):
        number = found["number"].rstrip(".")
        within = f"{chapter.number}." if chapter and chapter.number else None
        inside = within is not None and number.startswith(within)
        return Part(title=found["title"].strip(), number=number, is_action=inside)
    return None


def parse_outline(text: str | None) -> list[Part]:
    """The parts of a pasted draft text, in order; raises SignalenError on the
    field "outline" (with the line number) when it cannot be read."""
    parts: list[Part] = []
    chapter: Part | None = None
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        part = _heading(line, chapter) if line else None
        if part is None:
            if parts:
                parts[-1].lines.append(line)
            elif line:
                raise SignalenError(
                    _(
                        "Regel %(n)d: de tekst moet beginnen met een hoofdstuk, "
                        "bv. 'Hoofdstuk 1 Inleiding' of '1. Inleiding'.",
                        n=number,
                    ),
                    field=FIELD,
                )
            continue
        part.line = number
        if not part.title:
            raise SignalenError(
                _("Regel %(n)d: geef het hoofdstuk of de actie een titel.", n=number),
                field=FIELD,
            )
        if len(part.title) > TITLE_MAX or len(part.number) > NUMBER_MAX:
            raise SignalenError(
                _(
                    "Regel %(n)d: deze titel is langer dan %(max)d tekens. Is het "
                    "een zin uit de tekst? Zet er dan geen nummer vooraan.",
                    n=number,
                    max=TITLE_MAX,
                ),
                field=FIELD,
            )
        if part.is_action and chapter is None:
            raise SignalenError(
                _("Regel %(n)d: een actie hoort onder een hoofdstuk.", n=number),
                field=FIELD,
            )
        if not part.is_action:
            chapter = part
        parts.append(part)
    return parts


def preview(text: str | None) -> tuple[list[Part], str | None]:
    """The parts for the preview, or the reason the text cannot be read."""
    try:
        return parse_outline(text), None
    except SignalenError as exc:
        return [], str(exc)
