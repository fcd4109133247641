"""The one gate every free text passes before it is stored: no personal data.

Strict types (national numbers, IBANs, e-mail, phone) can never be stored
unmasked. Only a weak finding (a single word that may be a name, never a name
after "mevrouw" or "de moeder van", a first name + surname, an address with a
house number or a valid number) may be marked "geen persoonsgegeven" by the
person typing; a forged mark for a strong finding is refused. The choice is
audited without the value. Indirect identifiers are a soft warning only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from signalen.errors import SignalenError
from signalen.privacy import (
    EXPLANATIONS,
    OVERRIDABLE_TYPES,
    PLACEHOLDERS,
    Finding,
    IndirectFinding,
    find_indirect_identifiers,
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
        return is_overridable(self.finding)

    @property
    def refusal(self) -> str:
        """Why this finding cannot be marked "not personal" (empty if it can)."""
        if self.overridable:
            return ""
        return str(REFUSALS.get(self.finding.type, REFUSALS["NUMBER"]))

    @property
    def explanation(self) -> str:
        return str(
            EXPLANATIONS.get(self.finding.type, _("Dit lijkt een persoonsgegeven."))
        )

    @property
    def placeholder(self) -> str:
        return PLACEHOLDERS.get(self.finding.type, "[persoonsgegeven]")


REFUSALS = {
    "NAME": _l(
        "Dit kan je niet als 'geen persoonsgegeven' aanduiden: er staat een "
        "aanspreking of familieband voor (mevrouw, meneer, de moeder van) of het "
        "is een voornaam met een achternaam. Vervang het door een aanduiding."
    ),
    "ADDRESS": _l(
        "Dit kan je niet als 'geen persoonsgegeven' aanduiden: een straat met "
        "een huisnummer wijst naar één woning. Laat het huisnummer weg of "
        "vervang het door een aanduiding."
    ),
    "NUMBER": _l(
        "Dit kan je niet als 'geen persoonsgegeven' aanduiden: zo'n nummer of "
        "datum wijst altijd naar één persoon. Vervang het door een aanduiding."
    ),
}


def is_overridable(finding: Finding) -> bool:
    """May a worker mark this finding "geen persoonsgegeven"? Only weak
    evidence: a single word that may be a name, never a strong finding."""
    return finding.type in OVERRIDABLE_TYPES and not finding.strong


@dataclass(frozen=True)
class FieldWarning:
    """An indirect identifier in one field: a soft warning, never a block."""

    field: str
    warning: IndirectFinding

    @property
    def explanation(self) -> str:
        return str(self.warning.explanation)

    @property
    def suggestion(self) -> str:
        return str(self.warning.suggestion)


class PersonalDataFound(SignalenError):
    """Free text holds what looks like personal data; nothing was stored."""

    def __init__(
        self, findings: list[FieldFinding], warnings: list[FieldWarning] | None = None
    ):
        super().__init__(
            _("Deze tekst lijkt persoonsgegevens te bevatten. Pas aan of maskeer.")
        )
        self.findings = findings
        self.warnings = warnings or []

    def warnings_by_field(self) -> dict[str, list[FieldWarning]]:
        result: dict[str, list[FieldWarning]] = {}
        for item in self.warnings:
            result.setdefault(item.field, []).append(item)
        return result

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
    # a forged or stale "not personal" mark on a strong finding still blocks
    blocking = [f for f in found if not (f.overridable and f.fingerprint in accepted)]
    if blocking:
        raise PersonalDataFound(blocking, warnings_in_fields(texts))
    return [f for f in found if f.overridable and f.fingerprint in accepted]


def warnings_in_fields(texts: Mapping[str, str | None]) -> list[FieldWarning]:
    """Indirect identifiers per field (soft warnings; callers never block)."""
    check_lengths(texts)
    return [
        FieldWarning(field, w)
        for field, text in texts.items()
        if text
        for w in find_indirect_identifiers(text)
    ]


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
            if not (is_overridable(f) and fingerprint(field, f) in accepted)
        ]
        masked[field] = mask_text(text, findings)
    return masked
