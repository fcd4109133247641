"""Phones (issue 14, item 6): at 390 px wide no page scrolls sideways, for
every role, on every page of the menu and a few detail pages; the header menu
folds away behind a button."""

from __future__ import annotations

import pytest

from signalen.permissions import Role
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 390, 800
LONG = (
    "Een heel lange titel met woorden als dienstverleningsovereenkomstenregister "
    "en https://voorbeeld.gent/een/heel/lang/pad/zonder/spaties/erin"
)


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server,
        locale="nl-BE",
        viewport={"width": WIDTH, "height": HEIGHT},
    )
    page = context.new_page()
    yield page
    context.close()


def login(page, email):
    page.goto("/account/aanmelden")
    page.fill("#email", email)
    page.fill("#password", TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/account/aanmelden" not in url)


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


CULPRITS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > window.innerWidth + 1 && !el.closest('.table-scroll')) {
      const wide = c => c.getBoundingClientRect().right > window.innerWidth + 1;
      if (![...el.children].some(wide))
        out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right));
    }
  }
  return out.slice(0, 4);
}"""


def menu_links(page) -> list[str]:
    return page.eval_on_selector_all(
        ".main-nav a", "links => links.map(a => a.getAttribute('href'))"
    )


@pytest.fixture
def network(db, make_user, make_org, make_signal, make_structural, make_bundle):
    """Some data with long words, so tables and facts have something to wrap."""
    org = make_org("Vereniging voor Samenlevingsopbouw en Buurtgerichte Zorg Gent")
    users = {
        role: make_user(role, organisation=org, email=f"{role.value}@telefoon.org")
        for role in Role
    }
    worker = users[Role.WORKER]
    signals = [
        make_signal(worker, title=LONG, description=LONG * 3, people_affected=12),
        make_signal(worker, title="Wachtlijst sociale woningen"),
        make_signal(worker, title="Concept", submit=False),
    ]
    structural = make_structural(signals[:2], title=LONG)
    bundle = make_bundle([structural])
    details = {
        Role.WORKER: [f"/signalen/{signals[0].reference}", "/signalen/nieuw"],
        Role.COORDINATOR: [
            f"/coordinatie/signalen/{signals[0].reference}",
            f"/coordinatie/structureel/{structural.id}",
            f"/bundels/{bundle.id}",
        ],
        Role.CITY: [f"/bundels/{bundle.id}"],
        Role.ADMIN: [f"/beheer/organisaties/{org.id}", "/beheer/lijsten"],
    }
    return users, details


@pytest.mark.parametrize("role", list(Role))
def test_no_page_scrolls_sideways_at_390_px(phone, network, role, axe_check):
    users, details = network
    login(phone, users[role].email)
    phone.goto("/")
    pages = [*dict.fromkeys(menu_links(phone)), *details[role], "/"]
    too_wide = []
    for url in pages:
        response = phone.goto(url)
        assert response is not None and response.status < 500, url
        width = overflow(phone)
        if width > WIDTH:
            too_wide.append((url, width, phone.evaluate(CULPRITS)))
        violations = axe_check(phone)
        if violations:
            too_wide.append((url, "axe", violations))
    assert not too_wide, "\n".join(map(str, too_wide))


def test_the_menu_folds_away_on_a_phone(phone, network):
    users, _details = network
    login(phone, users[Role.COORDINATOR].email)
    phone.goto("/coordinatie/inbox")
    toggle = phone.get_by_role("button", name="Menu")
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    inbox_link = phone.locator(".main-nav").get_by_role("link", name="Inbox")
    assert not inbox_link.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert inbox_link.is_visible()
    # a desktop keeps the menu open and shows no button
    phone.set_viewport_size({"width": 1280, "height": 800})
    assert inbox_link.is_visible() and not toggle.is_visible()
