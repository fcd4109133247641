"""The one way a view runs a service for a button: commit, or roll back and say why."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from flask import flash

from signalen.errors import SignalenError
from signalen.extensions import db


class Outcome(NamedTuple):
    ok: bool
    value: Any = None

    def __bool__(self) -> bool:  # a failed outcome is falsy, not a non-empty tuple
        return self.ok


def run_and_commit(call: Callable[[], Any]) -> Outcome:
    """Call the service and commit; on a domain error roll back and flash it."""
    try:
        value = call()
        db.session.commit()
    except SignalenError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return Outcome(False)
    return Outcome(True, value)
