"""Recording the city's answers and feeding them back to the workers' signals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from signalen.audit.services import record_event
from signalen.bundles.models import Bundle, BundleItem, BundleStatus
from signalen.coordination.models import SignalLink
from signalen.database import utcnow
from signalen.errors import SignalenError
from signalen.extensions import db
from signalen.responses.models import (
    FOLLOW_UP_ROUTES,
    PROGRESS_STATUSES,
    RESPONSE_TYPES,
    CityResponse,
)
from signalen.signals.models import SignalEvent, SignalEventKind
from signalen.textcheck import check_texts

TEXT_MAX = 5000
DEPARTMENT_MAX = 160
POLITICAL_STATUS_MAX = 160
ANSWERABLE = (BundleStatus.CLOSED, BundleStatus.PUBLISHED)


@dataclass(frozen=True)
class Answer:
    """What the city answers on one item, as plain values (codes, not labels)."""

    response_type: str
    text: str
    department: str | None = None
    follow_up_route: str | None = None
    progress: str | None = None
    political_status: str | None = None

    @classmethod
    def from_response(cls, response: CityResponse) -> Answer:
        return cls(
            response_type=response.response_type,
            text=response.text,
            department=response.department,
            follow_up_route=response.follow_up_route,
            progress=response.progress,
            political_status=response.political_status,
        )

    def same_as(self, other: Answer | None, *, with_political: bool = True) -> bool:
        if other is None:
            return False
        keys = ["response_type", "text", "department", "follow_up_route", "progress"]
        if with_political:
            keys.append("political_status")
        return all(
            (getattr(self, k) or None) == (getattr(other, k) or None) for k in keys
        )


def latest_response(item: BundleItem) -> CityResponse | None:
    return db.session.scalar(
        select(CityResponse)
        .where(CityResponse.bundle_item_id == item.id)
        .order_by(CityResponse.id.desc())
        .limit(1)
    )


def latest_responses(item_ids: Iterable[int]) -> dict[int, CityResponse]:
    """The current answer per item (history is appended; the last one counts)."""
    ids = list(item_ids)
    latest: dict[int, CityResponse] = {}
    for start in range(0, len(ids), 500):
        for response in db.session.scalars(
            select(CityResponse)
            .where(CityResponse.bundle_item_id.in_(ids[start : start + 500]))
            .order_by(CityResponse.id)
        ):
            latest[response.bundle_item_id] = response
    return latest


def answer_counts(bundle: Bundle) -> tuple[int, int]:
    """(answered items, all items) of the bundle."""
    total = db.session.scalar(
        select(func.count(BundleItem.id)).where(BundleItem.bundle_id == bundle.id)
    )
    answered = db.session.scalar(
        select(func.count(func.distinct(CityResponse.bundle_item_id)))
        .join(BundleItem, BundleItem.id == CityResponse.bundle_item_id)
        .where(BundleItem.bundle_id == bundle.id)
    )
    return answered or 0, total or 0


def validate_answer(answer: Answer) -> None:
    """Check choices, lengths and personal data; raise SignalenError."""
    if answer.response_type not in RESPONSE_TYPES:
        raise SignalenError(_("Kies een soort antwoord."), "response_type")
    if not (answer.text or "").strip():
        raise SignalenError(_("Schrijf een antwoord."), "text")
    if len(answer.text) > TEXT_MAX:
        raise SignalenError(
            _("Het antwoord is te lang (maximaal %(n)d tekens).", n=TEXT_MAX), "text"
        )
    if answer.department and len(answer.department) > DEPARTMENT_MAX:
        raise SignalenError(
            _(
                "De naam van de dienst is te lang (maximaal %(n)d tekens).",
                n=DEPARTMENT_MAX,
            ),
            "department",
        )
    if answer.political_status and len(answer.political_status) > POLITICAL_STATUS_MAX:
        raise SignalenError(_("Deze tekst is te lang."), "political_status")
    if answer.follow_up_route and answer.follow_up_route not in FOLLOW_UP_ROUTES:
        raise SignalenError(_("Kies een opvolging uit de lijst."), "follow_up_route")
    if answer.progress and answer.progress not in PROGRESS_STATUSES:
        raise SignalenError(_("Kies een stand van zaken uit de lijst."), "progress")
    # Answers go back to every worker: no personal data, no exceptions.
    check_texts(
        {
            "text": answer.text,
            "department": answer.department,
            "political_status": answer.political_status,
        }
    )


def feedback_message(answer: Answer) -> str:
    """The line a worker reads on the signal page."""
    parts = [f"{RESPONSE_TYPES[answer.response_type]}: {answer.text}"]
    if answer.department:
        parts.append(_("Dienst: %(d)s", d=answer.department))
    if answer.follow_up_route:
        parts.append(_("Opvolging: %(r)s", r=FOLLOW_UP_ROUTES[answer.follow_up_route]))
    if answer.progress:
        parts.append(_("Stand van zaken: %(p)s", p=PROGRESS_STATUSES[answer.progress]))
    return "\n".join(parts)


def notify_linked_signals(item: BundleItem, message: str, actor, now: datetime) -> int:
    """Append a feedback event to every signal currently linked to the item.

    Signals that already carry this very message for this structural signal
    are skipped, so a repeated answer never shows twice.
    """
    structural_id = item.structural_signal_id
    signal_ids = list(
        db.session.scalars(
            select(SignalLink.signal_id).where(
                SignalLink.structural_signal_id == structural_id,
                SignalLink.unlinked_at.is_(None),
            )
        )
    )
    if not signal_ids:
        return 0
    already = set(
        db.session.scalars(
            select(SignalEvent.signal_id).where(
                SignalEvent.signal_id.in_(signal_ids),
                SignalEvent.kind == SignalEventKind.FEEDBACK.value,
                SignalEvent.structural_signal_id == structural_id,
                SignalEvent.message == message,
            )
        )
    )
    added = 0
    for signal_id in sorted(set(signal_ids) - already):
        db.session.add(
            SignalEvent(
                signal_id=signal_id,
                at=now,
                actor_id=getattr(actor, "id", None),
                kind=SignalEventKind.FEEDBACK.value,
                message=message,
                structural_signal_id=structural_id,
            )
        )
        added += 1
    return added


def record_answer(
    item: BundleItem,
    actor,
    answer: Answer,
    *,
    source: str = "app",
    export_run=None,
    now: datetime | None = None,
) -> CityResponse | None:
    """Append the city's answer to the item; None when it equals the current one."""
    now = now or utcnow()
    if item.bundle.status not in ANSWERABLE:
        raise SignalenError(_("Deze bundel is nog niet afgesloten."))
    validate_answer(answer)
    current = latest_response(item)
    if current is not None and answer.same_as(Answer.from_response(current)):
        return None
    response = CityResponse(
        bundle_item_id=item.id,
        response_type=answer.response_type,
        text=answer.text,
        department=answer.department or None,
        follow_up_route=answer.follow_up_route or None,
        progress=answer.progress or None,
        political_status=answer.political_status or None,
        author_id=getattr(actor, "id", None),
        created_at=now,
        source=source,
        export_run_id=getattr(export_run, "id", None),
    )
    db.session.add(response)
    db.session.flush()
    notified = notify_linked_signals(item, feedback_message(answer), actor, now)
    record_event(
        "response.recorded",
        actor=actor,
        actor_label=None if actor is not None else "cli",
        obj=response,
        details={
            "bundle_item_id": item.id,
            "reference": item.reference,
            "source": source,
            "response_type": answer.response_type,
            "signals_notified": notified,
        },
    )
    return response
