"""A coordinator lifts the block on consultation codes after too many wrong ones."""

from __future__ import annotations

import pytest

from signalen.audit.models import AuditEvent
from signalen.consultations import access
from signalen.database import utcnow
from signalen.permissions import Role
from signalen.prioritisation import throttle


def with_code(db, make_consultation, coordinator):
    consultation = make_consultation(open=True)
    _participant, code = access.add_code_participant(
        consultation, coordinator, source_code="JR", name="Jeugdraad"
    )
    db.session.commit()
    return consultation, code


def block(db):
    for _ in range(throttle.ROUND_BUDGET):
        access.login_with_code("AAA-AAA-AAA", utcnow())
    db.session.commit()


def test_lifting_lets_the_right_code_in_again(db, make_consultation, coordinator):
    consultation, code = with_code(db, make_consultation, coordinator)
    block(db)
    now = utcnow()
    assert access.code_block_until(consultation, now) is not None
    assert access.login_with_code(code, now).participant is None
    assert access.lift_code_block(consultation, coordinator, now) == 1
    db.session.commit()
    assert access.code_block_until(consultation, now) is None
    assert access.login_with_code(code, now).participant is not None
    event = db.session.query(AuditEvent).filter_by(
        action="consultation.code_block_lifted"
    )
    assert event.one().details == {"blocks": 1}


def test_lifting_one_consultation_leaves_a_round_blocked(
    db, make_consultation, coordinator
):
    consultation, _code = with_code(db, make_consultation, coordinator)
    block(db)
    now = utcnow()
    for _ in range(throttle.ROUND_BUDGET):
        throttle.count_failure(throttle.NO_ROUND_SCOPE, None, now)
    access.lift_code_block(consultation, coordinator, now)
    assert throttle.blocked_until([throttle.NO_ROUND_SCOPE], now) is not None


def test_coordinator_lifts_from_the_participants_page(
    client, login_as, db, make_consultation, coordinator
):
    consultation, code = with_code(db, make_consultation, coordinator)
    page = f"/inspraak/{consultation.id}/deelnemers"
    lift = f"/inspraak/{consultation.id}/codes/deblokkeren"
    login_as(coordinator)
    assert "Blokkering opheffen" not in client.get(page).text
    block(db)
    shown = client.get(page).text
    assert "Blokkering opheffen" in shown
    assert "kan niemand met een code aanmelden" in shown
    response = client.post(lift, follow_redirects=True)
    assert "Aanmelden met een code kan weer." in response.text
    assert "Blokkering opheffen" not in response.text
    anonymous = client.application.test_client()
    login = anonymous.post("/inspraak/code", data={"code": code})
    assert login.headers["Location"].endswith("/inspraak/code/meedoen")


@pytest.mark.parametrize("role", [Role.WORKER, Role.CITY, Role.ADMIN])
def test_only_a_coordinator_lifts(
    client, login_as, make_user, db, make_consultation, coordinator, role
):
    consultation, _code = with_code(db, make_consultation, coordinator)
    block(db)
    login_as(make_user(role))
    assert (
        client.post(f"/inspraak/{consultation.id}/codes/deblokkeren").status_code == 403
    )
    assert access.code_block_until(consultation, utcnow()) is not None


def test_a_code_holder_cannot_lift(client, db, make_consultation, coordinator):
    consultation, code = with_code(db, make_consultation, coordinator)
    client.post("/inspraak/code", data={"code": code})
    block(db)
    response = client.post(f"/inspraak/{consultation.id}/codes/deblokkeren")
    assert response.status_code == 302  # to the login page: a code is no account
    assert "/account/aanmelden" in response.headers["Location"]
    assert access.code_block_until(consultation, utcnow()) is not None
