"""The one gate every free text passes before it is stored: no personal data.

Strict types (national numbers, IBANs, e-mail, phone) can never be stored
unmasked. Names and addresses may be marked "geen persoonsgegeven" by the
person typing; that choice is audited without the value.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from flask_babel import gettext as _

from signalen.errors import SignalenError
from signalen.privacy import (
    EXPLANATIONS,
    OVERRIDABLE_TYPES,
    PLACEHOLDERS,
    Finding,
    find_personal_data,
    mask_text,
)

# The detector's work grows linearly with the text; these caps bound it per
# request. Every form field has a lower limit of its own; the caps only bite
# on texts that no form lets through (the live check, crafted requests).
MAX_FIELD_CHARS = 20_000
MAX_CHECK_CHARS = 40_000


@dataclass(frozen=True)
class FieldFinding:
    field: str
    finding: Finding

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.field, self.finding)

    @property
    def overridable(self) -> bool:
        return self.finding.type in OVERRIDABLE_TYPES

    @property
    def explanation(self) -> str:
        return str(
            EXPLANATIONS.get(self.finding.type, _("Dit lijkt een persoonsgegeven."))
        )

    @property
    def placeholder(self) -> str:
        return PLACEHOLDERS.get(self.finding.type, "[persoonsgegeven]")


class PersonalDataFound(SignalenError):
    """Free text holds what looks like personal data; nothing was stored."""

    def __init__(self, findings: list[FieldFinding]):
        super().__init__(
            _("Deze tekst lijkt persoonsgegevens te bevatten. Pas aan of maskeer.")
        )
        self.findings = findings

    def by_field(self) -> dict[str, list[FieldFinding]]:
        result: dict[str, list[FieldFinding]] = {}
        for item in self.findings:
            result.setdefault(item.field, []).append(item)
        return result


class TextTooLong(SignalenError):
    """A text is too long to be checked; nothing was checked or stored."""


def check_lengths(texts: Mapping[str, str | None]) -> None:
    """Raise TextTooLong (next to the field) when a text, or all texts of one
    request together, are longer than the detector checks."""
    total = 0
    for field, text in texts.items():
        size = len(text or "")
        if size > MAX_FIELD_CHARS:
            raise TextTooLong(
                _(
                    "Deze tekst is te lang (%(n)d tekens). Maak hem korter: "
                    "maximaal %(max)d tekens.",
                    n=size,
                    max=MAX_FIELD_CHARS,
                ),
                field=field,
            )
        total += size
        if total > MAX_CHECK_CHARS:
            raise TextTooLong(
                _(
                    "Samen zijn de teksten te lang (meer dan %(max)d tekens). "
                    "Maak ze korter.",
                    max=MAX_CHECK_CHARS,
                ),
                field=field,
            )


def fingerprint(field: str, finding: Finding) -> str:
    """Identify one finding across a resubmission without storing its value."""
    raw = f"{field}\x00{finding.type}\x00{finding.text.casefold()}"
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def find_in_fields(texts: Mapping[str, str | None]) -> list[FieldFinding]:
    """Findings per field; raises TextTooLong for texts above the caps."""
    check_lengths(texts)
    found: list[FieldFinding] = []
    for field, text in texts.items():
        if text:
            found.extend(FieldFinding(field, f) for f in find_personal_data(text))
    return found


def check_texts(
    texts: Mapping[str, str | None], accepted: Iterable[str] = ()
) -> list[FieldFinding]:
    """Raise PersonalDataFound unless every finding was accepted as not personal.

    Returns the accepted findings so the caller can audit them (type only).
    """
    accepted = set(accepted)
    found = find_in_fields(texts)
    blocking = [f for f in found if not (f.overridable and f.fingerprint in accepted)]
    if blocking:
        raise PersonalDataFound(blocking)
    return [f for f in found if f.fingerprint in accepted]


def mask_fields(
    texts: Mapping[str, str | None], accepted: Iterable[str] = ()
) -> dict[str, str | None]:
    """Replace every finding that was not accepted by its placeholder."""
    check_lengths(texts)
    accepted = set(accepted)
    masked: dict[str, str | None] = {}
    for field, text in texts.items():
        if not text:
            masked[field] = text
            continue
        findings = [
            f
            for f in find_personal_data(text)
            if not (f.type in OVERRIDABLE_TYPES and fingerprint(field, f) in accepted)
        ]
        masked[field] = mask_text(text, findings)
    return masked
