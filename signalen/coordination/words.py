"""Dutch words as search and similar signals see them.

Texts are folded (signalen.text.fold), split into words, and stemmed lightly:
plural and diminutive endings only, so a stem is a prefix of the word's forms
(what the SQLite index needs for prefix queries), then long vowels made short
for comparing texts.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

import snowballstemmer

from signalen.text import fold

# A compact Dutch stopword list: function words and filler common in signals.
STOPWORDS = frozenset(
    word
    for line in (Path(__file__).with_name("data") / "stopwords.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if not line.startswith("#")
    for word in line.split()
)
_WORD = re.compile(r"\w+", re.UNICODE)
_DIMINUTIVES = ("etjes", "tjes", "jes", "etje", "tje", "je")


_DUTCH = snowballstemmer.stemmer("dutch")
_DUTCH_LOCK = threading.Lock()  # a stemmer object keeps state while it works
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
PREFIX_MIN = 4  # a query stem this long also matches longer index words


@lru_cache(maxsize=131072)
def dutch_stem(word: str) -> str:
    """The Snowball Dutch stem of a folded word: 'digitale' → 'digitaal',
    'huurwoningen' → 'huurwoon'. Numbers stay as they are."""
    if word.isdigit():
        return word
    with _DUTCH_LOCK:
        return _DUTCH.stemWord(word)


def _load_heads() -> tuple[str, ...]:
    path = Path(__file__).with_name("data") / "compound_heads.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    found = {
        dutch_stem(fold(word))
        for line in lines
        if not line.startswith("#")
        for word in line.split()
    }
    return tuple(sorted((h for h in found if len(h) >= 4), key=len, reverse=True))


COMPOUND_HEADS = _load_heads()


@lru_cache(maxsize=131072)
def index_forms(token: str) -> tuple[str, ...]:
    """What the search index holds for one folded token: its stem and, for a
    compound, the known noun it ends in ('wachtlijst' → + 'lijst')."""
    stem_ = dutch_stem(token)
    forms = [stem_]
    if len(stem_) >= 7:
        for head in COMPOUND_HEADS:
            if stem_ != head and stem_.endswith(head) and len(stem_) - len(head) >= 3:
                forms.append(head)
                break
    return tuple(forms)


def tokens(text: str | None) -> list[str]:
    """Folded tokens: runs of letters and runs of digits ('covid19' → 2)."""
    return _TOKEN.findall(fold(text)) if text else []


def index_text(text: str | None) -> str:
    """A text as the search index holds it: stems (and compound heads),
    separated by spaces. SQLite's FTS5 and PostgreSQL's 'simple' parser both
    split this into exactly these words."""
    return " ".join(form for token in tokens(text) for form in index_forms(token))


def search_stems(query: str | None, limit: int) -> list[str]:
    """The stems of a search: stopwords left out unless nothing else is left."""
    found = list(dict.fromkeys(tokens(query)))
    content = [t for t in found if t not in STOPWORDS] or found
    return list(dict.fromkeys(dutch_stem(t) for t in content))[:limit]


def words(text: str | None) -> list[str]:
    """Folded words of a text, digits and underscores dropped."""
    if not text:
        return []
    return [w for w in _WORD.findall(fold(text)) if not w.isdigit() and "_" not in w]


def prefix_stem(word: str) -> str:
    """Strip plural and diminutive endings only, so the stem is a prefix of forms.

    'woningen' → 'woning', 'huurders' → 'huurder', 'kindjes' → 'kind'.
    """
    for ending in _DIMINUTIVES:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    for ending in ("heden", "ingen", "en", "s", "e"):
        shortest = 3 if ending == "en" else 4  # huren → hur, but huis stays
        if word.endswith(ending) and len(word) - len(ending) >= shortest:
            stem = word[: -len(ending)]
            if ending == "heden":
                return stem + "heid"
            if ending == "ingen":
                return stem + "ing"
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
                stem = stem[:-1]  # bussen → bus
            return stem
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light Dutch stem for matching: prefix stem, then long vowels made short.

    'huur' and 'huren' both become 'hur'; 'betaalbare' and 'betaalbaar' agree.
    """
    base = prefix_stem(word)
    for double, single in (("aa", "a"), ("ee", "e"), ("oo", "o"), ("uu", "u")):
        base = base.replace(double, single)
    return base


@lru_cache(maxsize=65536)
def _term(word: str) -> str | None:
    """The stem of a folded word, or None for stopwords, short words, numbers."""
    if len(word) <= 2 or word in STOPWORDS or word.isdigit() or "_" in word:
        return None
    return stem(word)


def terms(text: str | None) -> list[str]:
    """Stemmed content words of a text (stopwords and short words dropped)."""
    if not text:
        return []
    found = (_term(w) for w in _WORD.findall(fold(text)))
    return [t for t in found if t is not None]


def query_words(text: str | None) -> list[str]:
    """The content words of a text, as the full-text index holds them."""
    seen: dict[str, None] = {}
    for word in words(text):
        if len(word) > 3 and word not in STOPWORDS:
            seen.setdefault(word, None)
    return list(seen)
