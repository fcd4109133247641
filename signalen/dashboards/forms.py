"""The filters of the dashboards: a bundle and a period."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from signalen.forms import BaseForm

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2999, 12, 31)


def in_range(form, field) -> None:
    if field.data and not FIRST_DAY <= field.data <= LAST_DAY:
        raise ValidationError(_l("Kies een datum tussen 2000 en 2999."))


class DashboardFilterForm(BaseForm):
    class Meta:
        csrf = False

    bundle = SelectField(_l("Bundel"), coerce=str, validators=[Optional()])
    date_from = DateField(
        _l("Ingediend vanaf"), validators=[Optional(), in_range], format="%Y-%m-%d"
    )
    date_to = DateField(
        _l("Ingediend tot en met"),
        validators=[Optional(), in_range],
        format="%Y-%m-%d",
    )

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("Kies een einddatum na de begindatum."))
