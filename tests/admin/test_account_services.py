"""Organisations and accounts managed by the beheerder."""

import re

import pytest
from werkzeug.security import check_password_hash

from signalen.auth.services import (
    authenticate,
    generate_password,
    load_user,
    reset_password,
    set_active,
    update_user,
)
from signalen.errors import SignalenError
from signalen.organisations.models import OrganisationKind
from signalen.organisations.services import (
    create_organisation,
    set_organisation_active,
    update_organisation,
)
from signalen.permissions import Role
from tests.conftest import TEST_PASSWORD


def test_create_and_update_organisation(db, admin, events):
    kind = db.session.query(OrganisationKind).filter_by(code="welzijn").one()
    org = create_organisation(
        "  Buurtwerk Noord ", kind=kind, anonymous_to_city=True, actor=admin
    )
    assert org.name == "Buurtwerk Noord" and org.anonymous_to_city and org.active
    with pytest.raises(SignalenError) as exc:
        create_organisation("buurtwerk noord", kind=None, anonymous_to_city=False,
                            actor=admin)  # fmt: skip
    assert exc.value.field == "name" and "bestaat al" in exc.value.message
    assert update_organisation(
        org, name="Buurtwerk Noord-Oost", kind=None, anonymous_to_city=False,
        actor=admin,
    )  # fmt: skip
    details = events("organisation.updated")[-1].details
    assert details["name"] == {"old": "Buurtwerk Noord", "new": "Buurtwerk Noord-Oost"}
    assert details["kind_id"] == {"old": kind.id, "new": None}
    assert details["anonymous_to_city"] == {"old": True, "new": False}
    assert not update_organisation(
        org, name="Buurtwerk Noord-Oost", kind=None, anonymous_to_city=False,
        actor=admin,
    )  # fmt: skip


def test_deactivated_organisation_blocks_login(db, admin, make_user, make_org):
    org = make_org("CAW Test")
    worker = make_user(Role.WORKER, organisation=org)
    set_organisation_active(org, False, admin)
    db.session.commit()
    assert authenticate(worker.email, TEST_PASSWORD, None) is None
    assert load_user(worker.get_id()) is None
    set_organisation_active(org, True, admin)
    assert authenticate(worker.email, TEST_PASSWORD, None) == worker


def test_cannot_deactivate_own_organisation(db, admin):
    with pytest.raises(SignalenError, match="eigen organisatie"):
        set_organisation_active(admin.organisation, False, admin)


def test_generated_passwords_are_long_and_differ():
    passwords = {generate_password() for _ in range(50)}
    assert len(passwords) == 50
    assert all(
        re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", p) for p in passwords
    )


def test_update_user_audits_without_names(db, admin, make_user, make_org, events):
    user = make_user(Role.WORKER, display_name="Wim Werker")
    other = make_org("Andere vzw")
    assert update_user(
        user, display_name="Wim W.", role=Role.COORDINATOR, organisation=other,
        actor=admin,
    )  # fmt: skip
    assert (user.display_name, user.role, user.organisation) == (
        "Wim W.",
        Role.COORDINATOR,
        other,
    )
    details = events("user.updated")[-1].details
    assert details["role"] == {"old": "medewerker", "new": "coordinator"}
    assert details["display_name_changed"] is True
    assert "Wim" not in str(details)
    assert not update_user(
        user, display_name="Wim W.", role=Role.COORDINATOR, organisation=other,
        actor=admin,
    )  # fmt: skip


def test_beheerder_cannot_change_own_role_or_organisation(db, admin, make_org):
    with pytest.raises(SignalenError) as exc:
        update_user(admin, display_name="Bea", role=Role.WORKER,
                    organisation=admin.organisation, actor=admin)  # fmt: skip
    assert exc.value.field == "role"
    with pytest.raises(SignalenError) as exc:
        update_user(admin, display_name="Bea", role=Role.ADMIN,
                    organisation=make_org(), actor=admin)  # fmt: skip
    assert exc.value.field == "organisation"
    with pytest.raises(SignalenError) as exc:
        update_user(admin, display_name=" ", role=Role.ADMIN,
                    organisation=admin.organisation, actor=admin)  # fmt: skip
    assert exc.value.field == "display_name"


def test_reset_password_ends_sessions(db, admin, make_user, events):
    user = make_user()
    old_id = user.get_id()
    password = reset_password(user, admin)
    db.session.commit()
    assert check_password_hash(user.password_hash, password)
    assert load_user(old_id) is None
    assert authenticate(user.email, password, None) == user
    event = events("user.password_reset")[-1]
    assert event.object_id == user.id and password not in str(event.details)
    with pytest.raises(SignalenError):
        reset_password(admin, admin)


def test_deactivating_self_is_refused(db, admin):
    with pytest.raises(SignalenError, match="eigen account"):
        set_active(admin, False, admin)
