"""The short form a worker fills in to record a signal."""

from __future__ import annotations

import secrets
from datetime import date
from functools import lru_cache

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from signalen.actions import place_error
from signalen.errors import SignalenError
from signalen.forms import REQUIRED_MESSAGE, BaseForm, CheckboxListField, as_choices
from signalen.signals.models import (
    IDEMPOTENCY_KEY_MAX,
    SOLUTION_MAX,
    TEXT_MAX,
    TITLE_MAX,
)
from signalen.textcheck import PersonalDataFound

MONTHS = [
    _l("januari"), _l("februari"), _l("maart"), _l("april"), _l("mei"), _l("juni"),
    _l("juli"), _l("augustus"), _l("september"), _l("oktober"), _l("november"),
    _l("december"),
]  # fmt: skip


INVALID_FORM = _l("Dit formulier is ongeldig. Laad de pagina opnieuw.")


def new_idempotency_key() -> str:
    """A fresh key for each form shown (128 random bits)."""
    return secrets.token_urlsafe(16)


def too_long(n: int):
    return Length(max=n, message=_l("Maximaal %(max)d tekens.", max=n))


@lru_cache(maxsize=8)
def translated_months(locale: str) -> tuple[tuple[str, str], ...]:
    return tuple((str(i), str(label)) for i, label in enumerate(MONTHS, start=1))


def month_names() -> tuple[tuple[str, str], ...]:
    """The months as (number, name), translated once per locale, not per page."""
    return translated_months(str(get_locale()))


CHOICE_LISTS = ("themes", "target_groups", "areas", "government_levels")


@lru_cache(maxsize=8)
def _field_choices(locale: str, year: int, themes, target_groups, areas, levels):
    """The fields' options for these lists, made once per process and version
    of the lists (tuples: WTForms only reads them)."""
    return {
        "themes": tuple(as_choices((t.id, t.label) for t in themes)),
        "target_groups": tuple(as_choices((t.id, t.label) for t in target_groups)),
        "areas": tuple(as_choices((a.id, a.label) for a in areas)),
        "government_level": tuple(
            as_choices(
                [("", _l("Weet ik niet"))] + [(str(g.id), g.label) for g in levels]
            )
        ),
        "observed_month": tuple(as_choices([("", "—"), *month_names()])),
        "observed_year": tuple(
            as_choices(
                [("", "—")] + [(str(y), str(y)) for y in range(year, year - 6, -1)]
            )
        ),
    }


class SignalForm(BaseForm):
    """The worker's signal; personal data found on saving opens the review box."""

    pii: PersonalDataFound | None = None

    def show_error(self, exc: SignalenError) -> None:
        if isinstance(exc, PersonalDataFound):
            self.pii = exc
        else:
            place_error(self, exc)

    title = StringField(
        _l("Titel"),
        validators=[DataRequired(REQUIRED_MESSAGE), too_long(TITLE_MAX)],
        description=_l("Eén zin die het probleem samenvat."),
    )
    description = TextAreaField(
        _l("Wat stel je vast?"),
        validators=[DataRequired(REQUIRED_MESSAGE), too_long(TEXT_MAX)],
        description=_l(
            "Beschrijf de situatie zonder namen, adressen of nummers van cliënten."
        ),
    )
    themes = CheckboxListField(
        _l("Thema's"),
        coerce=int,
        validators=[DataRequired(_l("Kies minstens één thema."))],
        validate_choice=True,
    )
    examples = TextAreaField(
        _l("Voorbeelden of citaten"),
        validators=[Optional(), too_long(TEXT_MAX)],
        description=_l("Anoniem: 'een alleenstaande moeder vertelt ...'."),
    )
    proposed_solution = TextAreaField(
        _l("Voorstel van oplossing"), validators=[Optional(), too_long(SOLUTION_MAX)]
    )
    target_groups = CheckboxListField(_l("Doelgroepen"), coerce=int)
    city_wide = BooleanField(_l("Stadsbreed (niet gebonden aan een wijk)"))
    areas = CheckboxListField(_l("Wijken"), coerce=int)
    observed_month = SelectField(_l("Maand"), coerce=str, validators=[Optional()])
    observed_year = SelectField(_l("Jaar"), coerce=str, validators=[Optional()])
    people_affected = IntegerField(
        _l("Hoeveel mensen ongeveer?"),
        validators=[
            Optional(),
            NumberRange(1, 1_000_000, _l("Geef een getal tussen 1 en 1.000.000.")),
        ],
        description=_l("Een schatting is goed."),
    )
    government_level = SelectField(
        _l("Wie kan dit oplossen?"), coerce=str, validators=[Optional()]
    )
    concerns_city_service = RadioField(
        _l("Gaat het over de dienstverlening van Stad of OCMW Gent?"),
        choices=as_choices(
            [("ja", _l("Ja")), ("nee", _l("Nee")), ("", _l("Weet ik niet"))]
        ),
        default="",
        validators=[Optional()],
    )
    version = HiddenField()
    intent = HiddenField(default="draft")
    # Made when the form is shown; kept when it comes back with errors, so the
    # same form sent again finds the signal it stored (see record_signal_once).
    idempotency_key = HiddenField(
        _l("Formulier"),
        default=new_idempotency_key,
        validators=[
            Optional(),
            Length(max=IDEMPOTENCY_KEY_MAX, message=INVALID_FORM),
            Regexp(r"^[A-Za-z0-9_-]+$", message=INVALID_FORM),
        ],
    )

    def fill_choices(self, choices: dict, today: date) -> None:
        """Set the choice lists from the active reference data."""
        lists = _field_choices(
            str(get_locale()),
            today.year,
            *(tuple(choices[name]) for name in CHOICE_LISTS),
        )
        for name, options in lists.items():
            getattr(self, name).choices = options

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.city_wide.data and self.areas.data:
            self.areas.errors.append(_l("Kies 'stadsbreed' of wijken, niet allebei."))
            ok = False
        if self.observed_month.data and not self.observed_year.data:
            self.observed_year.errors.append(_l("Kies ook het jaar."))
            ok = False
        return ok


class AnswerForm(BaseForm):
    answer = TextAreaField(
        _l("Je antwoord"),
        validators=[DataRequired(REQUIRED_MESSAGE), too_long(TEXT_MAX)],
    )


class SignalFilterForm(BaseForm):
    class Meta:
        csrf = False

    theme = SelectField(_l("Thema"), coerce=str, validators=[Optional()])
    status = SelectField(_l("Status"), coerce=str, validators=[Optional()])
    q = StringField(
        _l("Zoeken in titel en beschrijving"), validators=[Optional(), too_long(200)]
    )
    month_from = StringField(
        _l("Geregistreerd vanaf (maand)"),
        validators=[
            Optional(),
            Regexp(r"^\d{4}-\d{2}$", message=_l("Kies een maand.")),
        ],
    )
    month_to = StringField(
        _l("Geregistreerd tot en met (maand)"),
        validators=[
            Optional(),
            Regexp(r"^\d{4}-\d{2}$", message=_l("Kies een maand.")),
        ],
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        start, end = self.month(self.month_from), self.month(self.month_to)
        if start and end and start > end:
            self.month_to.errors.append(
                _l("Deze maand ligt vóór de eerste maand: er kan niets tussen liggen.")
            )
            ok = False
        return ok

    @staticmethod
    def month(field) -> tuple[int, int] | None:
        """(year, month) of a valid YYYY-MM value, else None."""
        value = field.data or ""
        if field.errors or len(value) != 7:
            return None
        year, month = int(value[:4]), int(value[5:])
        return (year, month) if 1 <= month <= 12 and year >= 1900 else None


class WithdrawForm(BaseForm):
    default_field = "reason"

    reason = TextAreaField(
        _l("Waarom trek je dit signaal in?"),
        validators=[DataRequired(REQUIRED_MESSAGE), too_long(TEXT_MAX)],
        description=_l("De coördinator ziet deze reden in de geschiedenis."),
    )


class ConfirmForm(BaseForm):
    """Only the CSRF token: a button that must come from our own page."""
