"""Tokens: issued by a beheerder (shown once, kept as a hash), revoked for
good, audited; a token of a switched-off account stops working."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from signalen.api.models import ApiToken
from signalen.api.tokens import hash_token, issue_token, revoke_token
from signalen.audit.models import AuditEvent
from signalen.errors import SignalenError
from signalen.permissions import Role

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def test_only_the_hash_is_kept(db, make_user):
    issued = issue_token(
        make_user(Role.CITY), "Wijkmonitor", make_user(Role.ADMIN), NOW
    )
    db.session.commit()
    stored = db.session.scalar(select(ApiToken))
    assert stored.token_hash == hash_token(issued.secret)
    assert issued.secret not in (stored.token_hash, stored.prefix, stored.name)
    assert issued.secret.startswith(stored.prefix)


def test_a_name_is_needed(db, make_user):
    with pytest.raises(SignalenError):
        issue_token(make_user(Role.CITY), "  ", make_user(Role.ADMIN), NOW)


def test_revoked_is_refused_and_audited(db, api_get, make_user, issue, bundles):
    secret = issue(Role.CITY)
    assert api_get("/bundles", secret).status_code == 200
    token = db.session.scalar(select(ApiToken))
    assert token.last_used_at is not None
    revoke_token(token, make_user(Role.ADMIN), NOW)
    db.session.commit()
    assert api_get("/bundles", secret).status_code == 401
    with pytest.raises(SignalenError):
        revoke_token(token, make_user(Role.ADMIN), NOW)
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"api_token.issued", "api_token.revoked"} <= actions


def test_a_switched_off_account_stops_its_token(db, api_get, make_user, issue, bundles):
    owner = make_user(Role.CITY)
    secret = issue(user=owner)
    owner.active = False
    db.session.commit()
    assert api_get("/bundles", secret).status_code == 401


def test_the_beheerder_issues_and_revokes_on_the_page(
    client, db, make_user, login_as, bundles
):
    from signalen.audit.views import action_label, object_label

    owner = make_user(Role.CITY, display_name="Stad Dienst Data")
    login_as(make_user(Role.ADMIN))
    page = client.get("/beheer/api-sleutels/").get_data(as_text=True)
    assert "Stad Dienst Data" in page
    shown = client.post(
        "/beheer/api-sleutels/", data={"name": "Wijkmonitor", "user": str(owner.id)}
    )
    assert shown.status_code == 200
    assert shown.headers["Cache-Control"] == "no-store"
    token = db.session.scalar(select(ApiToken))
    text = shown.get_data(as_text=True)
    secret = text.split('id="sleutel"><code>')[1].split("</code>")[0]
    assert hash_token(secret) == token.token_hash
    # Shown once: the list shows its first characters only.
    listed = client.get("/beheer/api-sleutels/").get_data(as_text=True)
    assert secret not in listed and token.prefix in listed
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/bundles", headers=headers).status_code == 200
    response = client.post(f"/beheer/api-sleutels/{token.id}/intrekken")
    assert response.status_code == 302
    assert client.get("/api/v1/bundles", headers=headers).status_code == 401
    assert action_label("api_token.revoked") == "API-sleutel ingetrokken"
    assert object_label("api_tokens") == "API-sleutel"


def test_the_page_refuses_an_empty_form(client, make_user, login_as):
    login_as(make_user(Role.ADMIN))
    response = client.post("/beheer/api-sleutels/", data={"name": "", "user": ""})
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.get_data(as_text=True)
