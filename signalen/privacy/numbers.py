"""Numbers and other fixed shapes: national register and BIS numbers, IBANs,
phone numbers, birth dates, number plates and file numbers.

Only called when the text has a digit. Regexes run over the whole text only
for rare cues; the others run on small windows around the digit clusters
that can hold them, so the work grows with the text length, not faster.
"""

from __future__ import annotations

import bisect
import re
from itertools import compress

from stdnum import iban as stdnum_iban
from stdnum.be import bis as stdnum_bis
from stdnum.be import nn as stdnum_nn

from signalen.privacy.tokens import Tokens
from signalen.privacy.wordlists import FILE_CUE_STEMS

Span = tuple[int, int, str]

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
    r"aansluitingsnummer|ean(?:-code)?|file|mutualiteitsnummer|ziekenfondsnummer)"
    # an organisation between the cue and the number: "dossier OCMW 2023/4417",
    # "dossier bij het CAW nr 88213"
    r"(?:[ ]+(?:bij[ ]+(?:het|de)[ ]+)?(?-i:[A-Z][A-Za-z]{1,5}|[A-Z]{2,6}))?"
    r"\.?[ ]*(?:nr\.?|nummer|n°|no\.?|#)?[ ]*[:=]?[ ]*"
    r"((?:[A-Za-z]{1,4}[-./]?)?\d(?:[\w./-]*\d)?)",
    re.IGNORECASE,
)
# Belgian eID card number: 3-7-2 digits, the last two = first ten mod 97
_EID_RE = re.compile(r"(?<![\d-])(\d{3})[- ]?(\d{7})[- ]?(\d{2})(?![\d-])")
_DAY_WORDS = (
    r"(?:(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen)(?:en|ën)twintig"
    r"|eenendertig|dertig|twintig|een|eerste|twee|drie|vier|vijf|zes|zeven|acht"
    r"|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien"
    r"|achttien|negentien)(?:ste|de)?"
)
_YEAR_WORDS = r"(?:(?:19|20)\d\d|negentien[a-zë]+|tweeduizend[a-zë]*)"
_MONTH_NAMES = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
    "september", "oktober", "november", "december",
)  # fmt: skip
_WORD_DATE = (
    r"(?:\d{1,2}|"
    + _DAY_WORDS
    + r")[ ]+(?:"
    + "|".join(_MONTH_NAMES)
    + r")[ ]+"
    + _YEAR_WORDS
)
_ANY_DATE = r"(?:" + _WORD_DATE + r"|\d{1,2}[/.\-]\d{1,2}[/.\-](?:19|20)\d{2})"
# a full date right after a person ("het kind, 12/03/2015,", "de jongen
# (07.11.2008)", "hij is van drie augustus negentienzeventig") or a birth cue
_PERSON_DATE_RE = re.compile(
    r"\b(?:kind|kindje|jongen|meisje|zoon|zoontje|dochter|dochtertje|baby|man"
    r"|vrouw|moeder|vader|mama|papa|cliënt|cliënte|oudste|jongste|broer|zus"
    r"|mevrouw|meneer|hij|zij|ze)[ ]*(?:,[ ]*|\([ ]*°?[ ]*|[ ]+is[ ]+van[ ]+"
    r"|[ ]+(?:is|werd)[ ]+geboren[ ]+(?:op[ ]+)?|[ ]+geboren[ ]+(?:op[ ]+)?)"
    r"(" + _ANY_DATE + r")(?![\d])",
    re.IGNORECASE,
)
_MONTH_SET = frozenset(_MONTH_NAMES)
_BIRTH_WORDS_RE = re.compile(
    r"(?:\bgeboren(?:[ ]+op)?|\bgeboortedatum[ ]*:?|°)[ ]*(" + _WORD_DATE + r")",
    re.IGNORECASE,
)
# foreign plates: French (AB-123-CD) and Dutch side codes are distinctive on
# their own; German ones (B-KX 4512) only near a word for a vehicle
_FOREIGN_PLATE_RE = re.compile(
    r"(?<![\w-])(?:[A-Z]{2}-\d{3}-[A-Z]{2}|[A-Z]{2}-\d{3}-[A-Z]|[A-Z]-\d{3}-[A-Z]{2}"
    r"|\d{2}-[A-Z]{3}-\d|\d-[A-Z]{3}-\d{2}|[A-Z]{2}-[A-Z]{3}-\d|\d-[A-Z]{2}-\d{3}"
    r"|[A-Z]{3}-\d{2}-[A-Z]|[A-Z]{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-[A-Z]{2})(?![\w-])"
)
_GERMAN_PLATE_RE = re.compile(r"(?<![\w-])[A-Z]{1,3}-[A-Z]{1,2}[ ]?\d{1,4}(?![\w-])")
_VEHICLE_RE = re.compile(
    r"\b(?:auto|wagen|busje|camionette|bestelwagen|voertuig|plaat|moto|motor)",
    re.IGNORECASE,
)
_LONG_DIGITS_RE = re.compile(r"(?<![\d€])(?<!€ )\d(?:[. ]?\d){7,}(?![\d])")
_AMOUNT_AFTER_RE = re.compile(r"[ ]?(?:euro|eur|€)", re.IGNORECASE)
_CLUSTER_RE = re.compile(r"\d+(?:[ ./\-()+]{1,3}\d+)*")
_BIRTH_CUE_RE = re.compile(
    r"°|\bgeb(?:oren|oorte\w*|\.|\b|[ ]?datum)|\bdob\b|\bdate[ ]of[ ]birth"
    r"|\bverjaardag",
    re.IGNORECASE,
)
# "geb" is in many words (gebruik, gebeurt, gebied); a birth cue is "geb" +
# "oren"/"oorte"/"." / ":" / space / "datum"
_BIRTH_HINT_RE = re.compile(r"\bgeb(?:oren|oorte|[.:= ]|datum|\d)")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_DATE_LIKE_RE = re.compile(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}")
# the shapes whose countries' bank codes stdnum may not know (checksums still
# verified)
_IBAN_COUNTRIES = ("NL", "FR", "DE", "LU", "ES", "IT", "PT", "PL", "RO", "BG")


def digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def has_digit(text: str) -> bool:
    # ten C-level substring scans are cheaper than one regex scan
    return any(d in text for d in "0123456789")


def digit_clusters(text: str) -> list[tuple[int, int, int]]:
    """Digit runs merged when separated by at most 3 separator characters:
    (start, end, number of digits)."""
    out = []
    for m in _CLUSTER_RE.finditer(text):
        s, e = m.span()
        g = m.group()
        out.append((s, e, e - s if g.isdigit() else sum(map(str.isdigit, g))))
    return out


def find_numbers(
    text: str, toks: Tokens, clusters: list[tuple[int, int, int]], out: list[Span]
) -> None:
    """All numeric types; `clusters` are the text's digit clusters."""
    low = text.lower()
    max_digits = max(c[2] for c in clusters)
    if max_digits >= 8:
        intl = "+" in text or "00" in text
        for ws, we in _long_number_windows(text, clusters):
            _find_long_numbers(text, ws, we, intl, out)
    if max_digits >= 3:
        _find_birth_dates(text, low, out)
        _find_plates(text, low, clusters, out)
    if max_digits >= 12:
        for cs, ce, nd in clusters:
            if nd == 12:
                for m in _EID_RE.finditer(text, cs, ce):
                    if int(m.group(1) + m.group(2)) % 97 == int(m.group(3)) % 97:
                        out.append((m.start(), m.end(), "FILE_NUMBER"))
    _find_file_numbers(text, toks, clusters, out)


def find_word_dates(
    text: str,
    toks: Tokens,
    clusters: list[tuple[int, int, int]] | None,
    out: list[Span],
) -> None:
    """Birth dates without a cue after a person, and dates in words after a
    birth cue; the regexes run only in small windows around a month name or
    a numeric date (a digit cluster of 6 to 8 digits)."""
    wins: list[tuple[int, int]] = []
    if not _MONTH_SET.isdisjoint(toks.lows):
        starts = toks.starts
        for k in compress(range(len(starts)), map(_MONTH_SET.__contains__, toks.lows)):
            wins.append((max(0, starts[k] - 60), toks.ends[k] + 40))
    if clusters:
        for cs, ce, nd in clusters:
            if 6 <= nd <= 8 and ce - cs > nd:
                wins.append((max(0, cs - 60), ce + 1))
    if not wins:
        return
    wins.sort()
    done = -1
    for ws, we in wins:
        ws = max(ws, done)
        for rx in (_PERSON_DATE_RE, _BIRTH_WORDS_RE):
            for m in rx.finditer(text, ws, we):
                out.append((m.start(1), m.end(1), "BIRTHDATE"))
        done = we


def find_foreign_plates(
    text: str, clusters: list[tuple[int, int, int]], out: list[Span]
) -> None:
    """French and Dutch plates anywhere; German ones near a vehicle word. Only
    around short digit clusters next to a hyphen or a capital letter."""
    if "-" not in text:
        return
    vehicle = None
    done = -1
    n = len(text)
    for cs, ce, nd in clusters:
        if nd > 4:
            continue
        ws, we = max(0, cs - 8, done), min(n, ce + 8)
        if "-" not in text[ws:we]:
            continue
        for m in _FOREIGN_PLATE_RE.finditer(text, ws, we):
            out.append((m.start(), m.end(), "PLATE"))
            done = m.end()
        for m in _GERMAN_PLATE_RE.finditer(text, ws, we):
            if vehicle is None:
                vehicle = bool(_VEHICLE_RE.search(text))
            if vehicle and any(c.isdigit() for c in m.group()):
                out.append((m.start(), m.end(), "PLATE"))
                done = m.end()


def _long_number_windows(
    text: str, clusters: list[tuple[int, int, int]]
) -> list[list[int]]:
    """Windows around the runs of 8+ digits (IBANs: letters before the
    digits); overlapping windows are merged."""
    n = len(text)
    wins: list[list[int]] = []
    for cs, ce, nd in clusters:
        if nd >= 8:
            ws, we = max(0, cs - 16), min(n, ce + 8)
            if wins and ws <= wins[-1][1]:
                wins[-1][1] = we
            else:
                wins.append([ws, we])
    return wins


def _find_long_numbers(
    text: str, ws: int, we: int, intl: bool, out: list[Span]
) -> None:
    """National numbers, IBANs, phone numbers and long digit runs in
    text[ws:we] (a window around a run of 8+ digits)."""
    for m in _NN_RE.finditer(text, ws, we):
        num = "".join(m.groups())
        # national-register shaped but wrong check digits: still an
        # identifying number (typo in a real number?) -> FILE_NUMBER
        typ = "NATIONAL_ID" if _is_national_id(num) else "FILE_NUMBER"
        out.append((m.start(), m.end(), typ))
    for m in _IBAN_RE.finditer(text, ws, we):
        span = _valid_iban_prefix(text, m.start(), m.end())
        if span:
            out.append((span[0], span[1], "IBAN"))
    for m in _PHONE_BE_RE.finditer(text, ws, we):
        if _is_belgian_phone(m.group(0)):
            out.append((m.start(), m.end(), "PHONE"))
    if intl:
        for m in _PHONE_INTL_RE.finditer(text, ws, we):
            if 8 <= len(digits(m.group(0))) <= 15:
                out.append((m.start(), m.end(), "PHONE"))
    _find_digit_runs(text, ws, we, out)


def _is_national_id(num: str) -> bool:
    return stdnum_nn.is_valid(num) or stdnum_bis.is_valid(num)


def _is_belgian_phone(s: str) -> bool:
    d = digits(s)
    if s.startswith(("+", "00")):
        d = d[2:] if s.startswith("+") else d[4:]
        ok = 8 <= len(d) <= 10
    else:
        ok = (len(d) == 9 and d[1] != "4") or (len(d) == 10 and d[1] == "4")
        if len(d) == 9 and d.startswith("04"):
            ok = False
    return ok and not _DATE_LIKE_RE.fullmatch(s)


def _find_digit_runs(text: str, ws: int, we: int, out: list[Span]) -> None:
    """Runs of 8+ digits that are no amount: file numbers."""
    for m in _LONG_DIGITS_RE.finditer(text, ws, we):
        if _AMOUNT_AFTER_RE.match(text, m.end()):
            continue
        s = m.group(0)
        if " " in s and len(digits(s)) < 10:
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


def _find_birth_dates(text: str, low: str, out: list[Span]) -> None:
    """Exact dates only right after a cue ("°", "geboren", "geb.", ...)."""
    if not (
        "°" in text
        or ("geb" in low and _BIRTH_HINT_RE.search(low))
        or "dob" in low
        or "birth" in low
        or "verjaardag" in low
    ):
        return
    n = len(text)
    for c in _BIRTH_CUE_RE.finditer(text):
        m = _BIRTH_RE.search(text, c.start(), min(n, c.end() + 80))
        if m and m.start() == c.start():
            out.append((m.start(1), m.end(1), "BIRTHDATE"))


def _find_plates(
    text: str, low: str, clusters: list[tuple[int, int, int]], out: list[Span]
) -> None:
    """Number plates: around each run of exactly 3 (or 6) digits, and any
    value after "nummerplaat"/"kenteken"."""
    n = len(text)
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


def _find_file_numbers(
    text: str, toks: Tokens, clusters: list[tuple[int, int, int]], out: list[Span]
) -> None:
    """Numbers right after a cue word (dossier, klantnummer, ref., pv, ...);
    the regex only runs when a token in the 40 characters before the number
    starts like a cue."""
    n = len(text)
    starts = toks.starts
    lows = toks.lows
    for cs, ce, nd in clusters:
        if nd < 4:
            continue
        j0 = bisect.bisect_left(starts, cs - 40)
        j = bisect.bisect_right(starts, cs)
        if not any(w.startswith(FILE_CUE_STEMS) for w in lows[max(0, j0 - 1) : j]):
            continue
        for m in _FILE_CTX_RE.finditer(text, max(0, cs - 40), min(n, ce + 12)):
            if m.start(1) > cs or m.end(1) < cs:
                continue
            val = m.group(1).rstrip(" ./-")
            d = digits(val)
            if len(d) < 4:
                continue
            if len(d) == 4 and "/" not in val and _YEAR_RE.fullmatch(d):
                continue
            out.append((m.start(1), m.start(1) + len(val), "FILE_NUMBER"))


def _is_iban(compact: str) -> bool:
    """Valid IBAN per python-stdnum; also accept numbers whose only problem is
    a bank code missing from stdnum's registry (checksums still verified)."""
    if stdnum_iban.is_valid(compact):
        return True
    if not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    if not compact.isalnum() or not 15 <= len(compact) <= 34:
        return False
    number = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    if int(number) % 97 != 1:
        return False
    if compact[:2] == "BE":
        return len(compact) == 16 and (int(compact[4:14]) % 97 or 97) == int(
            compact[14:]
        )
    return compact[:2] in _IBAN_COUNTRIES


def _valid_iban_prefix(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Longest prefix of text[start:end] (ending on a word boundary) that is a
    valid IBAN."""
    cand = text[start:end]
    # candidate end positions: before each space, and the end
    ends = [i for i, c in enumerate(cand) if c == " "] + [len(cand)]
    for e in sorted(ends, reverse=True):
        compact = cand[:e].replace(" ", "").upper()
        if len(compact) < 15:
            break
        if _is_iban(compact):
            return start, start + e
    return None
