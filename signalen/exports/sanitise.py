"""Text as it may leave Signalen toward the city: masked, no formulas, no names.

Shared by the workbook writer, the importer and the benchmark's bare
XlsxWriter floor, so all write and compare exactly the same values.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from signalen.privacy import find_personal_data, mask_text
from signalen.text import XML_ILLEGAL

# Control characters XML 1.0 cannot hold: they mean nothing in free text.
ILLEGAL_CHARACTERS = XML_ILLEGAL
PARTNER = "een partnerorganisatie"


def normalise_line_ends(text: str) -> str:
    """CR LF and a lone CR become LF: the only line break a cell knows.

    XlsxWriter writes a CR as the escape _x000D_, which readers other than
    Excel show as is; the workbook and the import both use LF.
    """
    if "\r" in text:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return text


@dataclass
class MaskReport:
    """What the second anonymisation pass changed, by type (never the values)."""

    by_type: Counter = field(default_factory=Counter)
    texts: int = 0  # texts that had at least one masked part
    organisations: int = 0  # anonymous organisation names replaced

    @property
    def total(self) -> int:
        return sum(self.by_type.values()) + self.organisations


class TextCleaner:
    """Mask personal data and anonymous organisation names in free text."""

    def __init__(
        self, report: MaskReport | None = None, always_hidden: tuple[str, ...] = ()
    ):
        self.report = report or MaskReport()
        # Names of every organisation anonymous toward the city, masked in every
        # text (also what coordinators wrote: reasons, titles, summaries).
        names = sorted({n for n in always_hidden if n and n.strip()}, key=len)
        self.always = (
            re.compile("|".join(re.escape(n) for n in reversed(names)), re.I)
            if names
            else None
        )

    def clean(self, text: str | None, hidden_names: tuple[str, ...] = ()) -> str:
        if not text:
            return ""
        text = normalise_line_ends(ILLEGAL_CHARACTERS.sub("", str(text)))
        changed = False
        if self.always is not None:
            text, count = self.always.subn(PARTNER, text)
            self.report.organisations += count
            changed = count > 0
        for name in hidden_names:
            if name and name.casefold() in text.casefold():
                text, count = re.subn(re.escape(name), PARTNER, text, flags=re.I)
                self.report.organisations += count
                changed = changed or count > 0
        findings = find_personal_data(text)
        if findings:
            for finding in findings:
                self.report.by_type[finding.type] += 1
            text = mask_text(text, findings)
            changed = True
        if changed:
            self.report.texts += 1
        return text


def hidden_organisations(snapshot: dict) -> tuple[str, ...]:
    """Names of organisations that chose not to be named toward the city."""
    names = [
        org.get("name", "")
        for org in snapshot.get("organisations") or []
        if org.get("anonymous_to_city")
    ]
    if snapshot.get("owner_anonymous") and snapshot.get("owner"):
        names.append(snapshot["owner"])
    # Longest first, so "CAW Oost-Vlaanderen, team Gent" goes before "CAW".
    return tuple(sorted({n for n in names if n}, key=len, reverse=True))


def owner_label(snapshot: dict) -> str:
    if not snapshot.get("owner"):
        return ""
    return PARTNER if snapshot.get("owner_anonymous") else snapshot["owner"]


def small_count(value: int | None, minimum: int) -> int | str:
    """Counts from 1 to minimum-1 become "<minimum"; 0 stays 0 (nothing to hide)."""
    value = int(value or 0)
    if 0 < value < minimum:
        return f"<{minimum}"
    return value


def anonymous_organisation_names() -> tuple[str, ...]:
    """The names of every organisation that stays anonymous toward the city."""
    from sqlalchemy import select

    from signalen.extensions import db
    from signalen.organisations.models import Organisation

    return tuple(
        db.session.scalars(
            select(Organisation.name).where(Organisation.anonymous_to_city.is_(True))
        )
    )


def city_cleaner(report: MaskReport | None = None) -> TextCleaner:
    """The cleaner for everything the city reads: the workbook, its import, the
    report. Anonymous organisations are masked in every text, whoever wrote it."""
    return TextCleaner(report, always_hidden=anonymous_organisation_names())
