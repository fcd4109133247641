"""Tokens of a text: words and numbers with their offsets.

The tokens are kept as parallel lists built with C-level loops; the full
`Tok` object of a token is only built when a rule looks at it, which is a
small share of the tokens in ordinary running text.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate, compress
from operator import itemgetter

from signalen.privacy.wordlists import (
    ABBREVIATIONS,
    PROTECTED,
    PROTECTED_MULTI,
    PROTECTED_SINGLE,
    fold,
)

# same tokens as wordlists.TOKEN_RE but faster (no backtracking); trailing "-"
# and "'" are trimmed afterwards (_trim_tokens)
_TOKEN_SPLIT_RE = re.compile(r"([^\W\d_][\w'’\-]*|\d+[a-zA-Z]?)")
_SENT_BREAK_RE = re.compile(r"[.!?:;\n\r()\[\]\"]")
_first_char = itemgetter(0)


class Tok:
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


class Tokens:
    """The text's tokens as parallel lists (built with C-level loops); the
    full `Tok` object of a token is only built when the rules look at it,
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
            lows = [w if w.isascii() else fold(w) for w in lows]
        self.lows = lows
        self.caps = list(map(str.isupper, map(_first_char, words)))
        self.prot = [False] * len(words)
        self._objs: list[Tok | None] = [None] * len(words)

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
                and (self.lows[i - 1] in ABBREVIATIONS or len(self.words[i - 1]) == 1)
            )
        return "\n" in gap or "," in gap or "/" in gap

    def __getitem__(self, i: int) -> Tok:
        t = self._objs[i]
        if t is not None:
            return t
        t = _new_tok(Tok)
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


def mark_protected(toks: Tokens) -> None:
    lows = toks.lows
    n = len(lows)
    if not n:
        return
    caps = toks.caps
    prot = toks.prot
    nxt = 0
    for i in compress(range(n), map(PROTECTED.__contains__, lows)):
        if i < nxt:
            continue
        matched = 0
        by_second = PROTECTED_MULTI.get(lows[i])
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
        if not matched and caps[i] and lows[i] in PROTECTED_SINGLE:
            matched = 1
        if matched:
            for j in range(i, i + matched):
                prot[j] = True
            nxt = i + matched
