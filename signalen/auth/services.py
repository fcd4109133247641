"""Accounts: loading, logging in with throttling, creating, passwords."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from signalen.audit.services import record_event
from signalen.auth.models import LoginAttempt, User
from signalen.database import utcnow
from signalen.errors import SignalenError
from signalen.extensions import db
from signalen.organisations.models import Organisation
from signalen.permissions import Role

# A constant hash so an unknown e-mail costs as much time as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password-at-all")


class LoginThrottled(SignalenError):
    pass


def load_user(user_id: str) -> User | None:
    """Flask-Login loader: id plus session token, active accounts only."""
    ident, _sep, token = user_id.partition(":")
    if not ident.isdigit():
        return None
    user = db.session.get(User, int(ident))
    if user is None or not user.is_active or user.session_token != token:
        return None
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


def recent_failures(email: str, ip: str | None, now: datetime) -> int:
    window = timedelta(minutes=current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"])
    conditions = [LoginAttempt.email == email]
    if ip:
        conditions.append(LoginAttempt.ip == ip)
    return db.session.scalar(
        select(func.count())
        .select_from(LoginAttempt)
        .where(
            LoginAttempt.success.is_(False),
            LoginAttempt.at >= now - window,
            or_(*conditions),
        )
    )


def authenticate(
    email: str, password: str, ip: str | None, now: datetime | None = None
) -> User | None:
    """Check a login; record it; refuse for a while after repeated failures."""
    now = now or utcnow()
    email = normalise_email(email)
    if recent_failures(email, ip, now) >= current_app.config["LOGIN_MAX_FAILURES"]:
        db.session.add(LoginAttempt(email=email, ip=ip, at=now, success=False))
        record_event("login.throttled", actor_label=email)
        raise LoginThrottled(
            _(
                "Te veel mislukte pogingen. Wacht %(n)d minuten en probeer opnieuw.",
                n=current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"],
            )
        )
    user = db.session.scalar(select(User).where(User.email == email))
    valid = check_password_hash(user.password_hash if user else _DUMMY_HASH, password)
    ok = bool(user and valid and user.is_active)
    db.session.add(LoginAttempt(email=email, ip=ip, at=now, success=ok))
    if not ok:
        record_event("login.failed", actor_label=email)
        return None
    user.last_login_at = now
    record_event("login", actor=user, obj=user)
    return user


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
