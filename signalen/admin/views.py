"""Administration: accounts, organisations and reference lists."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for

from signalen.permissions import Role, role_required

bp = Blueprint("admin", __name__, url_prefix="/beheer")


@bp.get("/")
@role_required(Role.ADMIN)
def index():
    """Start page of the beheerder."""
    return redirect(url_for("admin.users"))


@bp.get("/accounts")
@role_required(Role.ADMIN)
def users():
    """Accounts."""
    return render_template("admin/placeholder.html")


@bp.get("/organisaties")
@role_required(Role.ADMIN)
def organisations():
    """Organisations."""
    return render_template("admin/placeholder.html")


@bp.get("/lijsten")
@role_required(Role.ADMIN, Role.COORDINATOR)
def reference_index():
    """Reference lists."""
    return render_template("admin/placeholder.html")
