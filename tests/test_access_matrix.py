"""Every route × every role: anonymous → login, wrong role → 403, right role → in.

New routes are covered automatically: a route that is neither public nor
guarded by role_required or login_required fails this test.
"""

import re

import pytest

from signalen.permissions import Role

PUBLIC = {
    "static",
    "auth.login",
    "main.accessibility",
    "main.healthz",  # for a load balancer: states and counts only, no data
    # People without an account vote with a personal code (session-bound).
    "prioritisation.code_login",
    "prioritisation.code_ballot",
    "prioritisation.code_results",
    "prioritisation.code_logout",
    # Councils without an account give remarks with a code (session-bound).
    "consultations.code_login",
    "consultations.code_take_part",
    "consultations.code_edit_remark",
    "consultations.code_delete_remark",
    "consultations.code_logout",
    # A published bundle's page and open data, when a beheerder switched it on.
    "public.index",
    "public.bundle_page",
    "public.open_data",
    # The API's OpenAPI document: the shape of the API, no data.
    "api-docs.openapi_json",
}
# The JSON API takes a Bearer token, never the session: tested below and in
# tests/api (every role through its token).
TOKEN_ONLY_PREFIX = "api."
LOGIN_ONLY = {"main.index", "auth.logout", "auth.password"}


@pytest.fixture
def fixtures(make_user, make_signal):
    """Objects that fill the URL parameters of every route."""
    author = make_user(Role.WORKER)
    return {"reference": make_signal(author).reference, "author": author}


def url_args(rule, fixtures):
    args = {}
    for name in rule.arguments:
        choice = re.search(rf"<any\((\w+)[^)]*\):{name}>", rule.rule)
        if choice:  # <any(a, b):name> takes only its own values
            args[name] = choice.group(1)
        elif name == "reference":
            args[name] = fixtures["reference"]
        elif name.endswith("id"):
            args[name] = 1
        elif name == "filename":
            args[name] = "css/signalen.css"
        else:
            args[name] = "x"
    return args


def guarded_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC or rule.endpoint.startswith(TOKEN_ONLY_PREFIX):
            continue
        yield rule


def test_every_route_is_guarded(app):
    for rule in guarded_rules(app):
        view = app.view_functions[rule.endpoint]
        roles = getattr(view, "required_roles", None)
        assert roles or rule.endpoint in LOGIN_ONLY, f"{rule.endpoint} has no guard"


def test_anonymous_is_sent_to_login(app, client, fixtures):
    for rule in guarded_rules(app):
        url = rule.build(url_args(rule, fixtures))[1]
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(url, method=method)
            assert response.status_code == 302, (rule.endpoint, method)
            assert "/account/aanmelden" in response.headers["Location"]


@pytest.mark.parametrize("role", list(Role))
def test_roles_get_403_or_in(app, client, make_user, make_signal, login_as, role):
    user = login_as(make_user(role))
    # The user's own signal where the role records signals, so that object
    # checks (tested below) do not hide the role checks tested here.
    author = user if role in (Role.WORKER, Role.COORDINATOR) else make_user()
    fixtures = {"reference": make_signal(author).reference}
    for rule in guarded_rules(app):
        view = app.view_functions[rule.endpoint]
        allowed = getattr(view, "required_roles", tuple(Role))
        url = rule.build(url_args(rule, fixtures))[1]
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if rule.endpoint == "auth.logout":
                continue  # would end the session for the rest of the loop
            response = client.open(url, method=method)
            if role in allowed:
                assert response.status_code not in (401, 403), (rule.endpoint, method)
                assert response.status_code < 500, (rule.endpoint, method)
            else:
                assert response.status_code == 403, (rule.endpoint, method)


def test_worker_of_another_organisation_cannot_reach_the_signal(
    app, client, make_user, login_as, fixtures
):
    login_as(make_user(Role.WORKER))
    for rule in app.url_map.iter_rules():
        if "reference" not in rule.arguments or not rule.endpoint.startswith(
            "signals."
        ):
            continue
        url = rule.build(url_args(rule, fixtures))[1]
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert client.open(url, method=method).status_code == 404, rule.endpoint


@pytest.mark.parametrize("role", [None, *Role])
def test_the_api_wants_a_token_not_a_session(
    app, client, make_user, login_as, fixtures, role
):
    if role is not None:
        login_as(make_user(role))
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")]
    assert rules
    for rule in rules:
        url = rule.build(url_args(rule, fixtures))[1]
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(url, method=method)
            assert response.status_code == 401, (rule.endpoint, method)
