"""Retention: how long the free text of a signal is kept, and the daily job's
routine that replaces older texts by the marker.

Counts, themes, target groups, wijken, links and statuses stay, and so do the
texts of structural signals, bundle snapshots and the city's answers (their
own, coordinator- or city-written text). The same routine as a redaction
removes the copies in the signal's history, audit details and search index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, or_, select

from signalen.audit.services import record_event
from signalen.bundles.periods import add_months
from signalen.clock import local_midnight, to_local
from signalen.errors import NotAllowed, SignalenError
from signalen.extensions import db
from signalen.permissions import Role, has_role
from signalen.redaction.models import RetentionSetting
from signalen.redaction.services import redact_everywhere
from signalen.redaction.texts import MARKER, SIGNAL_FIELDS, Text, texts_of
from signalen.signals.models import Signal, SignalEvent, SignalEventKind

#: The choices a beheerder has (months); None keeps texts always.
KEEP_CHOICES: dict[int | None, Any] = {
    None: _l("Altijd bewaren"),
    6: _l("6 maanden"),
    12: _l("1 jaar"),
    24: _l("2 jaar"),
    36: _l("3 jaar"),
    48: _l("4 jaar"),
    60: _l("5 jaar"),
    84: _l("7 jaar"),
    120: _l("10 jaar"),
}
#: History lines whose message a worker or coordinator wrote about the signal.
#: Feedback lines are copies of the city's answer, which is kept.
WRITTEN_EVENTS = (
    SignalEventKind.QUESTION.value,
    SignalEventKind.ANSWER.value,
    SignalEventKind.NOT_STRUCTURAL.value,
    SignalEventKind.UNLINKED.value,
    SignalEventKind.REOPENED.value,
)
BATCH = 100


def retention_setting() -> RetentionSetting:
    """The one setting row, made (keep always) on first use."""
    setting = db.session.scalar(select(RetentionSetting).order_by(RetentionSetting.id))
    if setting is None:
        setting = RetentionSetting(keep_months=None)
        db.session.add(setting)
        db.session.flush()
    return setting


def kept_months() -> int | None:
    """The bewaartermijn in months; None (the default) keeps texts always."""
    return db.session.scalar(
        select(RetentionSetting.keep_months).order_by(RetentionSetting.id).limit(1)
    )


def set_retention(keep_months: int | None, actor: Any, now: datetime) -> None:
    """A beheerder sets how many months the free text of a signal is kept."""
    if not has_role(actor, Role.ADMIN):
        raise NotAllowed(_("Alleen een beheerder stelt de bewaartermijn in."))
    if keep_months not in KEEP_CHOICES:
        raise SignalenError(_("Kies een termijn uit de lijst."), field="keep_months")
    setting = retention_setting()
    before = setting.keep_months
    setting.keep_months = keep_months
    setting.updated_at = now
    setting.updated_by_id = actor.id
    db.session.flush()
    record_event(
        "text.retention_set",
        actor=actor,
        obj=setting,
        details={"before": before, "after": keep_months},
    )


def cutoff(keep_months: int, now: datetime) -> datetime:
    """Signals made before this moment (midnight in Ghent) lose their text."""
    return local_midnight(add_months(to_local(now).date(), -keep_months))


def _still_written(column: Any) -> ColumnElement[bool]:
    return and_(column.is_not(None), column != "", column != MARKER)


def due_signals(before: datetime, limit: int, after_id: int = 0) -> list[Signal]:
    """Signals made before `before` that still hold free text (oldest first)."""
    written = or_(
        *(_still_written(getattr(Signal, name)) for name in SIGNAL_FIELDS),
        Signal.events.any(
            and_(
                SignalEvent.kind.in_(WRITTEN_EVENTS),
                _still_written(SignalEvent.message),
            )  # fmt: skip
        ),
    )
    return list(
        db.session.scalars(
            select(Signal)
            .where(Signal.created_at < before, Signal.id > after_id, written)
            .order_by(Signal.id)
            .limit(limit)
        )
    )


@dataclass
class Retained:
    signals: int = 0
    texts: int = 0
    last_id: int = 0  # the next batch starts after this signal


def retained_texts(signal: Signal) -> list[Text]:
    """The signal's own texts and the written lines of its history."""
    found = []
    for text in texts_of(signal):
        if text.value == MARKER:
            continue
        if text.row is signal or text.row.kind in WRITTEN_EVENTS:
            found.append(text)
    return found


def apply_retention_batch(
    now: datetime, limit: int = BATCH, after_id: int = 0
) -> Retained:
    """One batch of the daily job: the texts of up to `limit` signals older than
    the setting become the marker. Nothing when texts are kept always."""
    keep = kept_months()
    done = Retained()
    if keep is None:
        return done
    for signal in due_signals(cutoff(keep, now), limit, after_id):
        for text in retained_texts(signal):
            redact_everywhere(signal, text, text.value, now, retention=True)
            done.texts += 1
        done.signals += 1
        done.last_id = signal.id
    db.session.flush()
    return done


def record_retention(done: Retained, keep_months: int | None) -> None:
    """One audit entry per run that changed something: counts only."""
    if done.signals:
        record_event(
            "text.retention_applied",
            actor_label="planner",
            details={
                "signals": done.signals,
                "texts": done.texts,
                "keep_months": keep_months,
            },
        )
