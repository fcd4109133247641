"""Street addresses: a street name followed by a house number.

Driven by the digit clusters (possible house numbers): the word before a
number (or before "nr") must end in a Dutch street suffix or be a known
street without a suffix ("Coupure Links 5").
"""

from __future__ import annotations

import bisect
import re

from signalen.privacy.tokens import Tokens
from signalen.privacy.wordlists import (
    ADDRESS_PREFIX_STOP,
    BARE_STREETS,
    LOWER_STOP,
    STREET_SUFFIX_SET,
    STREET_SUFFIXES,
)

Span = tuple[int, int, str]

_FLOOR = (
    r"(?:[ ]*,?[ ]*(?:\d{1,2}[ ]?(?:e|de|ste)|eerste|tweede|derde|vierde|vijfde"
    r"|zesde|zevende|achtste|negende|tiende)[ ]+(?:verdieping|verd\.|etage))?"
)
_HOUSE_NO_RE = re.compile(
    r"\.?[ ]*(?:,?[ ]*(?:nr|nummer|no|n°)\.?[ ]*)?(\d{1,4})(?:[ ]?[a-zA-Z](?![\w]))?"
    r"(?:[ ]*(?:-|/)[ ]*\d{1,4}[a-zA-Z]?)?"
    r"(?:[ ]*,?[ ]*(?:bus|bs)\.?[ ]*\d{1,4}[a-zA-Z]?)?"
    r"(?:[ ]*,?[ ]*\d{4}[ ]+[A-Z][\w'’\-]+)?" + _FLOOR,
)
_RANGE_RE = re.compile(r"[ ]?-[ ]?\d{1,4}[a-zA-Z]?(?![\d:.,]\d)")
# "nummer 8 van de Sleepstraat", "huisnummer 17 in de Kouter"
_NUMBER_OF_STREET_RE = re.compile(
    r"\b(?:huis)?(?:nummer|nr\.?)[ ]*\d{1,4}[a-zA-Z]?[ ]+(?:van|in|op|aan)[ ]+"
    r"(?:de|het)[ ]+((?:[A-Z][\w'’\-]*[ ]+){0,2}[A-Z][\w'’\-]*)"
)
_NOT_HOUSE_AFTER_RE = re.compile(
    r"[ ]*(?:jaar|jarige|jarigen|euro|eur|€|%|procent|keer|mensen|personen|"
    r"gezinnen|kinderen|bewoners|woningen|huizen|appartementen|dagen|weken|"
    r"maanden|uur|u\b|h\b|min|minuten|km|m\b|meter|[:.,]\d|-\d|-?jarig)",
    re.IGNORECASE,
)
# last word of each suffix-less street ("coupure links" -> "links")
_BARE_LAST = frozenset(s.replace("-", " ").split()[-1] for s in BARE_STREETS) | {
    s.split()[-1] for s in BARE_STREETS
}
_BARE_STREET_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(s) for s in BARE_STREETS) + r")(?=[ ]*,?"
    r"[ ]*(?:nr\.?[ ]*)?\d)",
    re.IGNORECASE,
)
BARE_STREET_SET = frozenset(BARE_STREETS)
_HOUSE_NO_CUES = frozenset(["nr", "nummer", "no", "n"])
# capitalised particles that may start a street name ("De Pintelaan")
_STREET_PARTICLES = ("de", "van", "den", "der", "ter", "ten")


def is_street_word(low: str) -> bool:
    """A word ending in a street suffix, with more than the suffix before it."""
    if len(low) < 5 or not low.endswith(STREET_SUFFIXES):
        return False
    return any(low.endswith(suf) and len(low) > len(suf) + 1 for suf in STREET_SUFFIXES)


def find_addresses(
    text: str, toks: Tokens, clusters: list[tuple[int, int, int]], out: list[Span]
) -> None:
    """Street + house number (+ bus, + postcode and city)."""
    for s, e, idx in _street_candidates(text, toks, clusters):
        end = _house_number_end(text, e)
        if end is None:
            continue
        if idx >= 0:
            s = toks.starts[_extend_street_left(toks, idx)]
        out.append((s, end, "ADDRESS"))
    if "ummer" in text or "nr" in text:
        for m in _NUMBER_OF_STREET_RE.finditer(text):
            street = m.group(1).lower()
            last = street.split()[-1]
            if is_street_word(last) or street in BARE_STREET_SET:
                out.append((m.start(), m.end(), "ADDRESS"))


def _street_candidates(
    text: str, toks: Tokens, clusters: list[tuple[int, int, int]]
) -> list[tuple[int, int, int]]:
    """(start, end, token index or -1) of the street names right before a
    digit cluster."""
    cands: list[tuple[int, int, int]] = []
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
            and (low.endswith(STREET_SUFFIXES) or "-" in low)
        ):
            seen.add(idx)
            if _is_street_before_number(toks, idx):
                cands.append((starts[idx], toks.ends[idx], idx))
        if low in _BARE_LAST:
            for m in _BARE_STREET_RE.finditer(text, max(0, cs - 32, bare_done), cs + 1):
                cands.append((m.start(), m.end(), -1))
                bare_done = m.end()
    return cands


def _is_street_before_number(toks: Tokens, idx: int) -> bool:
    """toks[idx] is a street name and a house number (or "nr") follows."""
    w = toks.words[idx]
    if len(w) < 3 or not w[-3:].isalpha():
        return False
    # a square or street that is also a known place ("Vrijdagmarkt") is
    # still a street before a house number
    if toks.prot[idx] and not is_street_word(toks.lows[idx]):
        return False
    t = toks[idx]
    nt = toks[idx + 1]
    lows = toks.lows
    street = (
        is_street_word(t.low)
        or is_street_word(t.low.rsplit("-", 1)[0])
        or (
            # a bare suffix after a name: "Koning Albert laan 3"
            t.low in STREET_SUFFIX_SET
            and idx > 0
            and (toks.caps[idx - 1] or lows[idx - 1] not in LOWER_STOP)
            and lows[idx - 1] not in ADDRESS_PREFIX_STOP
            and toks.words[idx - 1].isalpha()
            and not t.brk
        )
    )
    return street and (nt.text[:1].isdigit() or nt.low in _HOUSE_NO_CUES)


def _house_number_end(text: str, e: int) -> int | None:
    """End of the house number (+ bus, postcode, city) right after text[:e],
    or None when what follows is no house number (an age, an amount, a year)."""
    hm = _HOUSE_NO_RE.match(text, e)
    if not hm or hm.end() == e:
        return None
    num = hm.group(1)
    after = hm.end(1)
    # a range of house numbers ("31-33") is fine; "10-12 jaar" is not
    rng = _RANGE_RE.match(text, after)
    if rng:
        after = rng.end()
    if _NOT_HOUSE_AFTER_RE.match(text, after):
        return None
    if len(num) == 4 and num[:2] in ("19", "20"):
        return None
    if num == "0":
        return None
    return hm.end()


def _extend_street_left(toks: Tokens, idx: int) -> int:
    """First token of the street name ending at toks[idx]: capitalised words
    before it ("Brugse Heirweg", "Frans Van Ryhovelaan") and lower-case words
    that are no Dutch words ("jozef guislainstraat 4")."""
    k = idx
    while k > 0 and idx - k < 4:
        p = toks[k - 1]
        if toks[k].brk or p.nxt_gap != " " or p.prot:
            break
        if not p.cap:
            if (
                p.low not in LOWER_STOP
                and p.low not in ADDRESS_PREFIX_STOP
                and p.text.isalpha()
            ):
                k -= 1
                continue
            break
        if p.low in ADDRESS_PREFIX_STOP:
            # "De Pintelaan", "Frans Van Ryhovelaan": keep capitalised
            # particles only if a capitalised word precedes or it starts the
            # sentence
            if p.low not in _STREET_PARTICLES:
                break
            if not p.brk:
                q = toks[k - 2] if k >= 2 else None
                if q is None or not q.cap or q.low in ADDRESS_PREFIX_STOP:
                    break
        k -= 1
    return k
