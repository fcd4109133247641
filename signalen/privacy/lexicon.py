"""Build ``data/dutch_words.txt``: ordinary Dutch words (all inflected forms).

The name detector uses this list to decide that a lower-case word such as
"armen", "mazen", "hoop" or "kader" is a Dutch word and not a first name
(many Dutch words are also first names somewhere in the world).

Sources, both local (nothing is downloaded):

1. the hand-written lemma lists in ``data/lexicon_*.txt`` (everyday and
   social-work vocabulary),
   expanded with simple Dutch inflection rules (plurals, diminutives, verb
   forms, adjective forms). Over-generation is harmless as long as a
   generated form is not also a name we want to keep finding; those are
   listed in ``KEEP_AS_NAMES`` and removed.
2. optionally, lower-case words that occur in running Dutch text given on
   the command line (e.g. policy documents), a word counted only when it
   occurs at least twice in lower case.

Regenerate from the repository root:

    .venv/bin/python -m signalen.privacy.lexicon [path/to/dutch/texts ...]

Without paths the existing list is kept and only the hand-written words are
(re)added, so regeneration never shrinks the list.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from signalen.text import fold

DATA = Path(__file__).with_name("data")
OUT = DATA / "dutch_words.txt"


def _words(name: str) -> list[str]:
    """The words of a data file (several a line; # starts a comment line)."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [w for line in lines if not line.startswith("#") for w in line.split()]


NOUNS = _words("lexicon_nouns.txt")

VERBS = _words("lexicon_verbs.txt")

ADJECTIVES = _words("lexicon_adjectives.txt")

# forms that are not produced by the simple rules (and closed-class words)
OTHER = _words("lexicon_other.txt")

# closed lists of frequent Dutch words that collide with first names or
# surnames somewhere (checked by hand); their inflected forms come from above
COLLISIONS = _words("lexicon_collisions.txt")

# never treat these as Dutch words: they are far more often a name in notes
KEEP_AS_NAMES = frozenset(_words("lexicon_keep_as_names.txt"))


_VOWELS = "aeiou"


def _stem_variants(stem: str) -> set[str]:
    """Spelling variants of a stem: undoubled consonant, doubled vowel, f/s."""
    out = {stem}
    if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        out.add(stem[:-1])
    if (
        len(stem) >= 3
        and stem[-1] not in _VOWELS
        and stem[-2] in "aeou"
        and stem[-3] not in _VOWELS
    ):
        out.add(stem[:-2] + stem[-2] + stem[-2:])
    more = set()
    for s in out:
        if s.endswith("v"):
            more.add(s[:-1] + "f")
        if s.endswith("z"):
            more.add(s[:-1] + "s")
    return out | more


def _open_forms(word: str) -> set[str]:
    """Forms before an ending that starts with a vowel (-en, -e, -er)."""
    out = {word}
    # long vowel written double in a closed syllable: maas -> maz-, roos -> roz-
    if (
        len(word) >= 3
        and word[-1] not in _VOWELS
        and word[-2] == word[-3]
        and word[-2] in "aeou"
    ):
        base = word[:-2] + word[-1]
        base = base[:-1] + {"s": "z", "f": "v"}.get(base[-1], base[-1])
        out.add(base)
    # short vowel + single consonant: bus -> buss-, arm stays arm-
    if (
        len(word) >= 2
        and word[-1] not in _VOWELS
        and word[-1] not in "wxy"
        and word[-2] in _VOWELS
        and (len(word) == 2 or word[-3] not in _VOWELS)
    ):
        out.add(word + word[-1])
    if word.endswith("s"):
        out.add(word[:-1] + "z")
    if word.endswith("f"):
        out.add(word[:-1] + "v")
    return out


def _noun_forms(w: str) -> set[str]:
    out = {w, w + "s", w + "'s", w + "je", w + "jes", w + "tje", w + "tjes"}
    for b in _open_forms(w):
        out |= {b + "en", b + "e"}
    if w.endswith(("e", "el", "er", "em", "en", "ie")):
        out.add(w + "n")
    return out


def _adj_forms(w: str) -> set[str]:
    out = {w, w + "s", w + "st", w + "ste"}
    for b in _open_forms(w):
        out |= {b + "e", b + "er", b + "ere", b + "en"}
    return out


_SEPARABLE = (
    "terug",
    "samen",
    "door",
    "mee",
    "aan",
    "af",
    "uit",
    "op",
    "in",
    "weg",
    "toe",
    "vast",
    "rond",
    "ter",
)


def _verb_forms(inf: str) -> set[str]:
    out = {inf, inf + "d", inf + "de"}
    prefix = ""
    for p in _SEPARABLE:
        if inf.startswith(p) and len(inf) > len(p) + 3:
            prefix = p
            break
    core = inf[len(prefix) :]
    stem = core[:-2] if core.endswith("en") else core[:-1]
    for s in _stem_variants(stem):
        forms = {
            s,
            s + "t",
            s + "te",
            s + "ten",
            s + "de",
            s + "den",
        }
        participles = {"ge" + s + "t", "ge" + s + "d", s + "d"}
        if core.startswith(("be", "ver", "ont", "her", "ge", "er")):
            participles |= {s + "t", s + "d"}
        if prefix:
            out |= {prefix + f for f in forms | participles}
            out |= {prefix + "ge" + s + "t", prefix + "ge" + s + "d"}
            out |= forms
        else:
            out |= forms | participles
    out.add(prefix + "ge" + core if prefix else "ge" + core)
    out.add(prefix + "te" + core if prefix else core)
    return out


def hand_words() -> set[str]:
    words: set[str] = set()
    for w in NOUNS:
        words |= _noun_forms(w)
    for w in VERBS:
        words |= _verb_forms(w)
    for w in ADJECTIVES:
        words |= _adj_forms(w)
    words |= set(OTHER) | set(COLLISIONS)
    return words


_WORD_RE = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’-]*[^\W\d_](?![\w'’-])")


def corpus_words(paths: list[Path], min_count: int = 2) -> set[str]:
    counts: Counter[str] = Counter()
    for p in paths:
        for w in _WORD_RE.findall(p.read_text(encoding="utf-8", errors="ignore")):
            if w[0].islower() and "-" not in w and len(w) >= 3:
                counts[fold(w)] += 1
    return {w for w, n in counts.items() if n >= min_count}


def build(paths: list[Path]) -> list[str]:
    words = {fold(w) for w in hand_words()}
    if paths:
        words |= corpus_words(paths)
    elif OUT.exists():
        words |= {
            w for w in OUT.read_text(encoding="utf-8").split() if not w.startswith("#")
        }
    words = {w for w in words if len(w) >= 2 and w not in KEEP_AS_NAMES}
    return sorted(words)


def main(argv: list[str]) -> None:
    paths: list[Path] = []
    for a in argv:
        p = Path(a)
        paths.extend(sorted(p.glob("*.txt")) if p.is_dir() else [p])
    words = build(paths)
    header = (
        "# Ordinary Dutch words (lower case, diacritics stripped), one per line.\n"
        "# Generated by signalen/privacy/lexicon.py; edit the lists there.\n"
    )
    OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"wrote {len(words)} words to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
