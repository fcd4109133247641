"""Hostile or unlucky input never gives a 500: huge page numbers, NUL bytes,
newlines in saved filters, a database that is gone, drafts opened by URL."""

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from signalen.coordination.models import SavedFilter
from signalen.permissions import Role
from signalen.signals.models import Signal

LISTS = {
    Role.WORKER: ["/signalen/mijn", "/signalen/organisatie"],
    Role.COORDINATOR: ["/coordinatie/inbox", "/coordinatie/structureel"],
    Role.ADMIN: ["/beheer/accounts", "/logboek/"],
}


@pytest.mark.parametrize("page", ["99999999999999999999", "-1", "0", "abc", "1e9"])
def test_huge_or_odd_page_numbers_are_not_an_error(client, make_user, login_as, page):
    for role, urls in LISTS.items():
        login_as(make_user(role))
        for url in urls:
            response = client.get(url, query_string={"page": page})
            assert response.status_code == 200, (url, response.status_code)


def test_nul_and_control_characters_are_dropped_not_a_500(
    client, make_user, login_as, themes, db
):
    login_as(make_user())
    response = client.post(
        "/signalen/nieuw",
        data={
            "title": "Huur\x00 te hoog\x07",
            "description": "Gezinnen\x00 vinden\x1b geen woning.\nEcht niet.",
            "themes": [str(themes["wonen"].id)],
            "intent": "submit",
        },
    )
    assert response.status_code == 302
    signal = db.session.scalar(select(Signal))
    assert signal.title == "Huur te hoog"
    assert signal.description == "Gezinnen vinden geen woning.\nEcht niet."


def test_a_newline_in_a_saved_filter_is_harmless(client, make_user, login_as, db):
    login_as(make_user(Role.COORDINATOR))
    response = client.post(
        "/coordinatie/filters",
        data={"name": "Wonen", "query": "q=huur\r\nSet-Cookie: x=1&theme=2"},
    )
    assert response.status_code == 302
    assert "\n" not in response.headers["Location"]
    saved = db.session.scalar(select(SavedFilter))
    assert "\n" not in saved.query and "q=huur" in saved.query
    assert client.get("/coordinatie/inbox").status_code == 200


def test_a_coordinator_cannot_open_a_workers_draft(
    client, make_user, login_as, make_signal
):
    draft = make_signal(submit=False)
    login_as(make_user(Role.COORDINATOR))
    assert client.get(f"/coordinatie/signalen/{draft.reference}").status_code == 404
    assert client.get(f"/signalen/{draft.reference}").status_code == 404


def test_database_down_gives_a_dutch_page_that_keeps_the_text(
    app, client, make_user, login_as, themes, monkeypatch
):
    login_as(make_user())
    from signalen.signals import views

    def down(*args, **kwargs):
        raise OperationalError("INSERT", {}, ConnectionError("server closed"))

    monkeypatch.setattr(views, "save_from_form", down)
    response = client.post(
        "/signalen/nieuw",
        data={
            "title": "Te weinig betaalbare woningen",
            "description": "Gezinnen met drie kinderen vinden niets onder 900 euro.",
            "themes": [str(themes["wonen"].id)],
            "intent": "submit",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Even geen verbinding" in page and 'lang="nl' in page
    assert "Gezinnen met drie kinderen vinden niets onder 900 euro." in page
    assert "Internal Server Error" not in page
    # The next request works again.
    assert client.get("/signalen/mijn").status_code == 200


def test_an_unexpected_error_is_a_dutch_page(app, client, make_user, login_as,
                                             themes, monkeypatch):  # fmt: skip
    login_as(make_user())
    from signalen.signals import views

    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(views, "save_from_form", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.post(
        "/signalen/nieuw",
        data={
            "title": "Te weinig betaalbare woningen",
            "description": "Mijn tekst over de huurprijzen blijft.",
            "themes": [str(themes["wonen"].id)],
            "intent": "submit",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Er liep iets mis" in page
    assert "Mijn tekst over de huurprijzen blijft." in page
