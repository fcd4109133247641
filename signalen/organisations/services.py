"""Organisations: adding, renaming, naming toward the city, (de)activating."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from signalen.audit.services import record_event
from signalen.errors import SignalenError
from signalen.extensions import db
from signalen.organisations.models import Organisation, OrganisationKind

NAME_MAX = 160


def _check_name(name: str, organisation: Organisation | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise SignalenError(_("Dit veld is verplicht."), field="name")
    if len(name) > NAME_MAX:
        raise SignalenError(_("Maximaal %(max)d tekens.", max=NAME_MAX), field="name")
    query = select(Organisation.id).where(func.lower(Organisation.name) == name.lower())
    if organisation is not None:
        query = query.where(Organisation.id != organisation.id)
    if db.session.scalar(query) is not None:
        raise SignalenError(
            _("Er bestaat al een organisatie met deze naam."), field="name"
        )
    return name


def create_organisation(
    name: str,
    *,
    kind: OrganisationKind | None,
    anonymous_to_city: bool,
    actor: Any,
) -> Organisation:
    """Add an organisation; the name must be new."""
    organisation = Organisation(
        name=_check_name(name),
        kind=kind,
        anonymous_to_city=anonymous_to_city,
        active=True,
    )
    db.session.add(organisation)
    db.session.flush()
    record_event(
        "organisation.created",
        actor=actor,
        obj=organisation,
        details={
            "name": organisation.name,
            "kind_id": kind.id if kind else None,
            "anonymous_to_city": anonymous_to_city,
        },
    )
    return organisation


def update_organisation(
    organisation: Organisation,
    *,
    name: str,
    kind: OrganisationKind | None,
    anonymous_to_city: bool,
    actor: Any,
) -> bool:
    """Rename an organisation, change its kind or how the city sees it."""
    name = _check_name(name, organisation)
    new = {
        "name": name,
        "kind_id": kind.id if kind else None,
        "anonymous_to_city": anonymous_to_city,
    }
    changes = {
        key: {"old": getattr(organisation, key), "new": value}
        for key, value in new.items()
        if getattr(organisation, key) != value
    }
    if not changes:
        return False
    organisation.name = name
    organisation.kind = kind
    organisation.anonymous_to_city = anonymous_to_city
    db.session.flush()
    record_event("organisation.updated", actor=actor, obj=organisation, details=changes)
    return True


def set_organisation_active(
    organisation: Organisation, active: bool, actor: Any
) -> None:
    """(De)activate an organisation; its people cannot log in while it is inactive."""
    if not active and organisation.id == getattr(actor, "organisation_id", None):
        raise SignalenError(_("Je kan je eigen organisatie niet uitschakelen."))
    if organisation.active == active:
        return
    organisation.active = active
    db.session.flush()
    record_event(
        "organisation.activated" if active else "organisation.deactivated",
        actor=actor,
        obj=organisation,
        details={"active": {"old": not active, "new": active}},
    )
