"""Editing and deleting: parts (coordinator), own remarks (participants while
open), answers (the city, with history); every refusal per role."""

from __future__ import annotations

import pytest

from signalen.audit.models import AuditEvent
from signalen.consultations import access, editing, services
from signalen.consultations.models import ConsultationStatus, RemarkAnswer
from signalen.errors import NotAllowed
from signalen.extensions import db as _db
from signalen.permissions import Role
from signalen.textcheck import PersonalDataFound

from .conftest import NOW


def remark_by(participant, worker, section, text="Meer buurtwerk."):
    remark = services.record_remark(
        participant, section, text=text, author=worker, now=NOW
    )
    _db.session.commit()
    return remark


# --- parts ----------------------------------------------------------------------


def test_a_part_without_remarks_is_deleted_with_its_actions(
    db, coordinator, make_consultation
):
    consultation = make_consultation()
    chapter = consultation.sections[0]
    editing.delete_section(chapter, coordinator)
    db.session.commit()
    assert consultation.sections == []


def test_a_part_with_remarks_is_only_edited(
    db, coordinator, make_consultation, account_participant
):
    consultation = make_consultation(open=True)
    participant, worker = account_participant(consultation)
    chapter, action = consultation.sections
    remark_by(participant, worker, action)
    with pytest.raises(NotAllowed, match="heeft al opmerkingen"):
        editing.delete_section(chapter, coordinator)
    with pytest.raises(NotAllowed, match="heeft al opmerkingen"):
        editing.delete_section(action, coordinator)
    editing.update_section(chapter, coordinator, title="Buurtnetwerk", number="2.4")
    db.session.commit()
    assert chapter.heading == "2.4 Buurtnetwerk"


def test_an_open_consultation_keeps_one_part(db, coordinator, make_consultation):
    consultation = make_consultation(open=True)
    with pytest.raises(NotAllowed, match="minstens één"):
        editing.delete_section(consultation.sections[0], coordinator)


def test_coordinator_edits_and_deletes_parts_on_the_pages(
    client, login_as, coordinator, make_consultation, account_participant
):
    consultation = make_consultation(open=True)
    participant, worker = account_participant(consultation)
    chapter, action = consultation.sections
    remark_by(participant, worker, chapter)
    cid = consultation.id
    login_as(coordinator)
    page = client.get(f"/inspraak/{cid}/deel/{chapter.id}/bewerken")
    assert "Verwijderen zou die opmerkingen mee verwijderen" in page.text
    refused = client.post(
        f"/inspraak/{cid}/deel/{chapter.id}/verwijderen", follow_redirects=True
    )
    assert "heeft al opmerkingen van deelnemers" in refused.text
    saved = client.post(
        f"/inspraak/{cid}/deel/{chapter.id}/bewerken",
        data={"number": "2.3.3", "title": "Buurtnetwerk", "body": "Nieuwe tekst."},
    )
    assert saved.status_code == 302
    gone = client.post(f"/inspraak/{cid}/deel/{action.id}/verwijderen")
    assert gone.status_code == 302
    _db.session.expire_all()
    assert [s.heading for s in consultation.sections] == ["2.3.3 Buurtnetwerk"]
    assert consultation.sections[0].body == "Nieuwe tekst."
    other = make_consultation(title="Andere")
    assert (
        client.get(f"/inspraak/{other.id}/deel/{chapter.id}/bewerken").status_code
        == 404
    )


@pytest.mark.parametrize("role", [Role.WORKER, Role.CITY, Role.ADMIN])
def test_only_coordinators_change_the_text(
    client, login_as, make_user, make_consultation, role
):
    consultation = make_consultation()
    cid, section = consultation.id, consultation.sections[1].id
    login_as(make_user(role))
    assert client.get(f"/inspraak/{cid}/bewerken").status_code == 403
    assert client.post(f"/inspraak/{cid}/bewerken", data={}).status_code == 403
    assert client.get(f"/inspraak/{cid}/deel/{section}/bewerken").status_code == 403
    deleted = client.post(f"/inspraak/{cid}/deel/{section}/verwijderen")
    assert deleted.status_code == 403
    _db.session.expire_all()
    assert len(consultation.sections) == 2


def test_a_closed_consultation_is_not_edited(db, coordinator, make_consultation):
    consultation = make_consultation(open=True)
    services.transition(consultation, ConsultationStatus.CLOSED, coordinator, NOW)
    with pytest.raises(NotAllowed):
        editing.update_section(consultation.sections[0], coordinator, title="X")
    with pytest.raises(NotAllowed):
        editing.delete_section(consultation.sections[1], coordinator)


# --- remarks ----------------------------------------------------------------------


def test_author_edits_own_remark_checked_again(
    client, login_as, make_consultation, account_participant
):
    consultation = make_consultation(open=True)
    participant, worker = account_participant(consultation)
    remark = remark_by(participant, worker, consultation.sections[0])
    url = f"/inspraak/{consultation.id}/meedoen/opmerking/{remark.id}"
    login_as(worker)
    assert (
        "Aanpassen of verwijderen"
        in client.get(f"/inspraak/{consultation.id}/meedoen").text
    )
    typed = "Vraag het aan mevrouw Janssens."
    refused = client.post(url, data={"text": typed})
    assert refused.status_code == 422
    assert "Mogelijk persoonsgegevens gevonden" in refused.text
    assert typed in refused.text  # what was typed stays
    _db.session.expire_all()
    assert remark.text == "Meer buurtwerk."
    assert (
        client.post(url, data={"text": "Meer buurtwerk, ook 's avonds."}).status_code
        == 302
    )
    _db.session.expire_all()
    assert remark.text == "Meer buurtwerk, ook 's avonds."
    assert client.post(url + "/verwijderen").status_code == 302
    _db.session.expire_all()
    assert consultation.sections[0].remarks == []
    actions = {e.action for e in _db.session.query(AuditEvent)}
    assert {"consultation.remark_edited", "consultation.remark_deleted"} <= actions


def test_a_colleague_or_outsider_cannot_touch_a_remark(
    client, login_as, make_user, make_consultation, account_participant
):
    consultation = make_consultation(open=True)
    participant, worker = account_participant(consultation)
    remark = remark_by(participant, worker, consultation.sections[0])
    url = f"/inspraak/{consultation.id}/meedoen/opmerking/{remark.id}"
    colleague = make_user(Role.WORKER, organisation=worker.organisation)
    login_as(colleague)  # same organisation, not the author
    assert client.get(url).status_code == 404
    assert client.post(url + "/verwijderen").status_code == 404
    login_as(make_user(Role.WORKER))  # not taking part
    assert client.get(url).status_code == 403
    for role in (Role.COORDINATOR, Role.CITY):
        login_as(make_user(role))
        assert client.post(url, data={"text": "Anders."}).status_code == 403
    login_as(make_user(Role.ADMIN))
    assert client.get(url).status_code == 403
    _db.session.expire_all()
    assert remark.text == "Meer buurtwerk."


def test_no_changes_after_closing_or_an_answer(
    db, coordinator, city, make_consultation, account_participant
):
    consultation = make_consultation(open=True)
    participant, worker = account_participant(consultation)
    answered = remark_by(participant, worker, consultation.sections[0])
    services.answer_remark(
        answered, city, answer_type="al_voorzien", text="Staat in 2.3.", now=NOW
    )
    with pytest.raises(NotAllowed, match="al beantwoord"):
        editing.edit_remark(answered, participant, text="X", author=worker, now=NOW)
    other = remark_by(participant, worker, consultation.sections[1])
    services.transition(consultation, ConsultationStatus.CLOSED, coordinator, NOW)
    with pytest.raises(NotAllowed, match="niet meer open"):
        editing.delete_remark(other, participant, author=worker)


def test_a_council_edits_its_remark_by_code(client, coordinator, make_consultation):
    consultation = make_consultation(open=True)
    participant, code = access.add_code_participant(
        consultation, coordinator, source_code="JR", name="Jeugdraad"
    )
    _db.session.commit()
    remark = services.record_remark(
        participant, consultation.sections[0], text="Meer speelruimte.",
        author=None, now=NOW,
    )  # fmt: skip
    _db.session.commit()
    url = f"/inspraak/code/meedoen/opmerking/{remark.id}"
    assert client.get(url).status_code == 403  # no code typed yet
    client.post("/inspraak/code", data={"code": code})
    assert "Aanpassen of verwijderen" in client.get("/inspraak/code/meedoen").text
    assert client.post(url, data={"text": "Meer speelpleinen."}).status_code == 302
    _db.session.expire_all()
    assert remark.text == "Meer speelpleinen."
    assert client.post(url + "/verwijderen").status_code == 302
    _db.session.expire_all()
    assert consultation.sections[0].remarks == []


def test_another_council_cannot_edit_by_code(
    client, coordinator, make_consultation, account_participant
):
    consultation = make_consultation(open=True)
    participant, worker = account_participant(consultation)
    remark = remark_by(participant, worker, consultation.sections[0])
    _jr, code = access.add_code_participant(
        consultation, coordinator, source_code="JR", name="Jeugdraad"
    )
    _db.session.commit()
    client.post("/inspraak/code", data={"code": code})
    url = f"/inspraak/code/meedoen/opmerking/{remark.id}"
    assert client.get(url).status_code == 404
    assert client.post(url + "/verwijderen").status_code == 404


# --- answers -----------------------------------------------------------------------


def test_city_edits_an_answer_and_the_history_stays(
    client, login_as, city, coordinator, make_consultation, account_participant
):
    consultation = make_consultation(open=True)
    participant, worker = account_participant(consultation)
    remark = remark_by(participant, worker, consultation.sections[0])
    first = services.answer_remark(
        remark, city, answer_type="overgenomen", text="Aangepast.", now=NOW
    )
    second = services.answer_remark(
        remark, city, answer_type="al_voorzien", text="Zie 2.4.", now=NOW
    )
    _db.session.commit()
    login_as(city)
    url = f"/inspraak/antwoord/{first.id}/bewerken"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        data={
            "answer_type": "doorgegeven",
            "text": "Doorgegeven.",
            "department": "Dienst Ontmoeten en Verbinden",
        },
    )
    assert response.status_code == 302
    _db.session.expire_all()
    assert [a.text for a in remark.answers] == ["Doorgegeven.", "Zie 2.4."]
    versions = editing.answer_versions(remark.answers[0])
    assert [v.text for v in versions] == ["Aangepast.", "Doorgegeven."]
    page = client.get(f"/inspraak/opmerking/{remark.id}").text
    assert "1 eerdere versie" in page and "Aangepast." in page
    assert client.get(url).status_code == 404  # an earlier version stays as it is
    assert second.superseded_at is None
    login_as(coordinator)
    assert client.get(f"/inspraak/antwoord/{second.id}/bewerken").status_code == 403
    login_as(worker)
    assert client.get(f"/inspraak/antwoord/{second.id}/bewerken").status_code == 403
    assert _db.session.query(RemarkAnswer).count() == 3


def test_an_edited_answer_is_checked_for_personal_data(
    db, city, make_consultation, account_participant
):
    consultation = make_consultation(open=True)
    participant, worker = account_participant(consultation)
    remark = remark_by(participant, worker, consultation.sections[0])
    answer = services.answer_remark(
        remark, city, answer_type="overgenomen", text="Aangepast.", now=NOW
    )
    with pytest.raises(PersonalDataFound):
        editing.edit_answer(
            answer, city, answer_type="overgenomen",
            text="Bel 0470 12 34 56.", now=NOW,
        )  # fmt: skip


def test_a_code_holder_has_no_account_routes(
    client, city, coordinator, make_consultation, account_participant
):
    consultation = make_consultation(open=True)
    participant, worker = account_participant(consultation)
    remark = remark_by(participant, worker, consultation.sections[0])
    answer = services.answer_remark(
        remark, city, answer_type="overgenomen", text="Aangepast.", now=NOW
    )
    _jr, code = access.add_code_participant(
        consultation, coordinator, source_code="JR", name="Jeugdraad"
    )
    _db.session.commit()
    client.post("/inspraak/code", data={"code": code})
    cid, section = consultation.id, consultation.sections[1].id
    for url in (
        f"/inspraak/{cid}/bewerken",
        f"/inspraak/{cid}/deel/{section}/bewerken",
        f"/inspraak/{cid}/deel/{section}/verwijderen",
        f"/inspraak/{cid}/meedoen/opmerking/{remark.id}",
        f"/inspraak/{cid}/meedoen/opmerking/{remark.id}/verwijderen",
        f"/inspraak/antwoord/{answer.id}/bewerken",
    ):
        response = client.post(url, data={"text": "Anders.", "title": "Anders"})
        assert response.status_code == 302, url
        assert "/account/aanmelden" in response.headers["Location"], url
    _db.session.expire_all()
    assert len(consultation.sections) == 2 and remark.text == "Meer buurtwerk."
    assert answer.superseded_at is None
