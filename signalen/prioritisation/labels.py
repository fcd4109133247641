"""Plain Dutch names of round states and participant groups."""

from __future__ import annotations

from flask_babel import gettext as _

from signalen.prioritisation.models import ParticipantGroup, RoundStatus

GROUP_ORDER = [
    ParticipantGroup.CIVIL_SOCIETY,
    ParticipantGroup.CITY,
    ParticipantGroup.EXPERIENCE,
]


def group_label(group: str) -> str:
    labels: dict[str, str] = {
        ParticipantGroup.CIVIL_SOCIETY: _("Middenveld"),
        ParticipantGroup.CITY: _("Stad"),
        ParticipantGroup.EXPERIENCE: _("Ervaringsdeskundigen"),
    }
    return labels.get(group, group)


def status_label(status: str) -> str:
    labels: dict[str, str] = {
        RoundStatus.DRAFT: _("In voorbereiding"),
        RoundStatus.OPEN: _("Open"),
        RoundStatus.CLOSED: _("Afgesloten"),
    }
    return labels.get(status, status)
