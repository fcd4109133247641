"""Logging in and out, changing the password."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from signalen.actions import commit_or_explain, run_and_commit
from signalen.auth.demo_mode import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_shown
from signalen.auth.forms import ChangePasswordForm, LoginForm
from signalen.auth.services import (
    change_password,
    log_in,
    log_out,
)
from signalen.forms import ButtonForm

bp = Blueprint("auth", __name__, url_prefix="/account")

# "/path?query#part" with no backslash, control character or second leading slash,
# which browsers would read as another host ("//evil", "/\\evil").
_PLAIN_LOCAL_PATH = re.compile(r"/(?![/\\])[^\\\x00-\x20\x7f]*")


def safe_next(target: str | None) -> str:
    """Only follow a `next` that stays on this site."""
    if target and _PLAIN_LOCAL_PATH.fullmatch(target):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
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
        user, error = run_and_commit(
            lambda: log_in(form.email.data, form.password.data, request.remote_addr)
        ).value
        if user is not None:
            session.clear()  # a new session (and CSRF token) for the new user
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
    demo = DEMO_ACCOUNTS if demo_shown() else ()
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
    user = current_user._get_current_object()
    if form.validate_on_submit() and run_and_commit(lambda: log_out(user)):
        logout_user()
        session.clear()
        flash(_("Je bent afgemeld."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/wachtwoord", methods=["GET", "POST"])
@login_required
def password():
    """Change my password."""
    form = ChangePasswordForm()
    user = current_user._get_current_object()
    if form.validate_on_submit() and commit_or_explain(
        lambda: change_password(user, form.current.data, form.password.data), form
    ):
        login_user(user)  # the new session token
        flash(_("Je wachtwoord is gewijzigd."), "success")
        return redirect(url_for("main.index"))
    min_length = current_app.config["PASSWORD_MIN_LENGTH"]
    return render_template("auth/password.html", form=form, min_length=min_length)
