"""Forms of prioritisation rounds, and parsing of the ballot and decision forms.

The ballot has one group of inputs per bundle item, so it is read from the
request data by `parse_ballot` (plain values for the service, which checks
every rule); WTForms only guards it with CSRF.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import flash
from flask_babel import lazy_gettext as _l
from wtforms import (
    DateTimeLocalField,
    FieldList,
    FloatField,
    Form,
    FormField,
    IntegerField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from signalen.clock import LOCAL_ZONE, to_local
from signalen.errors import SignalenError
from signalen.forms import REQUIRED_MESSAGE, BaseForm, as_choices
from signalen.prioritisation.ballots import EntryInput
from signalen.prioritisation.decisions import DecisionInput
from signalen.prioritisation.errors import FieldErrors
from signalen.prioritisation.models import ROUND_METHOD_LABELS, RoundMethod
from signalen.prioritisation.rounds import DEFAULT_CRITERIA
from signalen.textcheck import PersonalDataFound

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
CRITERIA_ROWS = 7


def local_to_utc(value: datetime) -> datetime:
    """A time typed in Ghent (naive) as an aware UTC datetime."""
    return value.replace(tzinfo=LOCAL_ZONE).astimezone(UTC)


def utc_to_local(value: datetime) -> datetime:
    """An aware datetime as naive Ghent time for a datetime-local input."""
    return to_local(value).replace(tzinfo=None)


class PlacesErrors(BaseForm):
    """Shows a service error where this page shows it (signalen.actions calls
    `show_error`): several fields at once (FieldErrors), inputs outside WTForms
    (one per bundle item, kept in `problems` when `item_inputs`), personal data
    with its accept boxes (`pii`); anything else on top of the page."""

    item_inputs = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems: dict[str, str] = {}
        self.pii: PersonalDataFound | None = None

    def show_error(self, exc: SignalenError) -> None:
        if isinstance(exc, PersonalDataFound):
            self.pii = exc
            return
        errors = (
            exc.errors if isinstance(exc, FieldErrors) else {exc.field: exc.message}
        )
        for name, message in errors.items():
            if name and name in self:
                self[name].errors = [*self[name].errors, message]
            elif name and self.item_inputs:
                self.problems[name] = message
            else:
                flash(message, "error")


class PageForm(PlacesErrors):
    """CSRF for a page read by hand (participants): errors on top of the page."""


class ItemsForm(PlacesErrors):
    """CSRF for the ballot and the decision pages: errors next to each item."""

    item_inputs = True


class CriterionForm(Form):
    label = StringField(_l("Criterium"), validators=[Optional(), Length(max=160)])
    weight = FloatField(
        _l("Gewicht"),
        validators=[
            Optional(),
            NumberRange(0.1, 10, _l("Een gewicht tussen 0,1 en 10.")),
        ],
    )


class RoundForm(PlacesErrors):
    class Meta(BaseForm.Meta):
        def bind_field(self, form, unbound_field, options):
            # FieldList refuses filters; its enclosed fields are stripped by hand.
            if unbound_field.field_class in (FieldList, FormField):
                return unbound_field.bind(form=form, **options)
            return BaseForm.Meta.bind_field(self, form, unbound_field, options)

    title = StringField(
        _l("Titel van de ronde"),
        validators=[DataRequired(REQUIRED_MESSAGE), Length(max=200)],
    )
    explanation = TextAreaField(
        _l("Uitleg voor de deelnemers"),
        validators=[Optional(), Length(max=4000)],
        description=_l(
            "In gewone taal: waarom deze ronde, wat gebeurt er met de uitkomst."
        ),
    )
    method = RadioField(
        _l("Hoe kiezen de deelnemers?"),
        choices=as_choices(
            (m.value, label) for m, label in ROUND_METHOD_LABELS.items()
        ),
        default=RoundMethod.POINTS.value,
        validators=[DataRequired(REQUIRED_MESSAGE)],
    )
    opens_at = DateTimeLocalField(
        _l("Opent op"),
        format=DATETIME_FORMAT,
        validators=[DataRequired(_l("Geef een datum en uur."))],
    )
    closes_at = DateTimeLocalField(
        _l("Sluit op"),
        format=DATETIME_FORMAT,
        validators=[DataRequired(_l("Geef een datum en uur."))],
    )
    points_total = IntegerField(
        _l("Aantal punten per deelnemer"),
        default=10,
        validators=[Optional(), NumberRange(1, 100)],
    )
    points_max_per_item = IntegerField(
        _l("Maximum punten per signaal"),
        default=3,
        validators=[Optional(), NumberRange(1, 100)],
    )
    pick_count = IntegerField(
        _l("Hoeveel signalen kiest elke deelnemer?"),
        default=5,
        validators=[Optional(), NumberRange(1, 100)],
    )
    criteria = FieldList(
        FormField(CriterionForm), min_entries=CRITERIA_ROWS, max_entries=CRITERIA_ROWS
    )

    def fill_default_criteria(self) -> None:
        for row, label in zip(self.criteria, DEFAULT_CRITERIA, strict=False):
            row.form.label.data = label
            row.form.weight.data = 1.0

    def criteria_pairs(self) -> list[tuple[str, float]]:
        pairs = []
        for row in self.criteria:
            label = (row.form.label.data or "").strip()
            if label:
                weight = row.form.weight.data
                pairs.append((label, 1.0 if weight is None else float(weight)))
        return pairs


class CodesForm(BaseForm):
    count = IntegerField(
        _l("Hoeveel codes?"),
        default=5,
        validators=[DataRequired(REQUIRED_MESSAGE), NumberRange(1, 100)],
        description=_l(
            "Voor deelnemers zonder account, bv. ervaringsdeskundigen. "
            "Je ziet de codes maar één keer: druk ze meteen af."
        ),
    )


class CodeLoginForm(BaseForm):
    code = StringField(
        _l("Jouw code"),
        validators=[DataRequired(_l("Typ de code die je kreeg."))],
        description=_l("Bijvoorbeeld K7P-4QX-9MW. Kleine letters mogen ook."),
    )


def _int_or_error(value: str | None, key: str, errors: dict[str, str]) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        errors[key] = str(_l("Typ een getal."))
        return None


def parse_ballot(formdata, round_, items) -> tuple[dict[int, EntryInput], dict]:
    """Read the ballot inputs of every item; returns (entries, parse errors)."""
    errors: dict[str, str] = {}
    entries: dict[int, EntryInput] = {}
    for item in items:
        entry = EntryInput(comment=(formdata.get(f"comment-{item.id}") or "").strip())
        if round_.method == RoundMethod.POINTS:
            key = f"points-{item.id}"
            entry.points = _int_or_error(formdata.get(key), key, errors)
        elif round_.method == RoundMethod.PICK:
            key = f"rank-{item.id}"
            entry.rank = _int_or_error(formdata.get(key), key, errors)
        else:
            for crit in round_.criteria:
                key = f"score-{item.id}-{crit.id}"
                score = _int_or_error(formdata.get(key), key, errors)
                if score is not None:
                    entry.scores[crit.id] = score
        entries[item.id] = entry
    return entries, errors


def parse_decisions(formdata, items) -> tuple[dict[int, DecisionInput], dict]:
    """Read the final-choice inputs; an item marked 'nog niet beslist' is left out."""
    errors: dict[str, str] = {}
    decisions: dict[int, DecisionInput] = {}
    for item in items:
        choice = formdata.get(f"choice-{item.id}") or ""
        if choice not in ("yes", "no"):
            continue
        key = f"rank-{item.id}"
        rank = _int_or_error(formdata.get(key), key, errors)
        decisions[item.id] = DecisionInput(
            chosen=choice == "yes",
            rank=rank,
            reason=(formdata.get(f"reason-{item.id}") or "").strip(),
        )
    return decisions, errors
