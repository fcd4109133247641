"""Forms of the redaction pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from signalen.forms import REQUIRED_MESSAGE, BaseForm
from signalen.signals.models import TEXT_MAX


class RedactionForm(BaseForm):
    """Pick a text, give the exact piece to remove; preview, then confirm."""

    default_field = "span"

    field = SelectField(
        _l("In welke tekst?"),
        coerce=str,
        validate_choice=False,  # the service says which texts exist
        validators=[DataRequired(message=REQUIRED_MESSAGE)],
    )
    span = TextAreaField(
        _l("Welk stuk verwijderen? (letterlijk zoals in de tekst)"),
        validators=[
            DataRequired(message=REQUIRED_MESSAGE),
            Length(max=TEXT_MAX, message=_l("Maximaal %(max)d tekens.", max=TEXT_MAX)),
        ],
    )
    preview = SubmitField(_l("Voorbeeld tonen"))
    confirm = SubmitField(_l("Definitief verwijderen"))


class LookupForm(BaseForm):
    """A beheerder finds a text by the reference of its signal or item."""

    class Meta:
        csrf = False  # a GET search

    referentie = StringField(
        _l("Referentie (S-…, SS-… of een bundelpunt)"),
        validators=[Optional(), Length(max=30, message=_l("Maximaal 30 tekens."))],
    )


class RetentionForm(BaseForm):
    """How long the free text of a signal is kept."""

    keep_months = SelectField(
        _l("Vrije tekst van een signaal bewaren"), coerce=str, validate_choice=False
    )

    def chosen_months(self) -> int | None:
        """The months chosen; -1 for anything that is not a choice (the
        service refuses it with a message)."""
        value = self.keep_months.data or ""
        if value == "":
            return None
        ok = value.isascii() and value.isdigit() and len(value) <= 4
        return int(value) if ok else -1
