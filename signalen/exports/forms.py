"""The upload form for a filled-in bundle workbook."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired

from signalen.forms import BaseForm


class AnswerUploadForm(BaseForm):
    workbook = FileField(
        _l("Ingevuld Excel-bestand (.xlsx)"),
        validators=[FileRequired(_l("Kies het ingevulde bestand."))],
        description=_l(
            "Het bestand dat u van Signalen kreeg, met de antwoorden ingevuld. "
            "U ziet eerst wat er zou veranderen; er wordt nog niets bewaard."
        ),
    )
