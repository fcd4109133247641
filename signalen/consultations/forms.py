"""Forms of the consultations: setting up, remarks, synthesis, answers, links."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired

from signalen.actions import place_error
from signalen.consultations.models import ANSWER_TYPES
from signalen.consultations.services import (
    ANSWER_MAX,
    BODY_MAX,
    NAME_MAX,
    NUMBER_MAX,
    OUTLINE_MAX,
    REMARK_MAX,
    SYNTHESIS_MAX,
    TITLE_MAX,
)
from signalen.errors import SignalenError
from signalen.forms import REQUIRED_MESSAGE, BaseForm, as_choices
from signalen.prioritisation.forms import DATETIME_FORMAT
from signalen.responses.forms import too_long
from signalen.textcheck import PersonalDataFound


class PiiForm(BaseForm):
    """A form whose personal-data findings stand next to their field and in the
    box on top (pii.html), with its buttons to mask or to mark "not personal"."""

    pii: PersonalDataFound | None = None

    def show_error(self, exc: SignalenError) -> None:
        if isinstance(exc, PersonalDataFound):
            self.pii = exc
        place_error(self, exc)


class ConsultationForm(PiiForm):
    title = StringField(
        _l("Titel"),
        validators=[DataRequired(REQUIRED_MESSAGE), too_long(TITLE_MAX)],
        description=_l("Bv. Ontwerp beleidsnota Participatie 2026-2031."),
    )
    introduction = TextAreaField(
        _l("Inleiding (optioneel)"),
        validators=[too_long(BODY_MAX)],
        description=_l("Wat de deelnemers moeten weten. Staat ook boven de bijlage."),
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
    outline = TextAreaField(
        _l("De ontwerptekst in één keer plakken (optioneel)"),
        validators=[too_long(OUTLINE_MAX)],
        description=_l(
            "Plak hier de tekst. Een regel die begint met 'Hoofdstuk 2', met een "
            "nummer en een punt ('1.' of '2.3') of met '#' wordt een hoofdstuk. "
            "Een regel met een nummer dat verder gaat op dat van het hoofdstuk "
            "('2.3.1' onder '2.3'), of die begint met 'Actie' of '##', wordt "
            "een actie in dat hoofdstuk. De andere regels zijn de tekst eronder. "
            "Kies 'Voorbeeld tonen' om te zien hoe de tekst gesplitst wordt "
            "voor je bewaart. Nieuwe delen komen achteraan; achteraf kan je "
            "elk deel nog aanpassen of verwijderen."
        ),
    )


class SectionForm(PiiForm):
    parent = SelectField(_l("Waar hoort het?"), choices=[])
    number = StringField(
        _l("Nummer (optioneel)"),
        validators=[too_long(NUMBER_MAX)],
        description=_l("Bv. 2.3.3"),
    )
    title = StringField(
        _l("Titel"),
        validators=[DataRequired(REQUIRED_MESSAGE), too_long(TITLE_MAX)],
        description=_l("Bv. Een sterk sociaal buurtnetwerk, of Actie Repaircafés."),
    )
    body = TextAreaField(
        _l("Tekst uit het ontwerp (optioneel)"), validators=[too_long(BODY_MAX)]
    )


class SectionEditForm(PiiForm):
    number = StringField(
        _l("Nummer (optioneel)"),
        validators=[too_long(NUMBER_MAX)],
        description=_l("Bv. 2.3.3"),
    )
    title = StringField(
        _l("Titel"), validators=[DataRequired(REQUIRED_MESSAGE), too_long(TITLE_MAX)]
    )
    body = TextAreaField(
        _l("Tekst uit het ontwerp (optioneel)"), validators=[too_long(BODY_MAX)]
    )


class RemarkEditForm(PiiForm):
    text = TextAreaField(
        _l("Jullie opmerking"),
        validators=[DataRequired(REQUIRED_MESSAGE), too_long(REMARK_MAX)],
        description=_l("Zonder namen, adressen of nummers van personen."),
    )


class AccountParticipantForm(BaseForm):
    organisation = SelectField(_l("Organisatie"), choices=[])
    source_code = StringField(
        _l("Broncode"),
        validators=[DataRequired(REQUIRED_MESSAGE), too_long(12)],
        description=_l("De afkorting in de bijlage, bv. SO of BBC."),
    )
    name = StringField(
        _l("Naam in de bijlage (optioneel)"),
        validators=[too_long(NAME_MAX)],
        description=_l("Leeg: de naam van de organisatie."),
    )


class CodeParticipantForm(BaseForm):
    source_code = StringField(
        _l("Broncode"),
        validators=[DataRequired(REQUIRED_MESSAGE), too_long(12)],
        description=_l("De afkorting in de bijlage, bv. JR of SAPH."),
    )
    name = StringField(
        _l("Naam"),
        validators=[DataRequired(REQUIRED_MESSAGE), too_long(NAME_MAX)],
        description=_l("Bv. Jeugdraad."),
    )


class RemarkForm(PiiForm):
    section = SelectField(_l("Over welk hoofdstuk of welke actie?"), choices=[])
    text = TextAreaField(
        _l("Jullie opmerking"),
        validators=[DataRequired(REQUIRED_MESSAGE), too_long(REMARK_MAX)],
        description=_l("Zonder namen, adressen of nummers van personen."),
    )


class SynthesisForm(PiiForm):
    synthesis = TextAreaField(
        _l("Signalen (samenvatting van de opmerkingen)"),
        validators=[too_long(SYNTHESIS_MAX)],
        description=_l(
            "Wat de opmerkingen samen zeggen. Staat bovenaan in de bijlage."
        ),
    )


class AnswerForm(PiiForm):
    answer_type = SelectField(
        _l("Soort antwoord"),
        choices=as_choices([("", _l("Kies")), *ANSWER_TYPES.items()]),
        validators=[DataRequired(_l("Kies een soort antwoord."))],
    )
    department = StringField(
        _l("Dienst (bij doorgegeven)"),
        validators=[too_long(NAME_MAX)],
        description=_l("Bv. Dienst Ontmoeten en Verbinden."),
    )
    text = TextAreaField(
        _l("Antwoord"),
        validators=[DataRequired(REQUIRED_MESSAGE), too_long(ANSWER_MAX)],
        description=_l("Bij niet overgenomen: zeg waarom."),
    )


class LinkForm(BaseForm):
    reference = StringField(
        _l("Referentie van het structureel signaal"),
        validators=[DataRequired(REQUIRED_MESSAGE), too_long(20)],
        description=_l("Bv. SS-2026-0003"),
    )
