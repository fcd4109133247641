"""Forms of the coordinator's screens."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from signalen.coordination.models import STRUCTURAL_STATUS_LABELS
from signalen.forms import REQUIRED_MESSAGE, BaseForm, CheckboxListField, as_choices

SORT_LABELS = {
    "newest": _l("Nieuwste eerst"),
    "oldest": _l("Oudste eerst"),
    "title": _l("Titel (A-Z)"),
    "organisation": _l("Organisatie (A-Z)"),
}


def too_long(n: int):
    return Length(max=n, message=_l("Maximaal %(max)d tekens.", max=n))


class InboxFilterForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField(_l("Zoeken in de tekst"), validators=[Optional(), too_long(200)])
    theme = SelectField(_l("Thema"), coerce=str, validators=[Optional()])
    status = SelectField(_l("Status"), coerce=str, validators=[Optional()])
    target_group = SelectField(_l("Doelgroep"), coerce=str, validators=[Optional()])
    area = SelectField(_l("Wijk"), coerce=str, validators=[Optional()])
    organisation = SelectField(_l("Organisatie"), coerce=str, validators=[Optional()])
    level = SelectField(_l("Bestuursniveau"), coerce=str, validators=[Optional()])
    month_from = StringField(
        _l("Ingediend vanaf (maand)"), validators=[Optional(), too_long(7)]
    )
    month_to = StringField(
        _l("Ingediend tot en met (maand)"), validators=[Optional(), too_long(7)]
    )
    sort = SelectField(
        _l("Sorteren"),
        coerce=str,
        choices=as_choices(SORT_LABELS.items()),
        default="newest",
        validators=[Optional()],
    )


class QuestionForm(BaseForm):
    default_field = "question"

    question = TextAreaField(
        _l("Vraag aan de medewerker"),
        validators=[DataRequired(REQUIRED_MESSAGE), too_long(3000)],
        description=_l("De medewerker ziet je vraag bij het signaal."),
    )


class NotStructuralForm(BaseForm):
    default_field = "reason"

    reason = TextAreaField(
        _l("Waarom is dit geen structureel signaal?"),
        validators=[DataRequired(REQUIRED_MESSAGE), too_long(3000)],
        description=_l("De medewerker ziet deze uitleg."),
    )


class LinkForm(BaseForm):
    default_field = "structural"

    # A search field, not a drop-down of thousands: a reference (the
    # suggestions show "SS-… · title") or words of the title.
    structural = StringField(
        _l("Structureel signaal"),
        validators=[DataRequired(_l("Kies een structureel signaal.")), too_long(300)],
        description=_l("Typ het nummer (SS-…) of woorden uit de titel."),
    )


class UnlinkForm(BaseForm):
    back = HiddenField()


class SaveFilterForm(BaseForm):
    name = StringField(
        _l("Naam van de filter"),
        validators=[DataRequired(REQUIRED_MESSAGE), too_long(80)],
    )
    query = HiddenField()


class StructuralForm(BaseForm):
    default_field = "title"

    title = StringField(
        _l("Titel"),
        validators=[DataRequired(REQUIRED_MESSAGE), too_long(200)],
        description=_l("Het probleem in één duidelijke, neutrale zin."),
    )
    summary = TextAreaField(
        _l("Samenvatting"),
        validators=[Optional(), too_long(5000)],
        description=_l("In eenvoudige taal: wat is het probleem, voor wie, waar?"),
    )
    themes = CheckboxListField(_l("Thema's"), coerce=int)
    target_groups = CheckboxListField(_l("Doelgroepen"), coerce=int)
    city_wide = BooleanField(_l("Stadsbreed (niet gebonden aan een wijk)"))
    areas = CheckboxListField(_l("Wijken"), coerce=int)
    government_level = SelectField(
        _l("Bestuursniveau"), coerce=str, validators=[Optional()]
    )
    owner = SelectField(
        _l("Trekker (organisatie)"), coerce=str, validators=[Optional()]
    )
    status = SelectField(
        _l("Status"),
        coerce=str,
        choices=as_choices(
            (s.value, label) for s, label in STRUCTURAL_STATUS_LABELS.items()
        ),
        default="open",
    )
    version = HiddenField()

    def fill_choices(self, choices: dict, organisations: list) -> None:
        """Set the choice lists from the reference data."""
        self.themes.choices = as_choices((t.id, t.label) for t in choices["themes"])
        self.target_groups.choices = as_choices(
            (t.id, t.label) for t in choices["target_groups"]
        )
        self.areas.choices = as_choices((a.id, a.label) for a in choices["areas"])
        self.government_level.choices = as_choices(
            [("", _l("Nog niet bepaald"))]
            + [(str(g.id), g.label) for g in choices["government_levels"]]
        )
        self.owner.choices = as_choices(
            [("", _l("Nog geen trekker"))]
            + [(str(o.id), o.name) for o in organisations]
        )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.city_wide.data and self.areas.data:
            self.areas.errors.append(_l("Kies 'stadsbreed' of wijken, niet allebei."))
            ok = False
        return ok
