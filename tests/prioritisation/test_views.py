"""The pages: who may do what, forms, messages."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import url_for
from sqlalchemy import select

from signalen.database import utcnow
from signalen.permissions import Role
from signalen.prioritisation import services, throttle
from signalen.prioritisation.models import (
    Ballot,
    PrioritisationRound,
    PriorityDecision,
    RoundStatus,
)
from tests.conftest import TEST_PASSWORD


def live_round(make_round, **kw):
    """A round open around the real clock (views use utcnow())."""
    now = utcnow()
    return make_round(
        opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=3), **kw
    )


def test_coordinator_sets_up_a_round(client, switch_to, coordinator, bundle, db):
    switch_to(coordinator)
    page = client.get(f"/prioritering/bundel/{bundle.id}/nieuw")
    assert page.status_code == 200
    assert "Hoe ernstig?" in page.text and "Nieuwe prioriteringsronde" in page.text
    response = client.post(
        f"/prioritering/bundel/{bundle.id}/nieuw",
        data={
            "title": "Prioriteiten kiezen",
            "explanation": "Samen met middenveld en stad.",
            "method": "pick",
            "opens_at": "2026-12-01T09:00",
            "closes_at": "2026-12-15T17:00",
            "points_total": "10",
            "points_max_per_item": "3",
            "pick_count": "3",
            "criteria-0-label": "Hoe ernstig?",
            "criteria-0-weight": "2",
        },
    )
    assert response.status_code == 302
    round_ = db.session.scalar(select(PrioritisationRound))
    assert round_.method == "pick" and round_.pick_count == 3
    assert round_.opens_at.hour == 8  # 09:00 in Ghent (winter) is 08:00 UTC
    assert round_.criteria == []  # criteria only for the criteria method
    assert client.get(response.headers["Location"]).status_code == 200


def test_round_form_shows_errors(client, switch_to, coordinator, bundle):
    switch_to(coordinator)
    response = client.post(
        f"/prioritering/bundel/{bundle.id}/nieuw",
        data={
            "title": "Ronde",
            "method": "points",
            "opens_at": "2026-12-15T09:00",
            "closes_at": "2026-12-01T17:00",
            "points_total": "10",
            "points_max_per_item": "3",
        },
    )
    assert response.status_code == 422
    assert "Het einde moet na het begin liggen." in response.text


def test_only_coordinators_set_up(client, switch_to, make_user, bundle, make_round):
    round_ = make_round()
    for role in (Role.WORKER, Role.CITY, Role.ADMIN):
        switch_to(make_user(role))
        assert client.get(f"/prioritering/bundel/{bundle.id}/nieuw").status_code == 403
        assert client.get(f"/prioritering/{round_.id}").status_code == 403
        assert client.post(f"/prioritering/{round_.id}/codes").status_code == 403
        assert client.get(f"/prioritering/{round_.id}/keuze").status_code == 403


def test_participants_page(client, switch_to, coordinator, make_round, make_user, db):
    round_ = make_round()
    worker, city = make_user(), make_user(Role.CITY)
    switch_to(coordinator)
    page = client.get(f"/prioritering/{round_.id}/deelnemers")
    assert worker.display_name in page.text
    response = client.post(
        f"/prioritering/{round_.id}/deelnemers",
        data={f"user-{worker.id}": "1", f"user-{city.id}": "1",
              f"group-{city.id}": "stad", f"group-{worker.id}": "middenveld"},
    )  # fmt: skip
    assert response.status_code == 302
    groups = {p.user_id: p.group for p in round_.participants}
    assert groups == {worker.id: "middenveld", city.id: "stad"}


def test_codes_are_shown_once_and_never_cached(
    client, switch_to, coordinator, make_round
):
    round_ = make_round()
    switch_to(coordinator)
    response = client.post(f"/prioritering/{round_.id}/codes", data={"count": "2"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    found = re.findall(r"[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}", response.text)
    assert len(set(found)) == 2
    detail = client.get(f"/prioritering/{round_.id}")
    assert "Code 2" in detail.text
    assert not any(code in detail.text for code in found)


def test_open_and_close_by_hand_with_confirmation(
    client, switch_to, coordinator, make_round, make_user
):
    round_ = live_round(make_round, users=[make_user()])
    switch_to(coordinator)
    page = client.get(f"/prioritering/{round_.id}/openen")
    assert "Ronde nu openen?" in page.text
    assert round_.status == RoundStatus.DRAFT
    client.post(f"/prioritering/{round_.id}/openen")
    assert round_.status == RoundStatus.OPEN
    assert "Ronde nu sluiten?" in client.get(f"/prioritering/{round_.id}/sluiten").text
    client.post(f"/prioritering/{round_.id}/sluiten")
    assert round_.status == RoundStatus.CLOSED


def test_participant_votes_and_non_participants_get_404(
    client, switch_to, make_round, make_user, items, db
):
    user, stranger = make_user(), make_user()
    round_ = live_round(make_round, users=[user], open=True)
    switch_to(stranger)
    assert client.get(f"/prioritering/{round_.id}/stemmen").status_code == 404
    assert client.get(f"/prioritering/{round_.id}/resultaten").status_code == 404
    switch_to(user)
    page = client.get(f"/prioritering/{round_.id}/stemmen")
    assert page.status_code == 200
    assert "Nog 10 van 10 punten te verdelen." in page.text
    assert "Betaalbaar wonen" in page.text and "Gemeld in 1 signaal" in page.text
    data = {f"points-{i.id}": str(p) for i, p in zip(items, (3, 3, 3, 3), strict=True)}
    response = client.post(
        f"/prioritering/{round_.id}/stemmen", data={**data, "action": "submit"}
    )
    assert response.status_code == 422 and "Haal er 2 weg" in response.text
    data[f"points-{items[3].id}"] = "1"
    response = client.post(
        f"/prioritering/{round_.id}/stemmen", data={**data, "action": "submit"}
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Ballot)).submitted
    # Results only after closing for participants.
    assert client.get(f"/prioritering/{round_.id}/resultaten").status_code == 403
    nav = client.get("/prioritering/")
    assert "Mijn prioriteringsrondes" in nav.text and "ingediend" in nav.text


def test_no_change_after_close_in_the_view(
    client, switch_to, make_round, make_user, items, coordinator, db
):
    user = make_user()
    round_ = live_round(make_round, users=[user], open=True)
    services.close_round(round_, coordinator, utcnow())
    db.session.commit()
    switch_to(user)
    page = client.get(f"/prioritering/{round_.id}/stemmen")
    assert "Deze ronde is afgesloten" in page.text and "Indienen" not in page.text
    data = {f"points-{i.id}": "3" for i in items[:3]} | {"action": "submit"}
    response = client.post(
        f"/prioritering/{round_.id}/stemmen", data=data, follow_redirects=True
    )
    assert "Je stem kan niet meer veranderen." in response.text
    assert client.get(f"/prioritering/{round_.id}/resultaten").status_code == 200


def test_code_holder_flow(client, make_round, items, db, coordinator):
    round_ = live_round(make_round, codes=1, open=True)
    participant, code = round_.made_codes[0]
    assert client.get("/prioritering/code/stemmen").status_code == 302
    wrong = client.post("/prioritering/code", data={"code": "AAA-AAA-AAA"})
    assert wrong.status_code == 422 and "Deze code kennen we niet" in wrong.text
    response = client.post("/prioritering/code", data={"code": code})
    assert response.headers["Location"].endswith("/prioritering/code/stemmen")
    data = {f"points-{i.id}": p for i, p in zip(items, "3331", strict=True)}
    response = client.post(
        "/prioritering/code/stemmen", data={**data, "action": "submit"}
    )
    assert response.status_code == 302
    ballot = db.session.scalar(select(Ballot))
    assert ballot.submitted and ballot.participant_id == participant.id
    other = client.application.test_client()
    again = other.post("/prioritering/code", data={"code": code})
    assert "Met deze code is al gestemd" in again.text
    # The code holder's own session still sees the ballot; results after closing.
    assert client.get("/prioritering/code/resultaten").status_code == 302
    services.close_round(round_, coordinator, utcnow())
    db.session.commit()
    assert "Resultaten" in client.get("/prioritering/code/resultaten").text
    client.post("/prioritering/code/afmelden")
    assert client.get("/prioritering/code/stemmen").status_code == 302


def test_a_room_of_typos_blocks_neither_voting_long_nor_account_logins(
    client, make_round, make_user, db
):
    round_ = live_round(make_round, codes=1, open=True)
    code = round_.made_codes[0][1]
    for _ in range(throttle.ROUND_BUDGET):  # one room, one address
        client.post("/prioritering/code", data={"code": "AAA-AAA-AAA"})
    blocked = client.post("/prioritering/code", data={"code": code})
    assert blocked.status_code == 422 and "Wacht 3 minuten" in blocked.text
    # Account logins from the same address are not touched by code tries.
    user = make_user()
    with client.application.test_request_context():
        login_url = url_for("auth.login")
    response = client.post(
        login_url, data={"email": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302


def test_coordinator_lifts_a_code_block_from_the_round_page(
    client, switch_to, make_round, make_user, coordinator, db
):
    round_ = live_round(make_round, codes=1, open=True)
    code = round_.made_codes[0][1]
    page = f"/prioritering/{round_.id}"
    lift = f"/prioritering/{round_.id}/codes/deblokkeren"
    switch_to(coordinator)
    assert "Blokkering opheffen" not in client.get(page).text
    for _ in range(throttle.ROUND_BUDGET):
        services.login_with_code("AAA-AAA-AAA", utcnow())
    db.session.commit()
    detail = client.get(page)
    assert "Blokkering opheffen" in detail.text
    assert "kan niemand met een code aanmelden" in detail.text
    switch_to(make_user())
    assert client.post(lift).status_code == 403
    switch_to(coordinator)
    response = client.post(lift, follow_redirects=True)
    assert "Stemmen met een code kan weer." in response.text
    assert "Blokkering opheffen" not in response.text
    assert services.code_block_until(round_, utcnow()) is None
    anonymous = client.application.test_client()
    login = anonymous.post("/prioritering/code", data={"code": code})
    assert login.headers["Location"].endswith("/prioritering/code/stemmen")


def test_results_and_decision_pages(
    client, switch_to, coordinator, make_round, make_user, items, db
):
    a, b = make_user(), make_user(Role.CITY)
    round_ = live_round(make_round, users=[a, b], open=True)
    now = utcnow()
    for user, points in ((a, (3, 3, 3, 1)), (b, (1, 3, 3, 3))):
        entries = {
            i.id: services.EntryInput(points=p)
            for i, p in zip(items, points, strict=True)
        }
        services.save_ballot(
            services.participant_for(round_, user), entries, submit=True, now=now
        )
    db.session.commit()
    switch_to(coordinator)
    live = client.get(f"/prioritering/{round_.id}/resultaten")
    assert "Tussenstand" in live.text
    assert client.get(f"/prioritering/{round_.id}/keuze").status_code == 302
    services.close_round(round_, coordinator, utcnow())
    db.session.commit()
    page = client.get(f"/prioritering/{round_.id}/resultaten")
    assert "gedeelde 1e plaats" in page.text and "gedeelde 3e plaats" in page.text
    assert "Gelijk gewogen per groep" in page.text
    response = client.post(
        f"/prioritering/{round_.id}/keuze",
        data={f"choice-{items[1].id}": "yes", f"rank-{items[1].id}": "1",
              f"reason-{items[1].id}": "",
              f"choice-{items[0].id}": "no", f"reason-{items[0].id}": "Loopt al."},
    )  # fmt: skip
    assert response.status_code == 422 and "de score adviseert" in response.text
    response = client.post(
        f"/prioritering/{round_.id}/keuze",
        data={f"choice-{items[1].id}": "yes", f"rank-{items[1].id}": "1",
              f"reason-{items[1].id}": "Dringend voor gezinnen.",
              f"choice-{items[0].id}": "no", f"reason-{items[0].id}": "Loopt al."},
    )  # fmt: skip
    assert response.status_code == 302
    assert db.session.scalar(select(db.func.count()).select_from(PriorityDecision)) == 2
    assert "Prioriteit 1" in client.get(f"/prioritering/{round_.id}/resultaten").text
    switch_to(a)
    assert client.get(f"/prioritering/{round_.id}/resultaten").status_code == 200


def test_bundle_partial(
    app, client, switch_to, coordinator, bundle, make_round, make_user
):
    from flask import render_template

    make_round(title="Ronde A")
    switch_to(coordinator)
    client.get("/prioritering/")  # a request to load the user into the session
    with app.test_request_context():
        from flask_login import login_user

        login_user(coordinator)
        html = render_template("prioritisation/_bundle_rounds.html", bundle=bundle)
        assert "Ronde A" in html and "Nieuwe ronde" in html
        worker = make_user()
        login_user(worker)
        html = render_template("prioritisation/_bundle_rounds.html", bundle=bundle)
        assert "Ronde A" not in html and "Nieuwe ronde" not in html
