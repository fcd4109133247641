"""Forms of the bundles feature."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional

from signalen.errors import SignalenError
from signalen.forms import BaseForm
from signalen.textcheck import PersonalDataFound


class LocalDateField(DateField):
    """A date field whose format error is in plain Dutch."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Geef een geldige datum.")) from exc


class WholeNumberField(IntegerField):
    """An integer field whose format error is in plain Dutch."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Vul een geheel getal in.")) from exc


class ScheduleForm(BaseForm):
    def show_error(self, exc: SignalenError) -> None:
        """A service error next to its field; at the first day if it names none."""
        field = self[exc.field] if exc.field and exc.field in self else self.first_start
        field.errors = [*field.errors, exc.message]

    first_start = LocalDateField(
        _l("Eerste dag van de eerste periode"),
        validators=[InputRequired(_l("Kies een datum."))],
        description=_l("Afgesloten periodes veranderen niet meer."),
    )
    period_months = WholeNumberField(
        _l("Duur van een periode (maanden)"),
        validators=[
            InputRequired(_l("Vul een aantal maanden in.")),
            NumberRange(1, 120, _l("Kies een duur tussen 1 en 120 maanden.")),
        ],
        description=_l("Gewoonlijk 24 maanden: om de twee jaar een bundel."),
    )
    reminder_days = WholeNumberField(
        _l("Herinnering vooraf (dagen)"),
        validators=[
            InputRequired(_l("Vul een aantal dagen in.")),
            NumberRange(0, 365, _l("Kies een aantal dagen tussen 0 en 365.")),
        ],
        description=_l(
            "Zoveel dagen voor het einde zien coördinatoren en medewerkers "
            "met concepten een herinnering."
        ),
    )


class IntroductionForm(BaseForm):
    introduction = TextAreaField(
        _l("Inleiding"),
        validators=[Optional()],
        description=_l(
            "Staat bovenaan de bundel. Schrijf geen namen of andere persoonsgegevens."
        ),
    )
    pii: PersonalDataFound | None = None

    def show_error(self, exc: SignalenError) -> None:
        """Every error stands at the text (signalen.actions calls this); personal
        data is also kept for the box where it can be accepted."""
        if isinstance(exc, PersonalDataFound):
            self.pii = exc
        self.introduction.errors = [*self.introduction.errors, exc.message]
