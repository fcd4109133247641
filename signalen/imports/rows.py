"""One spreadsheet row to a signal's plain values, or the reason it cannot be.

Pure functions on text: no database, no request. The services feed them the
reference lists as matchers and store what comes out.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from signalen.imports.matching import CITY_WIDE, Matcher, fold, split_values

#: field -> (label, required); the order of the mapping form
FIELDS: dict[str, tuple[object, bool]] = {
    "title": (_l("Titel van het signaal"), True),
    "description": (_l("Beschrijving"), False),
    "examples": (_l("Voorbeelden of citaten"), False),
    "proposed_solution": (_l("Voorgestelde oplossing"), False),
    "themes": (_l("Thema's"), False),
    "target_groups": (_l("Doelgroepen"), False),
    "areas": (_l("Wijken (of 'stadsbreed')"), False),
    "date": (_l("Oorspronkelijke datum"), False),
    "people_affected": (_l("Aantal betrokken mensen"), False),
    "reference": (_l("Nummer in het oude bestand"), False),
}
LISTS = ("themes", "target_groups", "areas")
LIST_ATTRS = {"themes": "theme_ids", "target_groups": "target_group_ids",
              "areas": "area_ids"}  # fmt: skip
TEXT_LIMITS = {"title": 200, "description": 5000, "examples": 5000,
               "proposed_solution": 3000}  # fmt: skip
#: words in a header that point at a field, for the first guess of a mapping
HEADER_HINTS = {
    "title": ("titel", "onderwerp", "signaal", "korte omschrijving"),
    "description": ("beschrijving", "omschrijving", "toelichting", "inhoud"),
    "examples": ("voorbeeld", "citaat", "citaten", "getuigenis"),
    "proposed_solution": ("oplossing", "voorstel", "aanbeveling"),
    "themes": ("thema", "domein", "categorie"),
    "target_groups": ("doelgroep",),
    "areas": ("wijk", "buurt", "gebied"),
    "date": ("datum", "date", "gemeld", "jaar"),
    "people_affected": ("aantal", "betrokken", "personen"),
    "reference": ("nummer", "nr", "referentie", "kenmerk", "id"),
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S",
                "%d/%m/%y", "%m/%Y", "%m-%Y", "%Y")  # fmt: skip

OK = "ok"
HELD = "held"  # personal data found: never stored
REFUSED = "refused"  # a value that cannot be mapped, or a missing title
DUPLICATE = "duplicate"  # imported before, or twice in this file


@dataclass
class ParsedRow:
    number: int
    status: str = OK
    key: str = ""
    texts: dict[str, str] = field(default_factory=dict)
    theme_ids: list[int] = field(default_factory=list)
    target_group_ids: list[int] = field(default_factory=list)
    area_ids: list[int] = field(default_factory=list)
    city_wide: bool = False
    original_date: date | None = None
    observed_year: int | None = None
    observed_month: int | None = None
    people_affected: int | None = None
    reference: str | None = None
    reasons: list[str] = field(default_factory=list)

    def refuse(self, reason: str) -> None:
        self.status = REFUSED
        self.reasons.append(reason)


def guess_columns(headers: list[str]) -> dict[str, str]:
    """A first mapping from the header names, for a file never seen before."""
    guessed: dict[str, str] = {}
    taken: set[str] = set()
    for name, hints in HEADER_HINTS.items():
        for header in headers:
            folded = fold(header)
            if header not in taken and any(h in folded.split() or folded.startswith(h)
                                           for h in hints):  # fmt: skip
                guessed[name] = header
                taken.add(header)
                break
    return guessed


def parse_date(text: str) -> tuple[date | None, int | None, int | None]:
    """(date or None, year, month) from the usual ways a sheet writes a date."""
    text = text.strip()
    if not text:
        return None, None, None
    for pattern in DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, pattern)
        except ValueError:
            continue
        if pattern == "%Y":
            return None, parsed.year, None
        if pattern in ("%m/%Y", "%m-%Y"):
            return None, parsed.year, parsed.month
        return parsed.date(), parsed.year, parsed.month
    raise ValueError(text)


def row_key(organisation_id: int, row: ParsedRow) -> str:
    """Stable per row: the old reference if the file has one, else its text and date."""
    if row.reference:
        raw = f"{organisation_id}\x00ref\x00{fold(row.reference)}"
    else:
        raw = "\x00".join(
            [str(organisation_id), fold(row.texts.get("title", "")),
             fold(row.texts.get("description", "")),
             row.original_date.isoformat() if row.original_date else
             str(row.observed_year or "")]
        )  # fmt: skip
    return hashlib.sha256(raw.encode()).hexdigest()[:40]


@dataclass
class ValueChoices:
    """For each list: folded text -> chosen id (0: refuse); else the suggestion."""

    chosen: Mapping[str, Mapping[str, int]]
    matchers: Mapping[str, Matcher]

    def resolve(self, kind: str, value: str) -> int | None:
        folded = fold(value)
        own = self.chosen.get(kind, {})
        if folded in own:
            return own[folded] or None
        match = self.matchers[kind].match(value)
        return match.entry.id if match.entry is not None else None


def parse_row(
    number: int,
    cells: Mapping[str, str],
    columns: Mapping[str, str],
    choices: ValueChoices,
    default_theme_id: int | None = None,
) -> ParsedRow:
    """The mapped values of one row; refused rows say why (never with their text)."""
    row = ParsedRow(number)

    def cell(name: str) -> str:
        header = columns.get(name)
        return (cells.get(header) or "").strip() if header else ""

    for name, limit in TEXT_LIMITS.items():
        value = cell(name)
        if len(value) > limit:
            row.refuse(
                _("%(field)s is te lang (meer dan %(n)d tekens).",
                  field=FIELDS[name][0], n=limit)
            )  # fmt: skip
        if value:
            row.texts[name] = value
    if not row.texts.get("title"):
        row.refuse(_("Geen titel."))
    if "description" not in row.texts and row.texts.get("title"):
        row.texts["description"] = row.texts["title"]
    for kind in LISTS:
        ids: list[int] = []
        for value in split_values(cell(kind)):
            if kind == "areas" and fold(value) in CITY_WIDE:
                row.city_wide = True
                continue
            found = choices.resolve(kind, value)
            if found is None:
                row.refuse(
                    _("'%(value)s' staat niet in de lijst %(list)s.",
                      value=value[:60], list=FIELDS[kind][0])
                )  # fmt: skip
            elif found not in ids:
                ids.append(found)
        setattr(row, LIST_ATTRS[kind], ids)
    if row.city_wide:
        row.area_ids = []
    if not row.theme_ids and default_theme_id:
        row.theme_ids = [default_theme_id]
    if not row.theme_ids:
        row.refuse(_("Geen thema."))
    try:
        row.original_date, row.observed_year, row.observed_month = parse_date(
            cell("date")
        )
    except ValueError:
        row.refuse(_("De datum is onleesbaar (gebruik bv. 31/12/2019)."))
    people = cell("people_affected")
    if people:
        digits = re.sub(r"[ .]", "", people)
        if digits.isdigit() and digits.isascii() and int(digits) < 10_000_000:
            row.people_affected = int(digits)
        else:
            row.refuse(_("Het aantal betrokken mensen is geen getal."))
    row.reference = cell("reference")[:80] or None
    return row
