"""Person names: only tokens where a rule can fire are visited.

A name starts after a title or kin cue ("mevrouw De Smet", "mama van
Yasmine"), at an initial ("J. Peeters"), at a known first name, at a particle
before a surname ("De Smet") or at a known surname mid-sentence; it extends
to the right over name-like words (`namecues.extend`).
"""

from __future__ import annotations

import bisect
import re
from itertools import compress
from typing import NamedTuple

from signalen.privacy.addresses import is_street_word
from signalen.privacy.namecues import (
    extend,
    has_title_cue,
    initials_end,
    is_facility,
    is_first_name_low,
    name_token_ok,
    plain_word,
    title_as_noun,
)
from signalen.privacy.tokens import Tokens
from signalen.privacy.wordlists import (
    CUE_WORDS,
    DETERMINERS,
    DUTCH_WORDS,
    FIRST_NAMES,
    KIN_CUES,
    LEAD_PARTICLES,
    LOWER_STOP,
    NAME_DETERMINERS,
    NAME_OF_CUES,
    OFFICE_CUES,
    PARTICLES,
    STOPWORDS,
    SURNAMES,
    WEAK_CUES,
)

Span = tuple[int, int, str]

# single letters: possible initials ("J. Peeters"); surnames that are also
# Dutch stop words ("meer", "onder") can never start a name on their own
_INTERESTING = (
    FIRST_NAMES
    | (SURNAMES - STOPWORDS)
    | LEAD_PARTICLES
    | CUE_WORDS
    | frozenset("abcdefghijklmnopqrstuvwxyz")
)
_PARTICLE_ONLY = LEAD_PARTICLES - FIRST_NAMES - CUE_WORDS - {"van"} | {"van"}
_LOWER_SURNAMES = SURNAMES - LOWER_STOP
# capitalised particles that start a surname mid-sentence ("Van Ryckeghem")
_MID_PARTICLES = ("van", "vanden", "vande", "vander", "el", "ben", "ait")
_SAINTS = ("sint", "st", "sainte", "saint")


class Start(NamedTuple):
    """Where a name starts and how it was found."""

    at: int  # token index
    strong: bool = False  # after a cue or an initial
    surname: bool = False  # starts at a surname (an unknown first name may precede)
    lower: bool = False  # starts with a lower-case word
    cue: bool = False  # after a title or kin cue ("mevrouw", "de moeder van")


def find_names(toks: Tokens, out: list[Span], strong: set[int] | None = None) -> None:
    """Name spans into out; the start offsets of names with strong evidence
    (after a title or kin cue, or first name + surname) into strong."""
    if not len(toks):
        return
    # all-lowercase note (fast typing): allow unknown lower-case surnames
    lower_mode = not any(
        c and not p and not w.isupper()
        for c, p, w in zip(toks.caps, toks.prot, toks.words, strict=True)
    )
    nxt_free = 0
    memo: dict[int, int] = {}
    for i in name_candidates(toks):
        if i < nxt_free:
            continue
        start = (
            _start_after_cue(toks, i, lower_mode)
            or _start_at_initials(toks, i, lower_mode, memo)
            or _start_at_first_name(toks, i)
            or _start_at_surname(toks, i)
        )
        if start is None:
            continue
        span, nxt = _name_span(toks, i, start, lower_mode)
        if span is not None:
            out.append(span)
            if strong is not None and _is_strong(toks, span, start):
                strong.add(span[0])
        if nxt is not None:
            nxt_free = nxt


def _start_after_cue(toks: Tokens, i: int, lower_mode: bool) -> Start | None:
    """(1) after a title or kin cue: "mevrouw De Smet", "mama van Yasmine"."""
    if not has_title_cue(toks, i):
        return None
    t = toks[i]
    n = len(toks)
    low = t.low
    noun = not t.cap and title_as_noun(toks, i)
    prev = toks.lows[i - 1]
    ok = (
        (t.cap and low in PARTICLES and i + 1 < n and not toks[i + 1].brk)
        or name_token_ok(t, True)
        or (
            not t.cap
            and not noun
            and low in PARTICLES
            and i + 1 < n
            and lower_mode
            and prev not in OFFICE_CUES
        )
        or (len(t.text) == 1 and t.nxt_gap.startswith("."))
        # lower case after a kin cue or "naam:" (or after a title in an
        # all-lowercase note): any word that is not a Dutch word ("mama van
        # nigisti"; not "Meneer beweert dat ...")
        or (
            (lower_mode or (not t.cap and prev in NAME_OF_CUES))
            and not noun
            and plain_word(t)
            and prev not in WEAK_CUES
        )
    )
    if ok and prev in OFFICE_CUES:
        # "schepen Van Braeckevelt", "burgemeester De Clercq": a public
        # official named with the title is no client (skipped in _name_span)
        return Start(i, strong=True, lower=not t.cap, cue=False)
    if (
        not ok
        and t.cap
        and not t.prot
        and not t.brk
        and prev not in WEAK_CUES
        and low not in DETERMINERS
        and low not in NAME_DETERMINERS
        and t.text.isalpha()
        and not t.text.isupper()
    ):
        # a capitalised surname that is also a Dutch word after a title or
        # kin cue: "Mevrouw Koning", "de vader van Storm"
        ok = True
    cue = prev not in WEAK_CUES
    return Start(i, strong=True, lower=not t.cap, cue=cue) if ok else None


# nicknames introduced by a phrase: "ze noemen hem Kiko", "zijn bijnaam is
# Blacky", "iedereen kent haar als Tante Lies"
_NICKNAME_RE = re.compile(
    r"\b(?:noem(?:en|t)[ ]+(?:ze[ ]+|hij[ ]+|zij[ ]+)?(?:hem|haar)"
    r"|(?:hem|haar)[ ]+noem(?:en|t)|bijnaam[ ]*(?:is|was|:)?"
    r"|(?:kent|kennen)[ ]+(?:\w+[ ]+){0,2}(?:hem|haar)[ ]+als"
    r"|roepnaam[ ]*(?:is|:)?|(?:noemen|noemt)[ ]+(?:\w+[ ]+)?(?:hem|haar)[ ]+)"
    r"[ ]+[\"'‘“]?((?-i:[A-Z][\w'’\-]*(?:[ ][A-Z][\w'’\-]*){0,2}))",
    re.IGNORECASE,
)
_NICK_MARKERS = ("noem", "bijnaam", " als ", "roepnaam")


def find_nicknames(text: str, out: list[Span], strong: set[int]) -> None:
    """Nicknames after a phrase that introduces one (strong evidence)."""
    low = text.lower()
    if not any(m in low for m in _NICK_MARKERS):
        return
    for m in _NICKNAME_RE.finditer(text):
        if m.group(1)[:1].isupper():
            out.append((m.start(1), m.end(1), "NAME"))
            strong.add(m.start(1))


def _is_strong(toks: Tokens, span: Span, start: Start) -> bool:
    """Strong evidence: a title or kin cue before the name, or at least two
    name words (first name + surname, "Yilmaz Ayse")."""
    if start.cue:
        return True
    first = bisect.bisect_left(toks.starts, span[0])
    last = bisect.bisect_left(toks.starts, span[1]) - 1
    words = sum(1 for k in range(first, last + 1) if toks.lows[k] not in PARTICLES)
    return words >= 2


def _start_at_initials(
    toks: Tokens, i: int, lower_mode: bool, memo: dict[int, int]
) -> Start | None:
    """(2) initials: "J. De Smet", "J.P. Peeters", "s. verhaeghe"."""
    t = toks[i]
    if len(t.text) != 1 or t.nxt_gap[:1] != ".":
        return None
    k = initials_end(toks, i, memo)
    nt = toks[k]
    if k == i or len(nt.text) <= 1 or nt.prot:
        return None
    if t.cap and nt.cap:
        ok = nt.low in PARTICLES or (
            name_token_ok(nt, False) and nt.low not in LOWER_STOP
        )
    else:
        ok = (
            (nt.low in SURNAMES and nt.low not in LOWER_STOP)
            or (nt.low in PARTICLES and (lower_mode or not t.cap))
            # "a. Tekeste": lower-case initial, unknown surname
            or (nt.cap and name_token_ok(nt, False) and nt.low not in LOWER_STOP)
        )
    return Start(i, strong=True) if ok else None


def _start_at_first_name(toks: Tokens, i: int) -> Start | None:
    """(3) a known first name."""
    t = toks[i]
    low = t.low
    if not is_first_name_low(low):
        return None
    if t.cap:
        ambiguous = "-" not in low and (
            low in STOPWORDS
            # sentence-initial Dutch word: "Armen en benen ..."
            or (t.brk and low in DUTCH_WORDS)
        )
        if not ambiguous:
            return Start(i)
        # ambiguous word ("Roos", "Elke"): needs a name right after
        e = extend(toks, i, False, False)
        if e > i and (toks[e].low in SURNAMES or is_first_name_low(toks[e].low)):
            return Start(i)
        return None
    if low not in LOWER_STOP and len(low) >= 3:
        # "een mohamed" is unusual, "een peter en meter" is not
        if t.brk or toks.lows[i - 1] not in NAME_DETERMINERS:
            return Start(i, lower=True)
        return None
    if i + 1 < len(toks) and not toks.caps[i + 1]:
        # Dutch word + known surname: "roos peeters"
        nt = toks[i + 1]
        if (
            not nt.brk
            and t.nxt_gap == " "
            and nt.low in SURNAMES
            and nt.low not in LOWER_STOP
        ):
            return Start(i, lower=True)
    return None


def _start_at_surname(toks: Tokens, i: int) -> Start | None:
    """(4) a particle before a surname ("De Smet", "van den bossche"),
    "D'Hondt", or a known surname alone mid-sentence."""
    t = toks[i]
    low = t.low
    n = len(toks)
    if low in LEAD_PARTICLES:
        k = i + 1
        while k < n and toks[k].low in PARTICLES and not toks[k].brk and k - i < 3:
            k += 1
        if k < n and not toks[k].brk and not toks[k].prot:
            nt = toks[k]
            if nt.low in SURNAMES and (nt.cap or nt.low not in LOWER_STOP):
                if t.cap or not nt.cap:
                    return Start(i, surname=True, lower=not t.cap)
            elif (
                t.cap
                and nt.cap
                and not t.brk
                and name_token_ok(nt, False)
                and low in _MID_PARTICLES
            ):
                # mid-sentence "Van Ryckeghem" with capitalised particle
                return Start(i, surname=True)
    if t.cap and low[:2] == "d'" and len(low) > 3:
        return Start(i, surname=True)
    if (
        t.cap
        and not t.brk
        and low in SURNAMES
        and low not in STOPWORDS
        and not t.text.isupper()
    ):
        return Start(i, surname=True)
    return None


def _name_span(
    toks: Tokens, i: int, start: Start, lower_mode: bool
) -> tuple[Span | None, int | None]:
    """The name's span (or None when it is no name after all) and the first
    token index a next name may start at (None: unchanged)."""
    start_i = start.at
    end_i = extend(toks, start_i, start.strong, lower_mode or start.lower)
    # a trailing particle is not part of the name
    while end_i > start_i and toks[end_i].low in PARTICLES:
        end_i -= 1
    if toks[start_i].low in PARTICLES and end_i == start_i:
        return None, None
    n = len(toks)
    # street names like "Frans Van Ryhovelaan", "Koning Albertlaan"
    nxt = end_i + 1
    if nxt < n and not toks[nxt].brk and is_street_word(toks[nxt].low):
        return None, nxt + 1
    before = toks.lows[start_i - 1] if start_i > 0 else ""
    if before in OFFICE_CUES and not toks[start_i].brk:
        # a public official named with the title: no client's personal data
        return None, end_i + 1
    if before in _SAINTS:
        return None, end_i + 1
    # named facilities: "dienstencentrum Ten Hove", "school De Boomgaard"
    if (
        start_i > 0
        and not start.strong
        and not toks[start_i].brk
        and is_facility(before)
    ):
        return None, end_i + 1
    # a single all-caps short token (acronym) is not a name
    word = toks.words[i]
    if end_i == start_i and word.isupper() and len(word) <= 4:
        return None, None
    if start.surname and _unknown_first_name_before(toks, start_i, start, lower_mode):
        start_i -= 1
    return (toks.starts[start_i], toks.ends[end_i], "NAME"), end_i + 1


def _unknown_first_name_before(
    toks: Tokens, start_i: int, start: Start, lower_mode: bool
) -> bool:
    """An unknown first name before a surname: "Zouhaira Nowak", "fikre de smet"."""
    if start_i == 0 or toks[start_i].brk:
        return False
    p = toks[start_i - 1]
    return (
        p.nxt_gap == " "
        and not p.prot
        and p.text.isalpha()
        and (
            (p.cap and p.low not in STOPWORDS and not p.text.isupper())
            or ((lower_mode or start.lower) and plain_word(p))
        )
    )


def name_candidates(toks: Tokens) -> list[int]:
    """Token indexes where a name may start; every rule in `find_names` needs
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
            if w == "van" and i and i + 1 < n and lows[i - 1] in KIN_CUES:
                app(i + 1)
            continue
        if k < n and w in CUE_WORDS:
            app(k)
        if len(w) == 1:
            if toks.text[toks.ends[i] : toks.ends[i] + 1] == ".":
                app(i)
        elif w in FIRST_NAMES:
            if (
                caps[i]
                or w not in LOWER_STOP
                or (k < n and not caps[k] and lows[k] in _LOWER_SURNAMES)
            ):
                app(i)
        elif caps[i] and w in SURNAMES or w in LEAD_PARTICLES:
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
                if ("-" in w and is_first_name_low(w)) or (
                    caps[i] and w[:2] == "d'" and len(w) > 3
                ):
                    out.append(i)
                p = text.find(ch, toks.ends[i])  # one visit per token
            else:
                p = text.find(ch, p + 1)
    prot = toks.prot
    return sorted({i for i in out if i < n and not prot[i] and words[i][0].isalpha()})
