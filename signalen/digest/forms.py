"""The digest switch on the account page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from signalen.forms import BaseForm


class DigestForm(BaseForm):
    wanted = BooleanField(
        _l("Stuur me elke ochtend een e-mail als er nieuws is over mijn signalen"),
        description=_l(
            "Alleen de titels van je signalen, geen andere tekst. "
            "Niets nieuw: geen e-mail."
        ),
    )
