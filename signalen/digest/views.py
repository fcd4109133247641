"""Switching the daily digest on or off (on the account page)."""

from __future__ import annotations

from flask import Blueprint, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from signalen.actions import submit
from signalen.database import utcnow
from signalen.digest import services
from signalen.digest.forms import DigestForm
from signalen.permissions import Role, can_record_signals, role_required

bp = Blueprint("digest", __name__, url_prefix="/account")


@bp.app_template_global()
def digest_form() -> DigestForm | None:
    """The switch, set to the user's choice; None for who records no signals."""
    if not can_record_signals(current_user):
        return None
    form = DigestForm(formdata=None)
    form.wanted.data = services.wants_digest(current_user.id)
    return form


@bp.post("/e-mail")
@role_required(*Role)
def preference():
    """Save the user's choice about the daily digest."""
    form = DigestForm()
    user_id = current_user.id
    back = url_for("auth.password")
    if not form.validate():
        return redirect(back)
    wanted = bool(form.wanted.data)
    return submit(
        form,
        lambda: services.set_digest(user_id, wanted, utcnow()),
        success=back,
        flash=(
            _("Je krijgt een e-mail als er nieuws is.")
            if wanted
            else _("Je krijgt geen e-mail meer van Signalen.")
        ),
    ) or redirect(back)
