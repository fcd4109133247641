"""Recording answers: validation, idempotency, feedback to the workers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from signalen.bundles.models import BundleStatus
from signalen.coordination.models import SignalLink
from signalen.errors import SignalenError
from signalen.permissions import Role
from signalen.responses.services import Answer, record_answer
from signalen.signals.models import SignalEvent
from signalen.textcheck import PersonalDataFound


@pytest.fixture
def item(make_user, make_signal, make_structural, make_bundle):
    author = make_user()
    structural = make_structural([make_signal(author), make_signal(author)])
    return make_bundle([structural]).items[0]


def feedback(db):
    return db.session.scalars(
        select(SignalEvent).where(SignalEvent.kind == "feedback")
    ).all()


def test_answer_is_appended_and_fed_back(item, make_user, db):
    city = make_user(Role.CITY)
    response = record_answer(
        item,
        city,
        Answer("onderzoek", "We zoeken dit uit.", department="Dienst Welzijn"),
    )
    db.session.commit()
    assert response.source == "app" and response.author_id == city.id
    events = feedback(db)
    assert len(events) == 2
    assert events[0].message == (
        "In onderzoek: We zoeken dit uit.\nDienst: Dienst Welzijn"
    )
    assert events[0].structural_signal_id == item.structural_signal_id


def test_same_answer_twice_changes_nothing(item, make_user, db):
    city = make_user(Role.CITY)
    answer = Answer("onderzoek", "We zoeken dit uit.")
    assert record_answer(item, city, answer) is not None
    assert record_answer(item, city, answer) is None
    assert len(item.responses) == 1 and len(feedback(db)) == 2


def test_unlinked_signals_get_no_feedback(item, make_user, db):
    link = item.structural_signal.links[0]
    link.unlinked_at = datetime.now(UTC)
    db.session.commit()
    record_answer(item, make_user(Role.CITY), Answer("onderzoek", "Bekijken we."))
    assert [e.signal_id for e in feedback(db)] == [
        item.structural_signal.links[1].signal_id
    ]


def test_no_duplicate_feedback_when_answer_returns(item, make_user, db):
    city = make_user(Role.CITY)
    record_answer(item, city, Answer("onderzoek", "A"))
    record_answer(item, city, Answer("onderzoek", "B"))
    record_answer(item, city, Answer("onderzoek", "A"))  # back to A: new response
    assert len(item.responses) == 3
    assert len(feedback(db)) == 4  # A and B once per signal; A not repeated


@pytest.mark.parametrize(
    "answer, field",
    [
        (Answer("onbekend", "x"), "response_type"),
        (Answer("onderzoek", ""), "text"),
        (Answer("onderzoek", "x" * 5001), "text"),
        (Answer("onderzoek", "x", follow_up_route="nergens"), "follow_up_route"),
        (Answer("onderzoek", "x", progress="klaar"), "progress"),
        (Answer("onderzoek", "x", department="d" * 161), "department"),
    ],
)
def test_invalid_answers_are_refused(item, make_user, answer, field):
    with pytest.raises(SignalenError) as info:
        record_answer(item, make_user(Role.CITY), answer)
    assert info.value.field == field


def test_personal_data_is_refused(item, make_user):
    with pytest.raises(PersonalDataFound):
        record_answer(
            item, make_user(Role.CITY), Answer("onderzoek", "Mail naar jan@example.org")
        )


def test_open_bundle_cannot_be_answered(item, make_user, db):
    item.bundle.status = BundleStatus.OPEN
    db.session.commit()
    with pytest.raises(SignalenError):
        record_answer(item, make_user(Role.CITY), Answer("onderzoek", "x"))


def test_links_fixture_is_current(item):
    assert all(isinstance(link, SignalLink) for link in item.structural_signal.links)
