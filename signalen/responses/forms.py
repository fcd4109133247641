"""The form the city uses to type an answer in the app."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from signalen.forms import REQUIRED_MESSAGE, BaseForm, as_choices
from signalen.responses.models import (
    FOLLOW_UP_ROUTES,
    PROGRESS_STATUSES,
    RESPONSE_TYPES,
)
from signalen.responses.services import DEPARTMENT_MAX, POLITICAL_STATUS_MAX, TEXT_MAX


def too_long(n: int):
    return Length(max=n, message=_l("Maximaal %(max)d tekens.", max=n))


def _with_empty(mapping: dict, empty) -> list:
    return as_choices([("", empty), *mapping.items()])


class AnswerForm(BaseForm):
    response_type = SelectField(
        _l("Soort antwoord"),
        validators=[DataRequired(REQUIRED_MESSAGE)],
        choices=_with_empty(RESPONSE_TYPES, _l("Kies")),
    )
    text = TextAreaField(
        _l("Antwoord"),
        validators=[DataRequired(REQUIRED_MESSAGE), too_long(TEXT_MAX)],
        description=_l("Dit lezen de medewerkers die het signaal gaven. "
                       "Geen namen of andere persoonsgegevens."),
    )  # fmt: skip
    department = StringField(_l("Dienst"), validators=[too_long(DEPARTMENT_MAX)])
    follow_up_route = SelectField(
        _l("Opvolging"), choices=_with_empty(FOLLOW_UP_ROUTES, _l("Nog niet bepaald"))
    )
    progress = SelectField(
        _l("Stand van zaken"),
        choices=_with_empty(PROGRESS_STATUSES, _l("Nog niet bepaald")),
    )
    political_status = StringField(
        _l("Politieke stand (optioneel)"),
        validators=[too_long(POLITICAL_STATUS_MAX)],
        description=_l("Bv. in het bestuursakkoord, besparingstoets doorstaan."),
    )
