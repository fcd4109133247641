"""The demo's answers have follow-up steps that reach the workers' journeys."""

from datetime import date

from sqlalchemy import select

from signalen.bundles.models import Bundle, BundleStatus
from signalen.coordination.models import SignalLink
from signalen.followup import services
from signalen.notifications.journey import signal_journey
from signalen.signals.models import Signal


def test_demo_items_have_two_follow_up_steps(db):
    from signalen.demo import load_demo

    assert load_demo(today=date(2026, 11, 23))
    db.session.commit()
    bundle = db.session.scalar(
        select(Bundle).where(Bundle.status == BundleStatus.PUBLISHED)
    )
    first, second = bundle.items[:2]
    assert [s.progress for s in services.steps_of(first)] == [10, 35]
    assert services.current_step(second).political_status == "uitgevoerd"
    link = db.session.scalar(
        select(SignalLink).where(
            SignalLink.structural_signal_id == first.structural_signal_id,
            SignalLink.unlinked_at.is_(None),
        )
    )
    signal = db.session.get(Signal, link.signal_id)
    kinds = [s.kind for s in signal_journey(signal, signal.author)]
    assert kinds.count("follow_up") == 2 and "answer" in kinds
    from signalen.followup import evaluation as ev

    (evaluation,) = ev.evaluations_of(bundle)
    rows = ev.evaluation_rows(evaluation)
    assert rows and rows[0].verdict is not None
    # one priority still waits, so the coordinators are reminded
    assert ev.open_evaluations(date(2026, 11, 23)) == [(evaluation, 1)]
