"""Coordinator screens: the inbox and structural signals."""

from __future__ import annotations

from flask import Blueprint, render_template

from signalen.permissions import Role, role_required

bp = Blueprint("coordination", __name__, url_prefix="/coordinatie")


@bp.get("/inbox")
@role_required(Role.COORDINATOR)
def inbox():
    """All submitted signals to review."""
    return render_template("coordination/inbox.html")


@bp.get("/structureel")
@role_required(Role.COORDINATOR)
def structural_list():
    """Structural signals."""
    return render_template("coordination/structural_list.html")
