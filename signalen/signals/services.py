"""Recording and editing signals; the same functions serve web, CLI and imports."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import Select, and_, bindparam, func, select, true

from signalen.audit.services import record_event
from signalen.database import utcnow
from signalen.errors import ConflictError, NotAllowed, SignalenError
from signalen.extensions import db
from signalen.permissions import can_edit_signal
from signalen.signals.choices import Choice, choice_lists
from signalen.signals.models import (
    Signal,
    SignalEvent,
    SignalEventKind,
    SignalStatus,
)
from signalen.signals.overrides import record_overrides
from signalen.signals.workflow import transition
from signalen.signals.writer import NewSignal, SignalWriter, Written
from signalen.textcheck import check_texts
from signalen.themes.models import Area, GovernmentLevel, TargetGroup, Theme

FREE_TEXT_FIELDS = ("title", "description", "examples", "proposed_solution")


@dataclass
class SignalData:
    """What a worker typed, as plain values."""

    title: str
    description: str
    theme_ids: list[int]
    examples: str | None = None
    proposed_solution: str | None = None
    target_group_ids: list[int] = field(default_factory=list)
    area_ids: list[int] = field(default_factory=list)
    city_wide: bool = False
    observed_month: int | None = None
    observed_year: int | None = None
    people_affected: int | None = None
    government_level_id: int | None = None
    concerns_city_service: bool | None = None
    accepted_findings: list[str] = field(default_factory=list)

    def texts(self) -> dict[str, str | None]:
        return {name: getattr(self, name) for name in FREE_TEXT_FIELDS}


def active_choices() -> dict[str, list[Choice]]:
    """The reference data a worker can choose from, in display order (plain
    values, cached per process until a list changes)."""
    return choice_lists()


@cache
def _by_ids_statement(model):
    # Built once per process and list: every saved signal loads its choices.
    return select(model).where(model.id.in_(bindparam("ids", expanding=True)))


def _load(model, ids: Iterable[int], *, allow: Iterable = ()) -> list:
    """Active reference rows by id; rows already on the object stay allowed."""
    ids = set(ids)
    if not ids:
        return []
    keep = {obj.id for obj in allow}
    rows = list(db.session.scalars(_by_ids_statement(model), {"ids": list(ids)}))
    if len(rows) != len(ids) or any(not r.active and r.id not in keep for r in rows):
        raise SignalenError(_("Een gekozen waarde bestaat niet (meer)."))
    return rows


def _apply(signal: Signal, data: SignalData) -> None:
    if not data.theme_ids:
        raise SignalenError(_("Kies minstens één thema."), field="themes")
    signal.title = data.title
    signal.description = data.description
    signal.examples = data.examples or None
    signal.proposed_solution = data.proposed_solution or None
    signal.themes = _load(Theme, data.theme_ids, allow=signal.themes)
    signal.target_groups = _load(
        TargetGroup, data.target_group_ids, allow=signal.target_groups
    )
    signal.city_wide = data.city_wide
    signal.areas = (
        [] if data.city_wide else _load(Area, data.area_ids, allow=signal.areas)
    )
    signal.observed_month = data.observed_month
    signal.observed_year = data.observed_year
    signal.people_affected = data.people_affected
    if data.government_level_id:
        _load(GovernmentLevel, [data.government_level_id])
    signal.government_level_id = data.government_level_id
    signal.concerns_city_service = data.concerns_city_service


def _audit_accepted(accepted, actor, signal: Signal) -> None:
    # kept for the coordinator's review until confirmed or masked (a new
    # signal's are kept by signals.writer)
    record_overrides(signal, accepted, actor)
    for item in accepted:
        # The value itself is never recorded: only where and what kind.
        record_event(
            "privacy.not_personal",
            actor=actor,
            obj=signal,
            details={"field": item.field, "type": item.finding.type},
        )


def add_event(
    signal: Signal,
    actor,
    kind: SignalEventKind,
    old: SignalStatus | None,
    new: SignalStatus | None,
    message: str | None = None,
    *,
    structural=None,
    at: datetime | None = None,
) -> None:
    """Append one line to the signal's history (the worker reads it)."""
    signal.events.append(
        SignalEvent(
            at=at or utcnow(),
            actor=actor,
            kind=kind.value,
            from_status=old.value if old else None,
            to_status=new.value if new else None,
            message=message,
            structural_signal_id=structural.id if structural is not None else None,
        )
    )


def conflict_message() -> str:
    return _(
        "Dit signaal werd intussen door iemand anders aangepast. Je wijzigingen "
        "zijn niet bewaard: ze staan nog in het formulier. Bekijk de nieuwe versie "
        "en pas opnieuw aan."
    )


class Recorded(NamedTuple):
    """What a form stored; created is False when it was stored before."""

    id: int
    reference: str
    status: SignalStatus
    created: bool


def write_signal(
    author,
    data: SignalData,
    *,
    submit: bool,
    now: datetime | None = None,
    key: str | None = None,
    organisation_id: int | None = None,
    message: str | None = None,
) -> Written | None:
    """Store one new signal (signals.writer); None when the form with this key
    was stored before."""
    item = NewSignal(
        data,
        organisation_id or author.organisation_id,
        submit=submit,
        message=message,
        key=key,
    )
    return SignalWriter(author, now=now or utcnow()).write([item])[0]


def record_signal(
    author,
    data: SignalData,
    *,
    submit: bool,
    now: datetime | None = None,
    organisation_id: int | None = None,
    message: str | None = None,
) -> Signal:
    """Record a new signal, draft or submitted, and return it as a model (for
    demo data, imports one row at a time and tests, which go on with it)."""
    written = write_signal(
        author,
        data,
        submit=submit,
        now=now,
        organisation_id=organisation_id,
        message=message,
    )
    assert written is not None  # without a key, always stored
    return db.session.get_one(Signal, written.id)


def signal_with_key(author, key: str) -> Signal | None:
    """The signal stored earlier from the form with this key, if any."""
    signal = db.session.scalar(select(Signal).where(Signal.idempotency_key == key))
    if signal is not None and signal.author_id != author.id:
        # Keys are random and only in the author's own form: someone else's
        # key means a forged form, which must not reveal that signal.
        raise NotAllowed(_("Dit formulier is ongeldig. Laad de pagina opnieuw."))
    return signal


def record_signal_once(
    author,
    data: SignalData,
    *,
    key: str | None,
    submit: bool,
    now: datetime | None = None,
) -> Recorded:
    """Record a new signal, unless the form with this key was stored already
    (sent twice, or its answer was lost): then that signal, nothing new."""
    # No look-up first (almost every form arrives once): the writer's insert
    # does nothing when the key is taken (ON CONFLICT DO NOTHING on its unique
    # index), and only then is the stored signal looked up.
    written = write_signal(author, data, submit=submit, now=now, key=key or None)
    if written is not None:
        return Recorded(*written, created=True)
    earlier = signal_with_key(author, key or "")
    if earlier is None:  # pragma: no cover  (the writer saw it)
        raise SignalenError(_("Dit signaal was al bewaard."))
    return Recorded(earlier.id, earlier.reference, earlier.status, created=False)


def update_signal(
    signal: Signal,
    editor,
    data: SignalData,
    *,
    expected_version: int | None,
    submit: bool,
    now: datetime | None = None,
) -> Signal:
    """Save the author's changes unless someone changed the signal in between."""
    if not can_edit_signal(editor, signal):
        raise NotAllowed(_("Dit signaal kan je niet meer aanpassen."))
    if expected_version is not None and expected_version != signal.version:
        raise ConflictError(conflict_message())
    now = now or utcnow()
    accepted = check_texts(data.texts(), data.accepted_findings)
    old_status = signal.status
    _apply(signal, data)
    signal.updated_at = now
    if signal.status == SignalStatus.DRAFT and submit:
        transition(signal, SignalStatus.SUBMITTED, editor, now)
    else:
        add_event(
            signal, editor, SignalEventKind.EDITED, old_status, old_status, at=now
        )
    db.session.flush()
    _audit_accepted(accepted, editor, signal)
    record_event(
        "signal.submitted" if signal.status != old_status else "signal.edited",
        actor=editor,
        obj=signal,
    )
    return signal


def answer_question(
    signal: Signal, author, answer: str, now: datetime | None = None
) -> None:
    """The worker answers the coordinator's question; the signal goes back in review."""
    if signal.author_id != author.id or signal.status != SignalStatus.QUESTION:
        raise NotAllowed(_("Er staat geen vraag open bij dit signaal."))
    check_texts({"answer": answer})
    transition(
        signal,
        SignalStatus.SUBMITTED,
        author,
        now or utcnow(),
        answer,
        event=SignalEventKind.ANSWER,
    )
    db.session.flush()
    record_event("signal.answered", actor=author, obj=signal)


def own_draft(signal: Signal, actor) -> None:
    if signal.author_id != actor.id or signal.status != SignalStatus.DRAFT:
        raise NotAllowed(_("Dit is geen concept van jou."))


def submit_draft(signal: Signal, author, now: datetime | None = None) -> Signal:
    """The author submits a draft as it is (its texts were checked when saved)."""
    own_draft(signal, author)
    transition(signal, SignalStatus.SUBMITTED, author, now or utcnow())
    db.session.flush()
    record_event("signal.submitted", actor=author, obj=signal)
    return signal


def delete_draft(signal: Signal, author) -> str:
    """The author deletes a draft of theirs (no one else has seen it); the
    audit log keeps its reference. Returns the reference."""
    own_draft(signal, author)
    reference = signal.reference
    record_event(
        "signal.deleted", actor=author, obj=signal, details={"reference": reference}
    )
    db.session.delete(signal)
    db.session.flush()
    return reference


WITHDRAWABLE_STATUSES = frozenset({SignalStatus.SUBMITTED, SignalStatus.QUESTION})


def can_withdraw(signal: Signal, user) -> bool:
    """The author may take back a submitted signal no coordinator processed yet."""
    return signal.author_id == user.id and signal.status in WITHDRAWABLE_STATUSES


def withdraw_signal(
    signal: Signal, author, reason: str, now: datetime | None = None
) -> Signal:
    """The author withdraws a submitted signal with a reason; the reason stays
    in its history, which coordinators read too."""
    if not can_withdraw(signal, author):
        raise NotAllowed(_("Dit signaal kan je niet (meer) intrekken."))
    reason = (reason or "").strip()
    if not reason:
        raise SignalenError(_("Geef een reden."), field="reason")
    check_texts({"reason": reason})
    transition(signal, SignalStatus.WITHDRAWN, author, now or utcnow(), reason)
    db.session.flush()
    record_event("signal.withdrawn", actor=author, obj=signal)
    return signal


def text_condition(query: str | None):
    """A simple stem match on title and description: every word (its last two
    letters left off when it is long, so 'digitaal' finds 'digitale' and
    'huurwoning' 'huurwoningen') occurs in one of them. Lists of one worker
    or organisation are small; the coordinator's inbox has the full index."""
    conditions = []
    for word in re.findall(r"\w+", (query or "").lower())[:8]:
        part = word[:-2] if len(word) >= 6 else word
        conditions.append(
            Signal.title.icontains(part, autoescape=True)
            | Signal.description.icontains(part, autoescape=True)
        )
    return and_(true(), *conditions)


def signals_query(
    *,
    organisation_id: int | None = None,
    author_id: int | None = None,
    viewer_id: int | None = None,
    theme_id: int | None = None,
    status: str | None = None,
    text: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Select:
    """Signals newest first; drafts are only visible to their author (viewer).
    `since`/`until` bound when it was recorded (until: exclusive)."""
    query = select(Signal).order_by(Signal.updated_at.desc(), Signal.id.desc())
    if text and text.strip():
        query = query.where(text_condition(text))
    if since is not None:
        query = query.where(Signal.created_at >= since)
    if until is not None:
        query = query.where(Signal.created_at < until)
    if organisation_id is not None:
        query = query.where(Signal.organisation_id == organisation_id)
    if author_id is not None:
        query = query.where(Signal.author_id == author_id)
    if viewer_id is not None:
        query = query.where(
            (Signal.status != SignalStatus.DRAFT) | (Signal.author_id == viewer_id)
        )
    if theme_id:
        query = query.where(Signal.themes.any(Theme.id == theme_id))
    if status:
        query = query.where(Signal.status == status)
    return query


def last_activity():
    """When anything last happened to a signal: its newest event (or update)."""
    newest = (
        select(func.max(SignalEvent.at))
        .where(SignalEvent.signal_id == Signal.id)
        .scalar_subquery()
    )
    return func.coalesce(newest, Signal.updated_at)


def by_last_activity(query: Select) -> Select:
    """The same signals, most recent activity first (an answer, a question …)."""
    return query.order_by(None).order_by(last_activity().desc(), Signal.id.desc())
