"""The filters of the audit log page."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from signalen.forms import BaseForm

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2999, 12, 31)


def in_log_range(form, field) -> None:
    """A day the log can hold: 9999-12-31 plus one day (the end of the range)
    would overflow, and year 1 has no midnight in Ghent's zone before it."""
    if field.data and not FIRST_DAY <= field.data <= LAST_DAY:
        raise ValidationError(_l("Kies een datum tussen 2000 en 2999."))


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False

    action = SelectField(_l("Actie"), coerce=str, validators=[Optional()])
    # Capped: a long search pattern is refused by the database (SQLite: LIKE
    # pattern too complex); an e-mail address is shorter than this.
    actor = StringField(
        _l("Door (e-mail bevat)"),
        validators=[
            Optional(),
            Length(max=200, message=_l("Maximaal %(max)d tekens.", max=200)),
        ],
    )
    object_type = SelectField(_l("Soort object"), coerce=str, validators=[Optional()])
    date_from = DateField(
        _l("Van"),
        validators=[Optional(), in_log_range],
        format="%Y-%m-%d",
    )
    date_to = DateField(
        _l("Tot en met"), validators=[Optional(), in_log_range], format="%Y-%m-%d"
    )
