"""Home: sends each role to the page where its work starts."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from signalen.permissions import Role

bp = Blueprint("main", __name__)


@bp.get("/")
@login_required
def index():
    """Start page per role."""
    role = current_user.role
    if role == Role.COORDINATOR:
        return redirect(url_for("coordination.inbox"))
    if role == Role.CITY:
        return redirect(url_for("bundles.index"))
    if role == Role.ADMIN:
        return redirect(url_for("admin.index"))
    return redirect(url_for("signals.mine"))


@bp.get("/toegankelijkheid")
def accessibility():
    """Accessibility and privacy statement."""
    return render_template("main/about.html")
