"""Accent folding: the one way every part of Signalen compares words.

Search, similar signals, theme codes and the personal-data detector all fold
the same way, so a word typed as 'Crèche' finds 'creche' and a name list
entry 'Zoë' matches 'zoe'. Standard library only: every layer may use it.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter and a mark, and
# the typographic apostrophe (names such as d’Hondt are looked up with ').
_UNDECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "’": "'"})
# The blocks of combining marks that NFKD splits off Latin letters.
_COMBINING = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)


def fold(text: str) -> str:
    """Lower case without accents: 'Crèche' → 'creche', 'Łukasz' → 'lukasz'."""
    text = text.casefold()
    if text.isascii():  # most texts: nothing to strip
        return text
    text = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return _COMBINING.sub("", text)


def ascii_fold(text: str) -> str:
    """fold() keeping only ASCII characters (for codes and file names)."""
    return fold(text).encode("ascii", "ignore").decode("ascii")
