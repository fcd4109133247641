"""Personal API tokens: a beheerder issues one for an account and revokes it.

Only the SHA-256 of a token is kept; the token itself is shown once, when it
is issued. A token acts with its account's role, so an account that is
switched off (or whose organisation is) makes its tokens stop working too.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from signalen.api.models import ApiToken
from signalen.audit.services import record_event
from signalen.auth.models import User
from signalen.errors import SignalenError
from signalen.extensions import db

#: Every token starts with this, so a leaked one is easy to recognise.
TOKEN_PREFIX = "sgn_"
#: How often the "last used" moment is written: not on every request.
LAST_USED_EVERY = timedelta(minutes=5)


@dataclass
class IssuedToken:
    token: ApiToken
    secret: str  # the token itself: shown once, never stored


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_token(user: User, name: str, actor: User, now: datetime) -> IssuedToken:
    """A new token for the account; the secret is returned once."""
    name = (name or "").strip()
    if not name:
        raise SignalenError(_("Geef de sleutel een naam."), field="name")
    if not user.is_active:
        raise SignalenError(
            _("Dit account is uitgeschakeld: het kan geen sleutel krijgen."),
            field="user",
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name[:120],
        token_hash=hash_token(secret),
        prefix=secret[:12],
        created_at=now,
        created_by_id=actor.id,
    )
    db.session.add(token)
    db.session.flush()
    record_event(
        "api_token.issued",
        actor=actor,
        obj=token,
        details={"naam": token.name, "account": user.email, "begin": token.prefix},
    )
    return IssuedToken(token, secret)


def revoke_token(token: ApiToken, actor: User, now: datetime) -> ApiToken:
    """Stop the token for good (a revoked token is never valid again)."""
    if token.revoked_at is not None:
        raise SignalenError(_("Deze sleutel is al ingetrokken."))
    token.revoked_at = now
    db.session.flush()
    record_event(
        "api_token.revoked",
        actor=actor,
        obj=token,
        details={
            "naam": token.name,
            "account": token.user.email,
            "begin": token.prefix,
        },
    )
    return token


def token_for(secret: str) -> ApiToken | None:
    """The valid token with this secret: not revoked, its account active."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == hash_token(secret))
    )
    if token is None or token.revoked_at is not None:
        return None
    if not token.user.is_active:
        return None
    return token


def mark_used(token: ApiToken, now: datetime) -> bool:
    """Note when the token was used, at most every few minutes (True: changed)."""
    last = token.last_used_at
    if last is not None and now - last < LAST_USED_EVERY:
        return False
    token.last_used_at = now
    db.session.flush()
    return True


def all_tokens() -> list[ApiToken]:
    """Every token, the ones in use first, newest first."""
    return list(
        db.session.scalars(
            select(ApiToken).order_by(
                ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc()
            )
        )
    )


def issuable_users() -> list[User]:
    """Active accounts, by name: whom a token can be issued for."""
    return [
        u
        for u in db.session.scalars(select(User).order_by(User.display_name))
        if u.is_active
    ]
