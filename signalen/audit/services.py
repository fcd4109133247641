"""Recording audit events."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request

from signalen.audit.models import AuditEvent
from signalen.extensions import db


def record_event(
    action: str,
    *,
    actor: Any = None,
    actor_label: str | None = None,
    obj: Any = None,
    object_type: str | None = None,
    object_id: int | None = None,
    details: dict | None = None,
) -> AuditEvent:
    """Append an audit event; the caller commits with the change it describes."""
    if obj is not None:
        object_type = object_type or obj.__tablename__
        object_id = object_id if object_id is not None else obj.id
    ip = request.remote_addr if has_request_context() else None
    if actor is not None and not getattr(actor, "is_authenticated", True):
        actor = None
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        actor_label=actor_label or (actor.email if actor is not None else None),
        object_type=object_type,
        object_id=object_id,
        ip=ip,
        details=details or {},
    )
    db.session.add(event)
    return event
