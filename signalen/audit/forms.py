"""The filters of the audit log page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Optional

from signalen.forms import BaseForm


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False

    action = SelectField(_l("Actie"), coerce=str, validators=[Optional()])
    actor = StringField(_l("Door (e-mail bevat)"), validators=[Optional()])
    object_type = SelectField(_l("Soort object"), coerce=str, validators=[Optional()])
    date_from = DateField(
        _l("Van"),
        validators=[Optional()],
        format="%Y-%m-%d",
    )
    date_to = DateField(_l("Tot en met"), validators=[Optional()], format="%Y-%m-%d")
