"""The deciding round: its final choice shows wherever the bundle may be seen."""

from __future__ import annotations

from datetime import date

from signalen.bundles.services import publish_bundle
from signalen.database import utcnow
from signalen.permissions import Role
from signalen.prioritisation import services
from signalen.prioritisation.services import DecisionInput

from .conftest import NOW


def decided(make_round, make_user, items, coordinator, db, *, deciding=True):
    round_ = make_round(users=[make_user()], open=True, title="Stuurgroep 2025")
    services.close_round(round_, coordinator, NOW)
    services.record_decisions(
        round_,
        {items[1].id: DecisionInput(True, 1, "Raakt veel gezinnen."),
         items[0].id: DecisionInput(False, None, "Loopt al via de woondialoog.")},
        coordinator, NOW,
    )  # fmt: skip
    if deciding:
        services.mark_deciding_round(round_, coordinator, NOW)
    db.session.commit()
    return round_


def test_coordinator_marks_the_deciding_round_on_its_page(
    client, login_as, make_round, make_user, items, coordinator, bundle, db
):
    round_ = decided(make_round, make_user, items, coordinator, db, deciding=False)
    login_as(coordinator)
    page = client.get(f"/prioritering/{round_.id}")
    assert "Maak dit de beslissende ronde" in page.text
    assert "nog geen prioriteiten gekozen" in client.get(f"/bundels/{bundle.id}").text
    response = client.post(f"/prioritering/{round_.id}/beslissend")
    assert response.status_code == 302
    assert services.deciding_round(bundle) == round_
    assert (
        "Dit is de beslissende ronde" in client.get(f"/prioritering/{round_.id}").text
    )
    worker = login_as(make_user())
    assert worker.role == Role.WORKER
    assert client.post(f"/prioritering/{round_.id}/beslissend").status_code == 403


def test_an_open_round_cannot_be_marked(
    client, login_as, make_round, make_user, coordinator, bundle, db
):
    round_ = make_round(users=[make_user()], open=True)
    login_as(coordinator)
    response = client.post(f"/prioritering/{round_.id}/beslissend")
    assert response.status_code == 302
    assert services.deciding_round(bundle) is None
    page = client.get(response.headers["Location"])
    assert "Alleen een gesloten ronde" in page.text


def test_the_choice_shows_for_every_role_that_sees_the_bundle(
    client, login_as, make_round, make_user, make_signal, make_structural,
    make_bundle, coordinator, db,
):  # fmt: skip
    worker = make_user()
    signals = [make_signal(worker, title=t) for t in ("Wonen", "Kinderopvang")]
    structurals = [make_structural([s], title=s.title) for s in signals]
    bundle = make_bundle(structurals, start=date(2021, 1, 1), end=date(2022, 12, 31))
    items = list(bundle.items)
    round_ = make_round(users=[make_user()], open=True, target=bundle)
    services.close_round(round_, coordinator, NOW)
    services.record_decisions(
        round_,
        {items[1].id: DecisionInput(True, 1, "Raakt veel gezinnen."),
         items[0].id: DecisionInput(False, None, "Loopt al via de woondialoog.")},
        coordinator, NOW,
    )  # fmt: skip
    services.mark_deciding_round(round_, coordinator, NOW)
    db.session.commit()
    chosen, other = items[1], items[0]

    login_as(coordinator)
    text = client.get(f"/bundels/{bundle.id}").text
    assert "Prioriteit 1" in text and "Raakt veel gezinnen." in text
    assert "Loopt al via de woondialoog." in text
    text = client.get(f"/bundels/{bundle.id}/items/{chosen.id}").text
    assert "Gekozen als prioriteit 1" in text
    text = client.get(f"/bundels/{bundle.id}/items/{other.id}").text
    assert "Niet gekozen als prioriteit" in text
    text = client.get(f"/coordinatie/structureel/{structurals[1].id}").text
    assert "prioriteit 1" in text and "Raakt veel gezinnen." in text

    # Not published yet: the worker and the city do not see the bundle, nor
    # its choice on the worker's own signal.
    login_as(worker)
    text = client.get(f"/signalen/{signals[1].reference}").text
    assert "Raakt veel gezinnen." not in text
    publish_bundle(bundle, now=utcnow())
    db.session.commit()
    text = client.get(f"/signalen/{signals[1].reference}").text
    assert "prioriteit 1" in text and "Raakt veel gezinnen." in text
    text = client.get(f"/bundels/{bundle.id}").text
    assert "Prioriteit 1" in text and "Raakt veel gezinnen." in text

    login_as(make_user(Role.CITY))
    text = client.get(f"/bundels/{bundle.id}/items/{chosen.id}").text
    assert "Gekozen als prioriteit 1" in text
    text = client.get(f"/antwoorden/item/{chosen.id}").text
    assert "Gekozen als prioriteit 1" in text and "Raakt veel gezinnen." in text
