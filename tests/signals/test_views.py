"""The intake form, the lists and the detail page over HTTP."""

import re

from sqlalchemy import select

from signalen.coordination.services import ask_question, mark_not_structural
from signalen.permissions import Role
from signalen.signals.models import Signal, SignalStatus


def form_data(theme_rows, **overrides):
    data = {
        "title": "Wachtlijst sociale woningen",
        "description": "Gezinnen wachten jaren op een sociale woning.",
        "themes": [str(theme_rows["wonen"].id)],
        "concerns_city_service": "",
        "action": "submit",
    }
    data.update(overrides)
    return data


def test_new_signal_form_renders(client, make_user, login_as):
    login_as(make_user())
    page = client.get("/signalen/nieuw").get_data(as_text=True)
    assert "Nieuw signaal" in page
    assert 'name="themes"' in page and "Digitale inclusie" in page
    assert "Rabot-Blaisantvest" in page


def test_blank_form_shows_a_list_change_at_once_and_matches_a_filled_form(
    client, make_user, login_as, themes, db
):
    """The blank form's lists are rendered once per version of the lists: a
    theme the beheerder renames shows on the next page, and the blank form's
    checkboxes are the same as those of a form shown again with errors."""
    login_as(make_user())
    first = client.get("/signalen/nieuw").get_data(as_text=True)
    assert "Digitale inclusie" in first
    themes["digitaal"].label = "Digitale kloof"
    db.session.commit()
    again = client.get("/signalen/nieuw").get_data(as_text=True)
    assert "Digitale kloof" in again and "Digitale inclusie" not in again
    shown_again = client.post(
        "/signalen/nieuw", data=form_data(themes, themes=[], title="")
    ).get_data(as_text=True)

    def checkboxes(page):
        return re.findall(
            r'<input type="checkbox" name="[a-z_]+" value="\d+" id="[^"]+"', page
        )

    assert checkboxes(again) and checkboxes(again) == checkboxes(shown_again)


def test_the_cached_blank_form_carries_this_sessions_token_and_a_new_key(
    app, client, make_user, login_as, themes, db, monkeypatch
):
    """The blank form is rendered once per process, but each page gets its own
    idempotency key and the CSRF token of its session: a new session's page
    has another token, the old one is refused, and each page's form saves."""
    from flask import g

    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    login_as(make_user())

    def shown(page):
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page)
        assert token and key, "no token or key in the form"
        assert f'<meta name="csrf-token" content="{token[1]}">' in page
        return token[1], key[1]

    def send(token, key, title):
        data = form_data(themes, title=title, csrf_token=token, idempotency_key=key)
        return client.post("/signalen/nieuw", data=data)

    first = shown(client.get("/signalen/nieuw").get_data(as_text=True))
    assert send(*first, "Eerste").status_code == 302
    with client.session_transaction() as session:  # a new session
        session.pop("csrf_token")
    g.pop("csrf_token", None)  # requests share the test's app context
    second = shown(client.get("/signalen/nieuw").get_data(as_text=True))
    assert second[0] != first[0] and second[1] != first[1]
    assert send(first[0], second[1], "Oud token").status_code == 400
    assert send(*second, "Tweede").status_code == 302
    titles = db.session.scalars(select(Signal.title).order_by(Signal.id)).all()
    assert titles == ["Eerste", "Tweede"]


def test_submit_a_signal(client, make_user, login_as, themes, db):
    user = login_as(make_user())
    response = client.post("/signalen/nieuw", data=form_data(themes))
    assert response.status_code == 302
    signal = db.session.scalar(select(Signal))
    assert response.headers["Location"].endswith(f"/signalen/{signal.reference}")
    assert signal.status == SignalStatus.SUBMITTED and signal.author_id == user.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Wachtlijst sociale woningen" in page and "Ingediend" in page


def test_save_as_draft(client, make_user, login_as, themes, db):
    login_as(make_user())
    client.post("/signalen/nieuw", data=form_data(themes, action="draft"))
    assert db.session.scalar(select(Signal.status)) == SignalStatus.DRAFT


def test_errors_are_shown_next_to_fields_and_input_is_kept(
    client, make_user, login_as, themes, db
):
    login_as(make_user())
    response = client.post(
        "/signalen/nieuw",
        data=form_data(themes, themes=[], title="x" * 201, description="Mijn tekst"),
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Kies minstens één thema." in page
    assert "Maximaal 200 tekens." in page
    assert "Mijn tekst" in page  # what the user typed stays
    assert 'aria-invalid="true"' in page
    assert db.session.scalar(select(Signal)) is None


def test_city_wide_and_areas_together_is_refused(client, make_user, login_as, themes):
    from signalen.themes.models import Area

    login_as(make_user())
    area = Area.query.first()
    response = client.post(
        "/signalen/nieuw",
        data=form_data(themes, city_wide="y", areas=[str(area.id)]),
    )
    assert response.status_code == 422
    assert "niet allebei" in response.get_data(as_text=True)


def test_personal_data_is_refused_then_masked(client, make_user, login_as, themes, db):
    login_as(make_user())
    typed = "Mevrouw Fatima El Amrani (0470 12 34 56) wacht al drie jaar."
    response = client.post("/signalen/nieuw", data=form_data(themes, description=typed))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Mogelijk persoonsgegevens gevonden" in page
    assert "Dit lijkt een telefoonnummer" in page
    assert "0470 12 34 56" in page  # kept in the form to edit
    assert db.session.scalar(select(Signal)) is None
    response = client.post(
        "/signalen/nieuw",
        data=form_data(themes, description=typed, action="mask", intent="submit"),
    )
    assert response.status_code == 302
    signal = db.session.scalar(select(Signal))
    assert "0470" not in signal.description and "Fatima" not in signal.description
    assert "[telefoonnummer]" in signal.description and "[naam]" in signal.description
    assert signal.status == SignalStatus.SUBMITTED


def test_edit_keeps_values_and_detects_conflicts(
    client, make_user, login_as, make_signal, themes, db
):
    author = login_as(make_user())
    signal = make_signal(author)
    page = client.get(f"/signalen/{signal.reference}/bewerken").get_data(as_text=True)
    assert signal.title in page and f'value="{signal.version}"' in page
    stale = str(signal.version)
    response = client.post(
        f"/signalen/{signal.reference}/bewerken",
        data=form_data(themes, title="Eerste wijziging", version=stale),
    )
    assert response.status_code == 302
    response = client.post(
        f"/signalen/{signal.reference}/bewerken",
        data=form_data(themes, title="Tweede wijziging", version=stale),
    )
    page = response.get_data(as_text=True)
    assert "intussen door iemand anders aangepast" in page
    assert "Tweede wijziging" in page  # still in the form
    db.session.expire_all()
    assert db.session.get(Signal, signal.id).title == "Eerste wijziging"


def test_processed_signal_cannot_be_edited(
    client, make_user, login_as, make_signal, db
):
    author = login_as(make_user())
    signal = make_signal(author)
    mark_not_structural(signal, make_user("coordinator"), "Eenmalig geval.")
    db.session.commit()
    assert client.get(f"/signalen/{signal.reference}/bewerken").status_code == 403
    page = client.get(f"/signalen/{signal.reference}").get_data(as_text=True)
    assert "Aanpassen" not in page


def test_lists_filter_and_paginate(
    client, make_user, login_as, make_signal, themes, app
):
    author = login_as(make_user())
    for i in range(3):
        make_signal(author, title=f"Wonen {i}", theme_codes=("wonen",))
    make_signal(author, title="Digitaal", theme_codes=("digitaal",))
    page = client.get("/signalen/mijn").get_data(as_text=True)
    assert "4 signalen" in page
    page = client.get(
        "/signalen/mijn", query_string={"theme": themes["digitaal"].id}
    ).get_data(as_text=True)
    assert "Digitaal" in page and "Wonen 0" not in page
    app.config["PAGE_SIZE"] = 2
    try:
        page = client.get("/signalen/mijn").get_data(as_text=True)
        assert "Pagina 1 van 2" in page
        page2 = client.get("/signalen/mijn?page=2").get_data(as_text=True)
        assert "Pagina 2 van 2" in page2
    finally:
        app.config["PAGE_SIZE"] = 25
    # A bad filter value is ignored, not an error page.
    assert client.get("/signalen/mijn?theme=abc&status=zzz").status_code == 200


def test_organisation_list_shows_colleagues_signals(
    client, make_user, login_as, make_signal
):
    me = make_user()
    colleague = make_user(organisation=me.organisation)
    other = make_user()
    make_signal(colleague, title="Van een collega")
    make_signal(colleague, title="Concept collega", submit=False)
    make_signal(other, title="Andere organisatie")
    login_as(me)
    page = client.get("/signalen/organisatie").get_data(as_text=True)
    assert "Van een collega" in page
    assert "Concept collega" not in page
    assert "Andere organisatie" not in page


def test_other_organisation_gets_404(client, make_user, login_as, make_signal):
    signal = make_signal(make_user())
    login_as(make_user())
    assert client.get(f"/signalen/{signal.reference}").status_code == 404
    assert client.get(f"/signalen/{signal.reference}/bewerken").status_code == 404


def test_coordinator_reads_every_signal(client, make_user, login_as, make_signal):
    signal = make_signal(make_user())
    login_as(make_user(Role.COORDINATOR))
    assert client.get(f"/signalen/{signal.reference}").status_code == 200


def test_worker_answers_a_question(client, make_user, login_as, make_signal, db):

    author = login_as(make_user())
    signal = make_signal(author)
    ask_question(signal, make_user("coordinator"), "Over hoeveel gezinnen gaat het?")
    db.session.commit()
    page = client.get(f"/signalen/{signal.reference}").get_data(as_text=True)
    assert "Over hoeveel gezinnen gaat het?" in page
    response = client.post(
        f"/signalen/{signal.reference}/antwoord", data={"answer": "Een tiental."}
    )
    assert response.status_code == 302
    db.session.refresh(signal)
    assert signal.status == SignalStatus.SUBMITTED


def test_live_check_endpoint(client, make_user, login_as):
    login_as(make_user())
    response = client.post(
        "/signalen/controle", json={"texts": {"description": "mail jan@voorbeeld.gent"}}
    )
    assert response.status_code == 200
    findings = response.get_json()["findings"]
    assert findings[0]["type"] == "EMAIL" and findings[0]["field"] == "description"
    assert client.post("/signalen/controle", json={"texts": "x"}).status_code == 400


def test_theme_groups_follow_the_order_set_by_the_beheerder(
    client, make_user, login_as, db
):
    from signalen.themes.models import ThemeGroup

    login_as(make_user())
    last = db.session.scalar(
        select(ThemeGroup).order_by(ThemeGroup.position.desc()).limit(1)
    )
    last.position = -1
    db.session.commit()
    page = client.get("/signalen/nieuw").get_data(as_text=True)
    first_legend = page.index('<fieldset class="choice-group">')
    assert page.index(last.label) < page.index("Recht op behoorlijke huisvesting")
    assert page.index(last.label) > first_legend
