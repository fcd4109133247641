"""Bundles (filled in by the bundles work)."""

from __future__ import annotations

from flask import Blueprint, render_template

from signalen.permissions import Role, role_required

bp = Blueprint("bundles", __name__, url_prefix="/bundels")


@bp.get("/")
@role_required(Role.COORDINATOR, Role.CITY, Role.WORKER)
def index():
    """The bundles this role may see."""
    return render_template("bundles/index.html")
