"""Token tests for the name rules: cues before a name, words that may be part
of a name, and how far a name extends to the right."""

from __future__ import annotations

from signalen.privacy.addresses import is_street_word
from signalen.privacy.tokens import Tok, Tokens
from signalen.privacy.wordlists import (
    ABBREV_CUES,
    DETERMINERS,
    FACILITY_ENDINGS,
    FIRST_NAMES,
    KIN_CUES,
    LOWER_STOP,
    PARTICLES,
    STOPWORDS,
    SURNAMES,
    TITLE_CUES,
)


def name_token_ok(t: Tok, strong: bool) -> bool:
    """Can t continue a name that has already started (or follow a cue)?"""
    if t.prot or not t.text[:1].isalpha():
        return False
    low = t.low
    if t.cap:
        if low in STOPWORDS:
            return strong and (low in FIRST_NAMES or low in SURNAMES)
        return not is_street_word(low)
    # lower case: only known names
    return (low in SURNAMES or low in FIRST_NAMES) and low not in LOWER_STOP


def plain_word(t: Tok) -> bool:
    """A lower-case word that may be an unknown name in an all-lowercase note."""
    return (
        not t.prot
        and len(t.low) >= 3
        and t.text.isalpha()
        and t.low not in LOWER_STOP
        and t.low not in PARTICLES
        and not is_street_word(t.low)
    )


def extend(toks: Tokens, j: int, strong: bool, lower_mode: bool) -> int:
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
                    (nt.cap and name_token_ok(nt, True))
                    or (nt.low in SURNAMES and nt.low not in LOWER_STOP)
                    or (lower_mode and plain_word(nt))
                ):
                    last = m
                    count += m - k + 1
                    k = m + 1
                    continue
            break
        if t.cap and name_token_ok(t, strong):
            last = k
            count += 1
            k += 1
            continue
        if not t.cap and (
            (t.low in SURNAMES and t.low not in LOWER_STOP)
            or (lower_mode and plain_word(t))
        ):
            last = k
            count += 1
            k += 1
            continue
        break
    return last


def has_title_cue(toks: Tokens, i: int) -> bool:
    """Is toks[i] preceded by a title ("mevrouw") or kin cue ("mama van")?"""
    if i == 0:
        return False
    p = toks[i - 1]
    if toks[i].brk and p.nxt_gap.strip() not in (".", ":"):
        return False
    if p.low in TITLE_CUES:
        gap = p.nxt_gap
        g = gap.strip()
        if g == "." and p.low not in ABBREV_CUES:
            return False  # "... met haar familie. Werkende armen"
        return g in ("", ".", ":") and "\n" not in gap
    if p.low == "van" and i >= 2 and toks[i - 2].low in KIN_CUES and not p.brk:
        return True
    return bool(p.low in ("naam", "voornaam", "achternaam") and ":" in p.nxt_gap)


def title_as_noun(toks: Tokens, i: int) -> bool:
    """ "een mevrouw uit de wijk", "die meneer vertelt": the cue before toks[i]
    follows a determiner, so it is a common noun and no title."""
    if i < 2 or toks.lows[i - 1] in ("heer", "naam"):
        return False
    return toks.lows[i - 2] in DETERMINERS and not toks.brk(i - 1)


def is_facility(low: str) -> bool:
    """A word naming a kind of facility ("dienstencentrum", "basisschool")."""
    return low.endswith(FACILITY_ENDINGS) and low not in ("thuis", "zaal")


def is_first_name_low(low: str) -> bool:
    if low in FIRST_NAMES:
        return True
    if "-" in low:
        parts = low.split("-")
        return all(p in FIRST_NAMES for p in parts) and len(parts) <= 3
    return False


def initials_end(toks: Tokens, i: int, memo: dict[int, int]) -> int:
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
