"""Errors of the prioritisation feature."""

from __future__ import annotations

from flask_babel import gettext as _

from signalen.errors import SignalenError


class FieldErrors(SignalenError):
    """Several fields are wrong at once; `errors` maps field name to message."""

    def __init__(self, errors: dict[str, str], message: str | None = None):
        super().__init__(message or _("Kijk de aangeduide velden na."))
        self.errors = errors
