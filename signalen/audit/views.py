"""The audit log for beheerders."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from signalen.audit.forms import AuditFilterForm
from signalen.audit.labels import ID_TABLES, detail_label, object_names
from signalen.audit.models import AuditEvent
from signalen.audit.services import audit_query, distinct_values
from signalen.forms import as_choices
from signalen.pages import paginate
from signalen.permissions import Role, role_required

bp = Blueprint("audit", __name__, url_prefix="/logboek")
PER_PAGE = 50

#: Actions in plain Dutch; unknown actions are shown by their code.
ACTION_LABELS = {
    "login": _l("Aangemeld"),
    "logout": _l("Afgemeld"),
    "login.failed": _l("Aanmelden mislukt"),
    "login.throttled": _l("Aanmelden tijdelijk geblokkeerd"),
    "login.block_lifted": _l("Blokkering van aanmelden opgeheven"),
    "structural.status_changed": _l("Structureel signaal: status gewijzigd"),
    "user.created": _l("Account aangemaakt"),
    "user.updated": _l("Account aangepast"),
    "user.activated": _l("Account ingeschakeld"),
    "user.deactivated": _l("Account uitgeschakeld"),
    "user.password_changed": _l("Eigen wachtwoord gewijzigd"),
    "user.password_reset": _l("Tijdelijk wachtwoord gegeven"),
    "organisation.created": _l("Organisatie toegevoegd"),
    "organisation.updated": _l("Organisatie aangepast"),
    "organisation.activated": _l("Organisatie ingeschakeld"),
    "organisation.deactivated": _l("Organisatie uitgeschakeld"),
    "reference.added": _l("Lijst: toegevoegd"),
    "reference.updated": _l("Lijst: aangepast"),
    "reference.moved": _l("Lijst: volgorde gewijzigd"),
    "reference.activated": _l("Lijst: ingeschakeld"),
    "reference.deactivated": _l("Lijst: uitgeschakeld"),
    "theme.merged": _l("Thema samengevoegd"),
    "signal.created": _l("Signaal bewaard als concept"),
    "signal.edited": _l("Signaal aangepast"),
    "signal.submitted": _l("Signaal ingediend"),
    "signal.answered": _l("Vraag over signaal beantwoord"),
    "signal.withdrawn": _l("Signaal ingetrokken"),
    "signal.deleted": _l("Concept verwijderd"),
    "privacy.not_personal": _l("Tekst aangeduid als geen persoonsgegeven"),
    "privacy.override_confirmed": _l(
        "Geen persoonsgegeven: bevestigd door coördinator"
    ),
    "privacy.override_masked": _l("Aangeduid persoonsgegeven toch vervangen"),
    "public_page_on": _l("Openbare pagina aangezet"),
    "public_page_off": _l("Openbare pagina uitgezet"),
    "api_token.issued": _l("API-sleutel uitgegeven"),
    "api_token.revoked": _l("API-sleutel ingetrokken"),
    "answers.imported": _l("Antwoorden ingelezen"),
    "answers.uploaded": _l("Antwoordbestand opgeladen"),
    "bundle.closed": _l("Bundel afgesloten"),
    "bundle.introduction_updated": _l("Inleiding van bundel aangepast"),
    "bundle.opened": _l("Bundel geopend"),
    "bundle.published": _l("Bundel gepubliceerd"),
    "bundle_schedule.updated": _l("Planning bundels aangepast"),
    "export.failed": _l("Export mislukt"),
    "export.requested": _l("Export gevraagd"),
    "export.written": _l("Export gemaakt"),
    "prioritisation.ballot_saved": _l("Stembrief bewaard"),
    "prioritisation.ballot_submitted": _l("Stembrief ingediend"),
    "prioritisation.code_block_lifted": _l("Blokkering van stemcodes opgeheven"),
    "prioritisation.code_failed": _l("Verkeerde stemcode"),
    "prioritisation.code_login": _l("Aangemeld met stemcode"),
    "prioritisation.code_replaced": _l("Stemcode vervangen"),
    "prioritisation.code_reused": _l("Gebruikte stemcode opnieuw geprobeerd"),
    "prioritisation.code_throttled": _l("Te veel verkeerde stemcodes"),
    "prioritisation.codes_added": _l("Stemcodes aangemaakt"),
    "prioritisation.decisions_recorded": _l("Keuze van prioriteiten vastgelegd"),
    "prioritisation.deciding_round_marked": _l("Beslissende ronde aangeduid"),
    "prioritisation.participants_changed": _l("Deelnemers aangepast"),
    "prioritisation.round_changed": _l("Ronde aangepast"),
    "prioritisation.round_closed": _l("Ronde gesloten"),
    "prioritisation.round_created": _l("Ronde aangemaakt"),
    "prioritisation.round_opened": _l("Ronde geopend"),
    "response.recorded": _l("Antwoord van de stad bewaard"),
    "followup.step_recorded": _l("Stap in de opvolging bewaard"),
    "evaluation.scheduled": _l("Datum van de evaluatie bewaard"),
    "evaluation.verdicts_recorded": _l("Oordelen van de evaluatie bewaard"),
    "signal.linked": _l("Signaal opgenomen in structureel signaal"),
    "signal.moved": _l("Signaal verplaatst"),
    "signal.not_structural": _l("Geen structureel signaal"),
    "signal.question": _l("Vraag gesteld bij signaal"),
    "signal.reopened": _l("Signaal heropend"),
    "signal.unlinked": _l("Signaal losgekoppeld"),
    "structural.created": _l("Structureel signaal aangemaakt"),
    "structural.edited": _l("Structureel signaal aangepast"),
    "structural.merged": _l("Structurele signalen samengevoegd"),
    "structural.merged_away": _l("Structureel signaal opgegaan in een ander"),
    "structural.merge_undone": _l("Samenvoeging ongedaan gemaakt"),
    "text.redacted": _l("Tekst verwijderd (persoonsgegevens)"),
    "text.retention_set": _l("Bewaartermijn van vrije tekst ingesteld"),
    "text.retention_applied": _l("Vrije tekst van oude signalen gewist"),
    "import.applied": _l("Signalenlijst geïmporteerd"),
    "import.discarded": _l("Opgeladen signalenlijst weggegooid"),
    "consultation.created": _l("Inspraak aangemaakt"),
    "consultation.section_added": _l("Inspraak: hoofdstuk of actie toegevoegd"),
    "consultation.participant_added": _l("Inspraak: deelnemer toegevoegd"),
    "consultation.code_added": _l("Inspraak: code gemaakt"),
    "consultation.code_replaced": _l("Inspraak: code vervangen"),
    "consultation.code_login": _l("Inspraak: aangemeld met code"),
    "consultation.code_failed": _l("Inspraak: verkeerde code"),
    "consultation.code_throttled": _l("Inspraak: te veel verkeerde codes"),
    "consultation.code_block_lifted": _l("Inspraak: blokkering van codes opgeheven"),
    "consultation.updated": _l("Inspraak aangepast"),
    "consultation.section_updated": _l("Inspraak: hoofdstuk of actie aangepast"),
    "consultation.section_deleted": _l("Inspraak: hoofdstuk of actie verwijderd"),
    "consultation.remark_edited": _l("Inspraak: opmerking aangepast"),
    "consultation.remark_deleted": _l("Inspraak: opmerking verwijderd"),
    "consultation.answer_edited": _l("Inspraak: antwoord aangepast"),
    "consultation.opened": _l("Inspraak geopend"),
    "consultation.closed": _l("Inspraak gesloten"),
    "consultation.remark_added": _l("Inspraak: opmerking gegeven"),
    "consultation.synthesis_written": _l("Inspraak: samenvatting bewaard"),
    "consultation.answered": _l("Inspraak: antwoord van de stad bewaard"),
    "consultation.remark_linked": _l("Inspraak: opmerking gekoppeld"),
    "consultation.remark_unlinked": _l("Inspraak: opmerking losgekoppeld"),
}

#: Object types (table names) in plain Dutch.
OBJECT_LABELS = {
    "users": _l("Account"),
    "organisations": _l("Organisatie"),
    "organisation_kinds": _l("Soort organisatie"),
    "themes": _l("Thema"),
    "theme_groups": _l("Grondrecht"),
    "target_groups": _l("Doelgroep"),
    "areas": _l("Wijk"),
    "government_levels": _l("Bestuursniveau"),
    "signals": _l("Signaal"),
    "structural_signals": _l("Structureel signaal"),
    "bundles": _l("Bundel"),
    "bundle_items": _l("Bundelpunt"),
    "prioritisation_rounds": _l("Prioriteringsronde"),
    "city_responses": _l("Antwoord van de stad"),
    "follow_up_steps": _l("Stap in de opvolging"),
    "evaluations": _l("Evaluatie"),
    "export_runs": _l("Export"),
    "import_batches": _l("Import van signalen"),
    "consultations": _l("Inspraak"),
    "consultation_remarks": _l("Opmerking in inspraak"),
    "api_tokens": _l("API-sleutel"),
}

#: Keys never shown, whatever a caller put in the details.
HIDDEN_KEYS = ("password", "wachtwoord", "token", "hash")


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def object_label(object_type: str | None) -> str:
    if not object_type:
        return ""
    return str(OBJECT_LABELS.get(object_type, object_type))


def compact_details(
    details: dict[str, Any] | None, names: dict | None = None
) -> list[tuple[str, str]]:
    """Details as short (label, value) pairs in Dutch; old/new as 'old → new';
    an id of a known row as its reference or name (from `names`)."""
    pairs = []
    for key, value in (details or {}).items():
        if any(word in key.lower() for word in HIDDEN_KEYS):
            continue
        named = None
        if key in ID_TABLES and isinstance(value, int):
            named = (names or {}).get((ID_TABLES[key], value))
        if named is not None:
            pairs.append((detail_label(key), named))
            continue
        key = detail_label(key)
        if isinstance(value, dict) and set(value) == {"old", "new"}:
            text = f"{_show(value['old'])} → {_show(value['new'])}"
        else:
            text = _show(value)
        pairs.append((key, text if len(text) <= 200 else text[:199] + "…"))
    return pairs


def _show(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return _("ja")
    if value is False:
        return _("nee")
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    return str(value)


@bp.get("/")
@role_required(Role.ADMIN)
def index():
    """Page through the audit log, newest first, with filters."""
    form = AuditFilterForm(request.args)
    actions = distinct_values(AuditEvent.action)
    form.action.choices = as_choices(
        [("", _("Alle acties"))] + [(a, action_label(a)) for a in actions]
    )
    types = distinct_values(AuditEvent.object_type)
    form.object_type.choices = as_choices(
        [("", _("Alle soorten"))] + [(t, object_label(t)) for t in types]
    )
    valid = form.validate()
    page = paginate(
        audit_query(
            action=form.action.data if form.action.data in actions else None,
            actor=form.actor.data if not form.actor.errors else None,
            object_type=form.object_type.data
            if form.object_type.data in types
            else None,
            date_from=form.date_from.data if not form.date_from.errors else None,
            date_to=form.date_to.data if not form.date_to.errors else None,
        ),
        per_page=PER_PAGE,
    )
    wanted = [(e.object_type, e.object_id) for e in page.items]
    wanted += [
        (ID_TABLES[key], value)
        for e in page.items
        for key, value in (e.details or {}).items()
        if key in ID_TABLES
    ]
    names = object_names(wanted)
    return render_template(
        "audit/index.html",
        names=names,
        form=form,
        page=page,
        valid=valid,
        action_labels={a: action_label(a) for a in actions},
        object_labels={t: object_label(t) for t in types},
        compact_details=lambda details: compact_details(details, names),
    )
