"""The follow-up page: the city and coordinators write, workers read."""

from __future__ import annotations

from flask import g

from signalen.followup import services
from signalen.responses.services import Answer, record_answer

FORM = {
    "department": "Dienst Wonen",
    "contact_role": "beleidsmedewerker",
    "route": "stuurgroep",
    "status": "in_uitvoering",
    "progress": "30",
    "political_status": "budget",
    "political_date": "2026-11-20",
    "political_source": "Gemeenteraad november",
    "budget_amount": "120000",
    "budget_year": "2027",
    "reason": "",
    "promise": "Twintig extra woningen",
    "promise_due": "2027-12-31",
    "step_date": "2026-11-25",
    "note": "Budget goedgekeurd.",
}


def switch(login_as, user):
    g.pop("_login_user", None)  # tests share one app context
    return login_as(user)


def test_city_adds_a_step_and_the_worker_reads_it(client, login_as, published, db):
    worker, city, _c, signal, item = published
    login_as(city)
    page = client.get(f"/opvolging/item/{item.id}")
    assert page.status_code == 200 and "Stap toevoegen" in page.text
    assert client.post(f"/opvolging/item/{item.id}", data=FORM).status_code == 302
    page = client.get(f"/opvolging/item/{item.id}")
    assert "Stap bewaard" in page.text
    assert "€\xa0120.000 (2027)" in page.text and "Budget goedgekeurd." in page.text
    # the form starts from the current state
    assert 'value="Dienst Wonen"' in page.text
    again = client.post(f"/opvolging/item/{item.id}", data={**FORM, "note": ""})
    assert again.status_code == 302
    assert "Er veranderde niets" in client.get(f"/opvolging/item/{item.id}").text
    assert len(services.steps_of(item)) == 1
    switch(login_as, worker)
    assert client.get(f"/opvolging/item/{item.id}").status_code == 403
    bundle_page = client.get(f"/bundels/{item.bundle_id}/items/{item.id}")
    assert bundle_page.status_code == 200  # workers read the item in the bundle
    assert "Opvolging door de stad" in bundle_page.text
    assert "€\xa0120.000 (2027)" in bundle_page.text
    assert "een stap toevoegen" not in bundle_page.text
    detail = client.get(f"/signalen/{signal.reference}")
    assert "Opvolging: In uitvoering (30 %)" in detail.text
    assert "Budget goedgekeurd." in detail.text


def test_errors_stand_next_to_their_field(client, login_as, published):
    _w, city, _c, _s, item = published
    login_as(city)
    url = f"/opvolging/item/{item.id}"
    page = client.post(url, data={**FORM, "budget_amount": ""})
    assert page.status_code == 200
    assert "Geef het bedrag van het budget." in page.text
    assert 'aria-invalid="true"' in page.text
    page = client.post(url, data={**FORM, "progress": "140"})
    assert "Een getal van 0 tot 100." in page.text
    page = client.post(url, data={**FORM, "note": "Mail naar jan.peeters@telenet.be"})
    assert page.status_code == 200 and 'aria-invalid="true"' in page.text
    assert services.steps_of(item) == []


def test_coordinator_writes_too(client, login_as, published):
    _w, _city, coordinator, _s, item = published
    login_as(coordinator)
    assert client.post(f"/opvolging/item/{item.id}", data=FORM).status_code == 302
    assert services.current_step(item).author_id == coordinator.id


def test_unchanged_button_on_a_recurring_item(client, login_as, recurring, db):
    _w, city, _c, _s, old, new = recurring
    record_answer(old, city, Answer("opgenomen", "In het woonplan."))
    db.session.commit()
    login_as(city)
    page = client.get(f"/opvolging/item/{new.id}")
    assert "Vorig antwoord en opvolging" in page.text
    assert "In het woonplan." in page.text and "Ongewijzigd bevestigen" in page.text
    response = client.post(f"/opvolging/item/{new.id}/ongewijzigd")
    assert response.status_code == 302
    page = client.get(f"/opvolging/item/{new.id}")
    assert "Bevestigd als ongewijzigd (1 nieuwe regel)." in page.text
    assert [r.text for r in new.responses] == ["In het woonplan."]
    # the first bundle's item has no earlier one: the button says why
    response = client.post(f"/opvolging/item/{old.id}/ongewijzigd")
    assert response.status_code == 302
    page = client.get(f"/opvolging/item/{old.id}")
    assert "stond niet in een vorige bundel" in page.text
