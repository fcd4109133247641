"""Closing periods into frozen bundles: idempotent, atomic, catching up."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from signalen.bundles import services
from signalen.bundles.models import Bundle, BundleItem, BundleStatus
from signalen.bundles.snapshot import Evidence, ItemSnapshot
from signalen.coordination.models import StructuralStatus
from signalen.errors import SignalenError
from signalen.signals.workflow import transition
from tests.bundles.conftest import at


def bundles(db):
    return list(db.session.scalars(select(Bundle).order_by(Bundle.period_start)))


def close_due(db, today):
    closed = services.close_due_bundles(today, at(today, 0))
    db.session.commit()
    return closed


def test_first_bundle_starts_on_the_schedule(db, schedule):
    schedule()
    bundle = services.ensure_current_bundle(date(2023, 6, 1))
    assert (bundle.period_start, bundle.period_end) == (
        date(2023, 1, 1),
        date(2024, 12, 31),
    )
    assert bundle.title == "Signalenbundel 2023-2024"
    assert bundle.status == BundleStatus.OPEN
    assert services.ensure_current_bundle(date(2023, 6, 1)) is bundle


def test_default_schedule_is_two_years_from_this_january(db):
    bundle = services.ensure_current_bundle(date(2026, 5, 5))
    assert bundle.period_start == date(2026, 1, 1)
    assert bundle.period_end == date(2027, 12, 31)


def test_nothing_closes_before_the_last_day_has_passed(db, schedule):
    schedule()
    assert close_due(db, date(2024, 12, 31)) == []
    assert [b.status for b in bundles(db)] == [BundleStatus.OPEN]


def test_close_freezes_structural_signals_with_activity(db, schedule,
                                                      structural_on):  # fmt: skip
    schedule()
    inside = structural_on(date(2024, 3, 1), title="Betaalbaar wonen")
    structural_on(date(2025, 2, 1), title="Na de periode")
    closed = close_due(db, date(2025, 1, 1))
    assert len(closed) == 1
    bundle = closed[0]
    assert bundle.status == BundleStatus.CLOSED and bundle.closed_at is not None
    [item] = bundle.items
    assert item.structural_signal_id == inside.id
    assert item.reference == "SB2024-001" and item.position == 1
    assert item.primary_theme_code == "wonen" and not item.is_recurring
    snap = item.snapshot
    assert set(snap) == set(ItemSnapshot.__annotations__)
    assert set(snap["evidence"]) == set(Evidence.__annotations__)
    assert snap["title"] == "Betaalbaar wonen"
    assert snap["reference"] == inside.reference
    assert snap["evidence"]["signals"] == 2
    assert snap["evidence"]["organisations"] == 2
    assert snap["evidence"]["people_affected"] == 20
    assert snap["evidence"]["bundles_seen"] == 1  # this bundle included
    assert snap["evidence"]["first_seen"] == "2024-03-01"
    assert snap["examples"] == ["Een voorbeeld uit de praktijk."] * 2
    assert snap["themes"][0]["code"] == "wonen"
    # The next period is open at once.
    [_closed, following] = bundles(db)
    assert following.status == BundleStatus.OPEN
    assert following.period_start == date(2025, 1, 1)
    assert following.previous_id == bundle.id


def test_running_twice_gives_one_bundle(db, schedule, structural_on):
    schedule()
    structural_on(date(2024, 3, 1))
    close_due(db, date(2025, 1, 1))
    assert close_due(db, date(2025, 1, 1)) == []
    assert close_due(db, date(2025, 1, 2)) == []
    assert [b.status for b in bundles(db)] == [BundleStatus.CLOSED, BundleStatus.OPEN]
    assert db.session.scalar(select(func.count(BundleItem.id))) == 1


def test_catch_up_after_the_machine_was_off(db, schedule, structural_on):
    schedule()
    structural_on(date(2024, 3, 1))
    structural_on(date(2026, 3, 1))
    closed = close_due(db, date(2027, 2, 1))
    assert [b.title for b in closed] == [
        "Signalenbundel 2023-2024",
        "Signalenbundel 2025-2026",
    ]
    assert bundles(db)[-1].period_start == date(2027, 1, 1)
    assert bundles(db)[-1].status == BundleStatus.OPEN


def test_snapshot_stays_frozen_after_later_edits(db, schedule, structural_on,
                                                 make_signal):  # fmt: skip
    schedule()
    structural = structural_on(date(2024, 3, 1), title="Oude titel")
    [bundle] = close_due(db, date(2025, 1, 1))
    structural.title = "Nieuwe titel"
    structural.summary = "Anders"
    transition(structural, StructuralStatus.RESOLVED, None, at(date(2025, 2, 1)))
    db.session.commit()
    db.session.expire_all()
    item = db.session.get(Bundle, bundle.id).items[0]
    assert item.title == "Oude titel"
    assert item.snapshot["title"] == "Oude titel"
    assert item.snapshot["summary"] == "Samenvatting."
    assert item.snapshot["status"] == "open"


def test_recurring_new_and_resolved(db, schedule, structural_on):
    schedule()
    stays = structural_on(date(2024, 2, 1), title="Blijft")
    resolved = structural_on(date(2024, 3, 1), title="Opgelost")
    back = structural_on(date(2024, 4, 1), title="Komt terug")
    [first] = close_due(db, date(2025, 1, 1))
    transition(resolved, StructuralStatus.RESOLVED, None, at(date(2025, 5, 1)))
    transition(back, StructuralStatus.RESOLVED, None, back.updated_at)
    db.session.commit()
    new = structural_on(date(2025, 6, 1), title="Nieuw")
    # New evidence for a resolved one: it comes back.
    extra = structural_on(date(2025, 7, 1), title="tijdelijk")
    from signalen.coordination.models import SignalLink

    link = db.session.scalar(
        select(SignalLink).where(SignalLink.structural_signal_id == extra.id).limit(1)
    )
    link.structural_signal = back
    db.session.commit()

    [second] = close_due(db, date(2027, 1, 1))
    by_title = {i.title: i for i in second.items}
    assert set(by_title) >= {"Blijft", "Nieuw", "Komt terug"}
    assert "Opgelost" not in by_title
    assert by_title["Blijft"].is_recurring
    assert by_title["Blijft"].previous_item_id == next(
        i.id for i in first.items if i.title == "Blijft"
    )
    assert by_title["Blijft"].snapshot["evidence"]["bundles_seen"] == 2
    assert not by_title["Nieuw"].is_recurring
    comparison = services.compare_with_previous(second)
    assert {i.title for i in comparison.resolved} == {"Opgelost"}
    assert "Nieuw" in {i.title for i in comparison.new}
    assert {"Blijft", "Komt terug"} <= {i.title for i in comparison.recurring}
    assert services.item_history(by_title["Blijft"])[0].bundle_id == first.id
    assert stays.id == by_title["Blijft"].structural_signal_id
    assert new.id == by_title["Nieuw"].structural_signal_id


def test_items_are_ordered_by_primary_theme(db, schedule, structural_on, themes):
    schedule()
    structural_on(date(2024, 3, 1), theme_codes=("wonen",), title="W")
    structural_on(date(2024, 3, 2), theme_codes=("digitaal",), title="D")
    structural_on(date(2024, 3, 3), theme_codes=("wonen",), title="W2")
    [bundle] = close_due(db, date(2025, 1, 1))
    codes = [i.primary_theme_code for i in bundle.items]
    # Grouped: the same theme never appears in two separate runs.
    runs = [c for n, c in enumerate(codes) if n == 0 or codes[n - 1] != c]
    assert len(runs) == len(set(codes)) == 2
    assert [i.reference for i in bundle.items] == [
        "SB2024-001",
        "SB2024-002",
        "SB2024-003",
    ]
    groups = services.items_by_theme(bundle)
    assert sorted(len(g.items) for g in groups) == [1, 2]


def test_a_crash_half_way_leaves_nothing(db, schedule, structural_on, monkeypatch):
    from signalen.bundles.jobs import close_due_bundles_job
    from signalen.jobs.services import run_job

    schedule()
    for n in range(3):
        structural_on(date(2024, 3, 1 + n))
    monkeypatch.setattr(services, "CHUNK", 1)
    real = services.evidence_for_many
    calls = []

    def flaky(ids):
        calls.append(ids)
        if len(calls) == 2:
            raise RuntimeError("stroomonderbreking")
        return real(ids)

    monkeypatch.setattr(services, "evidence_for_many", flaky)
    run = run_job("close_due_bundles", close_due_bundles_job, at(date(2025, 1, 1), 0))
    assert run.status == "failed" and "stroomonderbreking" in run.message
    db.session.expire_all()
    assert db.session.scalar(select(func.count(BundleItem.id))) == 0
    assert db.session.scalar(select(func.count(Bundle.id))) == 0  # not even opened
    monkeypatch.setattr(services, "evidence_for_many", real)
    run = run_job("close_due_bundles", close_due_bundles_job, at(date(2025, 1, 1), 0))
    assert run.status == "ok", run.message
    assert db.session.scalar(select(func.count(BundleItem.id))) == 3
    assert [b.status for b in bundles(db)] == [BundleStatus.CLOSED, BundleStatus.OPEN]


def test_close_early_ends_the_period_yesterday(db, schedule, structural_on,
                                               make_user):  # fmt: skip
    schedule()
    structural_on(date(2024, 3, 1))
    bundle = services.ensure_current_bundle(date(2024, 10, 1))
    coordinator = make_user("coordinator")
    services.close_bundle_early(
        bundle, today=date(2024, 10, 1), now=at(date(2024, 10, 1)), actor=coordinator
    )
    db.session.commit()
    assert bundle.period_end == date(2024, 9, 30)
    assert bundle.closed_by_id == coordinator.id and len(bundle.items) == 1
    nxt = services.open_bundle()
    assert (nxt.period_start, nxt.period_end) == (date(2024, 10, 1), date(2026, 12, 31))
    with pytest.raises(SignalenError):
        services.close_bundle_early(
            nxt, today=date(2024, 10, 1), now=at(date(2024, 10, 1))
        )
    with pytest.raises(SignalenError):
        services.close_bundle(bundle, at(date(2024, 10, 1)))


def test_publish_only_a_closed_bundle(db, schedule):
    schedule()
    bundle = services.ensure_current_bundle(date(2024, 6, 1))
    with pytest.raises(SignalenError):
        services.publish_bundle(bundle, now=at(date(2024, 6, 1)))
    close_due(db, date(2025, 1, 1))
    services.publish_bundle(bundle, now=at(date(2025, 1, 5)))
    assert bundle.status == BundleStatus.PUBLISHED and bundle.published_at


def test_schedule_change_moves_only_the_open_period(db, schedule):
    schedule()
    close_due(db, date(2025, 1, 1))
    services.update_schedule(date(2023, 1, 1), 12, 14, today=date(2025, 2, 1))
    db.session.commit()
    closed, current = bundles(db)
    assert (closed.period_start, closed.period_end) == (
        date(2023, 1, 1),
        date(2024, 12, 31),
    )
    assert (current.period_start, current.period_end) == (
        date(2025, 1, 1),
        date(2025, 12, 31),
    )
    assert current.title == "Signalenbundel 2025"
    with pytest.raises(SignalenError) as err:
        services.update_schedule(date(2025, 6, 1), 24, 30, today=date(2025, 2, 1))
    assert err.value.field == "first_start"
    with pytest.raises(SignalenError) as err:
        services.update_schedule(date(2023, 1, 1), 0, 30, today=date(2025, 2, 1))
    assert err.value.field == "period_months"


def test_schedule_change_without_closed_bundles_moves_the_start(db, schedule):
    schedule()
    services.ensure_current_bundle(date(2023, 3, 1))
    services.update_schedule(date(2023, 7, 1), 24, 30, today=date(2023, 8, 1))
    bundle = services.open_bundle()
    assert (bundle.period_start, bundle.period_end) == (
        date(2023, 7, 1),
        date(2025, 6, 30),
    )


def test_introduction_passes_the_personal_data_check(db, schedule):
    from signalen.textcheck import PersonalDataFound

    schedule()
    bundle = services.ensure_current_bundle(date(2023, 3, 1))
    with pytest.raises(PersonalDataFound):
        services.update_introduction(bundle, "Mail jan.peeters@example.org")
    services.update_introduction(bundle, "  Dit is de bundel.  ")
    assert bundle.introduction == "Dit is de bundel."


def test_open_progress_counts_so_far(db, schedule, structural_on):
    schedule()
    structural_on(date(2023, 5, 1), signals=3)
    bundle = services.ensure_current_bundle(date(2023, 6, 1))
    progress = services.open_progress(bundle)
    assert (progress.structural, progress.recurring, progress.signals) == (1, 0, 3)


def test_reminder_message(db, schedule):
    schedule(reminder_days=30)
    services.ensure_current_bundle(date(2024, 12, 1))
    assert services.reminder_message(date(2024, 12, 1)).startswith(
        "Herinneringen actief"
    )
    assert services.reminder_message(date(2024, 6, 1)).startswith("Geen")


def test_big_structural_signal_keeps_ten_examples(db, schedule, structural_on):
    schedule()
    structural_on(date(2024, 3, 1), signals=12)
    [bundle] = close_due(db, date(2025, 1, 1))
    snap = bundle.items[0].snapshot
    assert snap["evidence"]["signals"] == 12
    assert len(snap["examples"]) == services.MAX_TEXTS


def test_period_bounds_are_local_midnights(db, schedule):
    schedule()
    bundle = services.ensure_current_bundle(date(2023, 3, 1))
    start, end = services.period_bounds(bundle)
    assert start.isoformat() == "2022-12-31T23:00:00+00:00"
    assert end - start == timedelta(days=731)
