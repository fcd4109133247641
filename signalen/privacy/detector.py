"""Rule-based detector for personal data in free-text signals.

Layered engine (highest priority first when spans overlap):

1. validated numbers: national register / BIS numbers (python-stdnum), IBANs
2. regexes with context: e-mail, phone, birth dates, number plates, file numbers
3. street addresses (street suffix + house number)
4. person names (curated name lists + context cues + particles), with a
   stop-list of Dutch words, organisations, places and Ghent wards.

Everything is compiled/loaded once at import time.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l
from stdnum import iban as _iban
from stdnum.be import bis as _bis
from stdnum.be import nn as _nn

__all__ = [
    "EXPLANATIONS",
    "OVERRIDABLE_TYPES",
    "PLACEHOLDERS",
    "STRICT_TYPES",
    "TYPES",
    "Finding",
    "find_personal_data",
    "mask_text",
]


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    type: str
    text: str


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
OVERRIDABLE_TYPES = frozenset({"NAME", "ADDRESS"})

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

# --------------------------------------------------------------------------
# word lists
# --------------------------------------------------------------------------
_DATA = Path(__file__).with_name("data")


def _load(name: str) -> list[str]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return [s.strip() for s in lines if s.strip() and not s.startswith("#")]


def _fold(s: str) -> str:
    """Lower-case and strip diacritics (for name-list lookups)."""
    s = s.lower()
    if s.isascii():
        return s
    s = s.replace("ı", "i").replace("ł", "l").replace("ø", "o").replace("’", "'")
    return "".join(
        c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)
    )


STOPWORDS = frozenset(_fold(w) for w in _load("stopwords.txt"))
FIRST_NAMES = frozenset(
    f for w in _load("first_names.txt") for f in (w.lower(), _fold(w))
)
SURNAMES = frozenset(f for w in _load("surnames.txt") for f in (w.lower(), _fold(w)))
# first names that are ordinary words in lower case (blocked without context)
_LOWER_STOP = STOPWORDS | frozenset(
    [
        "jan",
        "can",
        "mil",
        "lan",
        "mai",
        "wei",
        "ten",
        "jun",
        "li",
        "yu",
        "do",
        "ho",
        "le",
        "ly",
        "bo",
        "jo",
        "ed",
    ]
)
PARTICLES = frozenset(
    [
        "de",
        "van",
        "den",
        "der",
        "vande",
        "vanden",
        "vander",
        "ver",
        "d'",
        "le",
        "la",
        "el",
        "ben",
        "ait",
        "aït",
        "al",
        "abou",
        "bou",
        "ter",
        "ten",
        "von",
        "di",
        "da",
        "du",
        "des",
        "dos",
        "del",
        "della",
        "op",
        "'t",
        "het",
    ]
)
# particles that may START a surname (e.g. "De Smet", "El Amrani")
_LEAD_PARTICLES = frozenset(
    [
        "de",
        "van",
        "vande",
        "vanden",
        "vander",
        "d'",
        "le",
        "el",
        "ben",
        "ait",
        "aït",
        "al",
        "abou",
        "bou",
        "von",
        "di",
        "da",
        "du",
        "des",
        "dos",
        "del",
        "della",
        "ter",
        "ten",
    ]
)
# words after which a capitalised word is almost surely a person's name
_TITLE_CUES = frozenset(
    [
        "mevrouw",
        "mevr",
        "mevr.",
        "mvr",
        "mvr.",
        "mw",
        "mw.",
        "mvw",
        "meneer",
        "mijnheer",
        "mnh",
        "mnr",
        "mnr.",
        "mr",
        "mr.",
        "dhr",
        "dhr.",
        "heer",
        "madame",
        "monsieur",
        "mme",
        "mme.",
        "mej",
        "mej.",
        "juffrouw",
        "juf",
        "meester",
        "schepen",
        "burgemeester",
        "minister",
        "familie",
        "fam",
        "fam.",
        "gezin",
        "genaamd",
        "heet",
        "heette",
        "noemt",
        "alias",
        "cliënt",
        "cliënte",
        "client",
        "cliente",
        "klant",
        "bewoner",
        "bewoonster",
        "huurder",
        "verhuurder",
        "dokter",
        "dr",
        "dr.",
        "huisarts",
        "advocaat",
        "meester",
        "consulent",
    ]
)
# weak cues: only followed by a capitalised (or listed) name
_WEAK_CUES = frozenset(
    [
        "cliënt",
        "cliënte",
        "client",
        "cliente",
        "klant",
        "bewoner",
        "bewoonster",
        "huurder",
        "verhuurder",
        "dokter",
        "dr",
        "dr.",
        "huisarts",
        "advocaat",
        "meester",
        "consulent",
        "gezin",
        "familie",
        "fam",
        "fam.",
        "juf",
    ]
)
# offices: "schepen van Welzijn" is not a name
_OFFICE_CUES = frozenset(["schepen", "burgemeester", "minister", "dienst"])
# relational cues: "<word> van X" (mama van Yasmine)
_KIN_CUES = frozenset(
    [
        "mama",
        "papa",
        "moeder",
        "vader",
        "zoon",
        "dochter",
        "zoontje",
        "dochtertje",
        "oma",
        "opa",
        "tante",
        "nonkel",
        "oom",
        "broer",
        "zus",
        "broertje",
        "zusje",
        "neef",
        "nicht",
        "partner",
        "vriend",
        "vriendin",
        "echtgenoot",
        "echtgenote",
        "ex",
        "kind",
        "kinderen",
        "baby",
        "voogd",
        "grootmoeder",
        "grootvader",
        "stiefvader",
        "stiefmoeder",
        "schoonmoeder",
        "schoonvader",
    ]
)
_STREET_SUFFIXES = (
    "straat",
    "straatje",
    "steenweg",
    "heirweg",
    "laan",
    "plein",
    "pleintje",
    "dreef",
    "kaai",
    "dok",
    "weg",
    "lei",
    "hof",
    "park",
    "vest",
    "wal",
    "markt",
    "singel",
    "pad",
    "baan",
    "berg",
    "bergen",
    "veld",
    "dries",
    "gracht",
    "brug",
    "kouter",
    "poort",
    "burg",
    "dijk",
    "dam",
    "hoek",
    "gaarde",
    "akker",
    "meers",
    "wegel",
    "rei",
    "kade",
    "steeg",
    "dal",
    "beek",
    "hage",
    "hoven",
    "kant",
    "put",
    "ham",
    "hem",
    "rode",
    "donk",
    "vijver",
    "oever",
    "gang",
    "haven",
    "vaart",
    "velden",
    "str",
    "stwg",
)
# streets without one of the suffixes above (lower case)
_BARE_STREETS = (
    "ham",
    "coupure",
    "coupure links",
    "coupure rechts",
    "oudburg",
    "hoogpoort",
    "dok noord",
    "dok zuid",
    "dok-noord",
    "dok-zuid",
    "visserij",
    "voorhaven",
    "bij sint-jacobs",
    "muide",
    "patershol",
    "korte meer",
    "lange meire",
    "nieuwland",
    "zuid",
    "kouter",
    "ajuinlei",
    "kraanlei",
    "slachthuisstraat",
)


def _load_phrases(name: str) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for line in _load(name):
        toks = tuple(_fold(t) for t in _TOKEN_RE.findall(line))
        if toks:
            index.setdefault(toks[0], []).append(toks)
    for key in index:
        index[key].sort(key=len, reverse=True)
    return index


# --------------------------------------------------------------------------
# regexes
# --------------------------------------------------------------------------
_TOKEN_RE = re.compile(r"[^\W\d_](?:[\w'’\-]*[^\W_])?|\d+[a-zA-Z]?")

_PLACEHOLDER_RE = re.compile(
    r"\[(?:{})\]".format("|".join(re.escape(p[1:-1]) for p in PLACEHOLDERS.values()))
)
_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])"
)
_NN_RE = re.compile(
    r"(?<![\d.+])(\d{2})[. ]?(\d{2})[. ]?(\d{2})[ .-]?(\d{3})[ .-]?(\d{2})(?![\d])"
)
_IBAN_RE = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){10,30}(?![A-Za-z0-9])"
)
_SEP = r"(?:[ ]?[./\-][ ]?|[ ])?"
_PHONE_BE_RE = re.compile(
    r"(?<![\w+/.\-])(?<!\d[ .\-/])"
    r"(?:(?:\+|00)[ ]?32[ ]?(?:\(0\)[ ]?)?|0|\(0\d{1,3}\)[ ]?)"
    r"\d(?:" + _SEP + r"\d){6,8}(?![\d])"
)
_PHONE_INTL_RE = re.compile(
    r"(?<![\w+])(?:\+|00)(?!32)[1-9]\d{0,2}[ ]?(?:\(0\)[ ]?)?\d(?:"
    + _SEP
    + r"\d){5,12}"
    r"(?![\d])"
)
_MONTHS = (
    r"januari|jan|februari|feb|maart|mrt|april|apr|mei|juni|jun|juli|jul|augustus"
    r"|aug|september|sept|sep|oktober|okt|october|oct|november|nov|december|dec"
)
_DATE = (
    r"(?:\d{1,2}[ ]?[/.\-][ ]?\d{1,2}[ ]?[/.\-][ ]?(?:19|20)?\d{2}"
    r"|(?:19|20)\d{2}[/.\-]\d{1,2}[/.\-]\d{1,2}"
    r"|\d{1,2}(?:ste|de|e)?[ ]+(?:" + _MONTHS + r")\.?[ ]+(?:19|20)?\d{2})(?![\d])"
)
_BIRTH_RE = re.compile(
    r"(?:°|\(°|\bgeboren(?:[ ]+(?:op|de|in|te[ ]+\w+[ ]+op))?|\bgeb\.?"
    r"|\bgeb\.?[ ]?datum"
    r"|\bgeboortedatum|\bgeboortedag|\bdob|\bdate[ ]of[ ]birth|\bverjaardag)"
    r"[ ]*[:=]?[ ]*(?:op[ ]+)?(" + _DATE + r")",
    re.IGNORECASE,
)
_PLATE_RE = re.compile(
    r"(?<![\w-])(?:[1-9]-[A-Z]{3}-\d{3}|[1-9][A-Z]{3}\d{3}|[1-9] [A-Z]{3} \d{3}"
    r"|[1-9]-[a-z]{3}-\d{3}|[A-Z]{3}-\d{3}|\d{3}-[A-Z]{3})(?![\w-])"
)
_PLATE_CTX_RE = re.compile(
    r"\b(?:nummerplaat|nrplaat|nr\.?-?plaat|kenteken|plaat)(?![\w])[ ]*[:=]?[ ]*"
    r"([1-9][ -]?[A-Za-z]{3}[ -]?\d{3}|[A-Za-z]{3}[ -]?\d{3}|\d{3}[ -]?[A-Za-z]{3}"
    r"|[A-Za-z0-9-]{5,9})(?![\w-])",
    re.IGNORECASE,
)
_FILE_CTX_RE = re.compile(
    r"\b(?:dossier(?:nummer|nr|no)?|dossiernr|klant(?:en)?(?:nummer|nr)|"
    r"cli[eë]nt(?:en)?(?:nummer|nr)|referentie(?:nummer)?|ref|kenmerk|"
    r"rijksregister(?:nummer)?|rrn|rr|inschrijvingsnummer|ocmw-?(?:nummer|nr)|"
    r"pv|pv-?(?:nummer|nr)|proces-verbaal|attestnummer|kaartnummer|"
    r"identiteitskaart(?:nummer)?|ik-nummer|eid|bis|bisnummer|rekeningnummer|"
    r"klantennummer|contractnummer|contract|polis(?:nummer)?|lidnummer|"
    r"aansluitingsnummer|ean(?:-code)?|file)"
    r"\.?[ ]*(?:nr\.?|nummer|n°|no\.?|#)?[ ]*[:=]?[ ]*"
    r"((?:[A-Za-z]{1,4}[-./]?)?\d(?:[\w./-]*\d)?)",
    re.IGNORECASE,
)
_LONG_DIGITS_RE = re.compile(r"(?<![\d€])(?<!€ )\d(?:[. ]?\d){7,}(?![\d])")
_AMOUNT_AFTER_RE = re.compile(r"[ ]?(?:euro|eur|€)", re.IGNORECASE)

_HOUSE_NO_RE = re.compile(
    r"\.?[ ]*(?:,?[ ]*(?:nr|nummer|no|n°)\.?[ ]*)?(\d{1,4})(?:[ ]?[a-zA-Z](?![\w]))?"
    r"(?:[ ]*(?:-|/)[ ]*\d{1,4}[a-zA-Z]?)?"
    r"(?:[ ]*,?[ ]*(?:bus|bs)\.?[ ]*\d{1,4}[a-zA-Z]?)?"
    r"(?:[ ]*,?[ ]*\d{4}[ ]+[A-Z][\w'’\-]+)?",
)
_NOT_HOUSE_AFTER_RE = re.compile(
    r"[ ]*(?:jaar|jarige|jarigen|euro|eur|€|%|procent|keer|mensen|personen|"
    r"gezinnen|kinderen|bewoners|woningen|huizen|appartementen|dagen|weken|"
    r"maanden|uur|u\b|h\b|min|minuten|km|m\b|meter|[:.,]\d|-\d)",
    re.IGNORECASE,
)
_ADDR_PREFIX_STOP = frozenset(
    [
        "in",
        "op",
        "aan",
        "naar",
        "van",
        "uit",
        "bij",
        "de",
        "het",
        "een",
        "woont",
        "wonen",
        "woonde",
        "adres",
        "verhuisd",
        "verhuist",
        "richting",
        "via",
        "langs",
        "tot",
        "straat",
        "gaat",
        "ging",
        "naast",
        "achter",
        "voor",
        "tussen",
        "rond",
        "over",
        "en",
        "of",
        "te",
        "ter",
        "ten",
        "zijn",
        "haar",
        "hun",
        "mijn",
        "zijn",
        "nu",
    ]
)
_STREET_SUFFIX_SET = frozenset(_STREET_SUFFIXES)
_BARE_STREET_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(s) for s in _BARE_STREETS) + r")(?=[ ]*,?"
    r"[ ]*(?:nr\.?[ ]*)?\d)",
    re.IGNORECASE,
)

_HAS_DIGIT_RE = re.compile(r"\d")
# a word directly followed by a (house) number: cheap pre-filter for addresses
_ADDR_HINT_RE = re.compile(
    r"[^\W\d_]{3,}\.?[ ]{1,2}(?=(?:nr|nummer|no|n)?\.?[ ]?\d)", re.IGNORECASE
)
_DIGITS_RE = re.compile(r"\d+")
_SEP_ONLY_RE = re.compile(r"[ ./\-()+]*")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_SENT_BREAK_RE = re.compile(r"[.!?:;\n\r()\[\]\"]")
_ABBREV_BEFORE = frozenset(
    [
        "mevr",
        "mw",
        "mnr",
        "mr",
        "dhr",
        "dr",
        "mme",
        "mej",
        "fam",
        "st",
        "nr",
        "tel",
        "gsm",
        "vb",
        "bv",
    ]
)

_TITLE_CUES = frozenset(_fold(w) for w in _TITLE_CUES)
_WEAK_CUES = frozenset(_fold(w) for w in _WEAK_CUES)
_KIN_CUES = frozenset(_fold(w) for w in _KIN_CUES)
PARTICLES = frozenset(_fold(w) for w in PARTICLES)
_LEAD_PARTICLES = frozenset(_fold(w) for w in _LEAD_PARTICLES)
_CUE_PREV = _TITLE_CUES | {"van", "naam", "voornaam", "achternaam"}
_PROTECTED = _load_phrases("orgs.txt")
for _k, _v in _load_phrases("places.txt").items():
    _PROTECTED.setdefault(_k, []).extend(_v)
    _PROTECTED[_k].sort(key=len, reverse=True)


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def _is_national_id(num: str) -> bool:
    return _nn.is_valid(num) or _bis.is_valid(num)


def _digit_clusters(text: str) -> list[tuple[int, int, int]]:
    """Digit runs merged when separated by at most 3 separator characters:
    (start, end, number of digits)."""
    clusters: list[list[int]] = []
    for m in _DIGITS_RE.finditer(text):
        s, e = m.span()
        if clusters:
            last = clusters[-1]
            if s - last[1] <= 3 and _SEP_ONLY_RE.fullmatch(text, last[1], s):
                last[1] = e
                last[2] += e - s
                continue
        clusters.append([s, e, e - s])
    return [(c[0], c[1], c[2]) for c in clusters]


def _find_numbers(text: str, low: str, out: list[tuple[int, int, str]]) -> None:
    if "@" in text:
        for m in _EMAIL_RE.finditer(text):
            out.append((m.start(), m.end(), "EMAIL"))
    clusters = _digit_clusters(text)
    if not clusters:
        return
    max_digits = max(c[2] for c in clusters)
    if max_digits >= 8:
        for m in _NN_RE.finditer(text):
            num = "".join(m.groups())
            if _is_national_id(num):
                out.append((m.start(), m.end(), "NATIONAL_ID"))
            else:
                # national-register shaped but wrong check digits: still an
                # identifying number (typo in a real number?) -> FILE_NUMBER
                out.append((m.start(), m.end(), "FILE_NUMBER"))
        for m in _IBAN_RE.finditer(text):
            span = _valid_iban_prefix(text, m.start(), m.end())
            if span:
                out.append((span[0], span[1], "IBAN"))
        for m in _PHONE_BE_RE.finditer(text):
            s = m.group(0)
            d = _digits(s)
            if s.startswith(("+", "00")):
                d = d[2:] if s.startswith("+") else d[4:]
                ok = 8 <= len(d) <= 10
            else:
                ok = (len(d) == 9 and d[1] != "4") or (len(d) == 10 and d[1] == "4")
                if len(d) == 9 and d.startswith("04"):
                    ok = False
            if ok and not _DATE_LIKE_RE.fullmatch(s):
                out.append((m.start(), m.end(), "PHONE"))
        if "+" in text or "00" in text:
            for m in _PHONE_INTL_RE.finditer(text):
                if 8 <= len(_digits(m.group(0))) <= 15:
                    out.append((m.start(), m.end(), "PHONE"))
        for m in _LONG_DIGITS_RE.finditer(text):
            if _AMOUNT_AFTER_RE.match(text, m.end()):
                continue
            s = m.group(0)
            if " " in s and len(_digits(s)) < 10:
                continue
            start = m.start()
            # IBAN-shaped but invalid ("BE12 3456 ..."): include the letters
            if (
                start >= 2
                and text[start - 2 : start].isalpha()
                and (start == 2 or not text[start - 3].isalnum())
            ):
                start -= 2
            out.append((start, m.end(), "FILE_NUMBER"))
    if (
        "°" in text
        or "geb" in low
        or "dob" in low
        or "birth" in low
        or ("verjaardag" in low)
    ):
        for m in _BIRTH_RE.finditer(text):
            out.append((m.start(1), m.end(1), "BIRTHDATE"))
    if any(c[1] - c[0] == 3 or c[2] == 6 for c in clusters):
        for m in _PLATE_RE.finditer(text):
            out.append((m.start(), m.end(), "PLATE"))
        if "plaat" in low or "kenteken" in low:
            for m in _PLATE_CTX_RE.finditer(text):
                val = m.group(1)
                if any(c.isdigit() for c in val) and any(c.isalpha() for c in val):
                    out.append((m.start(1), m.end(1), "PLATE"))
    # file numbers: look for a cue word just before each number
    for cs, ce, nd in clusters:
        if nd < 4:
            continue
        for m in _FILE_CTX_RE.finditer(text, max(0, cs - 40), min(len(text), ce + 12)):
            if m.start(1) > cs or m.end(1) < cs:
                continue
            val = m.group(1).rstrip(" ./-")
            d = _digits(val)
            if len(d) < 4:
                continue
            if len(d) == 4 and "/" not in val and _YEAR_RE.fullmatch(d):
                continue
            end = m.start(1) + len(val)
            out.append((m.start(1), end, "FILE_NUMBER"))


_DATE_LIKE_RE = re.compile(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}")


def _is_iban(compact: str) -> bool:
    """Valid IBAN per python-stdnum; also accept numbers whose only problem is
    a bank code missing from stdnum's registry (checksums still verified)."""
    if _iban.is_valid(compact):
        return True
    if not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    if not compact.isalnum() or not 15 <= len(compact) <= 34:
        return False
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    if int(digits) % 97 != 1:
        return False
    if compact[:2] == "BE":
        return len(compact) == 16 and (int(compact[4:14]) % 97 or 97) == int(
            compact[14:]
        )
    return compact[:2] in ("NL", "FR", "DE", "LU", "ES", "IT", "PT", "PL", "RO", "BG")


def _valid_iban_prefix(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Longest prefix of text[start:end] (ending on a word boundary) that is a
    valid IBAN."""
    cand = text[start:end]
    # candidate end positions: before each space, and the end
    ends = [i for i, c in enumerate(cand) if c == " "] + [len(cand)]
    for e in sorted(ends, reverse=True):
        chunk = cand[:e]
        compact = chunk.replace(" ", "").upper()
        if len(compact) < 15:
            break
        if _is_iban(compact):
            return start, start + e
    return None


class _Tok:
    __slots__ = ("start", "end", "text", "low", "cap", "brk", "prot", "nxt_gap")

    start: int
    end: int
    text: str
    low: str  # lower-cased, diacritics stripped
    cap: bool
    brk: bool  # sentence/clause break before this token
    prot: bool  # part of an organisation/place phrase or placeholder
    nxt_gap: str  # text between this token and the next


_new_tok = object.__new__


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    prev_end = 0
    prev: _Tok | None = None
    sent_break = _SENT_BREAK_RE.search
    for m in _TOKEN_RE.finditer(text):
        s, e = m.span()
        w = m.group(0)
        # strip possessive 's
        if len(w) > 3 and w[-1] in "sS" and w[-2] in "'’":
            e -= 2
            w = w[:-2]
        t = _new_tok(_Tok)
        t.start = s
        t.end = e
        t.text = w
        low = w.lower()
        t.low = low if low.isascii() else _fold(w)
        t.cap = w[0].isupper()
        t.prot = False
        t.nxt_gap = ""
        if prev is None:
            t.brk = True
        else:
            gap = text[prev_end:s]
            prev.nxt_gap = gap
            if gap == " ":
                t.brk = False
            elif sent_break(gap):
                # "mevr." / "J." are abbreviations, not sentence ends
                t.brk = not (
                    gap.strip() == "."
                    and (prev.low in _ABBREV_BEFORE or len(prev.text) == 1)
                )
            else:
                t.brk = "\n" in gap or "," in gap or "/" in gap
        toks.append(t)
        prev = t
        prev_end = e
    return toks


def _mark_protected(toks: list[_Tok]) -> None:
    n = len(toks)
    i = 0
    get = _PROTECTED.get
    while i < n:
        t = toks[i]
        cands = get(t.low)
        if not cands:
            i += 1
            continue
        matched = 0
        for phrase in cands:
            k = len(phrase)
            if k == 1:
                if t.cap:
                    matched = 1
                    break
                continue
            if i + k > n:
                continue
            ok = True
            for j in range(1, k):
                o = toks[i + j]
                if o.low != phrase[j] or o.brk:
                    ok = False
                    break
            if ok:
                matched = k
                break
        if matched:
            for j in range(i, i + matched):
                toks[j].prot = True
            i += matched
        else:
            i += 1


def _is_street_word(low: str) -> bool:
    if len(low) < 5 or not low.endswith(_STREET_SUFFIXES):
        return False
    for suf in _STREET_SUFFIXES:
        if low.endswith(suf) and len(low) > len(suf) + 1:
            return True
    return False


def _name_token_ok(t: _Tok, strong: bool) -> bool:
    """Can t continue a name that has already started (or follow a cue)?"""
    if t.prot or not t.text[:1].isalpha():
        return False
    low = t.low
    if t.cap:
        if low in STOPWORDS:
            return strong and (low in FIRST_NAMES or low in SURNAMES)
        return not _is_street_word(low)
    # lower case: only known names
    return (low in SURNAMES or low in FIRST_NAMES) and low not in _LOWER_STOP


def _plain_word(t: _Tok) -> bool:
    """A lower-case word that may be an unknown name in an all-lowercase note."""
    return (
        not t.prot
        and len(t.low) >= 3
        and t.text.isalpha()
        and t.low not in _LOWER_STOP
        and t.low not in PARTICLES
        and not _is_street_word(t.low)
    )


def _is_first_name(t: _Tok) -> bool:
    low = t.low
    if low in FIRST_NAMES:
        return True
    if "-" in low:
        parts = low.split("-")
        return all(p in FIRST_NAMES for p in parts) and len(parts) <= 3
    return False


def _extend(toks: list[_Tok], j: int, strong: bool, lower_mode: bool) -> int:
    """Extend a name starting at toks[j] to the right; return the last index."""
    n = len(toks)
    last = j
    count = 1
    k = j + 1
    while k < n and count < 5:
        t = toks[k]
        if t.brk or t.prot:
            break
        gap = toks[k - 1].nxt_gap
        if gap not in (" ", "-") and not (
            gap in (". ", ".") and len(toks[k - 1].text) == 1
        ):
            break
        if t.low in PARTICLES:
            # particle(s) must be followed by a capitalised/known surname
            m = k
            while m < n and toks[m].low in PARTICLES and not toks[m].brk and m - k < 3:
                m += 1
            if m < n and not toks[m].brk:
                nt = toks[m]
                if (
                    (nt.cap and _name_token_ok(nt, True))
                    or (nt.low in SURNAMES and nt.low not in _LOWER_STOP)
                    or (lower_mode and _plain_word(nt))
                ):
                    last = m
                    count += m - k + 1
                    k = m + 1
                    continue
            break
        if t.cap and _name_token_ok(t, strong):
            last = k
            count += 1
            k += 1
            continue
        if not t.cap and (
            (t.low in SURNAMES and t.low not in _LOWER_STOP)
            or (lower_mode and _plain_word(t))
        ):
            last = k
            count += 1
            k += 1
            continue
        break
    return last


def _has_title_cue(toks: list[_Tok], i: int) -> bool:
    """Is toks[i] preceded by a title ("mevrouw") or kin cue ("mama van")?"""
    if i == 0:
        return False
    p = toks[i - 1]
    if toks[i].brk and p.nxt_gap.strip() not in (".", ":"):
        return False
    if p.low in _TITLE_CUES:
        gap = p.nxt_gap
        return gap.strip() in ("", ".", ":") and "\n" not in gap
    if p.low == "van" and i >= 2 and toks[i - 2].low in _KIN_CUES and not p.brk:
        return True
    return bool(p.low in ("naam", "voornaam", "achternaam") and ":" in p.nxt_gap)


def _find_names(text: str, toks: list[_Tok], out: list[tuple[int, int, str]]) -> None:
    n = len(toks)
    # all-lowercase note (fast typing): allow unknown lower-case surnames
    lower_mode = not any(t.cap and not t.text.isupper() and not t.prot for t in toks)
    i = 0
    while i < n:
        t = toks[i]
        low = t.low
        if (
            t.prot
            or not t.text[0].isalpha()
            or (
                not t.cap
                and len(low) > 1
                and low not in FIRST_NAMES
                and low not in _LEAD_PARTICLES
                and "-" not in low
                and (i == 0 or toks[i - 1].low not in _CUE_PREV)
            )
        ):
            i += 1
            continue
        start_i = -1
        strong = False
        surname_start = False
        lower_start = False
        # (1) title / kin cue: "mevrouw De Smet", "mama van Yasmine"
        if _has_title_cue(toks, i):
            if (
                t.cap
                and low in PARTICLES
                and i + 1 < n
                and not toks[i + 1].brk
                or _name_token_ok(t, True)
                or (
                    not t.cap
                    and low in PARTICLES
                    and i + 1 < n
                    and lower_mode
                    and toks[i - 1].low not in _OFFICE_CUES
                )
                or len(t.text) == 1
                and t.nxt_gap.startswith(".")
                or lower_mode
                and _plain_word(t)
                and toks[i - 1].low not in _WEAK_CUES
            ):
                start_i = i
            strong = start_i >= 0
        # (2) initials "J. De Smet" / "J.P. Peeters" / "s. verhaeghe"
        if start_i < 0 and len(t.text) == 1 and t.nxt_gap[:1] == ".":
            k = i
            while k + 1 < n and len(toks[k].text) == 1:
                if not toks[k].nxt_gap.startswith("."):
                    break
                k += 1
            nt = toks[k] if k < n else None
            if nt is not None and k > i and len(nt.text) > 1 and not nt.prot:
                if t.cap and nt.cap:
                    ok = nt.low in PARTICLES or (
                        _name_token_ok(nt, False) and nt.low not in _LOWER_STOP
                    )
                else:
                    ok = (nt.low in SURNAMES and nt.low not in _LOWER_STOP) or (
                        nt.low in PARTICLES and (lower_mode or not t.cap)
                    )
                if ok:
                    start_i = i
                    strong = True
        # (3) known first name
        if start_i < 0 and _is_first_name(t):
            if t.cap:
                if low not in STOPWORDS or "-" in low:
                    start_i = i
                else:
                    # ambiguous word ("Roos", "Elke"): needs a name right after
                    e = _extend(toks, i, False, False)
                    if e > i and (toks[e].low in SURNAMES or _is_first_name(toks[e])):
                        start_i = i
            elif low not in _LOWER_STOP and len(low) >= 3:
                start_i = i
                lower_start = True
        # (4) particle + surname ("De Smet", "El Amrani", "van den bossche")
        if start_i < 0 and low in _LEAD_PARTICLES:
            k = i + 1
            while k < n and toks[k].low in PARTICLES and not toks[k].brk and k - i < 3:
                k += 1
            if k < n and not toks[k].brk and not toks[k].prot:
                nt = toks[k]
                if nt.low in SURNAMES and (nt.cap or nt.low not in _LOWER_STOP):
                    if t.cap or not nt.cap:
                        start_i = i
                        surname_start = True
                        lower_start = not t.cap
                elif (
                    t.cap
                    and nt.cap
                    and not t.brk
                    and _name_token_ok(nt, False)
                    and low in ("van", "vanden", "vande", "vander", "el", "ben", "ait")
                ):
                    # mid-sentence "Van Ryckeghem" with capitalised particle
                    start_i = i
                    surname_start = True
        # (4b) "D'Hondt" style single token
        if start_i < 0 and t.cap and low[:2] == "d'" and len(low) > 3:
            start_i = i
            surname_start = True
        # (5) known surname alone, mid-sentence, capitalised
        if (
            start_i < 0
            and t.cap
            and not t.brk
            and low in SURNAMES
            and low not in STOPWORDS
            and not t.text.isupper()
        ):
            start_i = i
            surname_start = True
        if start_i < 0:
            i += 1
            continue
        end_i = _extend(toks, start_i, strong, lower_mode or lower_start)
        # a trailing particle is not part of the name
        while end_i > start_i and toks[end_i].low in PARTICLES:
            end_i -= 1
        if toks[start_i].low in PARTICLES and end_i == start_i:
            i += 1
            continue
        # street names like "Frans Van Ryhovelaan", "Koning Albertlaan"
        nxt = end_i + 1
        if nxt < n and not toks[nxt].brk and _is_street_word(toks[nxt].low):
            i = nxt + 1
            continue
        if start_i > 0 and toks[start_i - 1].low in ("sint", "st", "sainte", "saint"):
            i = end_i + 1
            continue
        # a single all-caps short token (acronym) is not a name
        if end_i == start_i and toks[start_i].text.isupper() and len(t.text) <= 4:
            i += 1
            continue
        # unknown first name before a surname: "Zouhaira Nowak", "fikre de smet"
        if surname_start and start_i > 0 and not toks[start_i].brk:
            p = toks[start_i - 1]
            if (
                p.nxt_gap == " "
                and not p.prot
                and p.text.isalpha()
                and (
                    (p.cap and p.low not in STOPWORDS and not p.text.isupper())
                    or ((lower_mode or lower_start) and _plain_word(p))
                )
            ):
                start_i -= 1
        out.append((toks[start_i].start, toks[end_i].end, "NAME"))
        i = end_i + 1


def _find_addresses(
    text: str, toks: list[_Tok], out: list[tuple[int, int, str]]
) -> None:
    if not _HAS_DIGIT_RE.search(text):
        return
    cands: list[tuple[int, int, int]] = []  # (start, end, token index or -1)
    n = len(toks)
    hints = [m.start() for m in _ADDR_HINT_RE.finditer(text)]
    if not hints:
        return
    starts = [t.start for t in toks]
    idxs = []
    for h in hints:
        j = bisect.bisect_right(starts, h) - 1
        if j >= 0:
            idxs.append(j)
    for idx in idxs:
        t = toks[idx]
        if idx + 1 >= n or t.text[:1].isdigit():
            continue
        nt = toks[idx + 1]
        # cheap pre-filter: a house number (or "nr") must follow
        if not (nt.text[:1].isdigit() or nt.low in ("nr", "nummer", "no", "n")):
            continue
        if t.prot:
            continue
        if (
            _is_street_word(t.low)
            or _is_street_word(t.low.rsplit("-", 1)[0])
            or (
                t.low in _STREET_SUFFIX_SET
                and idx > 0
                and toks[idx - 1].cap
                and toks[idx - 1].low not in _ADDR_PREFIX_STOP
                and not t.brk
            )
        ):
            cands.append((t.start, t.end, idx))
    for m in _BARE_STREET_RE.finditer(text):
        cands.append((m.start(), m.end(), -1))
    for s, e, idx in cands:
        hm = _HOUSE_NO_RE.match(text, e)
        if not hm or hm.end() == e:
            continue
        num = hm.group(1)
        if _NOT_HOUSE_AFTER_RE.match(text, hm.end(1)):
            continue
        if len(num) == 4 and num[:2] in ("19", "20"):
            continue
        if num == "0":
            continue
        end = hm.end()
        # extend to the left with capitalised words ("Brugse Heirweg",
        # "Frans Van Ryhovelaan")
        if idx >= 0:
            k = idx
            while k > 0 and idx - k < 4:
                p = toks[k - 1]
                if toks[k].brk or p.nxt_gap != " " or not p.cap or p.prot:
                    break
                if p.low in _ADDR_PREFIX_STOP:
                    # "De Pintelaan", "Frans Van Ryhovelaan": keep capitalised
                    # particles only if a capitalised word precedes or it
                    # starts the sentence
                    if p.low not in ("de", "van", "den", "der", "ter", "ten"):
                        break
                    if not p.brk:
                        q = toks[k - 2] if k >= 2 else None
                        if q is None or not q.cap or q.low in _ADDR_PREFIX_STOP:
                            break
                k -= 1
            s = toks[k].start
        out.append((s, end, "ADDRESS"))


def _resolve(cands: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    cands.sort(key=lambda c: (_PRIORITY[c[2]], -(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int, str]] = []
    for c in cands:
        s, e, _ = c
        if e <= s:
            continue
        if any(s < te and ts < e for ts, te, _ in taken):
            continue
        taken.append(c)
    taken.sort()
    return taken


def find_personal_data(text: str) -> list[Finding]:
    """Detect personal data in text; findings are sorted and non-overlapping."""
    if not text:
        return []
    cands: list[tuple[int, int, str]] = []
    _find_numbers(text, text.lower(), cands)
    toks = _tokenize(text)
    _mark_protected(toks)
    # placeholders are never detected again
    holes = [m.span() for m in _PLACEHOLDER_RE.finditer(text)] if "[" in text else []
    if holes:
        for t in toks:
            if any(hs <= t.start < he for hs, he in holes):
                t.prot = True
    _find_addresses(text, toks, cands)
    _find_names(text, toks, cands)
    if holes:
        cands = [
            c for c in cands if not any(c[0] < he and hs < c[1] for hs, he in holes)
        ]
    # trim whitespace / trailing punctuation
    cleaned = []
    for s, e, typ in cands:
        while e > s and text[e - 1] in " .,-/":
            e -= 1
        while s < e and text[s] in " .,-/":
            s += 1
        cleaned.append((s, e, typ))
    return [Finding(s, e, typ, text[s:e]) for s, e, typ in _resolve(cleaned)]


def mask_text(text: str, findings: Iterable[Finding] | None = None) -> str:
    """Replace each finding by its placeholder (detecting first if needed)."""
    if findings is None:
        findings = find_personal_data(text)
    parts: list[str] = []
    pos = 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos:
            continue
        parts.append(text[pos : f.start])
        parts.append(PLACEHOLDERS[f.type])
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)
