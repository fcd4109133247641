"""The API per role: what each token reads, what it never reads, paging,
the counts against our own query, JSON errors and the rate limit."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from signalen.permissions import Role

PRIVATE = (
    "Wout Werker",
    "Sara Stil",
    "Stella Stad",
    "Geheim Huis",
    "Voorbeeld uit het dossier",
    "Intern:",
    "Interne nota",
    "@example.org",
)


def ids(response):
    return [b["id"] for b in response.get_json()["items"]]


def test_no_token_is_401_with_a_bearer_challenge(client, bundles):
    for headers in ({}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer x"}):
        response = client.get("/api/v1/bundles", headers=headers)
        assert response.status_code == 401
        assert response.is_json
        assert response.headers["WWW-Authenticate"].lower().startswith("bearer")


def test_a_browser_session_is_no_token(client, bundles, make_user, login_as):
    login_as(make_user(Role.COORDINATOR))
    assert client.get("/api/v1/bundles").status_code == 401


def test_the_coordinator_reads_closed_and_published(api_get, bundles, issue):
    secret = issue(Role.COORDINATOR)
    found = ids(api_get("/bundles", secret))
    assert set(found) == {bundles["published"].id, bundles["closed"].id}
    assert api_get(f"/bundles/{bundles['closed'].id}/items", secret).status_code == 200


def test_the_city_reads_published_bundles_only(api_get, bundles, issue):
    secret = issue(Role.CITY)
    assert ids(api_get("/bundles", secret)) == [bundles["published"].id]
    closed = bundles["closed"].id
    for path in ("", "/items", "/answers", "/follow-up"):
        response = api_get(f"/bundles/{closed}{path}", secret)
        assert response.status_code == 404, path
        assert response.is_json


@pytest.mark.parametrize("role", [Role.WORKER, Role.ADMIN])
def test_other_roles_read_what_the_public_reads(
    api_get, bundles, issue, switch_on, role
):
    secret = issue(role)
    published = bundles["published"].id
    assert ids(api_get("/bundles", secret)) == []
    assert api_get(f"/bundles/{published}/items", secret).status_code == 404
    switch_on(bundles["published"])
    assert ids(api_get("/bundles", secret)) == [published]
    assert api_get(f"/bundles/{published}/items", secret).status_code == 200
    assert api_get("/counts", secret).status_code == 403


@pytest.mark.parametrize("role", list(Role))
def test_nothing_private_for_any_role(api_get, bundles, issue, switch_on, role):
    switch_on(bundles["published"])
    secret = issue(role)
    bundle = bundles["published"]
    base = f"/bundles/{bundle.id}"
    paths = ["/bundles", base, base + "/items", base + "/answers",
             base + "/follow-up", f"{base}/items/{bundle.items[1].reference}",
             "/counts"]  # fmt: skip
    for path in paths:
        text = api_get(path, secret).get_data(as_text=True)
        for private in PRIVATE:
            assert private not in text, (path, private)


def test_items_as_the_public_page_shows_them(api_get, bundles, issue):
    secret = issue(Role.CITY)
    bundle = bundles["published"]
    body = api_get(f"/bundles/{bundle.id}/items", secret).get_json()
    assert body["total"] == 2
    first, second = body["items"]
    assert first["title"] == "Wachtlijsten sociale huur"
    assert first["signals"] == 3
    assert first["answer"]["text"] == "We bouwen 200 sociale woningen."
    assert first["follow_up"]["percent"] == 40
    assert second["signals"] == "<3"  # the small-numbers rule
    assert (
        second["summary"]
        == "een partnerorganisatie ziet steeds meer jonge schuldenaars."
    )
    assert second["answer"] is None


def test_answers_and_follow_up_list_the_answered_items(api_get, bundles, issue):
    secret = issue(Role.CITY)
    bundle = bundles["published"]
    answers = api_get(f"/bundles/{bundle.id}/answers", secret).get_json()
    assert [a["reference"] for a in answers["items"]] == [bundle.items[0].reference]
    assert answers["items"][0]["answer"]["department"] == "Dienst Wonen"
    steps = api_get(f"/bundles/{bundle.id}/follow-up", secret).get_json()
    assert steps["items"][0]["follow_up"]["status"] == "in_uitvoering"


def test_one_item_by_reference(api_get, bundles, issue):
    secret = issue(Role.CITY)
    bundle = bundles["published"]
    reference = bundle.items[0].reference
    response = api_get(f"/bundles/{bundle.id}/items/{reference}", secret)
    assert response.get_json()["reference"] == reference
    assert api_get(f"/bundles/{bundle.id}/items/X-999", secret).status_code == 404


def test_paging_and_filters(api_get, bundles, issue):
    secret = issue(Role.CITY)
    bundle = bundles["published"]
    path = f"/bundles/{bundle.id}/items"
    page = api_get(path, secret, per_page=1, page=2).get_json()
    assert (page["page"], page["per_page"], page["total"], page["pages"]) == (
        2,
        1,
        2,
        2,
    )
    assert page["items"][0]["title"] == "Schulden bij jongeren"
    assert api_get(path, secret, per_page=1, page=3).get_json()["items"] == []
    assert api_get(path, secret, wijk="drongen").get_json()["total"] == 1
    assert api_get(path, secret, q="sociale woningen").get_json()["total"] == 1
    assert api_get(path, secret, theme="geen-thema").get_json()["total"] == 0
    for bad in ({"per_page": 101}, {"page": 0}, {"per_page": "x"}):
        response = api_get(path, secret, **bad)
        assert response.status_code == 422, bad
        assert response.is_json


def test_counts_match_our_own_query(api_get, bundles, issue, db):
    from signalen.signals.models import Signal, SignalStatus

    secret = issue(Role.COORDINATOR)
    body = api_get("/counts", secret).get_json()
    tables = {t["key"]: t for t in body["tables"]}
    assert set(tables) >= {"themas", "wijken", "beantwoord", "per_wijk"}
    submitted = db.session.scalar(
        select(func.count(Signal.id)).where(Signal.status != SignalStatus.DRAFT)
    )
    quarters = tables["verloop"]["rows"]
    assert sum(row[1] for row in quarters if isinstance(row[1], int)) == submitted
    themes = dict(tables["themas"]["rows"])
    assert 3 in themes.values() and "<3" in themes.values()
    answered = {row[0]: row for row in tables["beantwoord"]["rows"]}
    assert answered[bundles["published"].title][1:4] == [50, 2, 1]


def test_counts_for_the_city_leave_out_what_it_may_not_see(api_get, bundles, issue):
    coordinator = api_get("/counts", issue(Role.COORDINATOR)).get_json()
    city = api_get("/counts", issue(Role.CITY)).get_json()

    def titles(body):
        (table,) = [t for t in body["tables"] if t["key"] == "bundels"]
        return [row[0] for row in table["rows"]]

    assert bundles["closed"].title in titles(coordinator)
    assert titles(city) == [bundles["published"].title]
    assert city["date_to"] == bundles["published"].period_end.isoformat()
    closed = bundles["closed"].id
    assert api_get("/counts", issue(Role.CITY), bundle=closed).status_code == 404


def test_counts_of_one_bundle_and_a_period(api_get, bundles, issue):
    secret = issue(Role.COORDINATOR)
    bundle = bundles["published"]
    body = api_get(
        "/counts", secret, bundle=bundle.id, date_from="2024-05-01"
    ).get_json()
    assert body["bundle"] == bundle.id
    assert body["date_from"] == "2024-05-01"
    assert [t["rows"] for t in body["tables"] if t["key"] == "verloop"] == [[]]


def test_rate_limit_per_token(api_get, app, bundles, issue):
    app.config["API_RATE_LIMIT"] = 3
    try:
        first, second = issue(Role.CITY), issue(Role.CITY)
        for n in range(3):
            response = api_get("/bundles", first)
            assert response.status_code == 200
            assert response.headers["X-RateLimit-Remaining"] == str(2 - n)
        refused = api_get("/bundles", first)
        assert refused.status_code == 429
        assert refused.is_json
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert api_get("/bundles", second).status_code == 200  # its own count
    finally:
        app.config["API_RATE_LIMIT"] = 120


def test_other_pages_keep_their_html_errors(client, bundles):
    response = client.get("/bundels/999999")
    assert response.mimetype == "text/html"
    assert client.get("/openbaar/bundels/999999").mimetype == "text/html"


def test_the_openapi_document_needs_no_token(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert "/api/v1/bundles/{bundle_id}/items" in document["paths"]
