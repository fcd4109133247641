"""The demo round: finished, with ballots of every group and a final choice."""

from __future__ import annotations

from datetime import date

from signalen.permissions import Role
from signalen.prioritisation import demo, services
from signalen.prioritisation.models import RoundStatus


def demo_users(make_user):
    roles = {
        "medewerker": Role.WORKER,
        "coordinator": Role.COORDINATOR,
        "stad": Role.CITY,
        "beheer": Role.ADMIN,
        "opbouwwerker": Role.WORKER,
        "vrijwilliger": Role.WORKER,
        "gezinsondersteuner": Role.WORKER,
    }
    return {key: make_user(role) for key, role in roles.items()}


def test_demo_round_is_finished_and_deterministic(make_user, bundle, db):
    users = demo_users(make_user)
    round_ = demo.load(bundle, users, date(2026, 11, 23))
    db.session.commit()
    assert round_.status == RoundStatus.CLOSED
    results = services.compute_results(round_)
    assert results.ballots_by_group == {
        "middenveld": 4, "stad": 1, "ervaringsdeskundige": 2,
    }  # fmt: skip
    # Four items, ten points each over seven ballots.
    assert sum(r.score for r in results.items) == 7 * 10
    choice = services.final_choice(bundle)
    chosen = [d for d in choice if d.chosen]
    assert [d.rank for d in chosen] == [1, 2, 3]
    assert all(d.reason for d in choice) and len(choice) == 4
    first = [(r.bundle_item_id, r.score) for r in results.items]
    assert first == [(r.bundle_item_id, r.score) for r in
                     services.compute_results(round_).items]  # fmt: skip


def test_demo_skips_a_bundle_without_items(make_user, make_bundle):
    assert demo.load(make_bundle([]), demo_users(make_user), date(2026, 1, 1)) is None
