"""Setting up rounds, the ballot rules of each method, counting and the choice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from signalen.audit.models import AuditEvent
from signalen.bundles.models import BundleStatus
from signalen.errors import NotAllowed, SignalenError
from signalen.permissions import Role
from signalen.prioritisation import services
from signalen.prioritisation.models import (
    Ballot,
    ParticipantGroup,
    PriorityDecision,
    RoundStatus,
)
from signalen.prioritisation.services import (
    DecisionInput,
    EntryInput,
    FieldErrors,
    compute_results,
    final_choice,
    record_decisions,
    save_ballot,
)
from signalen.textcheck import PersonalDataFound

from .conftest import NOW


def participant(round_, user):
    return services.participant_for(round_, user)


def vote(round_, user_or_participant, entries, submit=True, now=NOW):
    p = user_or_participant
    if not hasattr(p, "round_id"):
        p = participant(round_, p)
    ballot = save_ballot(
        p, entries, submit=submit, now=now, actor=getattr(p, "user", None)
    )
    return ballot


def pts(items, *points):
    return {i.id: EntryInput(points=n) for i, n in zip(items, points, strict=True)}


# --- setting up ----------------------------------------------------------


def test_create_round_with_defaults_and_criteria(make_round, bundle):
    round_ = make_round("criteria")
    assert round_.status == RoundStatus.DRAFT
    assert round_.points_total == 10 and round_.points_max_per_item == 3
    assert round_.pick_count == 5
    assert [c.label for c in round_.criteria] == services.DEFAULT_CRITERIA
    assert round_.code_salt and len(round_.code_salt) == 32


def test_round_needs_a_closed_bundle(make_round, make_bundle, make_structural):
    open_bundle = make_bundle(
        [make_structural(title="x")], status=BundleStatus.OPEN, start=__import__(
            "datetime").date(2025, 1, 1), end=__import__("datetime").date(2026, 12, 31)
    )  # fmt: skip
    with pytest.raises(NotAllowed):
        make_round(target=open_bundle)


def test_settings_are_checked(make_round):
    with pytest.raises(FieldErrors) as exc:
        make_round(
            "points", points_total=5, points_max_per_item=6, title="",
            closes_at=NOW - timedelta(days=3),
        )  # fmt: skip
    assert set(exc.value.errors) == {"title", "closes_at", "points_max_per_item"}
    with pytest.raises(FieldErrors) as exc:
        make_round("pick", pick_count=9)  # only 4 items
    assert "pick_count" in exc.value.errors
    with pytest.raises(FieldErrors):
        make_round("criteria", criteria=[("Hoe ernstig?", 0.0)])


def test_explanation_passes_the_textcheck(make_round):
    with pytest.raises(PersonalDataFound):
        make_round(explanation="Bel 0470 12 34 56 voor meer uitleg.")


def test_group_follows_role_and_organisation_kind(make_user, make_org, db):
    from signalen.organisations.models import OrganisationKind

    kind = db.session.scalar(
        select(OrganisationKind).where(OrganisationKind.code == "stadsdienst")
    )
    assert services.default_group(make_user(Role.CITY)) == ParticipantGroup.CITY
    city_worker = make_user(Role.WORKER, organisation=make_org(kind=kind))
    assert services.default_group(city_worker) == ParticipantGroup.CITY
    assert services.default_group(make_user()) == ParticipantGroup.CIVIL_SOCIETY


def test_open_round_needs_participants(make_round, coordinator):
    round_ = make_round()
    with pytest.raises(NotAllowed):
        services.open_round(round_, coordinator, NOW)


def test_cannot_remove_a_participant_who_voted(
    make_round, make_user, items, coordinator
):
    user = make_user()
    round_ = make_round(users=[user], open=True)
    vote(round_, user, pts(items, 3, 3, 3, 1))
    with pytest.raises(FieldErrors):
        services.set_user_participants(round_, {}, coordinator, NOW)


def test_open_round_changes_only_text_and_end(make_round, make_user, coordinator):
    round_ = make_round(users=[make_user()], open=True)
    settings = services.RoundSettings(
        title="Nieuwe titel", explanation="", method="pick",
        opens_at=NOW + timedelta(days=1), closes_at=NOW + timedelta(days=9),
        pick_count=2,
    )  # fmt: skip
    services.update_round(round_, settings, coordinator, NOW)
    assert round_.title == "Nieuwe titel"
    assert round_.method == "points" and round_.pick_count == 5
    assert round_.closes_at == NOW + timedelta(days=9)


# --- points ----------------------------------------------------------------


def test_points_rules(make_round, make_user, items):
    user = make_user()
    round_ = make_round(users=[user], open=True)
    with pytest.raises(FieldErrors) as exc:
        vote(round_, user, pts(items, 4, 3, 3, 0))
    assert f"points-{items[0].id}" in exc.value.errors  # max 3 per item
    with pytest.raises(FieldErrors) as exc:
        vote(round_, user, pts(items, 3, 3, 3, 3))
    assert "te veel" not in exc.value.errors["ballot"]
    assert "Haal er 2 weg" in exc.value.errors["ballot"]
    with pytest.raises(FieldErrors) as exc:
        vote(round_, user, pts(items, 3, 3, 2, 0))
    assert "nog 2 punten over" in exc.value.errors["ballot"]
    with pytest.raises(FieldErrors):
        vote(round_, user, pts(items, -1, 3, 3, 0), submit=False)
    # A partial ballot may be saved, and is not counted.
    ballot = vote(round_, user, pts(items, 3, 3, 0, 0), submit=False)
    assert not ballot.submitted
    assert compute_results(round_).ballots == 0
    ballot = vote(round_, user, pts(items, 3, 3, 3, 1))
    assert ballot.submitted


def test_points_hand_count_and_ties(make_round, make_user, items):
    a, b, c = make_user(), make_user(), make_user(Role.CITY)
    round_ = make_round(users=[a, b, c], open=True)
    vote(round_, a, pts(items, 3, 3, 3, 1))
    vote(round_, b, pts(items, 1, 3, 3, 3))
    vote(round_, c, pts(items, 3, 2, 2, 3))
    results = compute_results(round_)
    # Hand count: item0 3+1+3=7, item1 3+3+2=8, item2 3+3+2=8, item3 1+3+3=7
    scores = {r.bundle_item_id: r.score for r in results.items}
    assert scores == {items[0].id: 7, items[1].id: 8, items[2].id: 8, items[3].id: 7}
    ranks = {r.bundle_item_id: (r.rank, r.tied) for r in results.items}
    assert ranks[items[1].id] == (1, True) and ranks[items[2].id] == (1, True)
    assert ranks[items[0].id] == (3, True) and ranks[items[3].id] == (3, True)
    assert services.place_label(3, True) == "gedeelde 3e plaats"
    assert services.place_label(1, False) == "1e plaats"
    assert results.ballots_by_group == {"middenveld": 2, "stad": 1,
                                        "ervaringsdeskundige": 0}  # fmt: skip
    assert "som" in results.formula


def test_by_group_is_a_mean_per_participant_and_equal_weight(
    make_round, make_user, items
):
    civil = [make_user() for _ in range(3)]
    city = make_user(Role.CITY)
    round_ = make_round(users=[*civil, city], open=True)
    for user in civil:
        vote(round_, user, pts(items, 3, 3, 3, 1))
    vote(round_, city, pts(items, 1, 3, 3, 3))
    by_item = {r.bundle_item_id: r for r in compute_results(round_).items}
    first, last = by_item[items[0].id], by_item[items[3].id]
    assert first.score == 10 and last.score == 6  # the big group dominates the sum
    assert first.by_group == {"middenveld": 3.0, "stad": 1.0}
    assert last.by_group == {"middenveld": 1.0, "stad": 3.0}
    # Each group counts equally: (3 + 1) / 2 = 2 for both.
    assert first.equal_weight_score == last.equal_weight_score == 2.0
    assert first.by_group_rank == {"middenveld": 1, "stad": 4}


# --- picks (Borda) -----------------------------------------------------------


def test_pick_rules_and_borda_hand_count(make_round, make_user, items):
    a, b = make_user(), make_user()
    round_ = make_round("pick", pick_count=2, users=[a, b], open=True)
    with pytest.raises(FieldErrors) as exc:
        vote(
            round_,
            a,
            {items[0].id: EntryInput(rank=1), items[1].id: EntryInput(rank=1)},
        )
    assert f"rank-{items[1].id}" in exc.value.errors or (
        f"rank-{items[0].id}" in exc.value.errors
    )
    with pytest.raises(FieldErrors):
        vote(round_, a, {items[0].id: EntryInput(rank=3)})
    with pytest.raises(FieldErrors) as exc:
        vote(round_, a, {items[0].id: EntryInput(rank=1)})
    assert "Je koos er 1" in exc.value.errors["ballot"]
    vote(round_, a, {items[0].id: EntryInput(rank=1), items[1].id: EntryInput(rank=2)})
    vote(round_, b, {items[1].id: EntryInput(rank=1), items[2].id: EntryInput(rank=2)})
    results = compute_results(round_)
    # Borda with N=2: rank 1 → 2 points, rank 2 → 1 point.
    scores = {r.bundle_item_id: r.score for r in results.items}
    assert scores == {items[0].id: 2, items[1].id: 3, items[2].id: 1, items[3].id: 0}
    assert results.items[0].bundle_item_id == items[1].id
    assert "Borda" in results.formula


# --- criteria ------------------------------------------------------------------


def test_criteria_rules_and_weighted_mean(make_round, make_user, items):
    a, b = make_user(), make_user(Role.CITY)
    round_ = make_round(
        "criteria", criteria=[("Hoe ernstig?", 2.0), ("Hoe dringend?", 1.0)],
        users=[a, b], open=True,
    )  # fmt: skip
    c1, c2 = [c.id for c in round_.criteria]

    def all_items(s1, s2):
        return {i.id: EntryInput(scores={c1: s1, c2: s2}) for i in items}

    with pytest.raises(FieldErrors) as exc:
        vote(round_, a, {items[0].id: EntryInput(scores={c1: 6})}, submit=False)
    assert f"score-{items[0].id}-{c1}" in exc.value.errors
    with pytest.raises(FieldErrors) as exc:
        vote(round_, a, {items[0].id: EntryInput(scores={c1: 5, c2: 5})})
    assert "elk criterium" in exc.value.errors["ballot"]
    entries = all_items(3, 3)
    entries[items[0].id] = EntryInput(scores={c1: 5, c2: 2})  # (10+2)/3 = 4
    vote(round_, a, entries)
    entries = all_items(1, 1)
    entries[items[0].id] = EntryInput(scores={c1: 4, c2: 1})  # (8+1)/3 = 3
    vote(round_, b, entries)
    by_item = {r.bundle_item_id: r for r in compute_results(round_).items}
    assert by_item[items[0].id].score == 3.5
    assert by_item[items[1].id].score == 2.0  # (3 + 1) / 2
    assert by_item[items[0].id].by_group == {"middenveld": 4.0, "stad": 3.0}
    assert by_item[items[0].id].rank == 1 and not by_item[items[0].id].tied
    assert by_item[items[1].id].tied


# --- integrity --------------------------------------------------------------


def test_no_change_after_closing(make_round, make_user, items, coordinator):
    user = make_user()
    round_ = make_round(users=[user], open=True)
    vote(round_, user, pts(items, 3, 3, 3, 1))
    services.close_round(round_, coordinator, NOW + timedelta(hours=1))
    with pytest.raises(NotAllowed, match="afgesloten"):
        vote(round_, user, pts(items, 1, 3, 3, 3), now=NOW + timedelta(hours=2))
    # Also refused when the end has passed but the job did not run yet.
    other = make_user()
    round2 = make_round(users=[other], open=True, title="Tweede")
    with pytest.raises(NotAllowed):
        vote(round2, other, pts(items, 3, 3, 3, 1), now=NOW + timedelta(days=8))


def test_submitted_ballot_stays_submitted(make_round, make_user, items):
    user = make_user()
    round_ = make_round(users=[user], open=True)
    vote(round_, user, pts(items, 3, 3, 3, 1))
    with pytest.raises(FieldErrors):  # a 'save' after submitting must be complete
        vote(round_, user, pts(items, 3, 0, 0, 0), submit=False)
    ballot = vote(round_, user, pts(items, 1, 3, 3, 3), submit=False)
    assert ballot.submitted


def test_every_ballot_change_is_audited_without_comment_text(
    make_round, make_user, items, db
):
    user = make_user()
    round_ = make_round(users=[user], open=True)
    entries = pts(items, 3, 3, 3, 1)
    entries[items[0].id].comment = "Dit raakt veel gezinnen in de wijk."
    vote(round_, user, entries, submit=False)
    vote(round_, user, pts(items, 1, 3, 3, 3))
    events = list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action.like("prioritisation.ballot_%"))
            .order_by(AuditEvent.id)
        )
    )
    assert [e.action for e in events] == [
        "prioritisation.ballot_saved",
        "prioritisation.ballot_submitted",
    ]
    first, second = (e.details["changes"] for e in events)
    assert first[str(items[0].id)] == {"points": [None, 3], "comment_changed": True}
    assert second[str(items[0].id)] == {"points": [3, 1], "comment_changed": True}
    assert second[str(items[3].id)] == {"points": [1, 3]}
    assert "gezinnen" not in str(events[0].details)
    assert events[0].actor_id == user.id


def test_comment_passes_the_textcheck(make_round, make_user, items):
    user = make_user()
    round_ = make_round(users=[user], open=True)
    entries = pts(items, 3, 3, 3, 1)
    entries[items[1].id].comment = "Mail naar jan.peeters@example.org"
    with pytest.raises(PersonalDataFound) as exc:
        vote(round_, user, entries)
    assert f"comment-{items[1].id}" in exc.value.by_field()


def test_one_ballot_per_participant(make_round, make_user, items, db):
    user = make_user()
    round_ = make_round(users=[user], open=True)
    vote(round_, user, pts(items, 3, 3, 3, 1), submit=False)
    vote(round_, user, pts(items, 3, 3, 3, 1))
    assert db.session.scalar(select(db.func.count()).select_from(Ballot)) == 1


def test_recompute_gives_the_same_result(make_round, make_user, items, db):
    users = [make_user() for _ in range(3)] + [make_user(Role.CITY)]
    round_ = make_round(users=users, open=True, codes=2)
    for n, user in enumerate(users):
        points = [(n + k) % 4 for k in range(4)]
        points[n % 4] += 10 - sum(points)
        points = [min(p, 3) for p in points]
        while sum(points) < 10:
            points[points.index(min(points))] += 1
        vote(round_, user, pts(items, *points))
    for participant_, _code in round_.made_codes:
        vote(round_, participant_, pts(items, 0, 3, 3, 3) | pts(items, 1, 3, 3, 3))
    first = compute_results(round_)
    db.session.expire_all()
    second = compute_results(round_)
    assert first == second
    # And equal to a count by hand from the stored rows.
    total = {i.id: 0 for i in items}
    for ballot in db.session.scalars(select(Ballot)):
        for entry in ballot.entries:
            total[entry.bundle_item_id] += entry.points or 0
    assert {r.bundle_item_id: r.score for r in first.items} == total
    assert first.ballots_by_group["ervaringsdeskundige"] == 2


# --- open and close job -------------------------------------------------------


def test_job_opens_and_closes_with_a_controlled_clock(make_round, make_user, db):
    from signalen.prioritisation.jobs import open_and_close_rounds_job

    later = make_round(
        users=[make_user()], opens_at=NOW + timedelta(days=1),
        closes_at=NOW + timedelta(days=3),
    )  # fmt: skip
    empty = make_round(title="Zonder deelnemers")
    assert open_and_close_rounds_job(NOW) is None  # nothing due: opens tomorrow
    assert later.status == RoundStatus.DRAFT
    message = open_and_close_rounds_job(NOW + timedelta(days=1, minutes=5))
    assert later.status == RoundStatus.OPEN and str(later.id) in message
    assert empty.status == RoundStatus.DRAFT  # waits for participants
    assert open_and_close_rounds_job(NOW + timedelta(days=2)) is None  # idempotent
    open_and_close_rounds_job(NOW + timedelta(days=3))
    assert later.status == RoundStatus.CLOSED
    assert later.closed_at == NOW + timedelta(days=3)
    db.session.commit()


def test_job_through_run_job(make_round, make_user, db):
    from signalen.jobs.services import run_job
    from signalen.prioritisation.jobs import open_and_close_rounds_job

    round_ = make_round(users=[make_user()], open=True)
    run = run_job("rounds_open_close", open_and_close_rounds_job,
                  NOW + timedelta(days=8))  # fmt: skip
    assert run.status == "ok"
    db.session.refresh(round_)
    assert round_.status == RoundStatus.CLOSED


# --- the final choice ----------------------------------------------------------


def test_decisions_need_reasons_and_are_appended(
    make_round, make_user, items, coordinator, db
):
    user = make_user()
    round_ = make_round(users=[user], open=True)
    with pytest.raises(NotAllowed):
        record_decisions(round_, {}, coordinator, NOW)
    vote(round_, user, pts(items, 3, 3, 3, 1))
    services.close_round(round_, coordinator, NOW)
    with pytest.raises(FieldErrors) as exc:
        record_decisions(
            round_,
            {items[0].id: DecisionInput(True, 1, ""),
             items[1].id: DecisionInput(True, 1, "Dringend")},
            coordinator, NOW,
        )  # fmt: skip
    assert set(exc.value.errors) == {f"reason-{items[0].id}", f"rank-{items[1].id}"}
    decisions = {
        items[1].id: DecisionInput(True, 1, "Raakt veel gezinnen."),
        items[0].id: DecisionInput(True, 2, "Hoge score bij alle groepen."),
        items[3].id: DecisionInput(False, None, "Loopt al via de woondialoog."),
    }
    assert record_decisions(round_, decisions, coordinator, NOW) == 3
    assert record_decisions(round_, decisions, coordinator, NOW) == 0  # unchanged
    decisions[items[3].id] = DecisionInput(True, 3, "Toch opgenomen na overleg.")
    assert record_decisions(round_, decisions, coordinator, NOW) == 1
    assert db.session.scalar(select(db.func.count()).select_from(PriorityDecision)) == 4
    assert final_choice(round_.bundle) == []  # no deciding round yet
    services.mark_deciding_round(round_, coordinator, NOW)
    choice = final_choice(round_.bundle)
    assert [(d.bundle_item_id, d.rank) for d in choice] == [
        (items[1].id, 1), (items[0].id, 2), (items[3].id, 3),
    ]  # fmt: skip


def test_final_choice_is_the_deciding_rounds_never_the_last_closed(
    make_round, make_user, items, coordinator, bundle, db
):
    assert final_choice(bundle) == []
    user = make_user()
    first = make_round(users=[user], open=True)
    services.close_round(first, coordinator, NOW)
    record_decisions(first, {items[0].id: DecisionInput(True, 1, "Eerst")},
                     coordinator, NOW)  # fmt: skip
    second = make_round(users=[user], open=True, title="Tweede ronde")
    services.close_round(second, coordinator, NOW + timedelta(days=1))
    record_decisions(
        second,
        {items[2].id: DecisionInput(True, 1, "Later"),
         items[0].id: DecisionInput(False, None, "Niet meer")},
        coordinator, NOW,
    )  # fmt: skip
    # Closing last does not make a round decide.
    assert final_choice(bundle) == []
    assert services.deciding_round(bundle) is None
    assert services.mark_deciding_round(first, coordinator, NOW) is None
    choice = final_choice(bundle)
    assert [(d.bundle_item_id, d.chosen, d.rank) for d in choice] == [
        (items[0].id, True, 1),
    ]
    # Marking the second round moves the mark; one deciding round per bundle.
    assert services.mark_deciding_round(second, coordinator, NOW) == first
    db.session.commit()
    assert services.deciding_round(bundle) == second
    assert not first.is_deciding
    choice = final_choice(bundle)
    assert [(d.bundle_item_id, d.chosen) for d in choice] == [
        (items[2].id, True), (items[0].id, False),
    ]  # fmt: skip
    assert services.mark_deciding_round(second, coordinator, NOW) is None
    found = services.decisions_for_items([items[0].id, items[1].id, items[2].id])
    assert {k: (d.chosen, d.reason) for k, d in found.items()} == {
        items[0].id: (False, "Niet meer"),
        items[2].id: (True, "Later"),
    }
    event = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "prioritisation.deciding_round_marked")
        .order_by(AuditEvent.id.desc())
    ).first()
    assert event is not None


def test_only_a_closed_round_can_decide(make_round, make_user, coordinator, db):
    round_ = make_round(users=[make_user()], open=True)
    with pytest.raises(NotAllowed):
        services.mark_deciding_round(round_, coordinator, NOW)
    assert services.deciding_round(round_.bundle) is None


def test_the_index_refuses_two_deciding_rounds(make_round, make_user, coordinator, db):
    from sqlalchemy.exc import IntegrityError

    user = make_user()
    first = make_round(users=[user], open=True)
    second = make_round(users=[user], open=True, title="Tweede")
    first.is_deciding = True
    second.is_deciding = True
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_unknown_item_is_refused(make_round, make_user):
    user = make_user()
    round_ = make_round(users=[user], open=True)
    with pytest.raises(SignalenError):
        vote(round_, user, {999999: EntryInput(points=1)}, submit=False)
