"""The one workflow: allowed moves, the history event, and clear refusals."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from signalen.audit.models import AuditEvent
from signalen.coordination.models import StructuralStatus
from signalen.signals.models import SignalEventKind, SignalStatus
from signalen.signals.workflow import (
    SIGNAL_MOVES,
    TransitionNotAllowed,
    allowed_signal_moves,
    transition,
)

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def test_a_move_appends_one_event_with_actor_time_and_reason(make_user, make_signal):
    signal = make_signal()
    coordinator = make_user("coordinator")
    before = len(signal.events)
    event = transition(signal, SignalStatus.QUESTION, coordinator, NOW, "Hoeveel?")
    assert signal.status == SignalStatus.QUESTION
    assert signal.updated_at == NOW
    assert len(signal.events) == before + 1 and signal.events[-1] is event
    assert (event.kind, event.from_status, event.to_status) == (
        "question",
        "submitted",
        "question",
    )
    assert event.actor is coordinator and event.message == "Hoeveel?"


def test_an_impossible_move_is_a_clear_error(make_user, make_signal):
    draft = make_signal(submit=False)
    with pytest.raises(TransitionNotAllowed) as refused:
        transition(draft, SignalStatus.LINKED, make_user("coordinator"), NOW)
    assert "kan niet naar" in refused.value.message
    assert draft.status == SignalStatus.DRAFT


def test_the_event_kind_must_fit_the_move(make_user, make_signal):
    signal = make_signal()
    with pytest.raises(TransitionNotAllowed):
        transition(signal, SignalStatus.QUESTION, make_user(), NOW,
                   event=SignalEventKind.ANSWER)  # fmt: skip


def test_submitting_sets_the_submission_time_once(make_user, make_signal):
    draft = make_signal(submit=False)
    transition(draft, SignalStatus.SUBMITTED, draft.author, NOW)
    assert draft.submitted_at == NOW


def test_every_status_can_be_reached_and_left_except_the_ends():
    reachable = {to for (_source, to) in SIGNAL_MOVES}
    assert reachable == set(SignalStatus)
    assert allowed_signal_moves(SignalStatus.DRAFT) == {SignalStatus.SUBMITTED}
    assert allowed_signal_moves(SignalStatus.LINKED) == {
        SignalStatus.LINKED,
        SignalStatus.SUBMITTED,
    }


def test_structural_status_changes_are_recorded(make_user, make_structural, db):
    structural = make_structural()
    coordinator = make_user("coordinator")
    transition(structural, StructuralStatus.RESOLVED, coordinator, NOW, "Opgelost")
    db.session.commit()
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "structural.status_changed")
    )
    assert event.details == {"from": "open", "to": "resolved", "reason": "Opgelost"}
    assert structural.status == StructuralStatus.RESOLVED
    with pytest.raises(TransitionNotAllowed):
        transition(structural, StructuralStatus.RESOLVED, coordinator, NOW)
