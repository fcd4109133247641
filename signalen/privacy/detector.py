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
from itertools import accumulate, compress
from operator import itemgetter
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
# ordinary Dutch words in all inflected forms (built by signalen/privacy/lexicon.py)
DUTCH_WORDS = frozenset(
    w
    for w in (_DATA / "dutch_words.txt").read_text(encoding="utf-8").splitlines()
    if w and w[0] != "#"
)
# first names that are ordinary words in lower case (blocked without context)
_LOWER_STOP = (
    STOPWORDS
    | DUTCH_WORDS
    | frozenset(
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
# titles and other strong cues; the weak cues count as cues too
_TITLE_CUES = (
    frozenset(
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
            "schepen",
            "burgemeester",
            "minister",
            "genaamd",
            "heet",
            "heette",
            "noemt",
            "alias",
        ]
    )
    | _WEAK_CUES
)
# "een mevrouw uit de wijk", "die meneer vertelt": a determiner before a title
# means the title is used as a common noun ("dat"/"het" never go with these
# de-words: "zegt dat mevrouw Peeters ..." is a real title)
_DETERMINERS = frozenset(
    ["een", "de", "die", "deze", "elke", "iedere", "zijn", "haar", "hun", "mijn"]
    + ["onze", "jullie", "uw", "oudere", "jonge", "andere", "zo'n", "welke"]
)
# before a lower-case first name: "een peter en meter", "het okan"
# ("dat"/"die" are left out: "ze zegt dat mohamed ...")
_NAME_DETERMINERS = frozenset(
    ["een", "de", "het", "deze", "dit", "elke", "iedere", "zijn", "haar", "hun"]
    + ["mijn", "onze", "uw", "zo'n"]
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
# same tokens as _TOKEN_RE but faster (no backtracking); trailing "-" and "'"
# are trimmed afterwards (_trim_tokens)
_TOKEN_SPLIT_RE = re.compile(r"([^\W\d_][\w'’\-]*|\d+[a-zA-Z]?)")
_first_char = itemgetter(0)

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
# last word of each suffix-less street ("coupure links" -> "links")
_BARE_LAST = frozenset(s.replace("-", " ").split()[-1] for s in _BARE_STREETS) | {
    s.split()[-1] for s in _BARE_STREETS
}
_BARE_STREET_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(s) for s in _BARE_STREETS) + r")(?=[ ]*,?"
    r"[ ]*(?:nr\.?[ ]*)?\d)",
    re.IGNORECASE,
)

# digit runs merged when separated by at most 3 separator characters
_CLUSTER_RE = re.compile(r"\d+(?:[ ./\-()+]{1,3}\d+)*")
_BIRTH_CUE_RE = re.compile(
    r"°|\bgeb(?:oren|oorte\w*|\.|\b|[ ]?datum)|\bdob\b|\bdate[ ]of[ ]birth"
    r"|\bverjaardag",
    re.IGNORECASE,
)
_HOUSE_NO_CUES = frozenset(["nr", "nummer", "no", "n"])
# "geb" is in many words (gebruik, gebeurt, gebied); a birth cue is "geb" +
# "oren"/"oorte"/"." / ":" / space / "datum"
_BIRTH_HINT_RE = re.compile(r"\bgeb(?:oren|oorte|[.:= ]|datum|\d)")
# word starts of the cues in _FILE_CTX_RE (pre-filter on tokens)
_FILE_CUE_STEMS = (
    "dossier",
    "klant",
    "client",
    "referentie",
    "ref",
    "kenmerk",
    "rijksregister",
    "rrn",
    "rr",
    "inschrijvingsnummer",
    "ocmw",
    "pv",
    "proces",
    "attestnummer",
    "kaartnummer",
    "identiteitskaart",
    "ik-nummer",
    "ik",
    "eid",
    "bis",
    "rekeningnummer",
    "contract",
    "polis",
    "lidnummer",
    "aansluitingsnummer",
    "ean",
    "file",
)
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
_NAME_OF_CUES = frozenset(["van", "naam", "voornaam", "achternaam"])
# title cues that are abbreviations: "mevr. Peeters" ("." is no sentence end)
_ABBREV_CUES = frozenset(
    ["mevr", "mvr", "mw", "mvw", "mnh", "mnr", "mr", "dhr", "mme", "mej", "fam", "dr"]
)
_PROTECTED = _load_phrases("orgs.txt")
for _name in ("places.txt", "phrases.txt"):
    for _k, _v in _load_phrases(_name).items():
        _PROTECTED.setdefault(_k, []).extend(_v)
        _PROTECTED[_k].sort(key=len, reverse=True)
# multi-word phrases indexed by their first two words; single words apart
_PROTECTED_MULTI: dict[str, dict[str, list[tuple[str, ...]]]] = {}
_PROTECTED_SINGLE = frozenset(
    k for k, v in _PROTECTED.items() if any(len(p) == 1 for p in v)
)
for _k, _v in _PROTECTED.items():
    for _p in _v:
        if len(_p) > 1:
            _PROTECTED_MULTI.setdefault(_k, {}).setdefault(_p[1], []).append(_p)


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def _is_national_id(num: str) -> bool:
    return _nn.is_valid(num) or _bis.is_valid(num)


def _has_digit(text: str) -> bool:
    # ten C-level substring scans are cheaper than one regex scan
    return any(d in text for d in "0123456789")


def _digit_clusters(text: str) -> list[tuple[int, int, int]]:
    """Digit runs merged when separated by at most 3 separator characters:
    (start, end, number of digits)."""
    out = []
    for m in _CLUSTER_RE.finditer(text):
        s, e = m.span()
        g = m.group()
        out.append((s, e, e - s if g.isdigit() else sum(map(str.isdigit, g))))
    return out


def _find_long_numbers(
    text: str, ws: int, we: int, intl: bool, out: list[tuple[int, int, str]]
) -> None:
    """National numbers, IBANs, phone numbers and long digit runs in
    text[ws:we] (a window around a run of 8+ digits)."""
    for m in _NN_RE.finditer(text, ws, we):
        num = "".join(m.groups())
        if _is_national_id(num):
            out.append((m.start(), m.end(), "NATIONAL_ID"))
        else:
            # national-register shaped but wrong check digits: still an
            # identifying number (typo in a real number?) -> FILE_NUMBER
            out.append((m.start(), m.end(), "FILE_NUMBER"))
    for m in _IBAN_RE.finditer(text, ws, we):
        span = _valid_iban_prefix(text, m.start(), m.end())
        if span:
            out.append((span[0], span[1], "IBAN"))
    for m in _PHONE_BE_RE.finditer(text, ws, we):
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
    if intl:
        for m in _PHONE_INTL_RE.finditer(text, ws, we):
            if 8 <= len(_digits(m.group(0))) <= 15:
                out.append((m.start(), m.end(), "PHONE"))
    for m in _LONG_DIGITS_RE.finditer(text, ws, we):
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


def _find_numbers(
    text: str,
    low: str,
    toks: _Toks,
    clusters: list[tuple[int, int, int]],
    out: list[tuple[int, int, str]],
) -> None:
    """Numeric types; only called when the text has digits. Regexes run over
    the whole text only for rare shapes (8+ digit runs); the others run on
    small windows around the digit clusters that can hold them."""
    n = len(text)
    max_digits = max(c[2] for c in clusters)
    if max_digits >= 8:
        # windows around the long digit runs (IBANs: letters before the digits)
        wins: list[list[int]] = []
        for cs, ce, nd in clusters:
            if nd >= 8:
                ws, we = max(0, cs - 16), min(n, ce + 8)
                if wins and ws <= wins[-1][1]:
                    wins[-1][1] = we
                else:
                    wins.append([ws, we])
        intl = "+" in text or "00" in text
        for ws, we in wins:
            _find_long_numbers(text, ws, we, intl, out)
    if max_digits >= 3:
        # birth dates: only right after a cue ("°", "geboren", "geb.", ...)
        if (
            "°" in text
            or ("geb" in low and _BIRTH_HINT_RE.search(low))
            or "dob" in low
            or "birth" in low
            or "verjaardag" in low
        ):
            for c in _BIRTH_CUE_RE.finditer(text):
                m = _BIRTH_RE.search(text, c.start(), min(n, c.end() + 80))
                if m and m.start() == c.start():
                    out.append((m.start(1), m.end(1), "BIRTHDATE"))
        # number plates: around each run of exactly 3 (or 6) digits
        done = -1
        for cs, ce, nd in clusters:
            if ce - cs == 3 or nd == 6:
                ws = max(0, cs - 8, done)
                for m in _PLATE_RE.finditer(text, ws, min(n, ce + 6)):
                    out.append((m.start(), m.end(), "PLATE"))
                    done = m.end()
        if "plaat" in low or "kenteken" in low:
            for m in _PLATE_CTX_RE.finditer(text):
                val = m.group(1)
                if any(c.isdigit() for c in val) and any(c.isalpha() for c in val):
                    out.append((m.start(1), m.end(1), "PLATE"))
    # file numbers: look for a cue word just before each number (cheap token
    # check first: a token in the 40 characters before it starts like a cue)
    starts = toks.starts
    lows = toks.lows
    for cs, ce, nd in clusters:
        if nd < 4:
            continue
        j0 = bisect.bisect_left(starts, cs - 40)
        j = bisect.bisect_right(starts, cs)
        if not any(w.startswith(_FILE_CUE_STEMS) for w in lows[max(0, j0 - 1) : j]):
            continue
        for m in _FILE_CTX_RE.finditer(text, max(0, cs - 40), min(n, ce + 12)):
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


# --------------------------------------------------------------------------
# tokens
# --------------------------------------------------------------------------
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


def _trim_tokens(
    text: str, words: list[str], starts: list[int], ends: list[int]
) -> None:
    """Strip a possessive 's ("Fatima's") and trailing hyphens/apostrophes
    ("basis- en secundair") from the tokens (in place). Every occurrence of
    the character inside the token applies one trim step; a token is visited
    once per character, so the work is linear in the text length."""
    for ch in ("'", "’", "-"):
        p = text.find(ch)
        while p >= 0:
            k = bisect.bisect_right(starts, p) - 1
            if k >= 0 and p < ends[k]:
                end = ends[k]
                new_end = _trimmed_end(text, starts[k], end, ch, p)
                if new_end != end:
                    ends[k] = new_end
                    words[k] = text[starts[k] : new_end]
                p = text.find(ch, end)
            else:
                p = text.find(ch, p + 1)


def _trimmed_end(text: str, start: int, end: int, ch: str, p: int) -> int:
    """The token text[start:end] after one trim step per occurrence of ch
    (the first at p) that is still inside the token."""
    while 0 <= p < end:
        if end - start > 3 and text[end - 1] in "sS" and text[end - 2] in "'’":
            end -= 2
        elif text[end - 1] in "'’-":
            while text[end - 1] in "'’-":
                end -= 1
        else:
            break  # nothing to trim: later occurrences change nothing either
        p = text.find(ch, p + 1, end)
    return end


class _Toks:
    """The text's tokens as parallel lists (built with C-level loops); the
    full `_Tok` object of a token is only built when the rules look at it,
    which is a small share of the tokens in ordinary running text."""

    __slots__ = ("text", "starts", "ends", "words", "lows", "caps", "prot", "_objs")

    def __init__(self, text: str) -> None:
        self.text = text
        # one C-level split gives [gap, token, gap, token, ..., gap]; the
        # running sum of the part lengths gives every token's offsets
        parts = _TOKEN_SPLIT_RE.split(text)
        bounds = list(accumulate(map(len, parts)))
        words = parts[1::2]
        starts = bounds[0::2][: len(words)]
        ends = bounds[1::2]
        if "'" in text or "’" in text or "-" in text:
            _trim_tokens(text, words, starts, ends)
        self.starts = starts
        self.ends = ends
        self.words = words
        lows = list(map(str.lower, words))
        if not text.isascii():
            lows = [w if w.isascii() else _fold(w) for w in lows]
        self.lows = lows
        self.caps = list(map(str.isupper, map(_first_char, words)))
        self.prot = [False] * len(words)
        self._objs: list[_Tok | None] = [None] * len(words)

    def __len__(self) -> int:
        return len(self.words)

    def brk(self, i: int) -> bool:
        if i == 0:
            return True
        gap = self.text[self.ends[i - 1] : self.starts[i]]
        if gap == " ":
            return False
        if _SENT_BREAK_RE.search(gap):
            # "mevr." / "J." are abbreviations, not sentence ends
            return not (
                gap.strip() == "."
                and (self.lows[i - 1] in _ABBREV_BEFORE or len(self.words[i - 1]) == 1)
            )
        return "\n" in gap or "," in gap or "/" in gap

    def __getitem__(self, i: int) -> _Tok:
        t = self._objs[i]
        if t is not None:
            return t
        t = _new_tok(_Tok)
        t.start = self.starts[i]
        t.end = self.ends[i]
        t.text = self.words[i]
        t.low = self.lows[i]
        t.cap = self.caps[i]
        t.prot = self.prot[i]
        t.brk = self.brk(i)
        t.nxt_gap = (
            self.text[t.end : self.starts[i + 1]] if i + 1 < len(self.words) else ""
        )
        self._objs[i] = t
        return t


def _mark_protected(toks: _Toks) -> None:
    lows = toks.lows
    n = len(lows)
    if not n:
        return
    caps = toks.caps
    prot = toks.prot
    nxt = 0
    for i in compress(range(n), map(_PROTECTED.__contains__, lows)):
        if i < nxt:
            continue
        matched = 0
        by_second = _PROTECTED_MULTI.get(lows[i])
        if by_second and i + 1 < n:
            for phrase in by_second.get(lows[i + 1], ()):
                k = len(phrase)
                if i + k > n:
                    continue
                ok = True
                for j in range(1, k):
                    if lows[i + j] != phrase[j] or toks.brk(i + j):
                        ok = False
                        break
                if ok:
                    matched = k
                    break
        if not matched and caps[i] and lows[i] in _PROTECTED_SINGLE:
            matched = 1
        if matched:
            for j in range(i, i + matched):
                prot[j] = True
            nxt = i + matched


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
    return _is_first_name_low(t.low)


def _extend(toks: _Toks, j: int, strong: bool, lower_mode: bool) -> int:
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


def _has_title_cue(toks: _Toks, i: int) -> bool:
    """Is toks[i] preceded by a title ("mevrouw") or kin cue ("mama van")?"""
    if i == 0:
        return False
    p = toks[i - 1]
    if toks[i].brk and p.nxt_gap.strip() not in (".", ":"):
        return False
    if p.low in _TITLE_CUES:
        gap = p.nxt_gap
        g = gap.strip()
        if g == "." and p.low not in _ABBREV_CUES:
            return False  # "... met haar familie. Werkende armen"
        return g in ("", ".", ":") and "\n" not in gap
    if p.low == "van" and i >= 2 and toks[i - 2].low in _KIN_CUES and not p.brk:
        return True
    return bool(p.low in ("naam", "voornaam", "achternaam") and ":" in p.nxt_gap)


def _title_as_noun(toks: _Toks, i: int) -> bool:
    """ "een mevrouw uit de wijk", "die meneer vertelt": the cue before toks[i]
    follows a determiner, so it is a common noun and no title."""
    if i < 2 or toks.lows[i - 1] in ("heer", "naam"):
        return False
    return toks.lows[i - 2] in _DETERMINERS and not toks.brk(i - 1)


def _name_candidates(toks: _Toks) -> list[int]:
    """Token indexes where a name may start; every rule in `_find_names` needs
    one of these (a cue before, an initial, a known first name or surname, a
    particle before a surname or capitalised word), so all other tokens are
    skipped without building token objects."""
    lows = toks.lows
    caps = toks.caps
    words = toks.words
    n = len(lows)
    out: list[int] = []
    app = out.append
    for i in compress(range(n), map(_INTERESTING.__contains__, lows)):
        w = lows[i]
        k = i + 1
        if w in _PARTICLE_ONLY:
            # "de", "van", "al": only before a surname or a capitalised word
            while k < n:
                if caps[k] or lows[k] in SURNAMES:
                    app(i)
                    break
                if lows[k] not in PARTICLES or k - i >= 3:
                    break
                k += 1
            if w == "van" and i and i + 1 < n and lows[i - 1] in _KIN_CUES:
                app(i + 1)
            continue
        if k < n and w in _CUE_WORDS:
            app(k)
        if len(w) == 1:
            if toks.text[toks.ends[i] : toks.ends[i] + 1] == ".":
                app(i)
        elif w in FIRST_NAMES:
            if (
                caps[i]
                or w not in _LOWER_STOP
                or (k < n and not caps[k] and lows[k] in _LOWER_SURNAMES)
            ):
                app(i)
        elif caps[i] and w in SURNAMES or w in _LEAD_PARTICLES:
            app(i)
    # hyphenated first names ("jean-pierre") and "D'Hondt"
    text = toks.text
    starts = toks.starts
    for ch in ("-", "'", "’"):
        p = text.find(ch)
        while p >= 0:
            i = bisect.bisect_right(starts, p) - 1
            if i >= 0 and p < toks.ends[i]:
                w = lows[i]
                if ("-" in w and _is_first_name_low(w)) or (
                    caps[i] and w[:2] == "d'" and len(w) > 3
                ):
                    out.append(i)
                p = text.find(ch, toks.ends[i])  # one visit per token
            else:
                p = text.find(ch, p + 1)
    prot = toks.prot
    return sorted({i for i in out if i < n and not prot[i] and words[i][0].isalpha()})


_FACILITY_ENDINGS = (
    "centrum",
    "school",
    "huis",
    "home",
    "kliniek",
    "vzw",
    "zaal",
    "project",
    "residentie",
    "campus",
    "winkel",
    "restaurant",
    "café",
    "cafe",
    "kerk",
    "park",
    "team",
)


def _is_facility(low: str) -> bool:
    """A word naming a kind of facility ("dienstencentrum", "basisschool")."""
    return low.endswith(_FACILITY_ENDINGS) and low not in ("thuis", "zaal")


def _is_first_name_low(low: str) -> bool:
    if low in FIRST_NAMES:
        return True
    if "-" in low:
        parts = low.split("-")
        return all(p in FIRST_NAMES for p in parts) and len(parts) <= 3
    return False


def _initials_end(toks: _Toks, i: int, memo: dict[int, int]) -> int:
    """Last index of the run of initials ("J.P.") from toks[i]; every index
    of a run shares its end, so each token is walked only once."""
    end = memo.get(i)
    if end is not None:
        return end
    n = len(toks)
    k = i
    while k + 1 < n and len(toks[k].text) == 1:
        if not toks[k].nxt_gap.startswith("."):
            break
        k += 1
        if k in memo:
            k = memo[k]
            break
    for j in range(i, k + 1):
        memo[j] = k
    return k


def _find_names(toks: _Toks, out: list[tuple[int, int, str]]) -> None:
    n = len(toks)
    if not n:
        return
    words = toks.words
    # all-lowercase note (fast typing): allow unknown lower-case surnames
    lower_mode = not any(
        c and not p and not w.isupper()
        for c, p, w in zip(toks.caps, toks.prot, words, strict=True)
    )
    nxt_free = 0
    initials_memo: dict[int, int] = {}
    for i in _name_candidates(toks):
        if i < nxt_free:
            continue
        t = toks[i]
        low = t.low
        start_i = -1
        strong = False
        surname_start = False
        lower_start = False
        # (1) title / kin cue: "mevrouw De Smet", "mama van Yasmine"
        if _has_title_cue(toks, i):
            noun = not t.cap and _title_as_noun(toks, i)
            if (
                t.cap
                and low in PARTICLES
                and i + 1 < n
                and not toks[i + 1].brk
                or _name_token_ok(t, True)
                or (
                    not t.cap
                    and not noun
                    and low in PARTICLES
                    and i + 1 < n
                    and lower_mode
                    and toks[i - 1].low not in _OFFICE_CUES
                )
                or len(t.text) == 1
                and t.nxt_gap.startswith(".")
                or (lower_mode or not t.cap and toks.lows[i - 1] in _NAME_OF_CUES)
                and not noun
                and _plain_word(t)
                and toks[i - 1].low not in _WEAK_CUES
            ):
                # lower case after a kin cue or "naam:" (or after a title in an
                # all-lowercase note): any word that is not a Dutch word
                # ("mama van nigisti"; not "Meneer beweert dat ...")
                start_i = i
                lower_start = not t.cap
            strong = start_i >= 0
        # (2) initials "J. De Smet" / "J.P. Peeters" / "s. verhaeghe"
        if start_i < 0 and len(t.text) == 1 and t.nxt_gap[:1] == ".":
            k = _initials_end(toks, i, initials_memo)
            nt = toks[k] if k < n else None
            if nt is not None and k > i and len(nt.text) > 1 and not nt.prot:
                if t.cap and nt.cap:
                    ok = nt.low in PARTICLES or (
                        _name_token_ok(nt, False) and nt.low not in _LOWER_STOP
                    )
                else:
                    ok = (
                        (nt.low in SURNAMES and nt.low not in _LOWER_STOP)
                        or (nt.low in PARTICLES and (lower_mode or not t.cap))
                        # "a. Tekeste": lower-case initial, unknown surname
                        or (
                            nt.cap
                            and _name_token_ok(nt, False)
                            and nt.low not in _LOWER_STOP
                        )
                    )
                if ok:
                    start_i = i
                    strong = True
        # (3) known first name
        if start_i < 0 and _is_first_name(t):
            if t.cap:
                ambiguous = "-" not in low and (
                    low in STOPWORDS
                    # sentence-initial Dutch word: "Armen en benen ..."
                    or (t.brk and low in DUTCH_WORDS)
                )
                if not ambiguous:
                    start_i = i
                else:
                    # ambiguous word ("Roos", "Elke"): needs a name right after
                    e = _extend(toks, i, False, False)
                    if e > i and (toks[e].low in SURNAMES or _is_first_name(toks[e])):
                        start_i = i
            elif low not in _LOWER_STOP and len(low) >= 3:
                # "een mohamed" is unusual, "een peter en meter" is not
                if t.brk or toks.lows[i - 1] not in _NAME_DETERMINERS:
                    start_i = i
                    lower_start = True
            elif i + 1 < n and not toks.caps[i + 1]:
                # Dutch word + known surname: "roos peeters"
                nt = toks[i + 1]
                if (
                    not nt.brk
                    and t.nxt_gap == " "
                    and nt.low in SURNAMES
                    and nt.low not in _LOWER_STOP
                ):
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
            continue
        end_i = _extend(toks, start_i, strong, lower_mode or lower_start)
        # a trailing particle is not part of the name
        while end_i > start_i and toks[end_i].low in PARTICLES:
            end_i -= 1
        if toks[start_i].low in PARTICLES and end_i == start_i:
            continue
        # street names like "Frans Van Ryhovelaan", "Koning Albertlaan"
        nxt = end_i + 1
        if nxt < n and not toks[nxt].brk and _is_street_word(toks[nxt].low):
            nxt_free = nxt + 1
            continue
        if start_i > 0 and toks.lows[start_i - 1] in ("sint", "st", "sainte", "saint"):
            nxt_free = end_i + 1
            continue
        # named facilities: "dienstencentrum Ten Hove", "school De Boomgaard"
        if (
            start_i > 0
            and not strong
            and not toks[start_i].brk
            and _is_facility(toks.lows[start_i - 1])
        ):
            nxt_free = end_i + 1
            continue
        # a single all-caps short token (acronym) is not a name
        if end_i == start_i and t.text.isupper() and len(t.text) <= 4:
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
        out.append((toks.starts[start_i], toks.ends[end_i], "NAME"))
        nxt_free = end_i + 1


_CUE_WORDS = _TITLE_CUES | {"van", "naam", "voornaam", "achternaam"}
# single letters: possible initials ("J. Peeters"); surnames that are also
# Dutch stop words ("meer", "onder") can never start a name on their own
_INTERESTING = (
    FIRST_NAMES
    | (SURNAMES - STOPWORDS)
    | _LEAD_PARTICLES
    | _CUE_WORDS
    | frozenset("abcdefghijklmnopqrstuvwxyz")
)
_PARTICLE_ONLY = _LEAD_PARTICLES - FIRST_NAMES - _CUE_WORDS - {"van"} | {"van"}
_LOWER_SURNAMES = SURNAMES - _LOWER_STOP


def _find_addresses(
    text: str,
    toks: _Toks,
    clusters: list[tuple[int, int, int]],
    out: list[tuple[int, int, str]],
) -> None:
    """Street + house number; driven by the digit clusters (house numbers)."""
    cands: list[tuple[int, int, int]] = []  # (start, end, token index or -1)
    starts = toks.starts
    lows = toks.lows
    n = len(starts)
    seen = set()
    bare_done = -1
    for cs, _ce, _nd in clusters:
        j = bisect.bisect_left(starts, cs)  # token holding the number
        idx = j - 1
        if idx >= 0 and lows[idx] in _HOUSE_NO_CUES:
            idx -= 1
        if idx < 0:
            continue
        low = lows[idx]
        if (
            idx not in seen
            and idx + 1 < n
            and (low.endswith(_STREET_SUFFIXES) or "-" in low)
        ):
            seen.add(idx)
            w = toks.words[idx]
            if len(w) >= 3 and w[-3:].isalpha() and not toks.prot[idx]:
                t = toks[idx]
                nt = toks[idx + 1]
                if (
                    _is_street_word(t.low)
                    or _is_street_word(t.low.rsplit("-", 1)[0])
                    or (
                        t.low in _STREET_SUFFIX_SET
                        and idx > 0
                        and (toks.caps[idx - 1] or lows[idx - 1] not in _LOWER_STOP)
                        and lows[idx - 1] not in _ADDR_PREFIX_STOP
                        and toks.words[idx - 1].isalpha()
                        and not t.brk
                    )
                ) and (nt.text[:1].isdigit() or nt.low in _HOUSE_NO_CUES):
                    cands.append((t.start, t.end, idx))
        if low in _BARE_LAST:
            for m in _BARE_STREET_RE.finditer(text, max(0, cs - 32, bare_done), cs + 1):
                cands.append((m.start(), m.end(), -1))
                bare_done = m.end()
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
                if toks[k].brk or p.nxt_gap != " " or p.prot:
                    break
                if not p.cap:
                    # lower-case street name words that are no Dutch words:
                    # "elyzeese velden 12", "jozef guislainstraat 4"
                    if (
                        p.low not in _LOWER_STOP
                        and p.low not in _ADDR_PREFIX_STOP
                        and p.text.isalpha()
                    ):
                        k -= 1
                        continue
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
            s = toks.starts[k]
        out.append((s, end, "ADDRESS"))


def _resolve(cands: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep the best candidates that do not overlap (priority, then length).
    Taken characters are marked in a byte mask, so an overlap test costs the
    span's length, not the number of spans taken so far."""
    cands.sort(key=lambda c: (_PRIORITY[c[2]], -(c[1] - c[0]), c[0]))
    used = bytearray(max((c[1] for c in cands), default=0))
    taken: list[tuple[int, int, str]] = []
    for c in cands:
        s, e, _ = c
        if e <= s or used.find(1, s, e) >= 0:
            continue
        used[s:e] = b"\x01" * (e - s)
        taken.append(c)
    taken.sort()
    return taken


def _hole_mask(text: str) -> bytearray | None:
    """Characters inside placeholders ("[naam]") as a byte mask, or None."""
    if "[" not in text:
        return None
    mask = bytearray(len(text))
    found = False
    for m in _PLACEHOLDER_RE.finditer(text):
        s, e = m.span()
        mask[s:e] = b"\x01" * (e - s)
        found = True
    return mask if found else None


def find_personal_data(text: str) -> list[Finding]:
    """Detect personal data in text; findings are sorted and non-overlapping."""
    if not text:
        return []
    cands: list[tuple[int, int, str]] = []
    if "@" in text:
        for m in _EMAIL_RE.finditer(text):
            cands.append((m.start(), m.end(), "EMAIL"))
    toks = _Toks(text)
    _mark_protected(toks)
    # placeholders are never detected again
    holes = _hole_mask(text)
    if holes:
        prot = toks.prot
        for k, s in enumerate(toks.starts):
            if holes[s]:
                prot[k] = True
    if _has_digit(text):
        clusters = _digit_clusters(text)
        _find_numbers(text, text.lower(), toks, clusters, cands)
        _find_addresses(text, toks, clusters, cands)
    _find_names(toks, cands)
    if holes:
        cands = [c for c in cands if holes.find(1, c[0], c[1]) < 0]
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
