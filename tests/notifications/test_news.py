"""What is new for a worker: the badge, the banner, new rows, the journey."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from signalen.bundles.services import publish_bundle
from signalen.coordination.services import ask_question
from signalen.database import utcnow
from signalen.notifications import services
from signalen.notifications.journey import signal_journey
from signalen.permissions import Role
from signalen.prioritisation import services as prio
from signalen.responses.services import Answer, record_answer

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def decided_bundle(make_user, make_signal, make_structural, make_bundle, db):
    """A worker's signal in a published bundle, with a choice and an answer."""
    worker = make_user()
    coordinator = make_user(Role.COORDINATOR)
    signal = make_signal(worker, title="Te weinig betaalbare woningen")
    structural = make_structural([signal], title="Betaalbaar wonen")
    bundle = make_bundle([structural])
    item = bundle.items[0]
    now = utcnow() + timedelta(minutes=1)
    settings = prio.RoundSettings(
        title="Stuurgroep kiest",
        explanation="",
        method="points",
        opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=3),
    )
    round_ = prio.create_round(bundle, settings, coordinator, now)
    prio.set_user_participants(round_, {coordinator.id: "middenveld"}, coordinator, now)
    prio.open_round(round_, coordinator, now)
    prio.close_round(round_, coordinator, now)
    prio.record_decisions(
        round_,
        {item.id: prio.DecisionInput(True, 2, "Raakt veel gezinnen.")},
        coordinator,
        now,
    )
    prio.mark_deciding_round(round_, coordinator, now)
    publish_bundle(bundle, now=utcnow())
    db.session.commit()
    return worker, coordinator, signal, bundle, item


def test_a_question_shows_in_the_badge_until_the_signal_is_opened(
    client, login_as, make_user, make_signal, db
):
    worker = make_user()
    coordinator = make_user(Role.COORDINATOR)
    signal = make_signal(worker)
    assert services.news_count(worker.id) == 0
    ask_question(signal, coordinator, "Over hoeveel gezinnen gaat het?")
    db.session.commit()
    assert services.news_count(worker.id) == 1
    assert services.news_by_kind(worker.id) == {"question": 1}
    login_as(worker)
    page = client.get("/signalen/mijn")
    assert 'class="badge badge-news">1' in page.text
    assert "1 signaal met een vraag van de coördinator" in page.text
    assert 'class="row-new"' in page.text
    # Colleagues see the row as new too, in Mijn organisatie, until they open it.
    colleague = make_user(organisation=worker.organisation)
    assert services.unseen_signal_ids(colleague.id, [signal.id]) == {signal.id}
    assert services.news_count(colleague.id) == 0  # the badge counts own signals
    assert client.get(f"/signalen/{signal.reference}").status_code == 200
    assert services.news_count(worker.id) == 0
    page = client.get("/signalen/mijn")
    assert "badge-news" not in page.text and 'class="row-new"' not in page.text
    assert services.unseen_signal_ids(colleague.id, [signal.id]) == {signal.id}


def test_an_answer_and_a_decision_are_news_and_the_journey_tells_all(
    client, login_as, make_user, make_signal, make_structural, make_bundle, db
):
    worker, _c, signal, bundle, item = decided_bundle(
        make_user, make_signal, make_structural, make_bundle, db
    )
    login_as(worker)
    client.get(f"/signalen/{signal.reference}")  # read what is there
    assert services.news_count(worker.id) == 0
    city = make_user(Role.CITY)
    record_answer(
        item,
        city,
        Answer("opgenomen", "Staat in het woonbeleid.", department="Dienst Wonen"),
        now=utcnow() + timedelta(minutes=2),
    )
    db.session.commit()
    assert services.news_by_kind(worker.id) == {"feedback": 1}
    steps = signal_journey(signal, worker)
    titles = [s.title for s in steps]
    assert titles[0] in ("Aangemaakt", "Ingediend")
    assert "Opgenomen in een structureel signaal" in titles
    assert f"Opgenomen in {bundle.title} als {item.reference}" in titles
    assert "Gekozen als prioriteit 2" in titles
    assert "Antwoord van de stad: Opgenomen in beleid" in titles
    assert titles.index("Gekozen als prioriteit 2") < titles.index(
        "Antwoord van de stad: Opgenomen in beleid"
    )
    page = client.get(f"/signalen/{signal.reference}").text
    assert "Waarom: Raakt veel gezinnen." in page
    assert "Staat in het woonbeleid." in page
    assert services.news_count(worker.id) == 0


def test_the_journey_leaves_out_bundles_the_user_may_not_see(
    make_user, make_signal, make_structural, make_bundle, db
):
    worker = make_user()
    signal = make_signal(worker)
    structural = make_structural([signal])
    bundle = make_bundle([structural], start=date(2021, 1, 1), end=date(2022, 12, 31))
    titles = [s.title for s in signal_journey(signal, worker)]
    assert not any(bundle.title in t for t in titles)  # closed, not published
    coordinator = make_user(Role.COORDINATOR)
    titles = [s.title for s in signal_journey(signal, coordinator)]
    assert any(bundle.title in t for t in titles)


def test_own_actions_are_no_news_and_marking_is_idempotent(make_user, make_signal, db):
    coordinator = make_user(Role.COORDINATOR)
    signal = make_signal(coordinator)  # a coordinator records a signal too
    ask_question(signal, coordinator, "Een vraag aan mezelf?")
    db.session.commit()
    assert services.news_count(coordinator.id) == 0
    assert services.mark_seen(coordinator.id, signal.id, NOW) is True
    assert services.mark_seen(coordinator.id, signal.id, NOW) is False


def test_lists_sort_by_last_activity(client, login_as, make_user, make_signal, db):
    worker = make_user()
    coordinator = make_user(Role.COORDINATOR)
    older = make_signal(worker, title="Eerst ingediend")
    newer = make_signal(worker, title="Later ingediend")
    older.updated_at = utcnow() - timedelta(days=10)
    newer.updated_at = utcnow() - timedelta(days=5)
    db.session.commit()
    ask_question(older, coordinator, "Kan je dit toelichten?", now=utcnow())
    older.updated_at = utcnow() - timedelta(days=10)  # the list's own order
    db.session.commit()
    login_as(worker)
    by_update = client.get("/signalen/organisatie").text
    assert by_update.index("Later ingediend") < by_update.index("Eerst ingediend")
    by_activity = client.get("/signalen/organisatie?volgorde=activiteit").text
    assert by_activity.index("Eerst ingediend") < by_activity.index("Later ingediend")
    assert 'name="volgorde" value="activiteit"' in by_activity
