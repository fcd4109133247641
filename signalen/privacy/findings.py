"""What the detector reports: the finding types, their placeholders and
explanations, overlap resolution and masking."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

Span = tuple[int, int, str]


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    type: str
    text: str
    # strong evidence (a title or kin cue, first name + surname, a house
    # number, a valid number): a worker may never mark it "not personal"
    strong: bool = False


TYPES = (
    "NAME",
    "NATIONAL_ID",
    "PHONE",
    "EMAIL",
    "IBAN",
    "ADDRESS",
    "BIRTHDATE",
    "PLATE",
    "FILE_NUMBER",
)
STRICT_TYPES = frozenset({"NATIONAL_ID", "IBAN", "EMAIL", "PHONE"})
# only findings of these types without strong evidence may be overridden
OVERRIDABLE_TYPES = frozenset({"NAME"})

PLACEHOLDERS: dict[str, str] = {
    "NAME": "[naam]",
    "NATIONAL_ID": "[rijksregisternummer]",
    "PHONE": "[telefoonnummer]",
    "EMAIL": "[e-mailadres]",
    "IBAN": "[rekeningnummer]",
    "ADDRESS": "[adres]",
    "BIRTHDATE": "[geboortedatum]",
    "PLATE": "[nummerplaat]",
    "FILE_NUMBER": "[dossiernummer]",
}

EXPLANATIONS = {
    "NAME": _l("Dit lijkt de naam van een persoon."),
    "NATIONAL_ID": _l("Dit lijkt een rijksregisternummer of BIS-nummer."),
    "PHONE": _l("Dit lijkt een telefoonnummer."),
    "EMAIL": _l("Dit lijkt een e-mailadres."),
    "IBAN": _l("Dit lijkt een bankrekeningnummer (IBAN)."),
    "ADDRESS": _l("Dit lijkt een adres (straat met huisnummer)."),
    "BIRTHDATE": _l("Dit lijkt een geboortedatum."),
    "PLATE": _l("Dit lijkt een nummerplaat."),
    "FILE_NUMBER": _l("Dit lijkt een dossier- of klantnummer."),
}

# Overlap resolution: lower value wins.
_PRIORITY = {
    "NATIONAL_ID": 0,
    "IBAN": 1,
    "EMAIL": 2,
    "PHONE": 3,
    "BIRTHDATE": 4,
    "PLATE": 5,
    "FILE_NUMBER": 6,
    "ADDRESS": 7,
    "NAME": 8,
}


PLACEHOLDER_RE = re.compile(
    r"\[(?:{})\]".format("|".join(re.escape(p[1:-1]) for p in PLACEHOLDERS.values()))
)


def resolve(cands: list[Span]) -> list[Span]:
    """Keep the best candidates that do not overlap (priority, then length).
    Taken characters are marked in a byte mask, so an overlap test costs the
    span's length, not the number of spans taken so far."""
    cands.sort(key=lambda c: (_PRIORITY[c[2]], -(c[1] - c[0]), c[0]))
    used = bytearray(max((c[1] for c in cands), default=0))
    taken: list[Span] = []
    for c in cands:
        s, e, _ = c
        if e <= s or used.find(1, s, e) >= 0:
            continue
        used[s:e] = b"\x01" * (e - s)
        taken.append(c)
    taken.sort()
    return taken


def placeholder_mask(text: str) -> bytearray | None:
    """Characters inside placeholders ("[naam]") as a byte mask, or None."""
    if "[" not in text:
        return None
    mask = bytearray(len(text))
    found = False
    for m in PLACEHOLDER_RE.finditer(text):
        s, e = m.span()
        mask[s:e] = b"\x01" * (e - s)
        found = True
    return mask if found else None
