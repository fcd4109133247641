"""Personal one-time codes for participants without an account.

A code looks like "K7P-4QX-9MW": nine characters from an alphabet without
look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G), so it can be read aloud,
printed and typed by anyone. Only an HMAC of the code is stored: the key is
the app's secret key and each round has its own random salt, so a copy of
the database alone is not enough to try codes offline.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "ACDEFHJKMNPQRTUVWXY34679"
CODE_LENGTH = 9
GROUP = 3


def generate_code() -> str:
    """A new random code, grouped for reading: 'K7P-4QX-9MW'."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def normalise_code(text: str | None) -> str | None:
    """The nine code characters of what someone typed, or None if it cannot be one.

    Spaces, dashes and lower case are forgiven.
    """
    if not text:
        return None
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(raw) != CODE_LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return raw


def new_salt() -> str:
    return secrets.token_hex(16)


def hash_code(raw: str, salt: str, secret_key: str) -> str:
    """HMAC-SHA256 of the normalised code with the round's salt."""
    message = f"{salt}:{raw}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()
