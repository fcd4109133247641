"""The expired-form page (issue 14, item 7) keeps what was typed."""

import pytest


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_an_expired_form_shows_what_was_typed_and_links_back(
    client, make_user, login_as, csrf_on
):
    login_as(make_user())
    response = client.post(
        "/signalen/nieuw",
        data={
            "title": "Wachtlijst kinderopvang",
            "description": "Ouders wachten maanden op een plaats.",
            "csrf_token": "oud",
        },
        headers={"Referer": "http://localhost/signalen/nieuw"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Formulier verlopen" in page and "herlaad" not in page
    assert "Wachtlijst kinderopvang" in page
    assert "Ouders wachten maanden op een plaats." in page
    assert 'href="/signalen/nieuw"' in page and "Open het formulier opnieuw" in page
    assert "oud</textarea>" not in page  # the token itself is not shown


def test_a_referrer_from_elsewhere_gives_no_back_link(
    client, make_user, login_as, csrf_on
):
    login_as(make_user())
    response = client.post(
        "/signalen/nieuw",
        data={"title": "Iets"},
        headers={"Referer": "https://elders.example/val"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "elders.example" not in page
    assert "Open het formulier opnieuw" not in page
