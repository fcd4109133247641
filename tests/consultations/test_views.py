"""Consultation pages per role: who may do what, and the flows end to end."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest

from signalen.consultations import access, services
from signalen.consultations.models import Consultation, ConsultationStatus
from signalen.extensions import db as _db
from signalen.permissions import Role

from .conftest import NOW


@pytest.mark.parametrize("role", [Role.WORKER, Role.ADMIN, Role.CITY])
def test_only_coordinators_set_up(client, login_as, make_user, make_consultation, role):
    consultation = make_consultation()
    login_as(make_user(role))
    cid = consultation.id
    assert client.get("/inspraak/nieuw").status_code == 403
    assert client.post(f"/inspraak/{cid}/deel", data={"title": "X"}).status_code == 403
    assert client.get(f"/inspraak/{cid}/deelnemers").status_code == 403
    assert client.post(f"/inspraak/{cid}/openen").status_code == 403
    section = consultation.sections[0].id
    assert client.get(f"/inspraak/{cid}/deel/{section}/signalen").status_code == 403


@pytest.mark.parametrize("role", [Role.WORKER, Role.ADMIN])
def test_workers_and_admins_do_not_read_the_overview(
    client, login_as, make_user, make_consultation, role
):
    consultation = make_consultation(open=True)
    login_as(make_user(role))
    base = f"/inspraak/{consultation.id}"
    for url in ("/inspraak/", base, f"{base}/bijlage", f"{base}/bijlage.docx"):
        assert client.get(url).status_code == 403, url


def test_city_does_not_see_a_draft(client, login_as, city, make_consultation):
    consultation = make_consultation()
    login_as(city)
    assert client.get(f"/inspraak/{consultation.id}").status_code == 403
    assert "Nota participatie" not in client.get("/inspraak/").text


def test_coordinator_creates_and_builds(client, login_as, coordinator, make_org):
    login_as(coordinator)
    response = client.post(
        "/inspraak/nieuw",
        data={
            "title": "Beleidsnota participatie",
            "introduction": "",
            "opens_at": "2030-01-10T09:00",
            "closes_at": "2030-02-10T17:00",
        },
    )
    assert response.status_code == 302
    consultation = _db.session.query(Consultation).one()
    cid = consultation.id
    response = client.post(
        f"/inspraak/{cid}/deel", data={"parent": "", "number": "1", "title": "Algemeen"}
    )
    assert response.status_code == 302
    chapter = consultation.sections[0]
    client.post(
        f"/inspraak/{cid}/deel", data={"parent": str(chapter.id), "title": "Actie A"}
    )
    _db.session.expire_all()
    assert [s.heading for s in consultation.sections] == ["1 Algemeen", "Actie A"]
    org = make_org("Samenlevingsopbouw Gent")
    response = client.post(
        f"/inspraak/{cid}/deelnemers/account",
        data={"organisation": str(org.id), "source_code": "SO", "name": ""},
    )
    assert response.status_code == 302
    response = client.post(
        f"/inspraak/{cid}/deelnemers/code",
        data={"source_code": "JR", "name": "Jeugdraad"},
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Code afdrukken" in response.text
    response = client.post(
        f"/inspraak/{cid}/deelnemers/code",
        data={"source_code": "JR", "name": "Nog eens"},
    )
    _db.session.expire_all()
    assert [p.source_code for p in consultation.participants] == ["JR", "SO"]
    assert client.post(f"/inspraak/{cid}/openen").status_code == 302
    _db.session.expire_all()
    assert consultation.status == ConsultationStatus.OPEN


def test_personal_data_box_on_a_remark_then_mask(
    client, login_as, make_consultation, account_participant
):
    consultation = make_consultation(open=True)
    participant, worker = account_participant(consultation)
    login_as(worker)
    url = f"/inspraak/{consultation.id}/meedoen"
    assert client.get(url).status_code == 200
    section = str(consultation.sections[0].id)
    text = "Mevrouw Janssens vraagt meer buurtwerk."
    response = client.post(url, data={"section": section, "text": text})
    assert response.status_code == 422
    assert "Mogelijk persoonsgegevens gevonden" in response.text
    assert consultation.sections[0].remarks == []
    response = client.post(
        url, data={"section": section, "text": text, "action": "mask"}
    )
    assert response.status_code == 302
    _db.session.expire_all()
    [remark] = consultation.sections[0].remarks
    assert "Janssens" not in remark.text and remark.author_id == worker.id


def test_worker_of_another_organisation_cannot_take_part(
    client, login_as, make_user, make_consultation, account_participant
):
    consultation = make_consultation(open=True)
    account_participant(consultation)
    login_as(make_user(Role.WORKER))
    assert client.get(f"/inspraak/{consultation.id}/meedoen").status_code == 403


def test_city_answers_and_the_participant_reads_it(
    client, login_as, city, coordinator, make_consultation, account_participant
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
    _db.session.commit()
    login_as(coordinator)  # coordinators read, but do not answer
    response = client.post(
        f"/inspraak/opmerking/{remark.id}",
        data={"answer_type": "overgenomen", "text": "Aangepast."},
    )
    assert response.status_code == 403
    login_as(city)
    response = client.post(
        f"/inspraak/opmerking/{remark.id}",
        data={"answer_type": "niet_overgenomen", "text": ""},
    )
    assert response.status_code == 422
    response = client.post(
        f"/inspraak/opmerking/{remark.id}",
        data={"answer_type": "overgenomen", "text": "Aangepast in 2.3.3."},
    )
    assert response.status_code == 302
    assert (
        client.post(
            f"/inspraak/opmerking/{remark.id}/koppelen", data={"reference": "SS-1"}
        ).status_code
        == 403
    )
    login_as(worker)
    page = client.get("/signalen/mijn").text
    assert "Mijn opmerkingen" in page and "opmerking met een nieuw antwoord" in page
    mine = client.get("/inspraak/mijn-opmerkingen")
    assert "Aangepast in 2.3.3." in mine.text and "nieuw antwoord" in mine.text
    assert "opmerking met een nieuw antwoord" not in client.get("/signalen/mijn").text


def test_coordinator_links_and_the_structural_page_lists_it(
    client, login_as, coordinator, make_consultation, account_participant,
    make_structural,
):  # fmt: skip
    consultation = make_consultation(open=True)
    participant, worker = account_participant(consultation)
    remark = services.record_remark(
        participant,
        consultation.sections[0],
        text="Meer ontmoetingsruimte in de wijk.",
        author=worker,
        now=NOW,
    )
    structural = make_structural()
    _db.session.commit()
    login_as(coordinator)
    response = client.post(
        f"/inspraak/opmerking/{remark.id}/koppelen",
        data={"reference": "SS-0000-0000"},
    )
    assert response.status_code == 422
    assert "Geen structureel signaal met deze referentie." in response.text
    response = client.post(
        f"/inspraak/opmerking/{remark.id}/koppelen",
        data={"reference": structural.reference},
    )
    assert response.status_code == 302
    page = client.get(f"/coordinatie/structureel/{structural.id}")
    assert "Opmerkingen uit inspraak" in page.text
    assert "Meer ontmoetingsruimte in de wijk." in page.text


def test_council_by_code(client, coordinator, make_consultation):
    consultation = make_consultation(open=True)
    participant, code = access.add_code_participant(
        consultation, coordinator, source_code="JR", name="Jeugdraad"
    )
    _db.session.commit()
    assert client.get("/inspraak/code/meedoen").status_code == 302
    response = client.post("/inspraak/code", data={"code": "AAA-AAA-AAA"})
    assert response.status_code == 422
    assert "Deze code kennen we niet" in response.text
    response = client.post("/inspraak/code", data={"code": code})
    assert response.status_code == 302
    page = client.get("/inspraak/code/meedoen")
    assert "Je geeft opmerkingen als JR (Jeugdraad)." in page.text
    response = client.post(
        "/inspraak/code/meedoen",
        data={"section": str(consultation.sections[1].id), "text": "Meer promotie."},
    )
    assert response.status_code == 302
    _db.session.expire_all()
    [remark] = consultation.sections[1].remarks
    assert remark.participant_id == participant.id and remark.author_id is None
    client.post("/inspraak/code/afmelden")
    assert client.get("/inspraak/code/meedoen").status_code == 302


def test_appendix_downloads(client, login_as, city, make_consultation):
    consultation = make_consultation(open=True)
    login_as(city)
    page = client.get(f"/inspraak/{consultation.id}/bijlage")
    assert "Terugkoppeling inspraak: Nota participatie" in page.text
    word = client.get(f"/inspraak/{consultation.id}/bijlage.docx")
    assert word.headers["Content-Disposition"].endswith('.docx"')
    assert (
        docx.Document(io.BytesIO(word.data))
        .paragraphs[0]
        .text.startswith("Terugkoppeling")
    )
    excel = client.get(f"/inspraak/{consultation.id}/bijlage.xlsx")
    assert openpyxl.load_workbook(io.BytesIO(excel.data)).sheetnames[0] == "Inspraak"


def test_pages_render_for_coordinator_and_city(
    client, login_as, coordinator, city, make_consultation, account_participant
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
    services.answer_remark(
        remark, city, answer_type="overgenomen", text="Aangepast.", now=NOW
    )
    _db.session.commit()
    cid, section = consultation.id, consultation.sections[0].id
    login_as(coordinator)
    for url in (
        "/inspraak/",
        f"/inspraak/{cid}",
        f"/inspraak/{cid}/deel",
        f"/inspraak/{cid}/deelnemers",
        f"/inspraak/{cid}/deel/{section}/signalen",
        f"/inspraak/opmerking/{remark.id}",
        f"/inspraak/{cid}/bijlage",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    detail = client.get(f"/inspraak/{cid}").text
    assert "SO:</strong> Vermeld alle wijken." in detail
    assert "Overgenomen:</strong> Aangepast." in detail
    assert "Samenvatting schrijven" in detail and "Nu sluiten" in detail
    login_as(city)
    detail = client.get(f"/inspraak/{cid}").text
    assert "Antwoorden" in detail and "Samenvatting schrijven" not in detail
    assert client.get(f"/inspraak/opmerking/{remark.id}").status_code == 200
