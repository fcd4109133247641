"""Accent folding: the one way every part of Signalen compares words.

Search, similar signals, theme codes and the personal-data detector all fold
the same way, so a word typed as 'Crèche' finds 'creche' and a name list
entry 'Zoë' matches 'zoe'. Standard library only: every layer may use it.
"""

from __future__ import annotations

import re
import unicodedata

# The blocks of combining marks that NFKD splits off Latin letters: dropped.
_MARKS = (
    (0x0300, 0x036F),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
)
_FOLD: dict[int, str | None] = {
    code: None for first, last in _MARKS for code in range(first, last + 1)
}
# Letters that Unicode does not decompose into a base letter and a mark, and
# the typographic apostrophe (names such as d’Hondt are looked up with ').
_LETTERS: dict[str, str | None] = {"ı": "i", "ł": "l", "ø": "o", "’": "'"}
_FOLD.update(str.maketrans(_LETTERS))


def fold(text: str) -> str:
    """Lower case without accents: 'Crèche' → 'creche', 'Łukasz' → 'lukasz'."""
    text = text.casefold()
    if text.isascii():  # most words: nothing to strip
        return text
    return unicodedata.normalize("NFKD", text).translate(_FOLD)


def ascii_fold(text: str) -> str:
    """fold() keeping only ASCII characters (for codes and file names)."""
    return fold(text).encode("ascii", "ignore").decode("ascii")


#: Control characters XML 1.0 cannot hold (all C0 but tab, line feed and carriage
#: return): they mean nothing in free text and break every XML file format we write
#: (xlsx, docx, the PDF's HTML), so no text keeps them.
XML_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")


def drop_control_characters(text: str) -> str:
    """The text without control characters that XML cannot hold (NUL included)."""
    return XML_ILLEGAL.sub("", text)
