"""Bundle pages per role, the period banner, publishing and the schedule form."""

from datetime import date, timedelta

import pytest

from signalen.bundles import services
from signalen.bundles.models import Bundle, BundleSchedule, BundleStatus
from signalen.database import utcnow
from signalen.permissions import Role


@pytest.fixture
def closed_bundle(db, schedule, structural_on):
    """A closed 2023-2024 bundle with one item, and the open 2025-2026 bundle."""
    schedule()
    structural_on(date(2024, 3, 1), title="Betaalbaar wonen")
    [bundle] = services.close_due_bundles(date(2025, 1, 1))
    db.session.commit()
    return bundle


def test_index_per_role(client, login, make_user, closed_bundle, db):
    login(make_user(Role.COORDINATOR))
    page = client.get("/bundels/").get_data(as_text=True)
    assert "Signalenbundel 2023-2024" in page and "Lopende periode" in page
    assert "Planner: nog nooit gelopen." in page and "Let op:" in page
    login(make_user(Role.CITY))
    page = client.get("/bundels/").get_data(as_text=True)
    assert "Signalenbundel 2023-2024" not in page
    assert "Planner" not in page
    services.publish_bundle(closed_bundle, now=utcnow())
    db.session.commit()
    page = client.get("/bundels/").get_data(as_text=True)
    assert "Signalenbundel 2023-2024" in page and "2025-2026" not in page


def test_heartbeat_shown_to_coordinators(app, client, login, make_user, db):
    from signalen.scheduler import run_now

    run_now(app, "heartbeat")
    login(make_user(Role.COORDINATOR))
    page = client.get("/bundels/").get_data(as_text=True)
    assert "Planner: laatste run om" in page and "Let op:" not in page


def test_city_and_workers_only_see_published_bundles(client, login, make_user,
                                                      closed_bundle, db):  # fmt: skip
    item = closed_bundle.items[0]
    urls = [
        f"/bundels/{closed_bundle.id}",
        f"/bundels/{closed_bundle.id}/items/{item.id}",
    ]
    for role in (Role.CITY, Role.WORKER):
        login(make_user(role))
        for url in urls:
            assert client.get(url).status_code == 404
    services.publish_bundle(closed_bundle, now=utcnow())
    db.session.commit()
    for role in (Role.CITY, Role.WORKER):
        login(make_user(role))
        for url in urls:
            assert client.get(url).status_code == 200
        assert client.get(f"/bundels/{closed_bundle.id}/publiceren").status_code == 403


def test_bundle_page_shows_items_by_theme(client, login, make_user, closed_bundle):
    login(make_user(Role.COORDINATOR))
    page = client.get(f"/bundels/{closed_bundle.id}").get_data(as_text=True)
    assert "Betaalbaar wonen" in page and "SB2024-001" in page
    assert "Signalen per thema" in page and "Wonen" in page
    assert "Publiceren" in page
    item = closed_bundle.items[0]
    assert f"/bundels/{closed_bundle.id}/items/{item.id}" in page


def test_open_bundle_shows_the_running_period(client, login, make_user,
                                              closed_bundle):  # fmt: skip
    login(make_user(Role.COORDINATOR))
    current = services.open_bundle()
    page = client.get(f"/bundels/{current.id}").get_data(as_text=True)
    assert "Lopende periode" in page
    assert "1 structureel signaal tot nu toe" in page  # the unresolved one
    assert "Periode nu afsluiten" in page


def test_item_page_shows_the_frozen_snapshot(client, login, make_user,
                                             closed_bundle, db):  # fmt: skip
    item = closed_bundle.items[0]
    item.structural_signal.title = "Later veranderd"
    db.session.commit()
    login(make_user(Role.COORDINATOR))
    page = client.get(f"/bundels/{closed_bundle.id}/items/{item.id}").get_data(
        as_text=True
    )
    assert "Betaalbaar wonen" in page and "Later veranderd" not in page
    assert "voor het eerst in een bundel" in page
    other = services.open_bundle()
    assert client.get(f"/bundels/{other.id}/items/{item.id}").status_code == 404


def test_coordinator_publishes_with_confirmation(client, login, make_user,
                                                 closed_bundle, db):  # fmt: skip
    login(make_user(Role.COORDINATOR))
    url = f"/bundels/{closed_bundle.id}/publiceren"
    assert "Ja, publiceren" in client.get(url).get_data(as_text=True)
    response = client.post(url, follow_redirects=True)
    assert "De bundel is gepubliceerd" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Bundle, closed_bundle.id).status == BundleStatus.PUBLISHED
    response = client.post(url, follow_redirects=True)
    assert "Enkel een afgesloten bundel" in response.get_data(as_text=True)


def test_coordinator_closes_early(client, login, make_user, db, schedule):
    schedule(first_start=date.today().replace(day=1) - timedelta(days=40))
    bundle = services.ensure_current_bundle(date.today())
    db.session.commit()
    login(make_user(Role.COORDINATOR))
    url = f"/bundels/{bundle.id}/afsluiten"
    assert "Ja, nu afsluiten" in client.get(url).get_data(as_text=True)
    response = client.post(url, follow_redirects=True)
    assert "De bundel is afgesloten" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Bundle, bundle.id).status == BundleStatus.CLOSED
    assert services.open_bundle().period_start == services.local_today()


def test_introduction_is_checked_for_personal_data(client, login, make_user,
                                                   closed_bundle, db):  # fmt: skip
    login(make_user(Role.COORDINATOR))
    url = f"/bundels/{closed_bundle.id}/inleiding"
    response = client.post(url, data={"introduction": "Bel 0470 12 34 56"})
    assert response.status_code == 422
    assert "persoonsgegevens" in response.get_data(as_text=True)
    response = client.post(url, data={"introduction": "Welkom bij de bundel."})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Bundle, closed_bundle.id).introduction == (
        "Welkom bij de bundel."
    )


def test_schedule_form_for_the_beheerder(client, login, make_user, db):
    login(make_user(Role.ADMIN))
    assert client.get("/bundels/planning").status_code == 200
    response = client.post(
        "/bundels/planning",
        data={"first_start": "2025-01-01", "period_months": "0", "reminder_days": "x"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kies een duur tussen 1 en 120 maanden." in page
    assert "Vul een geheel getal in." in page
    response = client.post(
        "/bundels/planning",
        data={
            "first_start": "2025-01-01",
            "period_months": "24",
            "reminder_days": "20",
        },
    )
    assert response.status_code == 302
    row = db.session.query(BundleSchedule).one()
    assert (row.first_start, row.period_months, row.reminder_days) == (
        date(2025, 1, 1),
        24,
        20,
    )
    login(make_user(Role.COORDINATOR))
    assert client.get("/bundels/planning").status_code == 403


def _open_period_ending_in(db, schedule, days):
    today = services.local_today()
    end = today + timedelta(days=days)
    bundle = Bundle(
        title="x",
        period_start=date(end.year - 1, 1, 1),
        period_end=end,
        status=BundleStatus.OPEN,
    )
    schedule(reminder_days=30)
    db.session.add(bundle)
    db.session.commit()
    return bundle


def test_banner_for_coordinators(client, login, make_user, db, schedule):
    bundle = _open_period_ending_in(db, schedule, 34)
    label = f"{bundle.period_start.year}-{bundle.period_end.year}"
    login(make_user(Role.COORDINATOR))
    page = client.get("/bundels/").get_data(as_text=True)
    assert f"Bundel {label}: nog 34 dagen" in page
    assert "sluit binnenkort" not in page


def test_banner_reminds_workers_with_drafts(client, login, make_user,
                                            make_signal, db, schedule):  # fmt: skip
    _open_period_ending_in(db, schedule, 10)
    worker = login(make_user(Role.WORKER))
    page = client.get("/signalen/mijn").get_data(as_text=True)
    assert "period-banner" not in page  # no drafts: no reminder
    make_signal(worker, submit=False)
    page = client.get("/signalen/mijn").get_data(as_text=True)
    assert "nog 10 dagen" in page and "Je hebt 1 concept." in page
    login(make_user(Role.CITY))
    assert "period-banner" not in client.get("/bundels/").get_data(as_text=True)


def test_no_reminder_far_from_the_end(client, login, make_user,
                                      make_signal, db, schedule):  # fmt: skip
    _open_period_ending_in(db, schedule, 200)
    worker = login(make_user(Role.WORKER))
    make_signal(worker, submit=False)
    assert "period-banner" not in client.get("/signalen/mijn").get_data(as_text=True)
    login(make_user(Role.COORDINATOR))
    page = client.get("/bundels/").get_data(as_text=True)
    assert "nog 200 dagen" in page


def test_missing_bundle_is_404(client, login, make_user):
    login(make_user(Role.COORDINATOR))
    assert client.get("/bundels/999").status_code == 404
    assert client.get("/bundels/999/items/1").status_code == 404
