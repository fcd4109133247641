"""Review actions, merging, moving and undoing: reversible and in the history."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from signalen.audit.models import AuditEvent
from signalen.coordination import services
from signalen.coordination.evidence import evidence_for
from signalen.coordination.models import SignalLink, StructuralStatus
from signalen.errors import ConflictError, NotAllowed, SignalenError
from signalen.signals.models import SignalEventKind, SignalStatus
from signalen.textcheck import PersonalDataFound

NOW = datetime(2026, 3, 1, 10, tzinfo=UTC)


def data(themes, **kw):
    return services.StructuralData(
        title=kw.pop("title", "Betaalbaar wonen"),
        summary=kw.pop("summary", "Te weinig betaalbare huurwoningen."),
        theme_ids=[themes["wonen"].id],
        **kw,
    )


def kinds(signal):
    return [e.kind for e in signal.events]


def test_merge_three_signals_into_a_new_structural_signal(
    db, coordinator, housing_signals, themes
):
    housing, _ = housing_signals
    texts = [(s.title, s.description) for s in housing]
    structural = services.create_structural(coordinator, data(themes), housing, NOW)
    db.session.commit()
    assert structural.reference.startswith("SS-2026-")
    for signal in housing:
        assert signal.status == SignalStatus.LINKED
        event = signal.events[-1]
        assert event.kind == SignalEventKind.LINKED
        assert event.structural_signal_id == structural.id
        assert event.actor_id == coordinator.id
    assert [(s.title, s.description) for s in housing] == texts  # never rewritten
    evidence = evidence_for(structural.id)
    assert evidence["signals"] == 3 and evidence["organisations"] == 3
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("signal.linked") == 3 and "structural.created" in actions


def test_undo_a_merge_and_move_between_structurals(
    db, coordinator, housing_signals, themes
):
    housing, _ = housing_signals
    first = services.create_structural(coordinator, data(themes), housing, NOW)
    second = services.create_structural(coordinator, data(themes, title="Huur"))
    db.session.commit()

    services.unlink_signal(housing[0], coordinator, NOW)
    db.session.commit()
    assert housing[0].status == SignalStatus.SUBMITTED
    assert housing[0].events[-1].kind == SignalEventKind.UNLINKED
    assert housing[0].events[-1].structural_signal_id == first.id
    old = db.session.scalar(select(SignalLink).where(SignalLink.signal == housing[0]))
    assert old.unlinked_at is not None and old.unlinked_by_id == coordinator.id
    assert evidence_for(first.id)["signals"] == 2

    services.move_signal(housing[1], second, coordinator, NOW)
    db.session.commit()
    assert services.current_link(housing[1]).structural_signal_id == second.id
    assert "Overgezet" in housing[1].events[-1].message
    assert evidence_for(first.id)["signals"] == 1
    assert evidence_for(second.id)["signals"] == 1
    # Every link ever made is still there: the history is complete.
    assert db.session.query(SignalLink).count() == 4

    # Relinking the undone signal works again (reversible).
    services.link_signals(first, [housing[0]], coordinator, NOW)
    db.session.commit()
    assert evidence_for(first.id)["signals"] == 2


def test_merge_two_structural_signals(db, coordinator, housing_signals, themes):
    housing, _ = housing_signals
    source = services.create_structural(
        coordinator, data(themes, title="A"), housing[:2], NOW
    )
    target = services.create_structural(
        coordinator, data(themes, title="B"), housing[2:], NOW
    )
    db.session.commit()
    moved = services.merge_structurals(source, target, coordinator, NOW)
    db.session.commit()
    assert moved == 2
    assert source.status == StructuralStatus.NOT_RETAINED
    assert evidence_for(target.id)["signals"] == 3
    assert evidence_for(source.id)["signals"] == 0
    assert len(source.links) == 2  # the old links remain as history
    with pytest.raises(SignalenError):
        services.merge_structurals(target, target, coordinator, NOW)


def test_question_answer_and_worker_sees_it(
    db, client, login_as, coordinator, housing_signals
):
    signal = housing_signals[0][0]
    services.ask_question(signal, coordinator, "Over hoeveel gezinnen gaat het?", NOW)
    db.session.commit()
    assert signal.status == SignalStatus.QUESTION

    login_as(signal.author)
    page = client.get("/signalen/mijn").get_data(as_text=True)
    assert "Vraag van de coördinator" in page
    detail = client.get(f"/signalen/{signal.reference}").get_data(as_text=True)
    assert "Over hoeveel gezinnen gaat het?" in detail
    response = client.post(
        f"/signalen/{signal.reference}/antwoord", data={"answer": "Een tiental."}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert signal.status == SignalStatus.SUBMITTED
    assert kinds(signal)[-2:] == ["question", "answer"]


def test_not_structural_needs_a_reason_and_is_checked_for_personal_data(
    db, client, login_as, coordinator, housing_signals
):
    signal = housing_signals[0][0]
    with pytest.raises(SignalenError) as error:
        services.mark_not_structural(signal, coordinator, "  ", NOW)
    assert error.value.field == "reason"
    with pytest.raises(PersonalDataFound):
        services.mark_not_structural(
            signal, coordinator, "Bel mevrouw op 0470 12 34 56.", NOW
        )
    services.mark_not_structural(signal, coordinator, "Eenmalig probleem.", NOW)
    db.session.commit()
    assert signal.status == SignalStatus.NOT_STRUCTURAL
    login_as(signal.author)
    detail = client.get(f"/signalen/{signal.reference}").get_data(as_text=True)
    assert "Eenmalig probleem." in detail and "Geen structureel signaal" in detail

    services.reopen_signal(signal, coordinator, NOW)
    db.session.commit()
    assert signal.status == SignalStatus.SUBMITTED
    assert kinds(signal)[-1] == "reopened"
    with pytest.raises(SignalenError):
        services.reopen_signal(signal, coordinator, NOW)


def test_drafts_cannot_be_merged_and_workers_cannot_coordinate(
    db, make_signal, make_user, coordinator, themes
):
    draft = make_signal(submit=False)
    structural = services.create_structural(coordinator, data(themes))
    with pytest.raises(SignalenError):
        services.link_signals(structural, [draft], coordinator, NOW)
    with pytest.raises(NotAllowed):
        services.create_structural(make_user(), data(themes))


def test_edit_uses_optimistic_locking(db, coordinator, themes):
    structural = services.create_structural(coordinator, data(themes))
    db.session.commit()
    version = structural.version
    services.update_structural(
        structural, coordinator, data(themes, title="Nieuw"), expected_version=version
    )
    db.session.commit()
    assert structural.version == version + 1
    with pytest.raises(ConflictError):
        services.update_structural(
            structural, coordinator, data(themes), expected_version=version
        )
    with pytest.raises(PersonalDataFound):
        services.update_structural(
            structural,
            coordinator,
            data(themes, summary="Mail naar jan.peeters@example.org"),
            expected_version=structural.version,
        )


def test_saved_filters(db, coordinator, make_user):
    saved = services.save_filter(coordinator, "Wonen", "?theme=3&q=huur")
    assert saved.query == "theme=3&q=huur"
    again = services.save_filter(coordinator, "Wonen", "theme=4")
    assert again.id == saved.id and again.query == "theme=4"
    assert [f.name for f in services.saved_filters(coordinator)] == ["Wonen"]
    with pytest.raises(NotAllowed):
        services.delete_filter(make_user("coordinator"), saved)
    services.delete_filter(coordinator, saved)
    assert services.saved_filters(coordinator) == []
