from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from signalen.forms import REQUIRED_MESSAGE, BaseForm


class LoginForm(BaseForm):
    email = EmailField(
        _l("E-mailadres"),
        validators=[DataRequired(REQUIRED_MESSAGE), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[DataRequired(REQUIRED_MESSAGE), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Aanmelden"))


class ChangePasswordForm(BaseForm):
    current = PasswordField(
        _l("Huidig wachtwoord"),
        validators=[DataRequired(REQUIRED_MESSAGE)],
        render_kw={"autocomplete": "current-password"},
    )
    password = PasswordField(
        _l("Nieuw wachtwoord"),
        validators=[DataRequired(REQUIRED_MESSAGE)],
        description=_l("Minstens 10 tekens. Een korte zin is makkelijk te onthouden."),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Herhaal het nieuwe wachtwoord"),
        validators=[
            DataRequired(REQUIRED_MESSAGE),
            EqualTo("password", _l("De twee wachtwoorden zijn niet gelijk.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Wachtwoord wijzigen"))
