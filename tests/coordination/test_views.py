"""Coordinator screens: access, inbox, review actions, structural signals."""

from sqlalchemy import select

from signalen.coordination.models import SavedFilter, StructuralSignal
from signalen.signals.models import SignalStatus


def test_workers_get_403_and_unknown_objects_404(
    client, login_as, make_user, coordinator, housing_signals
):
    login_as(make_user())
    assert client.get("/coordinatie/inbox").status_code == 403
    assert client.get("/coordinatie/structureel").status_code == 403


def test_unknown_objects_404(client, login_as, coordinator, make_signal):
    login_as(coordinator)
    assert client.get("/coordinatie/signalen/S-1999-0001").status_code == 404
    assert client.get("/coordinatie/structureel/999").status_code == 404
    draft = make_signal(submit=False)
    assert client.get(f"/coordinatie/signalen/{draft.reference}").status_code == 404


def test_inbox_search_counts_and_saved_filters(
    db, client, login_as, coordinator, housing_signals, themes
):
    login_as(coordinator)
    page = client.get("/coordinatie/inbox?q=woningen&sort=title").get_data(True)
    assert "Geen betaalbare huurwoning" in page and "Digipunt" not in page
    assert "Wonen: betaalbaarheid en sociale huisvesting (3)" in page
    response = client.post(
        "/coordinatie/filters", data={"name": "Wonen", "query": "q=woningen"}
    )
    assert response.status_code == 302
    saved = db.session.scalar(select(SavedFilter))
    assert saved.query == "q=woningen" and saved.user_id == coordinator.id
    assert "?q=woningen" in client.get("/coordinatie/inbox").get_data(True)
    client.post(f"/coordinatie/filters/{saved.id}/verwijderen")
    assert db.session.scalar(select(SavedFilter)) is None
    bad = client.get("/coordinatie/inbox?month_from=maart").get_data(True)
    assert "Gebruik jaar-maand" in bad


def test_merge_from_inbox_into_new_then_existing(
    db, client, login_as, coordinator, housing_signals, themes
):
    housing, (digital, _) = housing_signals
    login_as(coordinator)
    refs = [s.reference for s in housing[:2]]
    response = client.post(
        "/coordinatie/inbox/samenvoegen", data={"signalen": refs, "action": "new"}
    )
    assert response.status_code == 302 and "structureel/nieuw" in response.location
    form = client.get(response.location).get_data(True)
    assert housing[0].reference in form
    response = client.post(
        "/coordinatie/structureel/nieuw",
        data={
            "signalen": ",".join(refs),
            "title": "Betaalbaar wonen",
            "summary": "Te weinig betaalbare huurwoningen.",
            "themes": [themes["wonen"].id],
            "status": "open",
        },
    )
    assert response.status_code == 302
    structural = db.session.scalar(select(StructuralSignal))
    detail = client.get(f"/coordinatie/structureel/{structural.id}").get_data(True)
    assert "Betaalbaar wonen" in detail and housing[1].reference in detail
    response = client.post(
        "/coordinatie/inbox/samenvoegen",
        data={
            "signalen": [housing[2].reference],
            "action": "existing",
            "structural": structural.id,
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert housing[2].status == SignalStatus.LINKED
    listing = client.get("/coordinatie/structureel").get_data(True)
    assert "Betaalbaar wonen" in listing


def test_review_actions_show_errors_next_to_fields(
    db, client, login_as, coordinator, housing_signals
):
    signal = housing_signals[0][0]
    login_as(coordinator)
    page = client.get(f"/coordinatie/signalen/{signal.reference}").get_data(True)
    assert "gelijkend" in page and housing_signals[0][1].title in page
    url = f"/coordinatie/signalen/{signal.reference}"
    response = client.post(url + "/geen-structureel", data={"reason": ""})
    assert response.status_code == 422
    response = client.post(
        url + "/vraag", data={"question": "Mail naar jan.peeters@example.org"}
    )
    assert response.status_code == 422
    assert "reason-fout" in response.get_data(True) or "question-fout" in (
        response.get_data(True)
    )
    assert signal.status == SignalStatus.SUBMITTED
    response = client.post(url + "/vraag", data={"question": "Hoeveel gezinnen?"})
    assert response.status_code == 302
    db.session.expire_all()
    assert signal.status == SignalStatus.QUESTION
    client.post(url + "/heropenen")
    db.session.expire_all()
    assert signal.status == SignalStatus.SUBMITTED


def test_edit_structural_conflict_and_merge(
    db, client, login_as, coordinator, make_structural, housing_signals, themes
):
    housing, _ = housing_signals
    first = make_structural(housing[:1], title="Eerste", created_by=coordinator)
    second = make_structural(housing[1:2], title="Tweede", created_by=coordinator)
    login_as(coordinator)
    url = f"/coordinatie/structureel/{first.id}/bewerken"
    assert client.get(url).status_code == 200
    payload = {"title": "Nieuw", "status": "follow_up", "version": first.version}
    assert client.post(url, data=payload).status_code == 302
    stale = client.post(url, data=payload)
    assert stale.status_code == 422 and "intussen" in stale.get_data(True)
    response = client.post(
        f"/coordinatie/structureel/{first.id}/samenvoegen",
        data={"structural": second.id},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert first.status.value == "not_retained"
    response = client.post(
        f"/coordinatie/signalen/{housing[0].reference}/ontkoppelen",
        data={"back": "structureel"},
    )
    assert response.location.endswith(f"/coordinatie/structureel/{second.id}")
