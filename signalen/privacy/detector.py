"""Rule-based detector for personal data in free-text signals.

Layered engine (highest priority first when spans overlap, `findings.resolve`):

1. validated numbers: national register / BIS numbers (python-stdnum), IBANs
2. regexes with context: e-mail, phone, birth dates, number plates, file
   numbers (`numbers`)
3. street addresses: street suffix + house number (`addresses`)
4. person names: curated name lists + context cues + particles (`names`,
   `namecues`), with a stop-list of Dutch words, organisations, places and
   Ghent wards (`wordlists`, data in `signalen/privacy/data/`).

Everything is compiled/loaded once at import time. The work grows linearly
with the text length: every rule visits a token or a digit cluster a bounded
number of times.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from signalen.privacy.addresses import find_addresses
from signalen.privacy.emails import find_obfuscated_emails
from signalen.privacy.findings import (
    EXPLANATIONS,
    OVERRIDABLE_TYPES,
    PLACEHOLDERS,
    STRICT_TYPES,
    TYPES,
    Finding,
    Span,
    placeholder_mask,
    resolve,
)
from signalen.privacy.names import find_names, find_nicknames
from signalen.privacy.numbers import (
    digit_clusters,
    find_foreign_plates,
    find_numbers,
    find_word_dates,
    has_digit,
)
from signalen.privacy.public import is_public_contact
from signalen.privacy.tokens import Tokens, mark_protected
from signalen.privacy.wordlists import DUTCH_WORDS, FIRST_NAMES, SURNAMES

__all__ = [
    "DUTCH_WORDS",
    "EXPLANATIONS",
    "FIRST_NAMES",
    "OVERRIDABLE_TYPES",
    "PLACEHOLDERS",
    "STRICT_TYPES",
    "SURNAMES",
    "TYPES",
    "Finding",
    "find_personal_data",
    "mask_text",
]

# an organisation's public contact details are no client data
_CONTACT_TYPES = frozenset({"EMAIL", "PHONE", "ADDRESS"})
EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])"
)


def find_personal_data(text: str) -> list[Finding]:
    """Detect personal data in text; findings are sorted and non-overlapping."""
    if not text:
        return []
    cands: list[Span] = []
    if "@" in text:
        for m in EMAIL_RE.finditer(text):
            cands.append((m.start(), m.end(), "EMAIL"))
    toks = Tokens(text)
    mark_protected(toks)
    # placeholders are never detected again
    holes = placeholder_mask(text)
    if holes:
        prot = toks.prot
        for k, s in enumerate(toks.starts):
            if holes[s]:
                prot[k] = True
    clusters = None
    if has_digit(text):
        clusters = digit_clusters(text)
        find_numbers(text, toks, clusters, cands)
        find_addresses(text, toks, clusters, cands)
        find_foreign_plates(text, clusters, cands)
    find_word_dates(text, toks, clusters, cands)
    find_obfuscated_emails(text, cands)
    strong: set[int] = set()
    find_names(toks, cands, strong)
    find_nicknames(text, cands, strong)
    if holes:
        cands = [c for c in cands if holes.find(1, c[0], c[1]) < 0]
    return [
        Finding(s, e, typ, text[s:e], typ != "NAME" or s in strong)
        for s, e, typ in resolve(_trimmed(text, cands))
        if typ not in _CONTACT_TYPES or not is_public_contact(text, toks, s, e, typ)
    ]


def _trimmed(text: str, cands: list[Span]) -> list[Span]:
    """The spans without leading/trailing whitespace and punctuation."""
    cleaned = []
    for s, e, typ in cands:
        while e > s and text[e - 1] in " .,-/":
            e -= 1
        while s < e and text[s] in " .,-/":
            s += 1
        cleaned.append((s, e, typ))
    return cleaned


def mask_text(text: str, findings: Iterable[Finding] | None = None) -> str:
    """Replace each finding by its placeholder (detecting first if needed)."""
    if findings is None:
        findings = find_personal_data(text)
    parts: list[str] = []
    pos = 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos:
            continue
        parts.append(text[pos : f.start])
        parts.append(PLACEHOLDERS[f.type])
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)
