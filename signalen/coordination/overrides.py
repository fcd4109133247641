"""The coordinator's side of "geen persoonsgegeven": every overridden finding
is shown on the review page until a coordinator confirms or masks it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from signalen.audit.services import record_event
from signalen.database import utcnow
from signalen.errors import NotAllowed, SignalenError
from signalen.permissions import can_coordinate
from signalen.privacy import EXPLANATIONS, PLACEHOLDERS
from signalen.signals.models import Signal
from signalen.signals.overrides import PrivacyOverride, open_overrides

__all__ = [
    "OverrideView",
    "PrivacyOverride",
    "confirm_override",
    "mask_override",
    "overrides_to_review",
]


FIELD_LABELS = {
    "title": _l("Titel"),
    "description": _l("Wat stel je vast?"),
    "examples": _l("Voorbeelden of citaten"),
    "proposed_solution": _l("Voorstel van oplossing"),
}


@dataclass(frozen=True)
class OverrideView:
    """One open override with the span in its context, for the review page."""

    override: PrivacyOverride
    before: str
    span: str
    after: str

    @property
    def explanation(self) -> str:
        return str(EXPLANATIONS.get(self.override.type, ""))

    @property
    def field_label(self) -> str:
        return str(FIELD_LABELS.get(self.override.field, self.override.field))


def _text(signal: Signal, field: str) -> str:
    return getattr(signal, field, None) or ""


def overrides_to_review(signal: Signal, context: int = 60) -> list[OverrideView]:
    """Open overrides with the text around them (the value is read from the
    signal, never stored elsewhere)."""
    views = []
    for item in open_overrides(signal):
        text = _text(signal, item.field)
        s, e = item.start, min(item.end, len(text))
        views.append(
            OverrideView(
                item,
                ("…" if s > context else "") + text[max(0, s - context) : s],
                text[s:e],
                text[e : e + context] + ("…" if e + context < len(text) else ""),
            )
        )
    return views


def _check(override: PrivacyOverride, actor) -> None:
    if actor is None or not can_coordinate(actor):
        raise NotAllowed(_("Alleen een coördinator kan dit nakijken."))
    if override.resolution is not None:
        raise SignalenError(_("Dit werd al nagekeken."))


def confirm_override(override: PrivacyOverride, actor, now: datetime | None = None):
    """A coordinator agrees: this is no personal data ("bevestigd")."""
    _check(override, actor)
    override.resolution = "confirmed"
    override.resolved_at = now or utcnow()
    override.resolved_by_id = actor.id
    record_event(
        "privacy.override_confirmed",
        actor=actor,
        obj=override.signal,
        details={"field": override.field, "type": override.type},
    )


def mask_override(override: PrivacyOverride, actor, now: datetime | None = None):
    """A coordinator masks the span: it is replaced by its placeholder in the
    signal's text; the other open spans of that field move along."""
    _check(override, actor)
    signal = override.signal
    text = _text(signal, override.field)
    if override.end > len(text) or override.start >= override.end:
        raise SignalenError(_("Deze tekst is intussen veranderd."))
    placeholder = PLACEHOLDERS.get(override.type, "[persoonsgegeven]")
    setattr(
        signal,
        override.field,
        text[: override.start] + placeholder + text[override.end :],
    )
    shift = len(placeholder) - (override.end - override.start)
    for other in open_overrides(signal):
        same_field = other.id != override.id and other.field == override.field
        if same_field and other.start >= override.end:
            other.start += shift
            other.end += shift
    override.resolution = "masked"
    override.resolved_at = now or utcnow()
    override.resolved_by_id = actor.id
    record_event(
        "privacy.override_masked",
        actor=actor,
        obj=signal,
        details={"field": override.field, "type": override.type},
    )
