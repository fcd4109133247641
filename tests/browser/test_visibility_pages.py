"""Issue 13 in a real browser: the dashboards (every filter state), the wijk
view and its print view, the public bundle page (with a search and filters)
and the beheerder's API token pages. For every role that may see them, at
desktop width and at 390 px: axe finds no violation of any impact, and at
390 px no page scrolls sideways."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from signalen.bundles.models import BundleStatus
from signalen.permissions import Role
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
WIDTHS = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="390px")]


def login(page, email):
    page.goto("/account/aanmelden")
    page.fill("#email", email)
    page.fill("#password", TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/account/aanmelden" not in url)


def violations(page, axe_check):
    return axe_check(page)


def check_page(page, axe_check, viewport, url):
    """Open url, then: axe of any impact, and no sideways scroll on a phone."""
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    found = violations(page, axe_check)
    assert found == [], (url, found)
    if viewport == PHONE:
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert wide <= 0, (url, f"{wide}px sideways")


@pytest.fixture
def visible(db, make_org, make_user, make_signal, make_structural, make_bundle):
    """Signals in several wijken and themes over two years, a published
    bundle with answers and its public page on, a closed bundle."""
    from signalen.public.services import forget_public_items, set_public_page
    from signalen.responses.services import Answer, record_answer
    from signalen.themes.models import Area

    areas = {a.code: a for a in db.session.scalars(select(Area))}
    orgs = [make_org(f"Buurtwerk {i}") for i in range(4)]
    workers = [make_user(Role.WORKER, organisation=o) for o in orgs]
    housing, income = [], []
    for i in range(12):
        moment = datetime(2023, 1 + i % 12, 3 + i, 10, tzinfo=UTC)
        housing.append(
            make_signal(
                workers[i % 4],
                area_ids=[areas["ledeberg"].id, areas["drongen"].id],
                now=moment,
            )
        )
        income.append(
            make_signal(
                workers[(i + 1) % 4],
                theme_codes=("inkomen",),
                area_ids=[] if i % 3 == 0 else [areas["dampoort"].id],
                city_wide=i % 3 == 0,
                now=moment.replace(year=2024),
            )
        )
    first = make_structural(
        housing, title="Wachtlijsten sociale huur", summary="Gezinnen wachten."
    )
    second = make_structural(
        income, title="Schulden bij jongeren", summary="Meer jonge schuldenaars."
    )
    first.areas = [areas["ledeberg"], areas["drongen"]]
    db.session.commit()
    published = make_bundle([first, second], status=BundleStatus.PUBLISHED)
    published.introduction = "Inleiding voor iedereen."
    closed = make_bundle(
        [], start=date(2025, 1, 1), end=date(2025, 12, 31), title="Bundel 2025"
    )
    db.session.commit()
    city = make_user(Role.CITY, email="stad@example.org")
    record_answer(
        published.items[0],
        city,
        Answer(
            "opgenomen",
            "We bouwen 200 sociale woningen.",
            department="Dienst Wonen",
            progress="in_opvolging",
        ),
        now=datetime(2025, 2, 1, tzinfo=UTC),
    )
    admin = make_user(Role.ADMIN, email="beheer@example.org")
    set_public_page(published, True, admin, datetime.now(UTC))
    db.session.commit()
    forget_public_items()
    return {"published": published, "closed": closed, "admin": admin}


@pytest.fixture(autouse=True)
def fresh_blocks():
    from signalen.dashboards.queries import forget_tables
    from signalen.dashboards.wijken import forget_wijk_rows

    forget_tables()
    forget_wijk_rows()
    yield
    forget_tables()
    forget_wijk_rows()


@pytest.mark.parametrize("viewport", WIDTHS)
@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CITY])
def test_dashboards_in_every_filter_state(
    new_page, axe_check, make_user, visible, role, viewport
):
    page = new_page(viewport)
    login(page, make_user(role, email=f"{role.value}-dash@example.org").email)
    bundle = visible["published"].id
    states = [
        "/dashboards/",
        f"/dashboards/?bundle={bundle}",
        "/dashboards/?date_from=2023-02-15&date_to=2024-03-31",
        f"/dashboards/?bundle={bundle}&date_from=2023-06-01",
        "/dashboards/?date_from=2024-01-01&date_to=2023-01-01",  # an error shown
        "/dashboards/?date_from=2030-01-01",  # nothing to count
    ]
    if role == Role.COORDINATOR:
        states.append(f"/dashboards/?bundle={visible['closed'].id}")
    for url in states:
        check_page(page, axe_check, viewport, url)
    error = page.goto("/dashboards/?date_from=2024-01-01&date_to=2023-01-01")
    assert error is not None
    assert "Kies een einddatum na de begindatum." in page.content()


@pytest.mark.parametrize("viewport", WIDTHS)
@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CITY])
def test_wijk_view_and_its_print_view(
    new_page, axe_check, make_user, visible, role, viewport
):
    page = new_page(viewport)
    login(page, make_user(role, email=f"{role.value}-wijk@example.org").email)
    bundle = visible["published"].id
    for url in ("/dashboards/wijken", f"/dashboards/wijken?bundle={bundle}"):
        check_page(page, axe_check, viewport, url)
    page.emulate_media(media="print")
    check_page(page, axe_check, viewport, "/dashboards/wijken")
    # The print style drops the filters and the download links.
    assert not page.locator("form").first.is_visible()
    page.emulate_media(media="screen")


@pytest.mark.parametrize("viewport", WIDTHS)
def test_public_bundle_page_with_search_and_filters(
    new_page, axe_check, visible, viewport
):
    page = new_page(viewport)  # nobody logged in
    bundle = visible["published"].id
    base = f"/openbaar/bundels/{bundle}"
    check_page(page, axe_check, viewport, "/openbaar/")
    check_page(page, axe_check, viewport, base)
    page.fill("#q", "woningen")
    page.locator("#q").press("Enter")
    page.wait_for_url(lambda url: "q=woningen" in url)
    assert page.get_by_text("Wachtlijsten sociale huur").count() >= 1
    assert violations(page, axe_check) == []
    themes = page.locator("#thema option").evaluate_all(
        "options => options.map(o => o.value).filter(Boolean)"
    )
    areas = page.locator("#wijk option").evaluate_all(
        "options => options.map(o => o.value).filter(Boolean)"
    )
    assert themes and areas
    check_page(page, axe_check, viewport, f"{base}?thema={themes[0]}")
    check_page(page, axe_check, viewport, f"{base}?wijk={areas[0]}&q=jongeren")
    check_page(page, axe_check, viewport, f"{base}?q=geen-enkele-treffer")


@pytest.mark.parametrize("viewport", WIDTHS)
def test_api_token_pages_for_the_beheerder(new_page, axe_check, visible, viewport):
    page = new_page(viewport)
    login(page, visible["admin"].email)
    check_page(page, axe_check, viewport, "/beheer/api-sleutels/")
    check_page(page, axe_check, viewport, "/beheer/openbaar")
    page.goto("/beheer/api-sleutels/")
    page.get_by_role("button", name="Sleutel uitgeven").click()  # empty: errors
    page.wait_for_load_state()
    assert violations(page, axe_check) == []
    page.fill("#name", "Wijkmonitor")
    page.locator("#user").select_option(index=1)
    page.get_by_role("button", name="Sleutel uitgeven").click()
    page.wait_for_load_state()
    assert "sgn_" in page.content()  # shown once
    assert violations(page, axe_check) == []
    if viewport == PHONE:
        assert page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth"
        )
    page.goto("/beheer/api-sleutels/")
    assert violations(page, axe_check) == []
