"""Public contact details of organisations and services are no client data:
shared mailboxes (info@, sociale.dienst@), service numbers (0800, 070, 078,
090x), and a fixed line or an office address in a sentence that presents it
as an organisation's ("het onthaal van het Sociaal Huis zit in ...")."""

from __future__ import annotations

import bisect
import re

from signalen.privacy.tokens import Tokens
from signalen.privacy.wordlists import fold, load

ROLE_MAILBOXES = frozenset(load("role_mailboxes.txt"))
CONTACT_CUES = frozenset(fold(w) for w in load("public_contact_cues.txt"))
_SERVICE_PREFIXES = ("0800", "070", "078", "0900", "0902", "0903", "0905", "1700")
_SENTENCE_END_RE = re.compile(r"[.!?\n](?=\s)|\n")
# how far back a sentence is searched (keeps the work linear)
_WINDOW = 160


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def _sentence_start(text: str, s: int) -> int:
    start = max(0, s - _WINDOW)
    last = start
    for m in _SENTENCE_END_RE.finditer(text, start, s):
        last = m.end()
    return last


def _organisation_sentence(text: str, toks: Tokens, s: int) -> bool:
    """The sentence before position s names an organisation (a protected
    phrase or "dienst") and presents a contact ("onthaal", "kantoor", ...)."""
    a = bisect.bisect_left(toks.starts, _sentence_start(text, s))
    b = bisect.bisect_left(toks.starts, s)
    lows = toks.lows[a:b]
    has_org = any(toks.prot[a:b]) or "dienst" in lows
    return has_org and any(w in CONTACT_CUES for w in lows)


def is_public_contact(text: str, toks: Tokens, s: int, e: int, typ: str) -> bool:
    """Is text[s:e] (of type typ) an organisation's public contact detail?"""
    value = text[s:e]
    if typ == "EMAIL":
        if "@" not in value:
            return False
        local = value.split("@", 1)[0].lower()
        parts = re.split(r"[._\-]", local)
        return local in ROLE_MAILBOXES or any(p in ROLE_MAILBOXES for p in parts)
    if typ == "PHONE":
        d = _digits(value)
        if d.startswith("0032"):
            d = "0" + d[4:]
        elif d.startswith("32") and value.lstrip().startswith("+"):
            d = "0" + d[2:]
        if d.startswith(_SERVICE_PREFIXES):
            return True
        mobile = d.startswith("04")
        return not mobile and _organisation_sentence(text, toks, s)
    if typ == "ADDRESS":
        return _organisation_sentence(text, toks, s)
    return False
