"""Hostile input, generated with Hypothesis, on every form of every role.

Two promises: the app never answers with a 5xx, and text with markup that was
stored comes back escaped on every page that shows it. The forms are found by
walking the pages of the demo data as each role (tests/hostile/crawl.py), so a
new form is attacked without anyone listing it here.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from signalen.auth.demo_mode import DEMO_DOMAIN
from signalen.auth.models import User
from signalen.bundles.models import Bundle, BundleStatus
from signalen.permissions import Role
from tests.hostile.crawl import Form, crawl, endpoint_of
from tests.hostile.strategies import (
    OMIT,
    RAW_MARKERS,
    extra_fields,
    field_value,
    hostile_number,
    hostile_scalar,
    hostile_text,
)

#: Examples per form: the whole file stays around a minute on two cores. A deeper
#: search now and then: SIGNALEN_HOSTILE_EXAMPLES=50 (pytest, this file only).
EXAMPLES_PER_FORM = int(os.environ.get("SIGNALEN_HOSTILE_EXAMPLES", "4"))
#: The same examples on every run (CI stays reproducible); a random search with
#: SIGNALEN_HOSTILE_RANDOM=1.
DERANDOMIZE = not os.environ.get("SIGNALEN_HOSTILE_RANDOM")
HOSTILE = settings(
    max_examples=EXAMPLES_PER_FORM,
    deadline=None,
    database=None,
    derandomize=DERANDOMIZE,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
ACCOUNTS = {
    Role.WORKER: "medewerker",
    Role.COORDINATOR: "coordinator",
    Role.CITY: "stad",
    Role.ADMIN: "beheer",
}
#: Forms the walk must find: if a page moves, the attack silently covers less.
EXPECTED_FORMS = {
    Role.WORKER: {
        "signals.new",
        "signals.edit",
        "signals.answer",
        "prioritisation.ballot",
    },
    Role.COORDINATOR: {
        "coordination.save_filter",
        "coordination.structural_new",
        "coordination.ask",
        "prioritisation.edit",
        "bundles.introduction",
        "exports.upload",
    },
    Role.CITY: {"responses.item", "exports.upload"},
    Role.ADMIN: {"admin.user_new", "admin.reference_list", "bundles.schedule"},
}
#: Not attacked: logging out would end the session for the forms after it.
NOT_ATTACKED = {"auth.logout", "prioritisation.code_logout"}


@pytest.fixture
def world(db):
    """The demo data, plus an open and a draft prioritisation round for everyone,
    personal codes and a saved filter: every form has something to work on."""
    from signalen.coordination.services import ask_question, save_filter
    from signalen.demo import load_demo
    from signalen.prioritisation import services as rounds
    from signalen.signals.services import SignalData, record_signal
    from signalen.themes.models import Theme

    today = date.today()
    load_demo(today=today)
    users = {
        role: db.session.scalar(select(User).where(User.email == local + DEMO_DOMAIN))
        for role, local in ACCOUNTS.items()
    }
    published = db.session.scalar(
        select(Bundle).where(Bundle.status == BundleStatus.PUBLISHED)
    )
    coordinator = users[Role.COORDINATOR]
    now = datetime.now(UTC)
    for title, open_ in (("Open ronde", True), ("Ronde in voorbereiding", False)):
        round_ = rounds.create_round(
            published,
            rounds.RoundSettings(
                title=title,
                explanation="Kies wat voorrang krijgt.",
                method="points",
                opens_at=now - timedelta(hours=1),
                closes_at=now + timedelta(days=7),
                criteria=[(label, 1.0) for label in rounds.DEFAULT_CRITERIA],
            ),
            coordinator,
            now,
        )
        rounds.set_user_participants(
            round_, {u.id: rounds.default_group(u) for u in rounds.candidate_users()},
            coordinator, now,
        )  # fmt: skip
        rounds.add_code_participants(round_, 2, coordinator, now)
        if open_:
            rounds.open_round(round_, coordinator, now)
    save_filter(coordinator, "Wonen", "q=huur&sort=newest")
    # The newest signals, first in the inbox: one to review, one with a question
    # for the worker (so the review and the answer forms show).
    worker = users[Role.WORKER]
    themes = [t.id for t in db.session.scalars(select(Theme).limit(2))]
    for title in ("Vraag aan de medewerker", "Nog te bekijken"):
        signal = record_signal(
            worker,
            SignalData(title=title, description="Een beschrijving.", theme_ids=themes),
            submit=True,
            now=now,
        )
    ask_question(signal, coordinator, "Hoeveel gezinnen?", now)
    db.session.commit()
    return users


@pytest.fixture
def accounts(make_user, make_signal):
    """One account per role and a few signals: enough for the pages that take a
    single input (the demo data is only needed where pages are walked)."""
    users = {role: make_user(role) for role in Role}
    for title in ("Huur te hoog", "Geen digipunt"):
        make_signal(users[Role.WORKER], title=title)
    return users


# --- checking a response -----------------------------------------------------


def assert_escaped(where: str, response) -> None:
    """An HTML page never carries the hostile markup raw."""
    if response.mimetype != "text/html":
        return
    page = response.get_data(as_text=True).lower()
    for marker in RAW_MARKERS:
        assert marker not in page, f"{where}: {marker!r} stands unescaped in the page"


def assert_handled(client, where: str, response) -> None:
    """No 5xx; the page (and the page a redirect leads to) escapes the markup."""
    assert response.status_code < 500, f"{where}: {response.status_code}"
    assert_escaped(where, response)
    location = response.headers.get("Location")
    if 300 <= response.status_code < 400 and location:
        assert "\n" not in location and "\r" not in location, location
        parts = urlsplit(location)
        if not parts.netloc or parts.netloc == "localhost":
            followed = client.get(parts.path, query_string=parts.query)
            assert followed.status_code < 500, f"{where} → {location}"
            assert_escaped(f"{where} → {location}", followed)


# --- sending a form ------------------------------------------------------------


def as_file(value) -> tuple[io.BytesIO, str]:
    data = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else value
    return io.BytesIO(data), "antwoorden.xlsx"


def send(client, form: Form, values: dict):
    """Submit the form as a browser would (files as multipart)."""
    data: dict = {}
    for name, value in values.items():
        if value is OMIT:
            continue
        spec = form.fields.get(name)
        if spec is not None and spec.kind == "file":
            value = as_file(value if not isinstance(value, list) else value[0])
        data[name] = value
    if form.method == "get":
        return client.get(form.action, query_string=data)
    return client.post(form.action, data=data)


def draw_values(data, form: Form) -> dict:
    values = {}
    for name, spec in form.fields.items():
        if name == "csrf_token":
            continue
        if spec.kind == "file":
            values[name] = data.draw(workbook_bytes, label=name)
        else:
            values[name] = data.draw(field_value(spec.options), label=name)
    values.update(data.draw(extra_fields, label="extra fields"))
    return values


def attack(client, login_as, user, form: Form) -> None:
    """Send hostile values to one form, EXAMPLES_PER_FORM times."""

    @HOSTILE
    @given(data=st.data())
    def run(data):
        login_as(user)  # a previous example may have changed the session
        values = draw_values(data, form)
        response = send(client, form, values)
        assert_handled(client, f"{form.method.upper()} {form.action}", response)

    run()


def forms_to_attack(site) -> list[Form]:
    """One form per endpoint and method (the first found), destructive ones last."""
    chosen: dict[tuple[str, str], Form] = {}
    for form in site.forms:
        key = (form.endpoint, form.method)
        if form.endpoint and form.endpoint not in NOT_ATTACKED:
            chosen.setdefault(key, form)
    return sorted(chosen.values(), key=lambda f: f.method == "post")


# --- the tests ---------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_form_survives_hostile_input(app, client, login_as, world, role):
    """Every form a role can reach: no 5xx, and stored markup is escaped on
    every page of every role afterwards."""
    user = login_as(world[role])
    site = crawl(app, client, check=assert_escaped)
    forms = forms_to_attack(site)
    missing = EXPECTED_FORMS[role] - {f.endpoint for f in forms}
    assert not missing, f"the walk no longer finds {missing}"
    for form in forms:
        attack(client, login_as, user, form)
    for reader in Role:
        login_as(world[reader])
        crawl(app, client, check=assert_escaped)


# --- the inbox search ----------------------------------------------------------

INBOX_PARAMETERS = (
    "q", "theme", "status", "target_group", "area", "organisation", "level",
    "month_from", "month_to", "sort", "page", "selected",
)  # fmt: skip


@HOSTILE
@given(
    query=st.dictionaries(
        st.sampled_from(INBOX_PARAMETERS),
        st.one_of(hostile_scalar, st.lists(hostile_scalar, min_size=2, max_size=3)),
        min_size=1,
        max_size=4,
    )
)
def test_inbox_search_and_filters_never_fail(client, login_as, accounts, query):
    login_as(accounts[Role.COORDINATOR])
    response = client.get("/coordinatie/inbox", query_string=query)
    assert response.status_code < 500, query
    assert_escaped("inbox", response)


# --- ids that do not exist -----------------------------------------------------

HUGE_IDS = (0, 2**31, 2**63, 10**30)


def other_value(rule, name: str) -> str:
    """A value for a path part that is not a number: one of an <any(...)>'s own."""
    choice = re.search(rf"<any\((\w+)[^)]*\):{name}>", rule.rule)
    return choice.group(1) if choice else "x"


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_ids_that_do_not_exist_are_not_found(app, client, login_as, accounts, role):
    """Every route with a number in its path, with numbers no table holds (some
    beyond what a database integer can hold): a 404 or a refusal, never a 5xx."""
    login_as(accounts[role])
    for rule in app.url_map.iter_rules():
        numbers = re.findall(r"<int:(\w+)>", rule.rule)
        if not numbers or rule.endpoint in NOT_ATTACKED:
            continue
        for number in HUGE_IDS:
            args = {
                name: number if name in numbers else other_value(rule, name)
                for name in rule.arguments
            }
            url = rule.build(args)[1]
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                response = client.open(url, method=method)
                assert response.status_code < 500, (rule.endpoint, url, method)


# --- uploads -------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def _xlsx_like(sheet_xml: bytes) -> bytes:
    """A zip with the parts of an xlsx, around a sheet we choose."""
    return _zip(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types '
            b'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": sheet_xml,
        }
    )


workbook_bytes = st.one_of(
    st.binary(max_size=2048),
    st.builds(lambda b: b"PK\x03\x04" + b, st.binary(max_size=512)),
    st.builds(
        _zip,
        st.dictionaries(
            st.sampled_from(("a.txt", "xl/x.xml", "[Content_Types].xml", "../x")),
            st.binary(max_size=256),
            max_size=3,
        ),
    ),
    st.builds(_xlsx_like, st.binary(max_size=256)),
    st.just(b""),
)


@pytest.fixture
def workbook(db, upload_url) -> bytes:
    """The workbook the app writes for the bundle (once per test)."""
    from signalen.exports.services import perform_export, start_export

    bundle, _url = upload_url
    run = start_export(bundle, None, datetime.now(UTC))
    db.session.commit()
    path = perform_export(run, now=datetime.now(UTC))
    return path.read_bytes()


@pytest.fixture
def upload_url(accounts, make_signal, make_structural, make_bundle):
    """A published bundle of two items, and the page where its answers go."""
    worker = accounts[Role.WORKER]
    structurals = [
        make_structural([make_signal(worker, title=t)], title=t)
        for t in ("Betaalbaar wonen", "<script>hostile()</script>")
    ]
    bundle = make_bundle(structurals, status=BundleStatus.PUBLISHED)
    return bundle, f"/export/bundel/{bundle.id}/antwoorden"


@HOSTILE
@given(content=workbook_bytes)
def test_answer_upload_of_any_bytes_is_a_message(
    client, login_as, accounts, upload_url, content
):
    login_as(accounts[Role.CITY])
    _bundle, url = upload_url
    response = client.post(
        url, data={"workbook": (io.BytesIO(content), "antwoorden.xlsx")}
    )
    assert response.status_code < 500
    assert response.status_code in (200, 302)


@HOSTILE
@given(cut=st.integers(min_value=1, max_value=10_000), data=st.data())
def test_a_truncated_or_damaged_workbook_is_a_message(
    client, login_as, accounts, upload_url, workbook, cut, data
):
    _bundle, url = upload_url
    login_as(accounts[Role.CITY])
    whole = workbook
    content = data.draw(
        st.sampled_from(
            [
                whole[: len(whole) * cut // 10_001],  # truncated
                whole[:cut]
                + bytes(reversed(whole[cut : cut + 64]))
                + whole[cut + 64 :],
            ]
        )
    )
    response = client.post(
        url, data={"workbook": (io.BytesIO(content), "antwoorden.xlsx")}
    )
    assert response.status_code in (200, 302)


# --- the text check (JSON) -------------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), hostile_text),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(hostile_text, inner, max_size=3),
    ),
    max_leaves=8,
)


@HOSTILE
@given(
    payload=st.one_of(
        json_values,
        st.fixed_dictionaries({"texts": json_values}),
        st.fixed_dictionaries(
            {"texts": st.dictionaries(hostile_text, hostile_text, max_size=12)}
        ),
    ),
    raw=st.one_of(st.none(), st.binary(max_size=200)),
)
def test_the_text_check_answers_any_payload(client, login_as, accounts, payload, raw):
    login_as(accounts[Role.WORKER])
    body = json.dumps(payload, allow_nan=True) if raw is None else raw
    response = client.post(
        "/signalen/controle", data=body, content_type="application/json"
    )
    assert response.status_code in (200, 400, 413), response.status_code
    assert response.is_json


# --- numbers in the forms that take numbers -----------------------------------------


@HOSTILE
@given(number=hostile_number)
def test_numbers_out_of_range_in_a_signal(client, login_as, accounts, themes, number):
    login_as(accounts[Role.WORKER])
    response = client.post(
        "/signalen/nieuw",
        data={
            "title": "Te weinig betaalbare woningen",
            "description": "Gezinnen vinden geen betaalbare huurwoning.",
            "themes": [str(themes["wonen"].id)],
            "people_affected": number,
            "observed_month": number,
            "observed_year": number,
            "intent": "submit",
        },
    )
    assert response.status_code in (200, 302, 422), response.status_code


def test_endpoint_of_ignores_other_sites(app):
    adapter = app.url_map.bind("localhost")
    assert endpoint_of(adapter, "https://example.org/") is None
    assert endpoint_of(adapter, "/coordinatie/inbox") == "coordination.inbox"


# --- what the hostile tests found, each pinned down --------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), ("0", 0), (str(2**31 - 1), 2**31 - 1), (str(2**31), None),
     ("9223372036854775808", None), ("\u00b2", None), ("\u0661\u0662", None),
     ("-1", None), (" 7", None), ("", None), (None, None), (12, 12)],
)  # fmt: skip
def test_as_id_takes_only_ids_a_column_holds(value, expected):
    from signalen.database import as_id

    assert as_id(value) == expected


def test_a_number_past_any_id_in_a_path_is_not_found(client, make_user, login_as):
    login_as(make_user(Role.COORDINATOR))
    for url in ("/bundels/9223372036854775808", "/coordinatie/structureel/2147483648"):
        assert client.get(url).status_code == 404, url
    assert client.get("/coordinatie/structureel/2147483647").status_code == 404


@pytest.mark.parametrize("page", ["\u00b2", "\u0661"])
def test_a_page_number_in_other_digits_is_the_first_page(
    client, make_user, login_as, page
):
    login_as(make_user(Role.COORDINATOR))
    response = client.get("/coordinatie/inbox", query_string={"page": page})
    assert response.status_code == 200


def test_the_account_list_filtered_on_a_huge_organisation_number(
    client, make_user, login_as
):
    login_as(make_user(Role.ADMIN))
    response = client.get(
        "/beheer/accounts", query_string={"organisation": "9223372036854775808"}
    )
    assert response.status_code == 200


def test_merging_with_a_newline_in_the_back_query_keeps_the_filters(
    client, make_user, login_as
):
    login_as(make_user(Role.COORDINATOR))
    response = client.post(
        "/coordinatie/inbox/samenvoegen",
        data={"back_query": "q=huur\r\n\r\nSet-Cookie: x=1&theme=2&evil=1"},
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "\n" not in location and "evil" not in location
    assert "q=huur" in location and "theme=2" in location
    assert not [c for c in response.headers.getlist("Set-Cookie") if c.startswith("x=")]


def test_merging_into_a_structural_number_past_any_id_is_a_message(
    client, make_user, login_as, make_signal
):
    login_as(make_user(Role.COORDINATOR))
    signal = make_signal()
    response = client.post(
        "/coordinatie/inbox/samenvoegen",
        data={"signalen": signal.reference, "structural": "9223372036854775808"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Kies een structureel signaal." in response.get_data(as_text=True)


@pytest.mark.parametrize("version", ["\u00b2", "9223372036854775808"])
def test_editing_with_an_odd_version_is_not_an_error(
    client, login_as, make_signal, make_user, themes, version
):
    worker = login_as(make_user())
    signal = make_signal(worker, submit=False)
    response = client.post(
        f"/signalen/{signal.reference}/bewerken",
        data={
            "title": "Te weinig betaalbare woningen",
            "description": "Gezinnen vinden geen betaalbare huurwoning.",
            "themes": [str(themes["wonen"].id)],
            "version": version,
            "intent": "draft",
        },
    )
    assert response.status_code in (200, 302, 409, 422), response.status_code


def test_a_very_long_account_search_is_a_message_next_to_the_field(
    client, make_user, login_as
):
    login_as(make_user(Role.ADMIN))
    response = client.get("/beheer/accounts", query_string={"q": "a" * 100_000})
    assert response.status_code == 200
    assert "Maximaal 200 tekens." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "query",
    [{"actor": "a" * 100_000}, {"date_to": "9999-12-31"}, {"date_from": "0001-01-01"}],
)
def test_odd_audit_log_filters_are_a_message_next_to_the_field(
    client, make_user, login_as, query
):
    login_as(make_user(Role.ADMIN))
    response = client.get("/logboek/", query_string=query)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Maximaal 200 tekens." in page or "Kies een datum tussen" in page
