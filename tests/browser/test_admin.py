"""A beheerder creates an account and deactivates a theme; axe finds nothing serious."""

import re

import pytest
from sqlalchemy import select

from signalen.auth.models import User
from signalen.permissions import Role
from signalen.themes.models import Theme
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def login(page, email):
    page.goto("/account/aanmelden")
    page.fill("#email", email)
    page.fill("#password", TEST_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()


def test_beheerder_creates_account_and_deactivates_theme(
    page, make_user, make_org, db, axe_check
):
    admin = make_user(Role.ADMIN, email="beheer@example.org")
    org = make_org("Buurtwerk Zuid")
    login(page, admin.email)

    page.goto("/beheer/accounts")
    assert page.locator("h1").inner_text() == "Accounts"
    assert axe_check(page) == []

    page.get_by_role("link", name="Account aanmaken").click()
    page.wait_for_url("**/beheer/accounts/nieuw")
    assert axe_check(page) == []
    # A first try without e-mail: the error sits next to the field, input stays.
    page.fill("#display_name", "Nina Nieuw")
    page.select_option("#role", "medewerker")
    page.select_option("#organisation", str(org.id))
    page.get_by_role("button", name="Account aanmaken").click()
    assert page.locator("#email-fout").inner_text().strip() == "Dit veld is verplicht."
    assert page.input_value("#display_name") == "Nina Nieuw"
    assert axe_check(page) == []
    page.fill("#email", "nina@example.org")
    page.get_by_role("button", name="Account aanmaken").click()
    page.get_by_role("heading", name="Account aangemaakt").wait_for()
    password = page.locator("#wachtwoord code").inner_text().strip()
    assert len(password) == 14
    assert axe_check(page) == []
    db.session.expire_all()
    user = db.session.scalar(select(User).where(User.email == "nina@example.org"))
    assert user.organisation_id == org.id and user.role == Role.WORKER

    page.goto("/beheer/lijsten/themas")
    assert axe_check(page) == []
    # The hidden part of the button's name says which theme it is for.
    page.get_by_role(
        "button", name=re.compile(r"^Uitschakelen\s*: Drugs en schadebeperking$")
    ).click()
    page.locator(".flash-success").wait_for()
    assert "is uitgeschakeld" in page.locator(".flash-success").inner_text()
    db.session.expire_all()
    theme = db.session.scalar(select(Theme).where(Theme.code == "drugs"))
    assert theme.active is False
    row = page.locator(f"#rij-{theme.id}")
    assert "Uitgeschakeld" in row.inner_text()
    assert axe_check(page) == []

    # The new account can log in with the password shown once.
    page.get_by_role("button", name="Afmelden").click()
    page.goto("/account/aanmelden")
    page.fill("#email", "nina@example.org")
    page.fill("#password", password)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/signalen/mijn")
