"""The form the city and the coordinators use for a follow-up step."""

from __future__ import annotations

from flask import flash
from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, NumberRange, Optional

from signalen.errors import SignalenError
from signalen.followup.models import POLITICAL_STATUSES, ROUTES, STATUSES
from signalen.followup.services import SHORT_MAX, SOURCE_MAX, TEXT_MAX, FollowUpState
from signalen.forms import REQUIRED_MESSAGE, BaseForm, as_choices
from signalen.responses.forms import too_long
from signalen.textcheck import PersonalDataFound


def _with_empty(mapping: dict, empty) -> list:
    return as_choices([("", empty), *mapping.items()])


DATE_MESSAGE = _l("Geef een datum als jjjj-mm-dd.")


class FollowUpForm(BaseForm):
    department = StringField(
        _l("Verantwoordelijke dienst"), validators=[too_long(SHORT_MAX)]
    )
    contact_role = StringField(
        _l("Contactpersoon (functie, geen naam)"),
        validators=[too_long(SHORT_MAX)],
        description=_l("Bv. beleidsmedewerker wonen."),
    )
    route = SelectField(
        _l("Route"), choices=_with_empty(ROUTES, _l("Nog niet bepaald"))
    )
    status = SelectField(
        _l("Status"), choices=_with_empty(STATUSES, _l("Nog niet bepaald"))
    )
    progress = IntegerField(
        _l("Voortgang (0 tot 100 %)"),
        default=0,
        validators=[
            Optional(),
            NumberRange(0, 100, message=_l("Een getal van 0 tot 100.")),
        ],
    )
    political_status = SelectField(
        _l("Politieke stand"),
        choices=_with_empty(POLITICAL_STATUSES, _l("Nog niets")),
    )
    political_date = DateField(
        _l("Datum van de politieke stand"),
        validators=[Optional()],
        format="%Y-%m-%d",
    )
    political_source = StringField(
        _l("Bron"),
        validators=[too_long(SOURCE_MAX)],
        description=_l("Bv. gemeenteraad van 23 juni, bestuursakkoord p. 12."),
    )
    budget_amount = IntegerField(
        _l("Budget (euro)"),
        validators=[Optional(), NumberRange(1, message=_l("Een bedrag vanaf 1."))],
    )
    budget_year = IntegerField(
        _l("Budgetjaar"),
        validators=[Optional(), NumberRange(2000, 2100, message=_l("Bv. 2027."))],
    )
    reason = TextAreaField(
        _l("Reden (bij niet weerhouden)"), validators=[too_long(TEXT_MAX)]
    )
    promise = StringField(
        _l("Belofte (optioneel)"),
        validators=[too_long(SOURCE_MAX)],
        description=_l("Wat de stad belooft, bv. extra digipunten."),
    )
    promise_due = DateField(
        _l("Beloofd tegen"), validators=[Optional()], format="%Y-%m-%d"
    )
    step_date = DateField(
        _l("Datum van deze stap"), validators=[Optional()], format="%Y-%m-%d"
    )
    note = TextAreaField(
        _l("Wat gebeurde er? (optioneel)"),
        validators=[too_long(TEXT_MAX)],
        description=_l(
            "Dit lezen de medewerkers die het signaal gaven. Geen namen of "
            "andere persoonsgegevens."
        ),
    )

    def fill(self, state: FollowUpState) -> None:
        """Start from the current state: a step changes only what changed."""
        for name in FollowUpState.__dataclass_fields__:
            getattr(self, name).data = getattr(state, name)

    def state(self) -> FollowUpState:
        values = {
            name: getattr(self, name).data
            for name in FollowUpState.__dataclass_fields__
        }
        values["progress"] = values["progress"] or 0
        return FollowUpState(**values)


class OverviewFilterForm(BaseForm):
    """The filters of the answers overview (a GET form; choices set by the view)."""

    class Meta:
        csrf = False

    bundel = SelectField(_l("Bundel"), validators=[Optional()])
    thema = SelectField(_l("Thema"), validators=[Optional()])
    status = SelectField(
        _l("Status"), choices=_with_empty(STATUSES, _l("Alle")), validators=[Optional()]
    )
    route = SelectField(
        _l("Route"), choices=_with_empty(ROUTES, _l("Alle")), validators=[Optional()]
    )
    dienst = SelectField(_l("Dienst"), validators=[Optional()])
    soort = SelectField(_l("Soort antwoord"), validators=[Optional()])
    te_laat = SelectField(
        _l("Te laat"),
        choices=as_choices(
            [
                ("", _l("Alles tonen")),
                ("geen_antwoord", _l("Nog geen antwoord")),
                ("belofte", _l("Belofte over datum")),
            ]
        ),
        validators=[Optional()],
    )
    weken = IntegerField(
        _l("Geen antwoord na (weken)"),
        default=8,
        validators=[
            Optional(),
            NumberRange(1, 520, message=_l("Een aantal weken van 1 tot 520.")),
        ],
    )


class EvaluationScheduleForm(BaseForm):
    """The coordinator sets the date of the year's evaluation."""

    year = IntegerField(
        _l("Jaar"),
        validators=[
            DataRequired(REQUIRED_MESSAGE),
            NumberRange(2000, 2100, message=_l("Bv. 2027.")),
        ],
    )
    due_date = DateField(
        _l("Datum van de evaluatie"),
        validators=[DataRequired(DATE_MESSAGE)],
        format="%Y-%m-%d",
        description=_l("Vanaf een maand ervoor herinnert Signalen de coördinatoren."),
    )


class VerdictsForm(BaseForm):
    """CSRF for the verdicts page; its inputs are one select and text per item.

    Errors that name an item's input stand next to it (`problems`); personal
    data found in a text stands on top, with the text kept.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems: dict[str, str] = {}

    def show_error(self, exc: SignalenError) -> None:
        errors = getattr(exc, "errors", None) or {exc.field or "": exc.message}
        if isinstance(exc, PersonalDataFound):
            errors = {f.field: f.explanation for f in exc.findings}
        for name, message in errors.items():
            if name:
                self.problems[name] = message
            else:
                flash(message, "error")
