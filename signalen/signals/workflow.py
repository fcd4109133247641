"""One workflow: every status change of a signal or a structural signal goes
through `transition`, which checks the move against the table below and appends
the history event (the signal's history for signals, the audit log for
structural signals). Services, demo data and test fixtures all use it.

    transition(signal, SignalStatus.QUESTION, coordinator, now, reason=question)

A move that is not in the table raises `TransitionNotAllowed` with a Dutch
message; the view shows it like any other domain error.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from flask_babel import gettext as _

from signalen.audit.models import AuditEvent
from signalen.audit.services import record_event
from signalen.errors import SignalenError
from signalen.signals.models import Signal, SignalEvent, SignalEventKind, SignalStatus

S = SignalStatus
K = SignalEventKind

#: (from, to) -> the kinds of event that may record this move; the first is the
#: default. `None` is "not yet stored".
SIGNAL_MOVES: dict[tuple[SignalStatus | None, SignalStatus], tuple[K, ...]] = {
    (None, S.DRAFT): (K.CREATED,),
    (S.DRAFT, S.SUBMITTED): (K.SUBMITTED,),
    (S.SUBMITTED, S.QUESTION): (K.QUESTION,),
    (S.QUESTION, S.QUESTION): (K.QUESTION,),  # a second question
    (S.QUESTION, S.SUBMITTED): (K.ANSWER, K.REOPENED),
    (S.SUBMITTED, S.NOT_STRUCTURAL): (K.NOT_STRUCTURAL,),
    (S.QUESTION, S.NOT_STRUCTURAL): (K.NOT_STRUCTURAL,),
    (S.NOT_STRUCTURAL, S.SUBMITTED): (K.REOPENED,),
    (S.SUBMITTED, S.LINKED): (K.LINKED,),
    (S.QUESTION, S.LINKED): (K.LINKED,),
    (S.NOT_STRUCTURAL, S.LINKED): (K.LINKED,),
    (S.LINKED, S.LINKED): (K.LINKED,),  # moved to another structural signal
    (S.LINKED, S.SUBMITTED): (K.UNLINKED,),
    # the author takes back a signal no coordinator has processed yet
    (S.SUBMITTED, S.WITHDRAWN): (K.WITHDRAWN,),
    (S.QUESTION, S.WITHDRAWN): (K.WITHDRAWN,),
}

#: Structural signals: a coördinator may set any status from any other (the
#: form offers them all); the point of the table is that nothing else may.
STRUCTURAL_STATUSES = ("open", "follow_up", "resolved", "not_retained")
STRUCTURAL_MOVES: frozenset[tuple[str, str]] = frozenset(
    (a, b) for a in STRUCTURAL_STATUSES for b in STRUCTURAL_STATUSES if a != b
)


class TransitionNotAllowed(SignalenError):
    """A status change that the workflow does not allow."""


def transition(
    obj: Any,
    to: Any,
    actor: Any,
    now: datetime,
    reason: str | None = None,
    *,
    event: SignalEventKind | None = None,
    structural: Any = None,
) -> SignalEvent | AuditEvent:
    """Move `obj` to status `to`, or raise; append and return the history event."""
    if isinstance(obj, Signal):
        return _move_signal(obj, SignalStatus(to), actor, now, reason, event,
                            structural)  # fmt: skip
    return _move_structural(obj, to, actor, now, reason)


@cache
def creation_moves(
    submit: bool,
) -> tuple[tuple[SignalStatus | None, SignalStatus, SignalEventKind], ...]:
    """The moves a new signal makes as it is stored: "new → concept", and
    "concept → ingediend" when it is submitted at once; each with the kind of
    history event this table gives it (signals.writer stores them)."""
    path = [(None, S.DRAFT)] + ([(S.DRAFT, S.SUBMITTED)] if submit else [])
    return tuple((old, new, SIGNAL_MOVES[(old, new)][0]) for old, new in path)


def allowed_signal_moves(status: SignalStatus | None) -> set[SignalStatus]:
    """Where a signal in this status may go next."""
    return {to for (source, to) in SIGNAL_MOVES if source == status}


def _move_signal(
    signal: Signal,
    to: SignalStatus,
    actor: Any,
    now: datetime,
    reason: str | None,
    event: SignalEventKind | None,
    structural: Any,
) -> SignalEvent:
    old = SignalStatus(signal.status) if signal.status is not None else None
    kinds = SIGNAL_MOVES.get((old, to))
    if not kinds or (event is not None and event not in kinds):
        raise TransitionNotAllowed(
            _(
                "Een signaal met status '%(old)s' kan niet naar '%(new)s'.",
                old=old.label if old else _("nieuw"),
                new=to.label,
            )
        )
    signal.status = to
    signal.updated_at = now
    if to == SignalStatus.SUBMITTED and signal.submitted_at is None:
        signal.submitted_at = now
    row = SignalEvent(
        at=now,
        actor=actor,
        kind=(event or kinds[0]).value,
        from_status=old.value if old else None,
        to_status=to.value,
        message=reason,
        structural_signal_id=structural.id if structural is not None else None,
    )
    signal.events.append(row)
    return row


def _move_structural(
    structural: Any, to: Any, actor: Any, now: datetime, reason: str | None
) -> AuditEvent:
    old = str(structural.status or "")
    if (old, str(to)) not in STRUCTURAL_MOVES:
        raise TransitionNotAllowed(
            _("Deze statuswijziging van een structureel signaal kan niet.")
        )
    structural.status = to
    structural.updated_at = now
    details: dict[str, Any] = {"from": old, "to": str(to)}
    if reason:
        details["reason"] = reason
    return record_event(
        "structural.status_changed", actor=actor, obj=structural, details=details
    )
