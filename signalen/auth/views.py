"""Logging in and out, changing the password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from signalen.audit.services import record_event
from signalen.auth.demo_mode import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_loaded
from signalen.auth.forms import ChangePasswordForm, LoginForm
from signalen.auth.services import LoginThrottled, authenticate, change_password
from signalen.errors import SignalenError
from signalen.extensions import db
from signalen.forms import ButtonForm

bp = Blueprint("auth", __name__, url_prefix="/account")


def safe_next(target: str | None) -> str:
    """Only follow a `next` that stays on this site."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/"):
            return target
    return url_for("main.index")


@bp.route("/aanmelden", methods=["GET", "POST"])
def login():
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        try:
            user = authenticate(
                form.email.data, form.password.data, request.remote_addr
            )
        except LoginThrottled as exc:
            user, error = None, exc.message
        else:
            if user is None:
                error = _("Dit e-mailadres of wachtwoord klopt niet.")
        db.session.commit()
        if user is not None:
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
    demo = DEMO_ACCOUNTS if demo_loaded() else ()
    status = 200 if error is None else 401
    return (
        render_template(
            "auth/login.html",
            form=form,
            error=error,
            demo_accounts=demo,
            demo_password=DEMO_PASSWORD,
        ),
        status,
    )


@bp.post("/afmelden")
@login_required
def logout():
    """Log out (a POST with a CSRF token, so no link can log someone out)."""
    form = ButtonForm()
    if form.validate_on_submit():
        record_event(
            "logout", actor=current_user, obj=current_user._get_current_object()
        )
        db.session.commit()
        logout_user()
        flash(_("Je bent afgemeld."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/wachtwoord", methods=["GET", "POST"])
@login_required
def password():
    """Change my password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current.data, form.password.data)
        except SignalenError as exc:
            getattr(form, exc.field or "current").errors.append(exc.message)
        else:
            db.session.commit()
            login_user(current_user._get_current_object())  # new session token
            flash(_("Je wachtwoord is gewijzigd."), "success")
            return redirect(url_for("main.index"))
    min_length = current_app.config["PASSWORD_MIN_LENGTH"]
    return render_template("auth/password.html", form=form, min_length=min_length)
