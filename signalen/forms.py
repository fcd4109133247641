"""Form base classes shared by every feature."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, widgets
from wtforms.fields.choices import SelectChoice

from signalen.text import drop_control_characters


def strip_filter(value):
    """Surrounding white space goes, and control characters such as NUL (no
    database stores a NUL, no XML file format any of them)."""
    return drop_control_characters(value).strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """Strips surrounding whitespace from every text field."""

    class Meta:
        # WTForms' own Dutch messages, loaded once per process (Flask-WTF's
        # translations would be read again on every request).
        locales = ("nl",)

        def bind_field(self, form, unbound_field, options):
            filters = unbound_field.kwargs.get("filters", [])
            if strip_filter not in filters:
                filters = [strip_filter, *filters]
            return unbound_field.bind(form=form, filters=filters, **options)


class ButtonForm(BaseForm):
    """An empty form: a CSRF token for POST buttons."""


class CheckboxListField(SelectMultipleField):
    """Several choices as a list of checkboxes (easier than a multi-select)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def as_choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


REQUIRED_MESSAGE = _l("Dit veld is verplicht.")
