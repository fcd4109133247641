"""E-mail addresses written to dodge filters: " at ", "(at)", "[at]",
spaces around "@" and dots, "(dot)". Only when the text holds one of those
markers; one regex pass over the text."""

from __future__ import annotations

import re

Span = tuple[int, int, str]

_AT = r"(?:[ ]*@[ ]*|[ ]*[(\[{][ ]*at[ ]*[)\]}][ ]*|[ ]+at[ ]+|[ ]+apenstaartje[ ]+)"
_DOT = r"(?:[ ]*\.[ ]*|[ ]*[(\[{][ ]*(?:dot|punt)[ ]*[)\]}][ ]*|[ ]+(?:dot|punt)[ ]+)"
_TLDS = (
    r"(?:com|be|net|org|nl|fr|eu|gent|info|de|uk|io|ma|tr|pl|ro|bg|brussels"
    r"|vlaanderen)"
)
_OBFUSCATED_RE = re.compile(
    r"(?<![\w.@])[\w+'-]+(?:[ ]?[._][ ]?[\w+'-]+)*"
    + _AT
    + r"[\w-]+(?:"
    + _DOT
    + r"[\w-]+)*?"
    + _DOT
    + _TLDS
    + r"(?![\w])",
    re.IGNORECASE,
)
_MARKERS = (" at ", "(at)", "[at]", "{at}", " @", "@ ", "( at )", "apenstaartje")


def find_obfuscated_emails(text: str, out: list[Span]) -> None:
    """Obfuscated e-mail addresses as EMAIL spans."""
    low = text.lower()
    if not any(m in low for m in _MARKERS):
        return
    for m in _OBFUSCATED_RE.finditer(text):
        out.append((m.start(), m.end(), "EMAIL"))
