"""The dashboard and wijk pages, their filters and downloads, per role."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest

from signalen.bundles.models import BundleStatus
from signalen.permissions import Role


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CITY])
def test_readers_see_the_dashboard(
    client, login_as, make_user, make_bundle, spread, role
):
    make_bundle(status=BundleStatus.PUBLISHED)
    login_as(make_user(role))
    response = client.get("/dashboards/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<svg" in page and "<table" in page
    assert "Signalen per thema" in page


@pytest.mark.parametrize("role", [Role.WORKER, Role.ADMIN])
def test_others_are_refused(client, login_as, make_user, role):
    login_as(make_user(role))
    assert client.get("/dashboards/").status_code == 403
    assert client.get("/dashboards/wijken").status_code == 403
    assert client.get("/dashboards/download/themas.csv").status_code == 403


def test_coordinator_counts_every_submitted_signal(client, login_as, make_user, spread):
    login_as(make_user(Role.COORDINATOR))
    body = client.get("/dashboards/download/themas.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0] == ["Thema", "Signalen"]
    assert ["Wonen: betaalbaarheid en sociale huisvesting", "5"] in rows
    assert ["Inkomen, schulden en materiële hulp", "<3"] in rows


def test_city_sees_no_signal_after_its_last_published_bundle(
    client, login_as, make_user, make_bundle, spread
):
    login_as(make_user(Role.CITY))
    # No published bundle: nothing to count.
    body = client.get("/dashboards/download/themas.csv").data.decode("utf-8-sig")
    assert body.strip() == "Thema;Signalen"
    make_bundle(status=BundleStatus.PUBLISHED, start=date(2023, 1, 1),
                end=date(2023, 12, 31))  # fmt: skip
    body = client.get("/dashboards/download/themas.csv").data.decode("utf-8-sig")
    assert "Wonen" in body and "Inkomen" not in body  # 2024 is past the bundle


def test_closed_bundle_is_no_choice_for_the_city(
    client, login_as, make_user, make_bundle
):
    closed = make_bundle(status=BundleStatus.CLOSED)
    login_as(make_user(Role.CITY))
    page = client.get("/dashboards/").get_data(as_text=True)
    assert closed.title not in page
    login_as(make_user(Role.COORDINATOR))
    page = client.get("/dashboards/").get_data(as_text=True)
    assert closed.title in page


def test_filters_by_bundle_and_period(client, login_as, make_user, make_bundle, spread):
    bundle = make_bundle(start=date(2024, 1, 1), end=date(2024, 12, 31))
    login_as(make_user(Role.COORDINATOR))
    body = client.get(
        f"/dashboards/download/wijken.csv?bundle={bundle.id}"
    ).data.decode("utf-8-sig")
    assert "Drongen" in body and "Ledeberg" not in body
    body = client.get(
        "/dashboards/download/wijken.csv?date_from=2023-01-01&date_to=2023-12-31"
    ).data.decode("utf-8-sig")
    assert "Ledeberg;5" in body and "Drongen" not in body


def test_a_wrong_period_is_explained_and_ignored(client, login_as, make_user, spread):
    login_as(make_user(Role.COORDINATOR))
    response = client.get("/dashboards/?date_from=2024-01-01&date_to=2023-01-01")
    assert response.status_code == 200
    assert "Kies een einddatum na de begindatum." in response.get_data(as_text=True)
    assert client.get("/dashboards/?date_from=nonsense").status_code == 200


def test_excel_download_holds_the_table(client, login_as, make_user, spread):
    login_as(make_user(Role.COORDINATOR))
    response = client.get("/dashboards/download/verloop.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    values = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert values[0] == ["Kwartaal", "Signalen", "Organisaties"]
    assert values[1] == ["2023-K2", 5, 3]
    assert values[2] == ["2024-K4", "<3", "<3"]


def test_unknown_download_is_404(client, login_as, make_user):
    login_as(make_user(Role.COORDINATOR))
    assert client.get("/dashboards/download/x.csv").status_code == 404
    assert client.get("/dashboards/download/themas.pdf").status_code == 404
    assert client.get("/dashboards/wijken.pdf").status_code == 404


def test_wijk_view_and_its_csv(client, login_as, make_user, spread):
    login_as(make_user(Role.COORDINATOR))
    page = client.get("/dashboards/wijken").get_data(as_text=True)
    assert "Ledeberg" in page and "Zwijnaarde" in page
    body = client.get("/dashboards/wijken.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][:5] == ["Wijkcode", "Wijk", "Zone", "Signalen", "Organisaties"]
    by_code = {r[0]: r for r in rows[1:]}
    assert len(by_code) == 25
    assert by_code["ledeberg"][1:5] == ["Ledeberg", "19e-eeuwse gordel", "5", "3"]
    assert by_code["ledeberg"][5] == "Wonen: betaalbaarheid en sociale huisvesting"
    assert by_code["drongen"][3:5] == ["<3", "<3"]
    assert by_code["zwijnaarde"][3:5] == ["0", "0"]


def test_formula_like_labels_are_defused_in_csv():
    from signalen.dashboards.downloads import csv_bytes

    body = csv_bytes(["a"], [["=HYPERLINK(1)"], ["-3"], ["ok"]]).decode("utf-8-sig")
    assert body.splitlines()[1:] == ["'=HYPERLINK(1)", "'-3", "ok"]


def test_wijk_view_names_the_bundled_structural_signals_of_the_wijk(
    client, login_as, make_user, make_signal, make_structural, make_bundle, areas
):
    ledeberg = [make_signal(area_ids=[areas["ledeberg"].id]) for _ in range(2)]
    make_bundle([make_structural(ledeberg, title="Wachtlijsten sociale huur")],
                start=date(2000, 1, 1), end=date(2999, 12, 31))  # fmt: skip
    make_structural([make_signal(area_ids=[areas["ledeberg"].id])], title="Los")
    login_as(make_user(Role.COORDINATOR))
    body = client.get("/dashboards/wijken.csv").data.decode("utf-8-sig")
    row = next(
        r for r in csv.reader(io.StringIO(body), delimiter=";") if r[0] == "ledeberg"
    )
    # Only structural signals that are in a bundle are named.
    assert row[6] == "Wachtlijsten sociale huur"
