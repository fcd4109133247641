"""Typing an answer in the app; the worker sees it on the signal page."""

from __future__ import annotations

import pytest
from flask import g

from signalen.bundles.models import BundleStatus
from signalen.permissions import Role


@pytest.fixture
def published(make_user, make_signal, make_structural, make_bundle):
    worker = make_user(Role.WORKER)
    signal = make_signal(worker, title="Geen digipunt meer")
    bundle = make_bundle([make_structural([signal])], status=BundleStatus.PUBLISHED)
    return bundle, signal, worker


FORM = {
    "response_type": "doorgegeven",
    "text": "Doorgegeven aan de dienst Digitale Inclusie.",
    "department": "Digitale Inclusie",
    "follow_up_route": "snelle_actie",
    "progress": "in_opvolging",
    "political_status": "",
}


def test_city_answers_in_the_app_and_worker_sees_it(
    client, login_as, make_user, published
):
    bundle, signal, worker = published
    item = bundle.items[0]
    login_as(make_user(Role.CITY))
    page = client.get(f"/antwoorden/item/{item.id}")
    assert page.status_code == 200 and "Antwoord toevoegen" in page.text
    response = client.post(f"/antwoorden/item/{item.id}", data=FORM)
    assert response.status_code == 302
    page = client.get(f"/antwoorden/item/{item.id}")
    assert "Doorgegeven aan de dienst Digitale Inclusie." in page.text
    assert "Antwoord bewaard" in page.text
    listing = client.get(f"/antwoorden/bundel/{bundle.id}")
    assert "Doorgegeven aan dienst" in listing.text
    g.pop("_login_user", None)  # tests share one app context: forget the cached user
    login_as(worker)
    detail = client.get(f"/signalen/{signal.reference}")
    assert "Antwoord van de stad: Doorgegeven aan dienst" in detail.text
    assert "Doorgegeven aan de dienst Digitale Inclusie." in detail.text


def test_errors_are_shown_next_to_the_field(client, login_as, make_user, published):
    bundle, _signal, _worker = published
    login_as(make_user(Role.CITY))
    url = f"/antwoorden/item/{bundle.items[0].id}"
    page = client.post(url, data={**FORM, "text": "Bel 0470 12 34 56"})
    assert page.status_code == 200
    assert "telefoonnummer" in page.text and 'aria-invalid="true"' in page.text
    page = client.post(url, data={**FORM, "response_type": ""})
    assert "Dit veld is verplicht." in page.text


def test_city_cannot_see_a_closed_bundle(client, login_as, make_user, published, db):
    bundle, _signal, _worker = published
    bundle.status = BundleStatus.CLOSED
    db.session.commit()
    login_as(make_user(Role.CITY))
    assert client.get(f"/antwoorden/item/{bundle.items[0].id}").status_code == 404
    assert client.get(f"/antwoorden/bundel/{bundle.id}").status_code == 404


def test_coordinator_answers_a_closed_bundle(
    client, login_as, make_user, published, db
):
    bundle, _signal, _worker = published
    bundle.status = BundleStatus.CLOSED
    db.session.commit()
    login_as(make_user(Role.COORDINATOR))
    url = f"/antwoorden/item/{bundle.items[0].id}"
    assert client.post(url, data=FORM).status_code == 302
    assert len(bundle.items[0].responses) == 1


def test_workers_have_no_access(client, login_as, make_user, published):
    bundle, _signal, worker = published
    login_as(worker)
    assert client.get(f"/antwoorden/item/{bundle.items[0].id}").status_code == 403
