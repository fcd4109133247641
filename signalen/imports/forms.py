"""Forms of the import: the upload, and the mapping of columns and list values."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField
from wtforms.validators import Length

from signalen.forms import BaseForm, as_choices
from signalen.imports.rows import FIELDS, LISTS

NO_COLUMN = ""
REFUSE = "0"


class UploadForm(BaseForm):
    file = FileField(
        _l("Bestand (.csv of .xlsx)"),
        validators=[FileRequired(_l("Kies een bestand."))],
        description=_l(
            "De eerste rij bevat de kolomnamen. U koppelt daarna de kolommen en "
            "ziet een voorbeeld; er wordt nog niets bewaard."
        ),
    )
    source = StringField(
        _l("Bron"),
        validators=[Length(max=120)],
        description=_l("Waar komt de lijst vandaan? Bv. 'Signalentool 2015-2020'."),
    )
    organisation = SelectField(_l("Voor organisatie"), coerce=int, choices=[])


class MappingForm(BaseForm):
    """One select per field (the file's columns), plus a theme for rows without."""

    default_theme = SelectField(
        _l("Thema voor rijen zonder thema"),
        choices=[],
        validate_choice=False,
        description=_l("Laat leeg om rijen zonder thema te weigeren."),
    )


def mapping_form(headers: list[str], themes, unknown: dict, data=None) -> MappingForm:
    """The mapping form for one file, with a select per unknown list value."""
    columns = as_choices(
        [(NO_COLUMN, str(_l("— geen kolom —")))] + [(h, h) for h in headers]
    )
    attrs: dict = {}
    for name, (label, _required) in FIELDS.items():
        # the service checks the header (a missing select is "no column")
        attrs[name] = SelectField(label, choices=columns, validate_choice=False)
    for kind in LISTS:
        for index, _item in enumerate(unknown.get(kind, [])):
            attrs[f"value_{kind}_{index}"] = SelectField(
                choices=[], validate_choice=False
            )
    form_class = type("FileMappingForm", (MappingForm,), attrs)
    form = form_class(data=data)
    form.default_theme.choices = as_choices(
        [("", str(_l("— geen: weigeren —")))] + [(str(t.id), t.label) for t in themes]
    )
    return form
