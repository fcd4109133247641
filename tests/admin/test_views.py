"""Pages of the beheerder and the coördinator: status, messages, kept input."""

import pytest
from sqlalchemy import select

from signalen.audit.services import record_event
from signalen.auth.models import User
from signalen.organisations.models import Organisation
from signalen.permissions import Role
from signalen.themes.models import Area, TargetGroup, Theme


def page_text(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/beheer/",
        "/beheer/accounts",
        "/beheer/accounts/nieuw",
        "/beheer/organisaties",
        "/beheer/organisaties/nieuw",
        "/beheer/lijsten",
        "/logboek/",
    ],
)
def test_admin_pages_render(admin_client, url):
    assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize(
    "kind", ["themas", "themagroepen", "doelgroepen", "wijken", "bestuursniveaus",
             "organisatietypes"],
)  # fmt: skip
def test_every_reference_list_renders_without_delete(admin_client, kind):
    response = admin_client.get(f"/beheer/lijsten/{kind}")
    assert response.status_code == 200
    text = page_text(response)
    assert "Uitschakelen" in text and "Verwijder" not in text


def test_unknown_ids_and_kinds_give_404(admin_client):
    for url in (
        "/beheer/lijsten/onbekend",
        "/beheer/lijsten/themas/99999",
        "/beheer/lijsten/themas/99999/samenvoegen",
        "/beheer/accounts/99999",
        "/beheer/organisaties/99999",
    ):
        assert admin_client.get(url).status_code == 404, url
    for url in (
        "/beheer/lijsten/themas/99999/uitschakelen",
        "/beheer/accounts/99999/wachtwoord",
        "/beheer/organisaties/99999/uitschakelen",
    ):
        assert admin_client.post(url).status_code == 404, url


def test_coordinator_manages_lists_but_not_accounts(client, login_as, make_user):
    login_as(make_user(Role.COORDINATOR))
    assert client.get("/beheer/lijsten/doelgroepen").status_code == 200
    assert client.get("/beheer/accounts").status_code == 403
    assert client.get("/beheer/organisaties").status_code == 403
    assert client.get("/logboek/").status_code == 403
    assert client.get("/beheer/").status_code == 403


def test_add_reference_row(admin_client, db):
    response = admin_client.post(
        "/beheer/lijsten/wijken", data={"label": "Nieuwe Wijk", "zone": "Binnenstad"}
    )
    assert response.status_code == 302
    area = db.session.scalar(select(Area).where(Area.code == "nieuwe_wijk"))
    assert area.zone == "Binnenstad"
    assert "is toegevoegd" in page_text(admin_client.get("/beheer/lijsten/wijken"))


def test_add_error_is_dutch_and_keeps_input(admin_client):
    response = admin_client.post(
        "/beheer/lijsten/themas", data={"label": "Studenten op kot", "group": ""}
    )
    assert response.status_code == 422
    text = page_text(response)
    assert "Kies een grondrecht." in text
    assert 'value="Studenten op kot"' in text
    response = admin_client.post(
        "/beheer/lijsten/doelgroepen", data={"label": "studenten"}
    )
    assert response.status_code == 422
    assert "Deze naam bestaat al in deze lijst" in page_text(response)
    assert 'aria-invalid="true"' in page_text(response)


def test_edit_reference_row_and_move(admin_client, db, themes):
    theme = themes["energie"]
    response = admin_client.get(f"/beheer/lijsten/themas/{theme.id}")
    assert 'value="4"' in page_text(response)  # its place in its group
    response = admin_client.post(
        f"/beheer/lijsten/themas/{theme.id}",
        data={
            "label": "Energie, water en telecom",
            "description": "",
            "group": str(theme.group_id),
            "position": "1",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert theme.label == "Energie, water en telecom" and theme.code == "energie"
    assert theme.group.themes[0] == theme
    response = admin_client.post(
        f"/beheer/lijsten/themas/{theme.id}/verplaatsen", data={"richting": "omlaag"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert theme.group.themes[1] == theme
    response = admin_client.post(
        f"/beheer/lijsten/themas/{theme.id}",
        data={"label": "Energie", "group": str(theme.group_id), "position": "99"},
    )
    assert response.status_code == 422
    assert "Kies een plaats tussen 1 en 4." in page_text(response)


def test_deactivate_and_reactivate_from_list(admin_client, db):
    row = db.session.scalar(select(TargetGroup).where(TargetGroup.code == "studenten"))
    response = admin_client.post(
        f"/beheer/lijsten/doelgroepen/{row.id}/uitschakelen", follow_redirects=True
    )
    assert "is uitgeschakeld" in page_text(response)
    db.session.expire_all()
    assert row.active is False
    admin_client.post(f"/beheer/lijsten/doelgroepen/{row.id}/inschakelen")
    db.session.expire_all()
    assert row.active is True


def test_merge_theme_view(admin_client, db, themes):
    old, new = themes["drugs"], themes["gezondheid"]
    response = admin_client.post(
        f"/beheer/lijsten/themas/{old.id}/samenvoegen", data={}
    )
    assert response.status_code == 422 and "Kies een thema." in page_text(response)
    response = admin_client.post(
        f"/beheer/lijsten/themas/{old.id}/samenvoegen",
        data={"target": str(new.id)},
        follow_redirects=True,
    )
    assert "is samengevoegd met" in page_text(response)
    assert "Samengevoegd met Gezondheid en toegang tot zorg" in page_text(response)
    db.session.expire_all()
    assert db.session.get(Theme, old.id).merged_into_id == new.id


def test_organisation_views(admin_client, db, make_user, make_org):
    response = admin_client.post(
        "/beheer/organisaties/nieuw",
        data={"name": "Vzw Sloep", "kind": "", "anonymous_to_city": "y"},
    )
    assert response.status_code == 302
    org = db.session.scalar(
        select(Organisation).where(Organisation.name == "Vzw Sloep")
    )
    assert org.anonymous_to_city
    response = admin_client.post(
        "/beheer/organisaties/nieuw", data={"name": "vzw sloep", "kind": ""}
    )
    assert response.status_code == 422
    assert "Er bestaat al een organisatie met deze naam." in page_text(response)
    make_user(Role.WORKER, organisation=org)
    listing = page_text(admin_client.get("/beheer/organisaties"))
    assert "Vzw Sloep" in listing and "1 account" in listing
    assert "Niet bij naam" in listing
    response = admin_client.post(
        f"/beheer/organisaties/{org.id}/uitschakelen", follow_redirects=True
    )
    assert "kunnen niet meer aanmelden" in page_text(response)


def test_create_account_with_generated_password_shown_once(admin_client, db, make_org):
    org = make_org("Buurtwerk")
    response = admin_client.post(
        "/beheer/accounts/nieuw",
        data={
            "email": "Nieuw@Example.org",
            "display_name": "Nina Nieuw",
            "role": "medewerker",
            "organisation": str(org.id),
            "password_choice": "generate",
        },
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    text = page_text(response)
    assert "Account aangemaakt" in text and "maar één keer getoond" in text
    user = db.session.scalar(select(User).where(User.email == "nieuw@example.org"))
    assert user.organisation == org and user.role == Role.WORKER
    # The account page does not show it again.
    assert "maar één keer" not in page_text(
        admin_client.get(f"/beheer/accounts/{user.id}")
    )


def test_create_account_errors_keep_input(admin_client, make_org, make_user):
    org = make_org()
    existing = make_user()
    data = {
        "email": existing.email,
        "display_name": "Dubbel",
        "role": "stad",
        "organisation": str(org.id),
        "password_choice": "own",
        "password": "kort",
    }
    response = admin_client.post("/beheer/accounts/nieuw", data=data)
    assert response.status_code == 422
    text = page_text(response)
    assert "Er bestaat al een account met dit e-mailadres." in text
    assert 'value="Dubbel"' in text
    assert "kort" not in text.split("<main")[1].split('id="password"')[1][:80]
    response = admin_client.post(
        "/beheer/accounts/nieuw", data=data | {"email": "nieuw2@example.org"}
    )
    assert "Kies een wachtwoord van minstens 10 tekens." in page_text(response)
    response = admin_client.post(
        "/beheer/accounts/nieuw",
        data=data | {"email": "geen-adres", "password": ""},
    )
    assert "Dit is geen geldig e-mailadres." in page_text(response)


def test_edit_deactivate_and_reset_account(admin_client, db, make_user, admin):
    user = make_user(Role.WORKER)
    response = admin_client.post(
        f"/beheer/accounts/{user.id}",
        data={
            "display_name": "Andere Naam",
            "role": "coordinator",
            "organisation": str(user.organisation_id),
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert user.role == Role.COORDINATOR and user.display_name == "Andere Naam"
    response = admin_client.post(
        f"/beheer/accounts/{user.id}/uitschakelen", follow_redirects=True
    )
    assert "kan niet meer aanmelden" in page_text(response)
    db.session.expire_all()
    assert not user.active
    token = user.session_token
    response = admin_client.post(f"/beheer/accounts/{user.id}/wachtwoord")
    assert response.status_code == 200
    assert "Nieuw tijdelijk wachtwoord" in page_text(response)
    db.session.expire_all()
    assert user.session_token != token
    response = admin_client.post(
        f"/beheer/accounts/{admin.id}/uitschakelen", follow_redirects=True
    )
    assert "Je kan je eigen account niet uitschakelen." in page_text(response)


def test_user_list_filters_and_pages(admin_client, make_user, make_org):
    org = make_org("Filterorg")
    for _ in range(27):
        make_user(Role.WORKER, organisation=org)
    make_user(Role.CITY)
    text = page_text(admin_client.get(f"/beheer/accounts?organisation={org.id}"))
    assert "27 accounts" in text and "Pagina 1 van 2" in text
    text = page_text(admin_client.get("/beheer/accounts?role=stad"))
    assert "1 account" in text and "Stad" in text
    text = page_text(admin_client.get("/beheer/accounts?active=nee"))
    assert "Geen accounts gevonden." in text
    assert admin_client.get("/beheer/accounts?role=onzin&page=99").status_code == 200


def test_audit_log_filters_and_dutch_labels(admin_client, db, admin):
    record_event("user.password_reset", actor=admin, obj=admin)
    record_event(
        "reference.updated",
        actor=admin,
        object_type="themes",
        object_id=3,
        details={"label": {"old": "Oud", "new": "Nieuw"}, "password": "geheim"},
    )
    record_event("login.failed", actor_label="iemand@example.org")
    db.session.commit()
    text = page_text(admin_client.get("/logboek/"))
    assert "Tijdelijk wachtwoord gegeven" in text and "Oud → Nieuw" in text
    assert "geheim" not in text
    assert "Bea Beheer" in text and "iemand@example.org" in text
    text = page_text(admin_client.get("/logboek/?action=login.failed"))
    assert "iemand@example.org" in text and "Oud → Nieuw" not in text
    text = page_text(admin_client.get("/logboek/?actor=beheer@"))
    assert "Oud → Nieuw" in text and "iemand@example.org</td>" not in text
    text = page_text(admin_client.get("/logboek/?object_type=themes"))
    theme = db.session.get(Theme, 3)
    assert f"Thema: {theme.label}" in text and "#3" not in text  # a name, no id
    assert "naam:</span>" in text  # the field in Dutch ('label')
    assert "Geen gebeurtenissen" in page_text(
        admin_client.get("/logboek/?date_to=2000-01-01")
    )
    response = admin_client.get("/logboek/?date_from=morgen")
    assert response.status_code == 200 and "Ongeldige datum." in page_text(response)


def test_dashboard_counts(admin_client, make_user, make_signal):
    make_signal()
    text = page_text(admin_client.get("/beheer/"))
    assert "Actieve accounts" in text and "Ingediend" in text
    assert "De planner heeft nog niets uitgevoerd" in text


def test_dashboard_names_jobs_in_dutch(admin_client, app):
    from signalen.scheduler import run_now

    run_now(app, "heartbeat")
    text = page_text(admin_client.get("/beheer/"))
    assert "Hartslag van de planner" in text and "heartbeat" not in text


def test_deactivating_an_organisation_asks_first_and_never_ones_own(
    admin_client, admin, db, make_org
):
    org = make_org("Buurtwerk Noord")
    listing = page_text(admin_client.get("/beheer/organisaties"))
    page = admin_client.get("/beheer/organisaties").get_data(as_text=True)
    assert f'<a href="/beheer/organisaties/{org.id}/uitschakelen"' in page
    confirm = admin_client.get(f"/beheer/organisaties/{org.id}/uitschakelen")
    assert confirm.status_code == 200
    assert "Ja, schakel Buurtwerk Noord uit" in page_text(confirm)
    db.session.refresh(org)
    assert org.active  # asking changed nothing
    admin_client.post(f"/beheer/organisaties/{org.id}/uitschakelen")
    db.session.refresh(org)
    assert not org.active
    # the beheerder's own organisation: no button, no confirmation page
    own = admin.organisation
    page = admin_client.get("/beheer/organisaties").get_data(as_text=True)
    assert f"/beheer/organisaties/{own.id}/uitschakelen" not in page
    assert "Buurtwerk Noord" in listing
    form = page_text(admin_client.get(f"/beheer/organisaties/{own.id}"))
    assert "die kan je niet uitschakelen" in form
    response = admin_client.get(f"/beheer/organisaties/{own.id}/uitschakelen")
    assert response.status_code == 302


def test_logboek_names_objects_and_fields_in_dutch(
    admin_client, db, admin, make_signal, make_user
):
    signal = make_signal(make_user())
    record_event("signal.edited", actor=admin, obj=signal)
    record_event(
        "signal.deleted",
        actor=admin,
        object_type="signals",
        object_id=999_999,
        details={"reference": "S-2026-0999"},
    )
    record_event(
        "structural.status_changed",
        actor=admin,
        object_type="structural_signals",
        object_id=424_242,
        details={"from": "open", "to": "resolved"},
    )
    db.session.commit()
    text = page_text(admin_client.get("/logboek/"))
    assert f"Signaal: {signal.reference}" in text
    assert "Signaal: S-2026-0999" in text  # gone, named from its details
    assert "(niet meer te vinden)" in text and "#424242" not in text
    assert "van:</span> open" in text and "naar:</span> resolved" in text
    assert "<code>signal.edited" not in text  # no raw action codes
