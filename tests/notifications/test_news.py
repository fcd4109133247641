"""What is new for a worker: the badge, the banner, new rows, the journey."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

import signalen
from signalen.bundles.services import publish_bundle
from signalen.coordination.services import ask_question
from signalen.database import utcnow
from signalen.notifications import services
from signalen.notifications.journey import signal_journey
from signalen.notifications.models import NEWS_KINDS
from signalen.permissions import Role
from signalen.prioritisation import services as prio
from signalen.redaction.services import redact_span
from signalen.responses.services import Answer, record_answer
from signalen.signals.workflow import creation_moves

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
    assert services.news_count(worker) == 0
    ask_question(signal, coordinator, "Over hoeveel gezinnen gaat het?")
    db.session.commit()
    assert services.news_count(worker) == 1
    assert services.news_by_kind(worker.id) == {"question": 1}
    login_as(worker)
    page = client.get("/signalen/mijn")
    assert 'class="badge badge-news">1' in page.text
    assert "1 signaal met een vraag van de coördinator" in page.text
    assert 'class="row-new"' in page.text
    # Colleagues see the row as new too, in Mijn organisatie, until they open it.
    colleague = make_user(organisation=worker.organisation)
    assert services.unseen_signal_ids(colleague.id, [signal.id]) == {signal.id}
    assert services.news_count(colleague) == 0  # the badge counts own signals
    assert client.get(f"/signalen/{signal.reference}").status_code == 200
    assert services.news_count(worker) == 0
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
    assert services.news_count(worker) == 0
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
    assert services.news_count(worker) == 0


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
    assert services.news_count(coordinator) == 0
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


# --- the badge's version: counted again only when it moved ---------------------


def badge(client) -> int:
    """The number in the menu badge of the page a worker sees."""
    found = re.search(
        r'class="badge badge-news">(\d+)', client.get("/signalen/mijn").text
    )
    return int(found.group(1)) if found else 0


def version_of(user, db) -> int:
    db.session.refresh(user)
    return user.news_version


@pytest.fixture
def count_queries(app, db):
    """How often the badge's count ran (from here on)."""
    statement = services._news_count_statement()
    ran = []

    def seen(_conn, clauseelement, *_args):
        if clauseelement is statement:
            ran.append(clauseelement)

    event.listen(db.engine, "before_execute", seen)
    yield ran
    event.remove(db.engine, "before_execute", seen)


@pytest.fixture
def own_signal(make_user, make_signal):
    """A worker's submitted signal, and a coordinator who may ask about it."""
    worker = make_user()
    return worker, make_user(Role.COORDINATOR), make_signal(worker)


def test_the_badge_follows_a_question_the_opening_and_the_citys_feedback(
    client, login_as, make_user, make_signal, make_structural, make_bundle, db
):
    worker, coordinator, signal, _bundle, item = decided_bundle(
        make_user, make_signal, make_structural, make_bundle, db
    )
    login_as(worker)
    assert badge(client) == 1  # linked to a structural signal by the coordinator
    client.get(f"/signalen/{signal.reference}")
    assert badge(client) == 0
    other = make_signal(worker, title="Geen speelplein in de wijk")
    version = version_of(worker, db)
    ask_question(other, coordinator, "Welke wijk?")
    db.session.commit()
    assert version_of(worker, db) == version + 1
    assert badge(client) == 1
    client.get(f"/signalen/{other.reference}")
    assert version_of(worker, db) == version + 2  # the mark moved
    assert badge(client) == 0
    record_answer(
        item,
        make_user(Role.CITY),
        Answer("opgenomen", "Staat in het woonbeleid.", department="Dienst Wonen"),
        now=utcnow() + timedelta(minutes=2),
    )
    db.session.commit()
    assert badge(client) == 1
    assert badge(client) == services.count_news(worker.id) == 1


def test_own_events_and_other_peoples_signals_move_no_version(
    make_user, make_signal, db
):
    coordinator = make_user(Role.COORDINATOR)
    worker = make_user()
    own = make_signal(coordinator)
    theirs = make_signal(worker)
    before = version_of(coordinator, db), version_of(worker, db)
    ask_question(own, coordinator, "Een vraag aan mezelf?")
    db.session.commit()
    assert (version_of(coordinator, db), version_of(worker, db)) == before
    ask_question(theirs, coordinator, "Een vraag aan jou?")
    db.session.commit()
    assert version_of(coordinator, db) == before[0]
    assert version_of(worker, db) == before[1] + 1


def test_deleting_a_draft_moves_the_authors_version(
    client, login_as, make_user, make_signal, db
):
    worker = login_as(make_user())
    draft = make_signal(worker, submit=False)
    version = version_of(worker, db)
    assert client.post(f"/signalen/{draft.reference}/verwijderen").status_code == 302
    assert version_of(worker, db) == version + 1
    assert badge(client) == 0


def test_a_redacted_question_stays_news_until_read(client, login_as, own_signal, db):
    worker, coordinator, signal = own_signal
    ask_question(signal, coordinator, "Gaat het om de Sluizekenstraat?")
    db.session.commit()
    login_as(worker)
    assert badge(client) == 1
    question = signal.events[-1]
    redact_span(signal, f"event-{question.id}", "Sluizekenstraat", coordinator, NOW)
    db.session.commit()
    assert "Sluizekenstraat" not in (question.message or "")
    assert badge(client) == services.count_news(worker.id) == 1


def test_another_process_agrees(client, login_as, own_signal, db, monkeypatch):
    worker, coordinator, signal = own_signal
    login_as(worker)
    first: dict = {}
    second: dict = {}
    monkeypatch.setattr(services, "_counts", first)
    assert badge(client) == 0
    monkeypatch.setattr(services, "_counts", second)
    assert badge(client) == 0
    ask_question(signal, coordinator, "Over hoeveel gezinnen gaat het?")
    db.session.commit()
    assert badge(client) == 1  # the second process counts again
    monkeypatch.setattr(services, "_counts", first)
    assert badge(client) == 1  # and so does the first, which kept a 0
    client.get(f"/signalen/{signal.reference}")  # read in the first
    monkeypatch.setattr(services, "_counts", second)
    assert badge(client) == 0


def test_two_page_views_without_news_count_once(
    client, login_as, own_signal, db, count_queries
):
    worker, coordinator, signal = own_signal
    login_as(worker)
    assert badge(client) == 0
    assert badge(client) == 0
    assert len(count_queries) == 1
    ask_question(signal, coordinator, "Over hoeveel gezinnen gaat het?")
    db.session.commit()
    assert badge(client) == 1
    assert badge(client) == 1
    assert len(count_queries) == 2


def test_news_not_yet_committed_is_neither_kept_nor_taken_from_the_cache(
    own_signal, db
):
    worker, coordinator, signal = own_signal
    assert services.news_count(worker) == 0  # kept for this version
    ask_question(signal, coordinator, "Over hoeveel gezinnen gaat het?")
    db.session.flush()
    assert services.news_count(worker) == 1  # this transaction sees it
    db.session.rollback()
    assert services.news_count(worker) == 0
    ask_question(signal, coordinator, "Over hoeveel gezinnen gaat het?")
    db.session.commit()
    assert services.news_count(worker) == 1


def test_no_core_path_writes_news_events():
    """signals.writer inserts the events of a new signal with Core, past the
    mapper event that moves the badge's version: only creation moves, no news.
    Any other Core insert into signal_events would need a bump of its own."""
    for submit in (False, True):
        for _old, _new, kind in creation_moves(submit):
            assert kind.value not in NEWS_KINDS
    root = Path(signalen.__file__).parent
    core_writers = {
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if re.search(
            r"table_of\(SignalEvent\)|insert\(SignalEvent|signal_events\b.*insert",
            path.read_text(encoding="utf-8"),
        )
    }
    assert core_writers == {"signals/writer.py"}


def test_the_citys_answer_to_many_signals_moves_each_author_once_in_one_update(
    app, make_user, make_signal, make_structural, make_bundle, db
):
    """The feedback reaches every linked signal; the authors' versions move in
    one statement per flush (in id order: two answers at once never lock the
    same users in opposite orders), each author once, the city not at all."""
    first, second = make_user(), make_user()
    signals = [make_signal(first), make_signal(second), make_signal(first)]
    structural = make_structural(signals, title="Betaalbaar wonen")
    bundle = make_bundle([structural])
    publish_bundle(bundle, now=utcnow())
    db.session.commit()
    city = make_user(Role.CITY)
    before = version_of(first, db), version_of(second, db), version_of(city, db)
    updates = []

    def seen(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("UPDATE USERS"):
            updates.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        record_answer(
            bundle.items[0],
            city,
            Answer("opgenomen", "Staat in het woonbeleid.", department="Dienst Wonen"),
            now=utcnow() + timedelta(minutes=2),
        )
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert len(updates) == 1
    after = version_of(first, db), version_of(second, db), version_of(city, db)
    assert after == (before[0] + 1, before[1] + 1, before[2])
