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
    expire_login_attempts,
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


def fail(user_email, ip, now, times):
    for _ in range(times):
        assert authenticate(user_email, "fout", ip, now=now) is None


def test_one_address_guessing_one_account_is_stopped(app, make_user, db):
    user = make_user()
    now = utcnow()
    fail(user.email, "10.0.0.1", now, app.config["LOGIN_MAX_FAILURES"])
    with pytest.raises(LoginThrottled):
        # Even the right password waits until the window has passed.
        authenticate(user.email, TEST_PASSWORD, "10.0.0.1", now=now)
    later = now + timedelta(minutes=app.config["LOGIN_FAILURE_WINDOW_MINUTES"] + 1)
    assert authenticate(user.email, TEST_PASSWORD, "10.0.0.1", now=later) == user


def test_a_guesser_does_not_lock_out_the_owner_or_the_office(app, make_user, db):
    owner, colleague = make_user(), make_user()
    now = utcnow()
    # Someone in the same office (one router, one address) mistypes a lot.
    fail(owner.email, "10.0.0.1", now, app.config["LOGIN_MAX_FAILURES"])
    with pytest.raises(LoginThrottled):
        authenticate(owner.email, "fout", "10.0.0.1", now=now)
    # The colleague behind the same address still gets in ...
    assert authenticate(colleague.email, TEST_PASSWORD, "10.0.0.1", now=now)
    # ... and so does the owner from another address.
    assert authenticate(owner.email, TEST_PASSWORD, "10.9.9.9", now=now) == owner


def test_attempts_during_a_block_do_not_extend_it(app, make_user, db):
    user = make_user()
    now = utcnow()
    fail(user.email, "10.0.0.1", now, app.config["LOGIN_MAX_FAILURES"])
    window = timedelta(minutes=app.config["LOGIN_FAILURE_WINDOW_MINUTES"])
    for minute in range(1, 15):
        with pytest.raises(LoginThrottled):
            authenticate(
                user.email, "fout", "10.0.0.1", now=now + timedelta(minutes=minute)
            )
    later = now + window + timedelta(seconds=1)
    assert authenticate(user.email, TEST_PASSWORD, "10.0.0.1", now=later) == user


def test_one_address_guessing_many_accounts_is_stopped(app, make_user, db):
    user = make_user()
    now = utcnow()
    for i in range(app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]):
        authenticate(f"onbekend{i}@example.org", "fout", "10.1.1.1", now=now)
    with pytest.raises(LoginThrottled):
        authenticate(user.email, TEST_PASSWORD, "10.1.1.1", now=now)
    assert authenticate(user.email, TEST_PASSWORD, "10.1.1.2", now=now) == user


def test_many_addresses_guessing_one_account_spare_its_known_address(
    app, make_user, db
):
    user = make_user()
    now = utcnow()
    assert authenticate(user.email, TEST_PASSWORD, "10.5.5.5", now=now) == user
    for i in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        authenticate(user.email, "fout", f"10.2.{i}.1", now=now)
    with pytest.raises(LoginThrottled):
        authenticate(user.email, TEST_PASSWORD, "10.3.3.3", now=now)
    assert authenticate(user.email, TEST_PASSWORD, "10.5.5.5", now=now) == user


def test_the_beheerder_lifts_a_block(app, client, make_user, login_as, db):
    admin, user = make_user(Role.ADMIN), make_user()
    fail(user.email, "127.0.0.1", utcnow(), app.config["LOGIN_MAX_FAILURES"])
    db.session.commit()
    login_as(admin)
    page = client.get(f"/beheer/accounts/{user.id}").get_data(as_text=True)
    assert "Tijdelijk geblokkeerd" in page
    response = client.post(f"/beheer/accounts/{user.id}/blokkering-opheffen")
    assert response.status_code == 302
    page = client.get(f"/beheer/accounts/{user.id}").get_data(as_text=True)
    assert "blokkering is opgeheven" in page
    assert "Tijdelijk geblokkeerd" not in page
    assert authenticate(user.email, TEST_PASSWORD, "127.0.0.1") == user
    assert db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "login.block_lifted")
    )


def test_only_a_beheerder_lifts_a_block(client, make_user, login_as):
    user = make_user()
    for role in (Role.WORKER, Role.COORDINATOR, Role.CITY):
        login_as(make_user(role))
        response = client.post(f"/beheer/accounts/{user.id}/blokkering-opheffen")
        assert response.status_code == 403


def test_old_login_attempts_expire(app, make_user, db):
    user = make_user()
    now = utcnow()
    days = app.config["LOGIN_ATTEMPT_RETENTION_DAYS"]
    authenticate(user.email, "fout", "10.0.0.1", now=now - timedelta(days=days + 1))
    authenticate(user.email, "fout", "10.0.0.1", now=now)
    assert expire_login_attempts(now) == "1 verwijderd"
    assert len(db.session.scalars(select(LoginAttempt)).all()) == 1


def test_logout_ends_a_copied_session(client, make_user):
    user = make_user()
    login(client, user.email)
    with client.session_transaction() as session:
        copied = dict(session)
    client.post("/account/afmelden")
    with client.session_transaction() as session:
        session.update(copied)  # the copied cookie comes back
    assert client.get("/signalen/mijn").status_code == 302


def test_login_starts_a_new_session(client, make_user):
    user = make_user()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    login(client, user.email)
    with client.session_transaction() as session:
        assert "planted" not in session


@pytest.mark.parametrize(
    "target",
    ["//evil.example", "/\\evil.example", "https://evil.example/", "/x\nHeader"],
)
def test_next_only_follows_plain_local_paths(client, make_user, target):
    user = make_user()
    response = login(client, user.email, query_string={"next": target})
    assert response.headers["Location"] in ("/", "http://localhost/")


def test_next_follows_a_local_path(client, make_user):
    user = make_user()
    response = login(client, user.email, query_string={"next": "/signalen/mijn?p=2"})
    assert response.headers["Location"].endswith("/signalen/mijn?p=2")


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
