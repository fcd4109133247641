"""What each scheduled job is called in the screens (never its code name)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

JOB_LABELS = {
    "heartbeat": _l("Hartslag van de planner"),
    "close_due_bundles": _l("Afgelopen periodes afsluiten tot een bundel"),
    "period_reminders": _l("Herinneringen voor het einde van de periode"),
    "retrain_theme_suggestions": _l("Themasuggesties bijleren"),
    "rounds_open_close": _l("Prioriteringsrondes openen en sluiten"),
    "consultations_open_close": _l("Inspraak openen en sluiten"),
    "expire_login_attempts": _l("Oude aanmeldpogingen opruimen"),
    "nightly_backup": _l("Nachtelijke back-up"),
    "interrupted_exports": _l("Onderbroken exports afsluiten"),
    "code_throttles_expire": _l("Oude blokkeringen van codes opruimen"),
    "text_retention": _l("Vrije tekst van oude signalen wissen (bewaartermijn)"),
    "daily_digest": _l("Dagelijkse e-mail met wat nieuw is"),
    "evaluation_reminders": _l("Herinneringen voor de jaarlijkse evaluatie"),
    "dashboard_counts": _l("Tellingen voor de dashboards bijwerken"),
    "api_rate_counters_expire": _l("Oude tellingen van API-aanvragen opruimen"),
}


def job_label(name: str) -> str:
    """The Dutch name of a job; an unknown one is called a 'taak' (no code name)."""
    label = JOB_LABELS.get(name)
    return str(label) if label is not None else str(_l("een andere taak"))
