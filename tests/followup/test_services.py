"""Follow-up of a bundle item: appended steps, validation, news for the giver."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from signalen.audit.models import AuditEvent
from signalen.errors import SignalenError
from signalen.followup import services
from signalen.followup.models import FollowUpStep
from signalen.followup.services import FollowUpState
from signalen.notifications import services as news
from signalen.notifications.journey import signal_journey
from signalen.responses.services import Answer, record_answer
from signalen.textcheck import PersonalDataFound

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)

STARTED = FollowUpState(
    department="Dienst Wonen",
    contact_role="beleidsmedewerker wonen",
    route="stuurgroep",
    status="in_uitvoering",
    progress=40,
)


def test_steps_are_appended_and_the_last_one_is_current(published, db):
    worker, city, _c, signal, item = published
    first = services.record_step(item, city, STARTED, note="Overleg gestart.", now=NOW)
    later = NOW + timedelta(days=30)
    budget = FollowUpState(
        **{
            **STARTED.__dict__,
            "progress": 60,
            "political_status": "budget",
            "political_date": date(2026, 12, 1),
            "political_source": "Gemeenteraad 1 december",
            "budget_amount": 250000,
            "budget_year": 2027,
        }
    )
    second = services.record_step(item, city, budget, now=later)
    db.session.commit()
    assert first is not None and second is not None
    steps = services.steps_of(item)
    assert [s.progress for s in steps] == [40, 60]
    assert steps[0].note == "Overleg gestart." and steps[0].political_status is None
    assert services.current_step(item).budget_amount == 250000
    assert services.current_steps([item.id])[item.id].id == second.id
    assert second.step_date == later.date()
    assert (
        db.session.query(AuditEvent).filter_by(action="followup.step_recorded").count()
        == 2
    )


def test_the_same_state_without_a_note_adds_nothing(published, db):
    _w, city, _c, _s, item = published
    assert services.record_step(item, city, STARTED, now=NOW) is not None
    assert services.record_step(item, city, STARTED, now=NOW) is None
    assert services.record_step(item, city, STARTED, note="Nog bezig.", now=NOW)
    assert db.session.query(FollowUpStep).count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"route": "ergens"}, "route"),
        ({"status": "klaar"}, "status"),
        ({"progress": 101}, "progress"),
        ({"progress": -1}, "progress"),
        ({"political_status": "beloofd"}, "political_status"),
        ({"political_status": "bestuursakkoord"}, "political_date"),
        (
            {"political_status": "budget", "political_date": date(2026, 1, 1)},
            "budget_amount",
        ),
        (
            {
                "political_status": "budget",
                "political_date": date(2026, 1, 1),
                "budget_amount": 1000,
            },
            "budget_year",
        ),
        (
            {"political_status": "niet_weerhouden", "political_date": date(2026, 1, 1)},
            "reason",
        ),
        ({"promise": "Extra digipunten"}, "promise_due"),
        ({"department": "x" * 161}, "department"),
    ],
)
def test_invalid_steps_are_refused_on_their_field(published, changes, field):
    _w, city, _c, _s, item = published
    state = FollowUpState(**{**STARTED.__dict__, **changes})
    with pytest.raises(SignalenError) as caught:
        services.record_step(item, city, state, now=NOW)
    assert caught.value.field == field


def test_no_personal_data_in_what_workers_read(published):
    _w, city, _c, _s, item = published
    with pytest.raises(PersonalDataFound):
        services.record_step(
            item, city, STARTED, note="Bel mevrouw op 0478 12 34 56.", now=NOW
        )


def test_an_open_bundle_takes_no_follow_up(make_user, make_structural, make_bundle):
    from signalen.bundles.models import BundleStatus
    from signalen.permissions import Role

    item = make_bundle([make_structural()], status=BundleStatus.OPEN).items[0]
    with pytest.raises(SignalenError):
        services.record_step(item, make_user(Role.CITY), STARTED, now=NOW)


def test_each_step_reaches_the_journey_and_the_badge(published, db):
    worker, city, _c, signal, item = published
    from signalen.notifications.services import mark_seen

    mark_seen(worker.id, signal.id, NOW)
    db.session.commit()
    assert news.news_count(worker) == 0
    services.record_step(
        item,
        city,
        FollowUpState(
            **{
                **STARTED.__dict__,
                "promise": "Tien extra woningen",
                "promise_due": date(2027, 6, 30),
            }
        ),
        note="Eerste overleg met de woondienst.",
        now=NOW + timedelta(minutes=1),
    )
    db.session.commit()
    assert news.news_count(worker) == 1
    steps = signal_journey(signal, worker)
    follow = [s for s in steps if s.kind == "follow_up"]
    assert [s.title for s in follow] == ["Opvolging: In uitvoering (40 %)"]
    assert "Eerste overleg met de woondienst." in follow[0].text
    assert "Belofte: Tien extra woningen" in follow[0].text
    # the feedback event itself is not shown twice
    assert not [s for s in steps if s.kind == "feedback"]
    mark_seen(worker.id, signal.id, NOW + timedelta(minutes=2))
    services.record_step(
        item,
        city,
        FollowUpState(**{**STARTED.__dict__, "status": "afgerond", "progress": 100}),
        now=NOW + timedelta(minutes=3),
    )
    db.session.commit()
    assert news.news_count(worker) == 1
    titles = [s.title for s in signal_journey(signal, worker)]
    assert "Opvolging: Afgerond (100 %)" in titles


# --- item 5: follow-up travels with recurring signals --------------------------


def test_a_recurring_item_shows_earlier_answers_status_and_promises(recurring, db):
    _w, city, _c, _s, old, new = recurring
    record_answer(old, city, Answer("opgenomen", "In het woonplan."), now=NOW)
    promised = FollowUpState(
        **{
            **STARTED.__dict__,
            "promise": "Tien extra woningen",
            "promise_due": date(2025, 6, 30),
        }
    )
    services.record_step(old, city, promised, now=NOW)
    services.record_step(old, city, promised, note="Nog steeds bezig.", now=NOW)
    db.session.commit()
    earlier = services.earlier_follow_up(new)
    assert len(earlier) == 1
    assert earlier[0].item.id == old.id
    assert [a.text for a in earlier[0].answers] == ["In het woonplan."]
    assert earlier[0].step.progress == 40
    assert [p.promise for p in earlier[0].promises] == ["Tien extra woningen"]
    assert services.earlier_follow_up(old) == []


def test_the_city_confirms_unchanged_in_one_step(recurring, db):
    worker, city, _c, signal, old, new = recurring
    record_answer(old, city, Answer("opgenomen", "In het woonplan."), now=NOW)
    services.record_step(old, city, STARTED, now=NOW)
    db.session.commit()
    assert services.confirm_unchanged(new, city, NOW + timedelta(days=1)) == 2
    db.session.commit()
    assert [r.text for r in new.responses] == ["In het woonplan."]
    step = services.current_step(new)
    assert step.unchanged and step.progress == 40 and step.route == "stuurgroep"
    assert old.bundle.title in step.note
    # twice: the answer is already there, a second confirmation is still dated
    assert services.confirm_unchanged(new, city, NOW + timedelta(days=2)) == 1
    titles = [s.title for s in signal_journey(signal, worker)]
    assert titles.count("Opvolging: In uitvoering (40 %)") == 3


def test_unchanged_needs_an_earlier_answer(recurring, published):
    _w, city, _c, _s, old, new = recurring
    with pytest.raises(SignalenError):
        services.confirm_unchanged(new, city, NOW)
    with pytest.raises(SignalenError):
        services.confirm_unchanged(old, city, NOW)
