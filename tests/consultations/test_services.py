"""Consultation services: set up, open and close, remarks, answers, links."""

from __future__ import annotations

from datetime import timedelta

import pytest

from signalen.audit.models import AuditEvent
from signalen.consultations import access, feedback, links, services
from signalen.consultations.models import ConsultationStatus
from signalen.errors import NotAllowed, SignalenError
from signalen.textcheck import PersonalDataFound

from .conftest import NOW


def test_sections_keep_the_order_of_the_text(db, make_consultation, coordinator):
    consultation = make_consultation()
    chapter, action = consultation.sections
    services.add_section(consultation, coordinator, number="3.1", title="Raconteurs")
    services.add_section(
        consultation, coordinator, title="Actie Dag van de Buren", parent=chapter
    )
    db.session.commit()
    headings = [s.heading for s in consultation.sections]
    assert headings == [
        "2.3.3 Een sterk sociaal buurtnetwerk",
        "Actie Repaircafés",
        "Actie Dag van de Buren",
        "3.1 Raconteurs",
    ]
    assert action.parent_id == chapter.id


def test_an_action_cannot_hang_under_an_action(make_consultation, coordinator):
    consultation = make_consultation()
    action = consultation.sections[1]
    with pytest.raises(SignalenError) as caught:
        services.add_section(consultation, coordinator, title="X", parent=action)
    assert caught.value.field == "parent"


def test_dates_must_make_sense(coordinator):
    with pytest.raises(SignalenError) as caught:
        services.create_consultation(
            coordinator,
            title="Nota",
            opens_at=NOW,
            closes_at=NOW - timedelta(days=1),
            now=NOW,
        )
    assert caught.value.field == "closes_at"


def test_source_codes_are_unique_per_consultation(
    make_consultation, account_participant, coordinator
):
    consultation = make_consultation()
    account_participant(consultation, code="SO")
    with pytest.raises(SignalenError) as caught:
        access.add_code_participant(
            consultation, coordinator, source_code="so", name="Iemand anders"
        )
    assert caught.value.field == "source_code"
    with pytest.raises(SignalenError):
        access.add_code_participant(
            consultation, coordinator, source_code="J R!", name="Jeugdraad"
        )


def test_remark_only_while_open(db, make_consultation, account_participant):
    consultation = make_consultation()
    participant, worker = account_participant(consultation)
    section = consultation.sections[0]
    with pytest.raises(NotAllowed):
        services.record_remark(
            participant, section, text="Graag alle wijken.", author=worker, now=NOW
        )
    services.transition(consultation, ConsultationStatus.OPEN, None, NOW)
    remark = services.record_remark(
        participant, section, text="Graag alle wijken.", author=worker, now=NOW
    )
    assert remark.participant.source_code == "SO"
    services.transition(consultation, ConsultationStatus.CLOSED, None, NOW)
    with pytest.raises(NotAllowed):
        services.record_remark(
            participant, section, text="Nog iets.", author=worker, now=NOW
        )


def test_remark_with_personal_data_is_refused(make_consultation, account_participant):
    consultation = make_consultation(open=True)
    participant, worker = account_participant(consultation)
    with pytest.raises(PersonalDataFound) as caught:
        services.record_remark(
            participant,
            consultation.sections[0],
            text="Bel mevrouw Janssens op 0475 12 34 56.",
            author=worker,
            now=NOW,
        )
    assert {f.field for f in caught.value.findings} == {"text"}
    assert consultation.sections[0].remarks == []


def test_answers_are_appended_and_need_a_department_when_passed_on(
    db, make_consultation, account_participant, city
):
    consultation = make_consultation(open=True)
    participant, worker = account_participant(consultation)
    remark = services.record_remark(
        participant,
        consultation.sections[0],
        text="Vermeld alle wijken.",
        author=worker,
        now=NOW,
    )
    with pytest.raises(SignalenError) as caught:
        services.answer_remark(
            remark, city, answer_type="doorgegeven", text="Doorgegeven.", now=NOW
        )
    assert caught.value.field == "department"
    with pytest.raises(SignalenError):
        services.answer_remark(remark, city, answer_type="iets", text="x", now=NOW)
    services.answer_remark(
        remark,
        city,
        answer_type="overgenomen",
        text="Dit werd aangepast in de nota onder 2.3.3",
        now=NOW,
    )
    services.answer_remark(
        remark,
        city,
        answer_type="doorgegeven",
        text="We geven dit ook door.",
        department="Dienst Wijkbeleid",
        now=NOW + timedelta(minutes=1),
    )
    db.session.commit()
    assert [a.answer_type for a in remark.answers] == ["overgenomen", "doorgegeven"]


def test_synthesis_is_checked_and_audited(db, make_consultation, coordinator):
    consultation = make_consultation()
    section = consultation.sections[0]
    services.write_synthesis(
        section, coordinator, text="De intenties worden gewaardeerd.", now=NOW
    )
    db.session.commit()
    assert section.synthesis == "De intenties worden gewaardeerd."
    with pytest.raises(PersonalDataFound):
        services.write_synthesis(
            section, coordinator, text="Mail jan.peeters@example.org", now=NOW
        )


def test_links_to_structural_signals(
    db, make_consultation, account_participant, make_structural, coordinator
):
    consultation = make_consultation(open=True)
    participant, worker = account_participant(consultation)
    remark = services.record_remark(
        participant,
        consultation.sections[1],
        text="Meer repaircafés in Ledeberg.",
        author=worker,
        now=NOW,
    )
    structural = make_structural()
    link = links.link_remark(
        remark, links.find_structural(structural.reference.lower()), coordinator, NOW
    )
    with pytest.raises(SignalenError):
        links.link_remark(remark, structural, coordinator, NOW)
    with pytest.raises(SignalenError) as caught:
        links.find_structural("SS-1999-9999")
    assert caught.value.field == "reference"
    db.session.commit()
    assert links.linked_remarks(structural) == [remark]
    links.unlink_remark(link, coordinator)
    db.session.commit()
    assert links.linked_remarks(structural) == []


def test_badge_counts_new_answers_until_read(
    db, make_consultation, account_participant, city
):
    consultation = make_consultation(open=True)
    participant, worker = account_participant(consultation)
    remark = services.record_remark(
        participant, consultation.sections[0], text="Opmerking.", author=worker, now=NOW
    )
    assert feedback.unseen_answer_count(worker.id) == 0
    services.answer_remark(
        remark, city, answer_type="al_voorzien", text="Staat in 2.3.", now=NOW
    )
    assert feedback.unseen_answer_count(worker.id) == 1
    feedback.mark_answers_seen(worker.id, NOW + timedelta(minutes=1))
    assert feedback.unseen_answer_count(worker.id) == 0
    services.answer_remark(
        remark,
        city,
        answer_type="overgenomen",
        text="Toch aangepast.",
        now=NOW + timedelta(minutes=2),
    )
    assert feedback.unseen_answer_count(worker.id) == 1


def test_open_and_close_due_is_idempotent(db, make_consultation):
    later = make_consultation(opens_at=NOW + timedelta(days=1))
    due = make_consultation()
    opened, closed = services.open_and_close_due(NOW)
    assert opened == [due.id] and closed == []
    assert later.status == ConsultationStatus.DRAFT
    assert services.open_and_close_due(NOW) == ([], [])
    end = NOW + timedelta(days=15)
    opened, closed = services.open_and_close_due(end)
    assert opened == [] and closed == [due.id]  # a draft past its end stays
    db.session.commit()
    assert due.status == ConsultationStatus.CLOSED
    actions = {e.action for e in db.session.query(AuditEvent)}
    assert {"consultation.opened", "consultation.closed"} <= actions


def test_code_login_and_throttle(db, make_consultation, coordinator):
    consultation = make_consultation(open=True)
    participant, code = access.add_code_participant(
        consultation, coordinator, source_code="JR", name="Jeugdraad"
    )
    db.session.commit()
    assert participant.code_hash and code not in participant.code_hash
    login = access.login_with_code(code.lower().replace("-", " "), NOW)
    assert login.participant is participant and login.token
    assert access.participant_from_session(participant.id, login.token) is participant
    assert access.participant_from_session(participant.id, "nope") is None
    refusals = [access.login_with_code("AAA-AAA-AAA", NOW).refusal for _ in range(60)]
    assert "Wacht" in refusals[-1]
    # a block tells a guesser nothing: the right code waits too
    assert access.login_with_code(code, NOW).participant is None
    assert access.login_with_code(code, NOW + timedelta(minutes=4)).participant


def test_replaced_code_stops_the_old_one(db, make_consultation, coordinator):
    consultation = make_consultation(open=True)
    participant, old = access.add_code_participant(
        consultation, coordinator, source_code="SAPH", name="Adviesraad beperking"
    )
    _same, new = access.replace_code(participant, coordinator)
    db.session.commit()
    assert access.login_with_code(old, NOW).participant is None
    assert access.login_with_code(new, NOW).participant is participant
