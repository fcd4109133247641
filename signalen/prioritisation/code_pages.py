"""The code-login page and the code session, shared by every feature where people
without an account take part with a one-time code (prioritisation rounds,
consultations). Each feature passes its own model, login service and pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from flask import abort, flash, redirect, render_template, session
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from signalen.actions import run_and_commit
from signalen.extensions import db
from signalen.forms import ButtonForm


class CodeHolder(Protocol):
    id: int
    code_hash: str | None
    code_session: str | None


Holder = TypeVar("Holder", bound=CodeHolder)


def holder_for(
    model: type[Holder], participant_id: int | None, token: str | None
) -> Holder | None:
    """The code holder with this id, if the session token is still its own."""
    if not participant_id or not token:
        return None
    holder = db.session.get(model, participant_id)
    if holder is None or holder.code_hash is None or holder.code_session != token:
        return None
    return holder


def holder_from_session(model: type[Holder], session_key: str) -> Holder | None:
    """The code holder bound to this browser session, if its code still holds."""
    data = session.get(session_key) or {}
    return holder_for(model, data.get("id"), data.get("token"))


def code_login_page(
    form: FlaskForm,
    login: Callable[[str], Any],
    *,
    session_key: str,
    success_url: str,
    template: str,
) -> Response | tuple[str, int]:
    """Check a typed code; a refused one is committed too (it counts toward the
    limit on wrong codes) and stands next to the field."""
    if form.validate_on_submit():
        result = run_and_commit(lambda: login(form.code.data)).value
        if result and result.participant:
            session[session_key] = {"id": result.participant.id, "token": result.token}
            return redirect(success_url)
        if result:
            form.code.errors = [*form.code.errors, result.refusal]
    return render_template(template, form=form), 422 if form.errors else 200


def lift_block_button(lift: Callable[[], Any], *, back: str, message: str) -> Response:
    """The "Blokkering opheffen" button of a round's or a consultation's page:
    after too many wrong codes, a coordinator lets code holders try again."""
    if not ButtonForm().validate():
        abort(400)
    if run_and_commit(lift):
        flash(message, "success")
    return redirect(back)
