"""The word lists of the detector, loaded once from `signalen/privacy/data/`.

Every list is a plain text file, one entry a line, `#` starts a comment line.
Lookups use folded words: lower case, diacritics stripped (`fold`).
"""

from __future__ import annotations

import re
from pathlib import Path

from signalen.text import fold

DATA = Path(__file__).with_name("data")

# a word (letters, inner digits, hyphens and apostrophes) or a number
TOKEN_RE = re.compile(r"[^\W\d_](?:[\w'’\-]*[^\W_])?|\d+[a-zA-Z]?")


def load(name: str) -> list[str]:
    """The entries of one data file, in file order."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [s.strip() for s in lines if s.strip() and not s.startswith("#")]


def folded(name: str) -> frozenset[str]:
    return frozenset(fold(w) for w in load(name))


def _load_phrases(name: str) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for line in load(name):
        toks = tuple(fold(t) for t in TOKEN_RE.findall(line))
        if toks:
            index.setdefault(toks[0], []).append(toks)
    for key in index:
        index[key].sort(key=len, reverse=True)
    return index


# --- names -----------------------------------------------------------------
STOPWORDS = folded("stopwords.txt")
FIRST_NAMES = frozenset(
    f for w in load("first_names.txt") for f in (w.lower(), fold(w))
)
SURNAMES = frozenset(f for w in load("surnames.txt") for f in (w.lower(), fold(w)))
# ordinary Dutch words in all inflected forms (built by signalen/privacy/lexicon.py)
DUTCH_WORDS = frozenset(
    w
    for w in (DATA / "dutch_words.txt").read_text(encoding="utf-8").splitlines()
    if w and w[0] != "#"
)
# words that are no name in lower case without context
LOWER_STOP = STOPWORDS | DUTCH_WORDS | frozenset(load("lowercase_stop.txt"))
PARTICLES = folded("particles.txt")
LEAD_PARTICLES = folded("lead_particles.txt")
WEAK_CUES = folded("weak_cues.txt")
TITLE_CUES = folded("title_cues.txt") | WEAK_CUES
ABBREV_CUES = frozenset(load("title_abbreviations.txt"))
KIN_CUES = folded("kin_cues.txt")
OFFICE_CUES = frozenset(load("office_cues.txt"))
DETERMINERS = frozenset(load("determiners.txt"))
NAME_DETERMINERS = frozenset(load("name_determiners.txt"))
NAME_OF_CUES = frozenset(["van", "naam", "voornaam", "achternaam"])
CUE_WORDS = TITLE_CUES | NAME_OF_CUES
FACILITY_ENDINGS = tuple(load("facility_endings.txt"))
# abbreviations: a full stop after them is no sentence end
ABBREVIATIONS = frozenset(load("abbreviations.txt"))

# --- addresses and numbers -------------------------------------------------
STREET_SUFFIXES = tuple(load("street_suffixes.txt"))
STREET_SUFFIX_SET = frozenset(STREET_SUFFIXES)
BARE_STREETS = tuple(load("bare_streets.txt"))
ADDRESS_PREFIX_STOP = frozenset(load("address_prefix_stop.txt"))
FILE_CUE_STEMS = tuple(load("file_cue_stems.txt"))

# --- organisations, places and fixed phrases: never names --------------------
PROTECTED = _load_phrases("orgs.txt")
for _name in ("places.txt", "phrases.txt"):
    for _first, _phrases in _load_phrases(_name).items():
        PROTECTED.setdefault(_first, []).extend(_phrases)
        PROTECTED[_first].sort(key=len, reverse=True)
# multi-word phrases indexed by their first two words; single words apart
PROTECTED_MULTI: dict[str, dict[str, list[tuple[str, ...]]]] = {}
PROTECTED_SINGLE = frozenset(
    k for k, v in PROTECTED.items() if any(len(p) == 1 for p in v)
)
for _first, _phrases in PROTECTED.items():
    for _phrase in _phrases:
        if len(_phrase) > 1:
            PROTECTED_MULTI.setdefault(_first, {}).setdefault(_phrase[1], []).append(
                _phrase
            )
