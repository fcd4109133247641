"""The one request boundary: a view runs one service, then commits, or rolls back
and says why (next to the field, or on top of the page).

Two shapes, for the two kinds of POST a page has:

- a form: ``return submit(form, lambda: service(...), success=url, flash=msg)
  or render_template(...)``; on a domain error ``submit`` returns ``None`` and the
  message stands next to its field, so the page is shown again with what was typed;
- a button: ``outcome = run_and_commit(lambda: service(...))``; on a domain error
  the message is flashed and the outcome is falsy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from flask import flash as flash_message
from flask import redirect
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from signalen.errors import ConflictError, SignalenError, shows_personal_data
from signalen.extensions import db
from signalen.textcheck import PersonalDataFound


class Outcome(NamedTuple):
    ok: bool
    value: Any = None

    def __bool__(self) -> bool:  # a failed outcome is falsy, not a non-empty tuple
        return self.ok


def show_error(form: FlaskForm | None, exc: SignalenError) -> None:
    """Put a service error next to its field, or on top of the page."""
    own = getattr(form, "show_error", None)
    if callable(own):
        # A page whose inputs are not all WTForms fields (a ballot with one
        # input per item) places the errors itself.
        own(exc)
        return
    place_error(form, exc)


def place_error(form: FlaskForm | None, exc: SignalenError) -> None:
    """The usual place: each finding or error next to its field, else a flash."""
    if isinstance(exc, PersonalDataFound):
        shows_personal_data()
    if isinstance(exc, PersonalDataFound) and form is not None:
        # Each finding stands next to the field it was found in.
        placed = [f for f in exc.findings if f.field in form]
        for finding in placed:
            target = form[finding.field]
            target.errors = [*target.errors, finding.explanation]
        if placed:
            return
    # A form may name the field that takes errors that name none (its main
    # input); a conflict concerns the whole form and stands on top.
    name = exc.field
    if name is None and not isinstance(exc, ConflictError):
        name = getattr(form, "default_field", None)
    target = form[name] if form is not None and name and name in form else None
    if target is not None:
        target.errors = [*target.errors, exc.message]
    else:
        flash_message(exc.message, "error")


def commit_or_explain(
    call: Callable[[], Any], form: FlaskForm | None = None
) -> Outcome:
    """Call the service and commit; on a domain error roll back and show it."""
    try:
        value = call()
        db.session.commit()
    except SignalenError as exc:
        db.session.rollback()
        show_error(form, exc)
        return Outcome(False)
    except StaleDataError:  # optimistic locking: someone saved in between
        db.session.rollback()
        show_error(form, ConflictError(conflict_message()))
        return Outcome(False)
    return Outcome(True, value)


def conflict_message() -> str:
    return _(
        "Dit werd intussen door iemand anders aangepast. Je wijzigingen zijn niet "
        "bewaard: ze staan nog in het formulier. Bekijk de nieuwe versie en pas "
        "opnieuw aan."
    )


def run_and_commit(call: Callable[[], Any]) -> Outcome:
    """A button: call the service and commit; on a domain error flash it."""
    return commit_or_explain(call)


def submit(
    form: FlaskForm,
    call: Callable[[], Any],
    *,
    success: str | Callable[[Any], str],
    flash: str | Callable[[Any], str] | None = None,
) -> Response | None:
    """A valid form: run the service and redirect, or return None to show it again.

    ``success`` and ``flash`` may be callables that get the service's result (for
    example the new object, to build its URL or name it in the message).
    """
    outcome = commit_or_explain(call, form)
    if not outcome:
        return None
    if flash is not None:
        flash_message(flash(outcome.value) if callable(flash) else flash, "success")
    return redirect(success(outcome.value) if callable(success) else success)
