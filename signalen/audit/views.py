"""The audit log for beheerders."""

from __future__ import annotations

from flask import Blueprint, render_template

from signalen.permissions import Role, role_required

bp = Blueprint("audit", __name__, url_prefix="/logboek")


@bp.get("/")
@role_required(Role.ADMIN)
def index():
    """Page through the audit log."""
    return render_template("admin/placeholder.html")
