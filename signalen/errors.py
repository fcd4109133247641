"""Domain errors and friendly Dutch error pages."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError


class SignalenError(Exception):
    """A rule of the domain was broken; the message is shown to the user.

    `field` names the form field the message belongs next to, if any.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(SignalenError):
    pass


class ConflictError(SignalenError):
    """Someone else changed the object in the meantime."""


class ValidationFailed(SignalenError):
    pass


ERROR_PAGES = {
    400: (_l("Ongeldige aanvraag"), _l("De aanvraag kon niet verwerkt worden.")),
    403: (_l("Geen toegang"), _l("Je hebt geen toegang tot deze pagina.")),
    404: (_l("Niet gevonden"), _l("Deze pagina bestaat niet (meer).")),
    405: (_l("Niet toegelaten"), _l("Deze actie kan zo niet uitgevoerd worden.")),
    413: (_l("Bestand te groot"), _l("Het bestand is te groot om op te laden.")),
    500: (
        _l("Er liep iets mis"),
        _l("Er liep iets mis bij ons. Probeer het later opnieuw."),
    ),
}


def register_error_handlers(app: Flask) -> None:
    """Show a plain Dutch page for every HTTP error instead of a stack trace."""

    def make_handler(code: int):
        def handler(error):
            title, text = ERROR_PAGES[code]
            return (
                render_template("errors/error.html", code=code, title=title, text=text),
                code,
            )

        return handler

    for code in ERROR_PAGES:
        app.register_error_handler(code, make_handler(code))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return (
            render_template(
                "errors/error.html",
                code=400,
                title=_("Formulier verlopen"),
                text=_(
                    "Het formulier was verlopen. Ga terug, herlaad de pagina "
                    "en probeer opnieuw."
                ),
            ),
            400,
        )
