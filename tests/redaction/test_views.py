"""Redaction and bewaartermijn pages: roles, preview, confirm, CSRF."""

from __future__ import annotations

import pytest

from signalen.permissions import Role
from signalen.redaction.texts import MARKER
from tests.redaction.conftest import NAME


def page(world):
    return f"/privacy/verwijderen/signaal/{world.signal.id}"


@pytest.mark.parametrize("role", [Role.WORKER, Role.CITY])
def test_other_roles_are_refused(client, login_as, make_user, world, role):
    login_as(make_user(role))
    assert client.get(page(world)).status_code == 403
    data = {"field": "description", "span": NAME, "confirm": "1"}
    assert client.post(page(world), data=data).status_code == 403
    assert client.get("/privacy/verwijderen").status_code == 403
    assert client.get("/privacy/bewaartermijn").status_code == 403
    assert NAME in world.signal.description


def test_coordinator_previews_then_confirms(db, client, login_as, world):
    login_as(world.coordinator)
    response = client.get(page(world) + "?veld=description")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Tekst verwijderen" in html and NAME in html
    data = {"field": "description", "span": NAME, "preview": "1"}
    response = client.post(page(world), data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"Mevrouw {MARKER} vond geen woning" in html
    assert "Definitief verwijderen" in html
    db.session.expire_all()
    assert NAME in world.signal.description  # a preview changes nothing
    data = {"field": "description", "span": NAME, "confirm": "1"}
    response = client.post(page(world), data=data, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "De tekst is verwijderd op 4 plaatsen." in html
    db.session.expire_all()
    assert NAME not in world.signal.description


def test_a_span_not_in_the_text_is_a_message_next_to_the_field(client, login_as, world):
    login_as(world.coordinator)
    data = {"field": "title", "span": NAME, "confirm": "1"}
    response = client.post(page(world), data=data)
    assert response.status_code == 200
    assert "staat niet letterlijk in de gekozen tekst" in response.get_data(
        as_text=True
    )


def test_beheerder_finds_the_signal_by_reference(client, login_as, world):
    login_as(world.admin)
    response = client.get(
        "/privacy/verwijderen", query_string={"referentie": world.signal.reference}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(page(world))
    assert client.get(page(world)).status_code == 200
    response = client.get("/privacy/verwijderen", query_string={"referentie": "S-1"})
    assert "Geen signaal of bundelpunt" in response.get_data(as_text=True)


def test_unknown_objects_and_drafts_are_not_found(client, login_as, world, make_signal):
    login_as(world.coordinator)
    assert client.get("/privacy/verwijderen/x/1").status_code == 404
    assert client.get("/privacy/verwijderen/signaal/999999").status_code == 404
    draft = make_signal(world.coordinator, submit=False)
    assert client.get(f"/privacy/verwijderen/signaal/{draft.id}").status_code == 404


def test_without_csrf_token_nothing_happens(app, client, login_as, world, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    login_as(world.coordinator)
    data = {"field": "description", "span": NAME, "confirm": "1"}
    response = client.post(page(world), data=data)
    assert response.status_code in (200, 400)
    assert NAME in world.signal.description


def test_beheerder_sets_the_bewaartermijn(client, login_as, world):
    from signalen.redaction.retention import kept_months

    login_as(world.admin)
    assert client.get("/privacy/bewaartermijn").status_code == 200
    response = client.post("/privacy/bewaartermijn", data={"keep_months": "24"})
    assert response.status_code == 302
    assert kept_months() == 24
    response = client.post("/privacy/bewaartermijn", data={"keep_months": "7"})
    assert "Kies een termijn uit de lijst." in response.get_data(as_text=True)
    response = client.post("/privacy/bewaartermijn", data={"keep_months": ""})
    assert kept_months() is None
    login_as(world.coordinator)
    assert client.get("/privacy/bewaartermijn").status_code == 403


def test_pages_with_free_text_link_to_the_redaction(client, login_as, world):
    login_as(world.coordinator)
    review = client.get(f"/coordinatie/signalen/{world.signal.reference}")
    assert page(world) in review.get_data(as_text=True)
    structural = client.get(f"/coordinatie/structureel/{world.structural.id}")
    target = f"/privacy/verwijderen/structureel/{world.structural.id}"
    assert target in structural.get_data(as_text=True)
    login_as(world.admin)
    assert "/privacy/bewaartermijn" in client.get("/beheer/").get_data(as_text=True)
