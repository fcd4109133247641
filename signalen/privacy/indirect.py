"""Indirect identifiers: details that name nobody but point at one person in a
small group. They give a soft warning with a suggestion to make the detail
general; they never block a text.

Five shapes, each one regex over the text (linear in its length):
a very high age with a past job, a class in a named school, a ward of a named
employer, a floor and block of a named estate, a shop named after its owner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from signalen.privacy.wordlists import DUTCH_WORDS, FIRST_NAMES, SURNAMES, load

_ORDINALS = (
    r"eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|negende|tiende"
    r"|elfde|twaalfde|dertiende|veertiende|vijftiende|\d{1,2}\s?(?:ste|de|e)"
)
# a capitalised name of a school, employer or estate (up to four words)
_PROPER = r"(?:[A-Z][\w'’\-]*|AZ|UZ)(?:\s(?:[A-Z][\w'’\-]*|de|van|der|den|\d+))*"
_SCHOOL_WORDS = (
    r"(?:basis|lagere |kleuter|middelbare |secundaire )?school"
    r"|atheneum|college|instituut|lyceum"
)

_AGE_JOB_RE = re.compile(
    r"(?:(?:man|vrouw|meneer|mevrouw|dame|heer|bewoner|bewoonster|weduwe|weduwnaar)"
    r"\s+van\s+)?(?<!\d)(?:9\d|1[01]\d)(?:\s?jaar(?:\s?oud)?|-jarige)?"
    r"[^.;!?\n]{0,40}?\b(?:"
    + "|".join(re.escape(c) for c in load("past_job_cues.txt"))
    + r")\s*[^\W\d_][\w\-]*(?:\s+(?:was|is|bij\s+\w+|in\s+\w+))?",
    re.IGNORECASE,
)
_CLASS = (
    r"(?:(?:" + _ORDINALS + r")\s(?:leerjaar|kleuterklas|middelbaar|jaar)"
    r"|klas\s\d[A-Za-z]?|\d[A-Za-z]\s?klas|klasje\s\w+)"
)
_SCHOOL_CLASS_RE = re.compile(
    _CLASS
    + r"\s(?:van|in|op|uit|bij)\s(?:de\s|het\s)?(?:(?:"
    + _SCHOOL_WORDS
    + r")\s)?"
    + _PROPER,
)
_EMPLOYER_WARD_RE = re.compile(
    r"(?:van|bij|in)\s(" + _PROPER + r"),?\s(?:op\s|in\s)?(?:de\s)?"
    r"(?:afdeling|dienst|ploeg|team|unit)\s[\w\-]+",
)
_FLOOR_ESTATE_RE = re.compile(
    r"(?:" + _ORDINALS + r")\s(?:verdieping|etage)\s(?:van|in|op)\s"
    r"(?:(?:blok|toren|gebouw)\s\w{1,3}\s(?:van|in|op)\s)?(?:de\s|het\s)?" + _PROPER,
)
_FLOOR_BLOCK_RE = re.compile(
    r"(?:" + _ORDINALS + r")\s(?:verdieping|etage)\s(?:van|in|op)\s"
    r"(?:blok|toren|gebouw)\s\w{1,3}",
)
_SHOPS = load("indirect_shops.txt")
_SHOP_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(s) for s in _SHOPS) + r")\s(?:chez\s|bij\s|'t\s)?"
    r"([A-Z][\w'’\-]+)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class IndirectFinding:
    """One indirect identifier: where, what kind, and how to say it generally."""

    start: int
    end: int
    kind: str
    text: str

    @property
    def explanation(self) -> str:
        return str(EXPLANATIONS[self.kind])

    @property
    def suggestion(self) -> str:
        return str(SUGGESTIONS[self.kind])


EXPLANATIONS = {
    "AGE_JOB": _l(
        "Een zeer hoge leeftijd samen met een vroeger beroep wijst naar één persoon."
    ),
    "SCHOOL_CLASS": _l(
        "Een genoemde school samen met een klas wijst naar een klein groepje kinderen."
    ),
    "EMPLOYER_WARD": _l(
        "Een genoemde werkgever samen met een afdeling wijst naar een klein "
        "groepje mensen."
    ),
    "FLOOR_ESTATE": _l(
        "Een verdieping van een genoemd gebouw of blok wijst naar een paar woningen."
    ),
    "SHOP_OWNER": _l(
        "Een zaak die naar de eigenaar genoemd is, wijst naar die persoon."
    ),
}
SUGGESTIONS = {
    "AGE_JOB": _l(
        "Schrijf liever algemeen, bv. 'een oudere man' of 'een hoogbejaarde vrouw'."
    ),
    "SCHOOL_CLASS": _l(
        "Schrijf liever algemeen, bv. 'een kind in een basisschool in de wijk'."
    ),
    "EMPLOYER_WARD": _l(
        "Schrijf liever algemeen, bv. 'een verpleegster in een ziekenhuis'."
    ),
    "FLOOR_ESTATE": _l(
        "Schrijf liever algemeen, bv. 'een gezin in een sociale woonblok in de wijk'."
    ),
    "SHOP_OWNER": _l("Schrijf liever algemeen, bv. 'een bakker in de wijk'."),
}


def _owner_name(word: str) -> bool:
    low = word.lower()
    return low in FIRST_NAMES or low in SURNAMES or low not in DUTCH_WORDS


def find_indirect_identifiers(text: str) -> list[IndirectFinding]:
    """Indirect identifiers in text, sorted and non-overlapping."""
    if not text:
        return []
    found: list[tuple[int, int, str]] = []
    has_digit = any(d in text for d in "0123456789")
    if has_digit:
        for m in _AGE_JOB_RE.finditer(text):
            found.append((m.start(), m.end(), "AGE_JOB"))
    if "klas" in text or "leerjaar" in text or "jaar" in text:
        for m in _SCHOOL_CLASS_RE.finditer(text):
            found.append((m.start(), m.end(), "SCHOOL_CLASS"))
    if "afdeling" in text or "dienst" in text or "ploeg" in text or "unit" in text:
        for m in _EMPLOYER_WARD_RE.finditer(text):
            found.append((m.start(1), m.end(), "EMPLOYER_WARD"))
    if "verdieping" in text or "etage" in text:
        for rx in (_FLOOR_ESTATE_RE, _FLOOR_BLOCK_RE):
            for m in rx.finditer(text):
                found.append((m.start(), m.end(), "FLOOR_ESTATE"))
    for m in _SHOP_RE.finditer(text):
        if _owner_name(m.group(1)):
            found.append((m.start(), m.end(), "SHOP_OWNER"))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[IndirectFinding] = []
    last = -1
    for s, e, kind in found:
        if s >= last:
            out.append(IndirectFinding(s, e, kind, text[s:e]))
            last = e
    return out
