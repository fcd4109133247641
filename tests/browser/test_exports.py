"""Coordinator exports and downloads the workbook; the city uploads its answers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from signalen.bundles.models import BundleStatus
from signalen.permissions import Role
from signalen.responses.models import CityResponse
from tests.conftest import TEST_PASSWORD
from tests.exports.conftest import ANSWER, fill

pytestmark = pytest.mark.browser


def login(page, email):
    page.goto("/account/aanmelden")
    page.fill("#email", email)
    page.fill("#password", TEST_PASSWORD)
    page.press("#password", "Enter")
    page.wait_for_load_state()


def logout(page):
    page.click("text=Afmelden")
    page.wait_for_load_state()


def test_export_download_and_answer_upload(
    page,
    make_user,
    make_signal,
    make_structural,
    make_bundle,
    db,
    axe_check,
    tmp_path,
):
    worker = make_user(Role.WORKER)
    signals = [make_signal(worker, title="Geen betaalbare woning")]
    bundle = make_bundle(
        [make_structural(signals, title="Betaalbaar wonen")],
        status=BundleStatus.PUBLISHED,
    )
    coordinator = make_user(Role.COORDINATOR, email="coord@example.org")
    city = make_user(Role.CITY, email="stad@example.org")

    # The coordinator starts the export; the page refreshes until the file is ready.
    login(page, coordinator.email)
    page.goto(f"/export/bundel/{bundle.id}")
    assert axe_check(page) == []
    page.click("text=Maak het Excel-bestand")
    page.wait_for_selector("text=Download het Excel-bestand", timeout=30_000)
    assert axe_check(page) == []
    with page.expect_download() as info:
        page.click("text=Download het Excel-bestand")
    download = info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.name.startswith("signalenbundel-2023-2024-")
    logout(page)

    # The city fills it in (as in Excel) and uploads it.
    filled = tmp_path / "ingevuld.xlsx"
    filled.write_bytes(fill(path, {bundle.items[0].reference: ANSWER}))
    login(page, city.email)
    page.goto(f"/export/bundel/{bundle.id}/antwoorden")
    page.set_input_files("#workbook", str(filled))
    page.click("text=Nakijken")
    page.wait_for_selector("text=Wat zou veranderen (1)")
    assert "We bekijken dit met de woondienst." in page.content()
    assert axe_check(page) == []
    db.session.expire_all()
    assert db.session.scalar(select(CityResponse.id)) is None
    page.click("text=Bevestig en bewaar 1 antwoord")
    page.wait_for_selector("text=1 antwoord bewaard.")
    db.session.expire_all()
    assert db.session.scalar(select(CityResponse.source)) == "import"
