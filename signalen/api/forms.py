"""The beheerder's form to issue an API token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from signalen.forms import REQUIRED_MESSAGE, BaseForm


class TokenForm(BaseForm):
    name = StringField(
        _l("Naam van de sleutel"),
        validators=[DataRequired(REQUIRED_MESSAGE), Length(max=120)],
        description=_l("Waarvoor dient hij? Bijvoorbeeld 'Wijkmonitor dienst Data'."),
    )
    user = SelectField(
        _l("Account"),
        coerce=str,
        validators=[DataRequired(REQUIRED_MESSAGE)],
        description=_l(
            "De sleutel ziet wat dit account ziet: een account van de stad "
            "leest alleen gepubliceerde bundels."
        ),
    )
