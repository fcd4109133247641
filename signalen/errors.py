"""Domain errors and friendly Dutch error pages."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, g, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError

log = logging.getLogger("signalen.errors")


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


def shows_personal_data() -> None:
    """Mark this response: it shows detected personal data (a finding next to a
    field, a highlighted span), so no browser or proxy may keep a copy."""
    g.shows_personal_data = True


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
        if code != 500:
            app.register_error_handler(code, make_handler(code))

    @app.errorhandler(500)
    def server_error(error):
        return failure_page(500, *ERROR_PAGES[500])

    @app.errorhandler(DBAPIError)
    def database_error(error):
        log.warning("database unavailable: %s", type(error.orig).__name__)
        return failure_page(
            503,
            _("Even geen verbinding"),
            _(
                "De databank is even niet bereikbaar. Er is niets bewaard. "
                "Probeer het over een minuut opnieuw."
            ),
        )

    @app.after_request
    def no_store_personal_data(response):
        if g.get("shows_personal_data"):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        # Nothing was stored; what was typed is shown back to copy, and the
        # form is one click away (never re-sent from here: a forged POST from
        # elsewhere lands here too).
        kept = typed_values()
        return (
            render_template(
                "errors/error.html",
                code=400,
                title=_("Formulier verlopen"),
                text=_(
                    "Het formulier was te lang open of je was intussen afgemeld: "
                    "er is niets bewaard."
                )
                + (" " + _("Wat je typte staat hieronder.") if kept else ""),
                kept=kept,
                back=same_site_referrer(),
            ),
            400,
        )


def same_site_referrer() -> str | None:
    """The page the form came from, if it is one of ours (path and query only)."""
    referrer = urlsplit(request.referrer or "")
    if not referrer.path.startswith("/") or referrer.netloc != request.host:
        return None
    return referrer.path + ("?" + referrer.query if referrer.query else "")


# Fields never shown back on an error page.
_NOT_SHOWN = ("password", "current", "csrf_token", "code")


def typed_values() -> list[tuple[str, str]]:
    """What the user typed in the failed POST, so nothing is lost: shown back on
    the error page to copy (passwords, codes and tokens excluded)."""
    if request.method != "POST":
        return []
    return [
        (str(_FIELD_LABELS.get(name, _l("Tekst"))), value)
        for name, value in request.form.items(multi=True)
        if any(c.isalpha() for c in value)
        and not any(part in name for part in _NOT_SHOWN)
    ]


_FIELD_LABELS = {
    "title": _l("Titel"),
    "description": _l("Beschrijving"),
    "examples": _l("Voorbeelden of citaten"),
    "solution": _l("Voorgestelde oplossing"),
    "summary": _l("Samenvatting"),
    "question": _l("Vraag"),
    "answer": _l("Antwoord"),
    "reason": _l("Reden"),
    "text": _l("Tekst"),
    "email": _l("E-mailadres"),
    "name": _l("Naam"),
}


def failure_page(code: int, title: str, text: str):
    """A Dutch page for a failure of ours; never touches the database again."""
    from signalen.extensions import db

    try:
        db.session.rollback()
    except Exception:  # the connection may be gone; the page must still show
        log.exception("rollback after a failure")
    kept = typed_values()
    try:
        html = render_template(
            "errors/failure.html", code=code, title=title, text=text, kept=kept
        )
    except Exception:  # the base page reads the user from the database
        html = render_template(
            "errors/failure_bare.html", code=code, title=title, text=text, kept=kept
        )
    return html, code
