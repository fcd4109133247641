"""Logging in, throttling, passwords, deactivation."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from signalen.audit.models import AuditEvent
from signalen.auth.models import LoginAttempt
from signalen.auth.services import (
    LoginThrottled,
    authenticate,
    change_password,
    load_user,
    set_active,
)
from signalen.database import utcnow
from signalen.errors import SignalenError
from signalen.permissions import Role
from tests.conftest import TEST_PASSWORD


def login(client, email, password=TEST_PASSWORD, **kwargs):
    return client.post(
        "/account/aanmelden", data={"email": email, "password": password}, **kwargs
    )


def test_login_page_in_dutch(client):
    page = client.get("/account/aanmelden").get_data(as_text=True)
    assert "Aanmelden bij Signalen" in page
    assert 'for="email"' in page
    assert "Demo-accounts" not in page  # no demo loaded


def test_login_and_logout(client, make_user, db):
    user = make_user(Role.WORKER)
    response = login(client, user.email.upper())
    assert response.status_code == 302
    assert client.get("/signalen/mijn").status_code == 200
    response = client.post("/account/afmelden")
    assert response.status_code == 302
    assert client.get("/signalen/mijn").status_code == 302
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "login" in actions and "logout" in actions


def test_wrong_password_is_refused_and_recorded(client, make_user, db):
    user = make_user()
    response = login(client, user.email, "verkeerd-wachtwoord")
    assert response.status_code == 401
    assert "klopt niet" in response.get_data(as_text=True)
    assert (
        db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "login.failed")
        ).actor_label
        == user.email
    )


def test_repeated_failures_slow_down_the_account(app, make_user, db):
    user = make_user()
    now = utcnow()
    for i in range(app.config["LOGIN_MAX_FAILURES"]):
        assert authenticate(user.email, "fout", f"10.0.0.{i}", now=now) is None
    with pytest.raises(LoginThrottled):
        # Even the right password waits until the window has passed.
        authenticate(user.email, TEST_PASSWORD, "10.0.0.99", now=now)
    later = now + timedelta(minutes=app.config["LOGIN_FAILURE_WINDOW_MINUTES"] + 1)
    assert authenticate(user.email, TEST_PASSWORD, "10.0.0.99", now=later) == user


def test_repeated_failures_slow_down_the_address(app, make_user, db):
    user = make_user()
    now = utcnow()
    for i in range(app.config["LOGIN_MAX_FAILURES"]):
        authenticate(f"onbekend{i}@example.org", "fout", "10.1.1.1", now=now)
    with pytest.raises(LoginThrottled):
        authenticate(user.email, TEST_PASSWORD, "10.1.1.1", now=now)
    assert db.session.scalar(
        select(LoginAttempt).where(LoginAttempt.email == user.email)
    )


def test_throttled_login_shows_a_message(client, make_user, app):
    user = make_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        login(client, user.email, "fout")
    response = login(client, user.email)
    assert response.status_code == 401
    assert "Te veel mislukte pogingen" in response.get_data(as_text=True)


def test_deactivated_user_cannot_log_in_and_loses_sessions(client, make_user, db):
    admin = make_user(Role.ADMIN)
    user = make_user()
    old_id = user.get_id()
    set_active(user, False, admin)
    db.session.commit()
    assert load_user(old_id) is None
    assert login(client, user.email).status_code == 401


def test_admin_cannot_deactivate_themselves(make_user):
    admin = make_user(Role.ADMIN)
    with pytest.raises(SignalenError):
        set_active(admin, False, admin)


def test_change_password_rules(make_user, db):
    user = make_user()
    with pytest.raises(SignalenError) as wrong:
        change_password(user, "niet-het-huidige", "nieuw-wachtwoord-1")
    assert wrong.value.field == "current"
    with pytest.raises(SignalenError) as short:
        change_password(user, TEST_PASSWORD, "kort")
    assert "minstens 10" in short.value.message
    old_id = user.get_id()
    change_password(user, TEST_PASSWORD, "een-lang-nieuw-wachtwoord")
    db.session.commit()
    assert load_user(old_id) is None  # other sessions are logged out
    assert authenticate(user.email, "een-lang-nieuw-wachtwoord", None) == user


def test_change_password_page(client, make_user, login_as):
    user = login_as(make_user())
    response = client.post(
        "/account/wachtwoord",
        data={"current": TEST_PASSWORD, "password": "nieuw-1234567", "confirm": "x"},
    )
    assert response.status_code == 200
    assert "niet gelijk" in response.get_data(as_text=True)
    response = client.post(
        "/account/wachtwoord",
        data={
            "current": TEST_PASSWORD,
            "password": "nieuw-1234567",
            "confirm": "nieuw-1234567",
        },
    )
    assert response.status_code == 302
    # Still logged in with the new session token.
    assert client.get("/signalen/mijn").status_code == 200
    assert user.password_hash


def test_next_parameter_stays_on_this_site(client, make_user):
    user = make_user()
    response = login(client, user.email, query_string={"next": "https://evil.example"})
    assert response.headers["Location"] == "/"
    client.post("/account/afmelden")
    response = login(client, user.email, query_string={"next": "/signalen/nieuw"})
    assert response.headers["Location"] == "/signalen/nieuw"
