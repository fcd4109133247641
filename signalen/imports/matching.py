"""Free text from a spreadsheet to a reference list entry: "Huisvesting" to the
theme Wonen, "sint-amandsberg" to the wijk Sint-Amandsberg.

Texts are compared folded (lower case, accents and punctuation gone, a few
Dutch endings cut), first exactly, then by the closest spelling (difflib). A
suggestion only comes above a similarity floor; below it the value is refused.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

#: below this ratio a value gets no suggestion (it is refused)
SUGGEST_FLOOR = 0.72
#: texts that mean "the whole city" for the wijk column
CITY_WIDE = frozenset({"stadsbreed", "heel gent", "gent", "alle wijken", "stad gent"})
#: common Dutch plural and inflection endings, longest first
ENDINGS = ("heden", "ingen", "eren", "en", "es", "s", "e")
SEPARATORS = re.compile(r"[;|\n]+|,(?!\d)")


def fold(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def stem(word: str) -> str:
    """A light Dutch stem: enough to let 'gezinnen' meet 'gezin'."""
    for ending in ENDINGS:
        if len(word) > len(ending) + 3 and word.endswith(ending):
            word = word[: -len(ending)]
            break
    if len(word) > 3 and word[-1] == word[-2]:
        word = word[:-1]  # gezinn -> gezin
    return word


def stems(text: str) -> str:
    return " ".join(stem(w) for w in fold(text).split())


def split_values(cell: str) -> list[str]:
    """One cell may hold several values: 'Wonen; Armoede', 'Jongeren, Senioren'."""
    return [part.strip() for part in SEPARATORS.split(cell or "") if part.strip()]


@dataclass(frozen=True)
class Entry:
    id: int
    label: str


@dataclass(frozen=True)
class Match:
    entry: Entry | None
    exact: bool
    score: float


class Matcher:
    """One reference list (themes, target groups or wijken), ready to match."""

    def __init__(self, entries: Iterable[tuple[int, str, str]]):
        self.entries: dict[int, Entry] = {}
        self.exact: dict[str, int] = {}
        self.by_stem: dict[str, int] = {}
        for entry_id, code, label in entries:
            self.entries[entry_id] = Entry(entry_id, label)
            for name in (label, code.replace("_", " ").replace("-", " ")):
                self.exact.setdefault(fold(name), entry_id)
                self.by_stem.setdefault(stems(name), entry_id)
        self.cache: dict[str, Match] = {}

    def match(self, value: str) -> Match:
        """Exact (folded or stemmed) or the closest above the floor, or none."""
        key = fold(value)
        found = self.cache.get(key)
        if found is not None:
            return found
        if key in self.exact:
            found = Match(self.entries[self.exact[key]], True, 1.0)
        elif stems(value) in self.by_stem:
            found = Match(self.entries[self.by_stem[stems(value)]], True, 1.0)
        else:
            found = self.closest(key)
        self.cache[key] = found
        return found

    def closest(self, key: str) -> Match:
        best: tuple[float, int] | None = None
        target = stems(key)
        for name, entry_id in self.by_stem.items():
            # a value that is a whole word of a label ("wonen" in "betaalbaar
            # wonen") is as good as a close spelling
            contained = bool(target) and (
                f" {target} " in f" {name} " or f" {name} " in f" {target} "
            )
            matcher = difflib.SequenceMatcher(None, target, name)
            if not contained and matcher.real_quick_ratio() < SUGGEST_FLOOR:
                continue
            score = matcher.ratio()
            if contained:
                score = max(score, 0.8)
            if best is None or score > best[0]:
                best = (score, entry_id)
        if best is None or best[0] < SUGGEST_FLOOR:
            return Match(None, False, best[0] if best else 0.0)
        return Match(self.entries[best[1]], False, round(best[0], 2))
