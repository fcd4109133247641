"""Accessibility (issue 14, item 8): focus on the error summary after a
validation error; the export progress and the report's waiting page update by
script in a live region, with no meta refresh; every scrollable table region
is reachable by keyboard; axe finds no violation of any impact."""

from __future__ import annotations

import pytest

from signalen.permissions import Role
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def login(page, email):
    page.goto("/account/aanmelden")
    page.fill("#email", email)
    page.fill("#password", TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/account/aanmelden" not in url)


def all_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
    ]


def live_region(page):
    """The page's progress region: no meta refresh, a polite live region."""
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    region = page.locator("#voortgang")
    assert region.get_attribute("aria-live") == "polite"
    return region


def test_focus_moves_to_the_error_summary(page, make_user):
    worker = make_user(email="fouten@example.org")
    login(page, worker.email)
    page.goto("/signalen/nieuw")
    page.get_by_role("button", name="Indienen").click()
    page.wait_for_selector("#foutenoverzicht")
    assert page.evaluate("document.activeElement.id") == "foutenoverzicht"
    assert all_violations(page) == []


def test_export_progress_updates_without_a_reload(page, make_user, make_bundle, db):
    from playwright.sync_api import expect

    from signalen.exports.models import ExportRun

    bundle = make_bundle()
    run = ExportRun(bundle=bundle, token="t", status="running", progress=1, total=3)
    db.session.add(run)
    db.session.commit()
    login(page, make_user(Role.COORDINATOR, email="export@example.org").email)
    page.goto(f"/export/{run.id}")
    region = live_region(page)
    assert "1 van 3" in region.inner_text()
    page.evaluate("window.notReloaded = true")
    run.status, run.progress = "failed", 3
    db.session.commit()
    expect(region).to_contain_text("kon niet", timeout=15_000)
    assert page.evaluate("window.notReloaded") is True  # same page, updated
    assert all_violations(page) == []


def test_report_wait_page_updates_without_a_reload(
    page, make_user, make_bundle, db, app, monkeypatch, tmp_path
):
    from playwright.sync_api import expect

    from signalen.exports import report as report_module

    monkeypatch.setitem(app.config, "EXPORT_DIR", str(tmp_path / "exports"))
    monkeypatch.setattr(report_module, "INLINE_ITEMS", -1)  # always the worker's
    monkeypatch.setattr(report_module, "enqueue", lambda *args: None)
    bundle = make_bundle()
    db.session.commit()
    login(page, make_user(Role.COORDINATOR, email="rapport@example.org").email)
    page.goto(f"/export/bundel/{bundle.id}/rapport.pdf")
    region = live_region(page)
    assert "wordt gemaakt" in region.inner_text()
    assert all_violations(page) == []
    page.evaluate("window.notReloaded = true")
    path = report_module.report_path(bundle)  # the worker writes the PDF
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.7 made by the worker")
    expect(region).to_contain_text("Het rapport is klaar", timeout=15_000)
    assert page.evaluate("window.notReloaded") is True  # same page, updated
    link = region.get_by_role("link", name="Download het rapport (PDF)")
    assert link.get_attribute("href") == f"/export/bundel/{bundle.id}/rapport.pdf"
    assert all_violations(page) == []
