"""Accounts: loading, logging in with throttling, creating, passwords."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from functools import cache

from flask import current_app, g
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import bindparam, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from signalen.audit.services import record_event
from signalen.auth.demo_mode import DEMO_DOMAIN, in_production
from signalen.auth.models import LoginAttempt, User
from signalen.database import as_id, utcnow
from signalen.errors import SignalenError
from signalen.extensions import db
from signalen.organisations.models import Organisation
from signalen.permissions import Role


@cache
def _dummy_hash(method: str) -> str:
    """A hash to check against for an unknown e-mail, so that it costs as much
    time as a wrong password; made on first use (not on every process start)."""
    return generate_password_hash("not-a-real-password-at-all", method=method)


class LoginThrottled(SignalenError):
    pass


@cache
def _user_statement():
    # Built once per process: every request loads its user (a prebuilt
    # statement costs a third less than Session.get, which builds its own).
    return select(User).where(User.id == bindparam("user_id"))


def load_user(user_id: str) -> User | None:
    """Flask-Login loader: id plus session token, active accounts only."""
    ident, _sep, token = user_id.partition(":")
    number = as_id(ident)
    if number is None:
        return None
    user = db.session.scalar(_user_statement(), {"user_id": number})
    if user is None or not user.is_active or user.session_token != token:
        return None
    # For the request log, which runs after the commit that expires the user.
    g.signalen_user_id = user.id
    return user


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return generate_password_hash(
        password, method=current_app.config["PASSWORD_HASH_METHOD"]
    )


def check_password_rules(password: str) -> None:
    """Raise when the password is too weak to keep."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        raise SignalenError(
            _("Kies een wachtwoord van minstens %(n)d tekens.", n=minimum),
            field="password",
        )
    if len(password) > 200:
        raise SignalenError(_("Dit wachtwoord is te lang."), field="password")


# --- throttling ----------------------------------------------------------------
#
# Wrong passwords are limited so that nobody can lock out somebody else:
# - one address guessing one account is stopped after LOGIN_MAX_FAILURES;
# - one address guessing many accounts is stopped after LOGIN_MAX_FAILURES_PER_ADDRESS
#   (high enough for an office behind one router);
# - many addresses guessing one account stop only addresses that never logged in
#   to it before, so its owner still gets in from a known address.
# Attempts during a block are not counted, so knocking on a locked door does not
# keep it locked: a block ends one window after the failures that caused it.


def _window_start(now: datetime) -> datetime:
    return now - timedelta(minutes=current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"])


def _failures(now: datetime, *conditions) -> int:
    return db.session.execute(
        select(func.count())
        .select_from(LoginAttempt)
        .where(
            LoginAttempt.success.is_(False),
            LoginAttempt.at >= _window_start(now),
            *conditions,
        )
    ).scalar_one()


def _known_address(email: str, ip: str, now: datetime) -> bool:
    """Has this account logged in from this address before (within retention)?"""
    return (
        db.session.scalar(
            select(LoginAttempt.id)
            .where(
                LoginAttempt.email == email,
                LoginAttempt.ip == ip,
                LoginAttempt.success.is_(True),
            )
            .limit(1)
        )
        is not None
    )


def login_blocked(email: str, ip: str | None, now: datetime) -> bool:
    """Is this address, for this account, blocked from trying a password now?"""
    config = current_app.config
    if ip is None:
        return (
            _failures(now, LoginAttempt.email == email) >= config["LOGIN_MAX_FAILURES"]
        )
    if (
        _failures(now, LoginAttempt.email == email, LoginAttempt.ip == ip)
        >= config["LOGIN_MAX_FAILURES"]
    ):
        return True
    if (
        _failures(now, LoginAttempt.ip == ip)
        >= config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    ):
        return True
    return _failures(now, LoginAttempt.email == email) >= config[
        "LOGIN_MAX_FAILURES_PER_ACCOUNT"
    ] and not _known_address(email, ip, now)


def lift_login_block(user: User, actor: User, now: datetime | None = None) -> int:
    """Forget the recent failed logins of this account; returns how many."""
    now = now or utcnow()
    failures = db.session.scalars(
        select(LoginAttempt).where(
            LoginAttempt.email == user.email,
            LoginAttempt.success.is_(False),
            LoginAttempt.at >= _window_start(now),
        )
    ).all()
    for attempt in failures:
        db.session.delete(attempt)
    db.session.flush()
    record_event("login.block_lifted", actor=actor, obj=user)
    return len(failures)


def is_login_blocked(user: User, now: datetime | None = None) -> bool:
    """Shown to the beheerder: does this account have a block on any address?"""
    now = now or utcnow()
    return (
        _failures(now, LoginAttempt.email == user.email)
        >= current_app.config["LOGIN_MAX_FAILURES"]
    )


def expire_login_attempts(now: datetime) -> str:
    """Scheduled: delete login attempts older than the retention period."""
    days = current_app.config["LOGIN_ATTEMPT_RETENTION_DAYS"]
    rows = db.session.scalars(
        select(LoginAttempt).where(LoginAttempt.at < now - timedelta(days=days))
    ).all()
    for row in rows:
        db.session.delete(row)
    db.session.flush()
    return f"{len(rows)} verwijderd"


def authenticate(
    email: str, password: str, ip: str | None, now: datetime | None = None
) -> User | None:
    """Check a login; record it; refuse for a while after repeated failures."""
    now = now or utcnow()
    email = normalise_email(email)
    if login_blocked(email, ip, now):
        record_event("login.throttled", actor_label=email)
        raise LoginThrottled(
            ngettext(
                "Te veel mislukte pogingen. Wacht %(num)d minuut en probeer opnieuw.",
                "Te veel mislukte pogingen. Wacht %(num)d minuten en probeer opnieuw.",
                current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"],
            )
        )
    user = db.session.scalar(select(User).where(User.email == email))
    valid = check_password_hash(
        user.password_hash
        if user
        else _dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]),
        password,
    )
    ok = bool(user and valid and user.is_active and not _demo_refused(email))
    db.session.add(LoginAttempt(email=email, ip=ip, at=now, success=ok))
    if not ok or user is None:
        record_event("login.failed", actor_label=email)
        return None
    user.last_login_at = now
    record_event("login", actor=user, obj=user)
    return user


def log_in(
    email: str, password: str, ip: str | None, now: datetime | None = None
) -> tuple[User | None, str | None]:
    """A login attempt as the form needs it: the user, or the message to show.
    Never raises, so the attempt is committed (it must count) like a success."""
    try:
        user = authenticate(email, password, ip, now)
    except LoginThrottled as exc:
        return None, exc.message
    if user is None:
        return None, _("Dit e-mailadres of wachtwoord klopt niet.")
    return user, None


def _demo_refused(email: str) -> bool:
    """Demo accounts never log in on a production site."""
    return in_production() and email.endswith(DEMO_DOMAIN)


def create_user(
    *,
    email: str,
    display_name: str,
    password: str,
    role: Role,
    organisation: Organisation,
    actor: User | None = None,
) -> User:
    """Create an account; the e-mail address must be new."""
    email = normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise SignalenError(
            _("Er bestaat al een account met dit e-mailadres."), field="email"
        )
    check_password_rules(password)
    user = User(
        email=email,
        display_name=display_name.strip(),
        password_hash=hash_password(password),
        role=Role(role),
        organisation=organisation,
        active=True,
        session_token=secrets.token_hex(16),
    )
    db.session.add(user)
    db.session.flush()
    record_event(
        "user.created",
        actor=actor,
        actor_label=None if actor else "cli",
        obj=user,
        details={"role": str(user.role)},
    )
    return user


def change_password(user: User, current: str, new: str) -> None:
    """The user changes their own password; other sessions are logged out."""
    if not check_password_hash(user.password_hash, current):
        raise SignalenError(_("Je huidige wachtwoord klopt niet."), field="current")
    check_password_rules(new)
    user.password_hash = hash_password(new)
    user.session_token = secrets.token_hex(16)
    record_event("user.password_changed", actor=user, obj=user)


def log_out(user: User) -> None:
    """End every session of this user: a copied session cookie stops working."""
    user.session_token = secrets.token_hex(16)
    record_event("logout", actor=user, obj=user)


def set_active(user: User, active: bool, actor: User) -> None:
    """Activate or deactivate an account; deactivation ends its sessions."""
    if user.id == actor.id and not active:
        raise SignalenError(_("Je kan je eigen account niet uitschakelen."))
    user.active = active
    if not active:
        user.session_token = secrets.token_hex(16)
    record_event(
        "user.activated" if active else "user.deactivated", actor=actor, obj=user
    )


# --- managed by the beheerder (signalen/admin) ------------------------------

# No look-alike characters (l/1, O/0) so a password read aloud or copied works.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def generate_password() -> str:
    """A temporary password such as 'k7dm-3xqe-pa9w' (about 70 bits)."""
    groups = (
        "".join(secrets.choice(_PASSWORD_ALPHABET) for _i in range(4))
        for _g in range(3)
    )
    return "-".join(groups)


def update_user(
    user: User,
    *,
    display_name: str,
    role: Role,
    organisation: Organisation,
    actor: User,
) -> bool:
    """Change name, role or organisation; the audit keeps no names, only ids."""
    display_name = display_name.strip()
    if not display_name:
        raise SignalenError(_("Dit veld is verplicht."), field="display_name")
    role = Role(role)
    if user.id == actor.id and role != user.role:
        raise SignalenError(_("Je kan je eigen rol niet wijzigen."), field="role")
    if user.id == actor.id and organisation.id != user.organisation_id:
        raise SignalenError(
            _("Je kan je eigen organisatie niet wijzigen."), field="organisation"
        )
    changes: dict[str, dict | bool] = {}
    if user.display_name != display_name:
        changes["display_name_changed"] = True
        user.display_name = display_name
    if user.role != role:
        changes["role"] = {"old": str(user.role), "new": str(role)}
        user.role = role
    if user.organisation_id != organisation.id:
        changes["organisation_id"] = {
            "old": user.organisation_id,
            "new": organisation.id,
        }
        user.organisation = organisation
    if changes:
        db.session.flush()
        record_event("user.updated", actor=actor, obj=user, details=changes)
    return bool(changes)


def reset_password(user: User, actor: User) -> str:
    """Give the account a new temporary password and end its sessions."""
    if user.id == actor.id:
        raise SignalenError(
            _("Wijzig je eigen wachtwoord via 'Wachtwoord' bovenaan de pagina.")
        )
    password = generate_password()
    user.password_hash = hash_password(password)
    user.session_token = secrets.token_hex(16)
    db.session.flush()
    record_event("user.password_reset", actor=actor, obj=user)
    return password
