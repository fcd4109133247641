"""Forms of the beheerder: reference rows, organisations, accounts, filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from signalen.forms import REQUIRED_MESSAGE, BaseForm, as_choices
from signalen.permissions import Role

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def too_long(n: int) -> Length:
    return Length(max=n, message=_l("Maximaal %(max)d tekens.", max=n))


class ReferenceForm(BaseForm):
    """Add or edit one row of a reference list; unused fields are removed."""

    label = StringField(
        _l("Naam"), validators=[DataRequired(REQUIRED_MESSAGE), too_long(160)]
    )
    description = TextAreaField(
        _l("Uitleg"),
        validators=[Optional(), too_long(1000)],
        description=_l("Korte uitleg die medewerkers helpt kiezen (niet verplicht)."),
    )
    group = SelectField(
        _l("Sociaal grondrecht"),
        coerce=str,
        validators=[DataRequired(_l("Kies een grondrecht."))],
    )
    zone = StringField(
        _l("Zone"),
        validators=[Optional(), too_long(80)],
        description=_l("Bijvoorbeeld: Binnenstad, 19e-eeuwse gordel."),
    )
    position = IntegerField(
        _l("Plaats in de lijst"),
        validators=[
            Optional(),
            NumberRange(min=1, message=_l("Geef een getal vanaf 1.")),
        ],
        description=_l("1 is bovenaan."),
    )

    @classmethod
    def for_kind(cls, extra_fields: tuple[str, ...], *, editing: bool, **kwargs):
        form = cls(**kwargs)
        for name in ("description", "group", "zone"):
            if name not in extra_fields:
                delattr(form, name)
        if not editing:
            delattr(form, "position")
        return form


class MergeThemeForm(BaseForm):
    target = SelectField(
        _l("Samenvoegen met"),
        coerce=str,
        validators=[DataRequired(_l("Kies een thema."))],
        description=_l(
            "Nieuwe signalen krijgen dit thema. Bestaande signalen houden hun "
            "thema; in tellingen gaan ze mee met het gekozen thema."
        ),
    )


class OrganisationForm(BaseForm):
    name = StringField(
        _l("Naam"), validators=[DataRequired(REQUIRED_MESSAGE), too_long(160)]
    )
    kind = SelectField(_l("Soort organisatie"), coerce=str, validators=[Optional()])
    anonymous_to_city = BooleanField(
        _l("Niet bij naam noemen tegenover de stad"),
        description=_l(
            "De stad ziet dan niet dat deze signalen van deze organisatie komen. "
            "Coördinatoren zien het wel."
        ),
    )


def role_pairs() -> list[tuple[str, str]]:
    return [(role.value, role.label) for role in Role]


class UserForm(BaseForm):
    """Create an account (e-mail and password) or edit one (name, role, org)."""

    email = EmailField(
        _l("E-mailadres"),
        validators=[
            DataRequired(REQUIRED_MESSAGE),
            Regexp(EMAIL_PATTERN, message=_l("Dit is geen geldig e-mailadres.")),
            too_long(254),
        ],
    )
    display_name = StringField(
        _l("Naam"),
        validators=[DataRequired(REQUIRED_MESSAGE), too_long(120)],
        description=_l("Zoals collega's de persoon kennen."),
    )
    role = SelectField(
        _l("Rol"), coerce=str, validators=[DataRequired(_l("Kies een rol."))]
    )
    organisation = SelectField(
        _l("Organisatie"),
        coerce=str,
        validators=[DataRequired(_l("Kies een organisatie."))],
    )
    password_choice = RadioField(
        _l("Wachtwoord"),
        choices=as_choices(
            [
                ("generate", _l("Laat Signalen een wachtwoord maken")),
                ("own", _l("Ik typ zelf een wachtwoord")),
            ]
        ),
        default="generate",
        validators=[InputRequired(REQUIRED_MESSAGE)],
    )
    password = PasswordField(
        _l("Eigen wachtwoord"),
        validators=[Optional()],
        description=_l("Alleen nodig als je zelf een wachtwoord typt."),
    )

    @classmethod
    def for_mode(cls, *, creating: bool, **kwargs):
        form = cls(**kwargs)
        if not creating:
            for name in ("email", "password_choice", "password"):
                delattr(form, name)
        return form


class UserFilterForm(BaseForm):
    class Meta:
        csrf = False

    # Capped: a long search pattern is refused by the database (SQLite: LIKE
    # pattern too complex), and nobody types 200 characters of a name.
    q = StringField(_l("Naam of e-mail bevat"), validators=[Optional(), too_long(200)])
    role = SelectField(_l("Rol"), coerce=str, validators=[Optional()])
    organisation = SelectField(_l("Organisatie"), coerce=str, validators=[Optional()])
    active = SelectField(
        _l("Actief"),
        coerce=str,
        choices=as_choices(
            [("", _l("Alle")), ("ja", _l("Actief")), ("nee", _l("Uitgeschakeld"))]
        ),
        validators=[Optional()],
    )
