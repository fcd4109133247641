"""Recording audit events, and the query behind the audit log page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import has_request_context, request
from sqlalchemy import Select, func, select

from signalen.audit.models import AuditEvent
from signalen.clock import local_midnight
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
    event = AuditEvent(
        **event_values(
            action,
            actor=actor,
            actor_label=actor_label,
            object_type=object_type,
            object_id=object_id,
            details=details,
        )
    )
    db.session.add(event)
    return event


def event_values(
    action: str,
    *,
    actor: Any = None,
    actor_label: str | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
    details: dict | None = None,
) -> dict[str, Any]:
    """The columns of an audit event (record_event adds it to the session;
    writers without the ORM insert these rows)."""
    ip = request.remote_addr if has_request_context() else None
    if actor is not None and not getattr(actor, "is_authenticated", True):
        actor = None
    return {
        "action": action,
        "actor_id": actor.id if actor is not None else None,
        "actor_label": actor_label or (actor.email if actor is not None else None),
        "object_type": object_type,
        "object_id": object_id,
        "ip": ip,
        "details": details or {},
    }


def audit_query(
    *,
    action: str | None = None,
    actor: str | None = None,
    object_type: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Select:
    """Audit events matching the filters, newest first; dates are days in Ghent.

    `actor` is part of an e-mail address or label: record_event stores the
    acting user's e-mail address as the event's label (addresses never change).
    """
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action == action)
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if actor:
        pattern = f"%{actor.lower()}%"
        query = query.where(func.lower(AuditEvent.actor_label).like(pattern))
    if date_from:
        query = query.where(AuditEvent.at >= local_midnight(date_from))
    if date_to:
        query = query.where(AuditEvent.at < local_midnight(date_to + timedelta(days=1)))
    return query


def distinct_values(column: Any) -> list[str]:
    """The different values of an audit column, sorted (for the filter lists)."""
    return [
        v
        for v in db.session.scalars(select(column).distinct().order_by(column))
        if v is not None
    ]
