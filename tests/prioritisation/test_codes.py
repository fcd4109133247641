"""Personal codes: only a salted hash is kept; single use; guessing is limited
(per round and per code, never per address nor with the account logins)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from signalen.audit.models import AuditEvent
from signalen.auth.models import LoginAttempt
from signalen.prioritisation import codes, services, throttle
from signalen.prioritisation.ballots import EntryInput, save_ballot
from signalen.prioritisation.code_access import login_with_code
from signalen.prioritisation.jobs import expire_code_throttles_job
from signalen.prioritisation.models import CodeThrottle, ParticipantGroup

from .conftest import NOW


def test_code_shape_and_alphabet():
    code = codes.generate_code()
    assert len(code) == 11 and code[3] == code[7] == "-"
    assert all(ch in codes.ALPHABET for ch in code.replace("-", ""))
    for ambiguous in "0O1IL2Z5S8B":
        assert ambiguous not in codes.ALPHABET
    assert codes.normalise_code(" k7p 4qx-9mw ") == "K7P4QX9MW"
    assert codes.normalise_code("K7P-4QX-9M0") is None


def test_only_a_salted_hash_is_stored(make_round, db):
    round_ = make_round(codes=3)
    made = round_.made_codes
    assert [p.code_label for p, _ in made] == ["Code 1", "Code 2", "Code 3"]
    for participant, code in made:
        assert participant.group == ParticipantGroup.EXPERIENCE
        assert participant.user_id is None
        assert code.replace("-", "") not in participant.code_hash
        assert len(participant.code_hash) == 64
    # The same code in another round has another hash (salt per round).
    other = make_round(title="Andere ronde")
    raw = codes.normalise_code(made[0][1])
    assert codes.hash_code(raw, other.code_salt, "test-secret") != made[0][0].code_hash


def test_labels_continue_numbering(make_round, coordinator):
    round_ = make_round(codes=2)
    more = services.add_code_participants(round_, 2, coordinator, NOW)
    assert [p.code_label for p, _ in more] == ["Code 3", "Code 4"]


def login(text, now=NOW):
    """Log in with a code; the participant and token, or the refusal."""
    result = login_with_code(text, now)
    return result.refusal or (result.participant, result.token)


def test_code_login_until_the_ballot_is_submitted(make_round, items, db):
    round_ = make_round(codes=1, open=True)
    participant, code = round_.made_codes[0]
    found, token = login(code.lower())
    assert found.id == participant.id and participant.code_session == token
    assert participant.code_used_at == NOW
    # A partial ballot can be continued: the code still works (newest login wins).
    save_ballot(participant, {items[0].id: EntryInput(points=3)}, submit=False, now=NOW)
    _again, token2 = login(code, NOW + timedelta(minutes=5))
    assert token2 != token
    assert services.participant_from_code_session(participant.id, token) is None
    assert services.participant_from_code_session(participant.id, token2) == participant
    entries = {
        i.id: EntryInput(points=p) for i, p in zip(items, (3, 3, 3, 1), strict=True)
    }
    save_ballot(participant, entries, submit=True, now=NOW)
    assert "al gestemd" in login(code, NOW + timedelta(minutes=10))
    # The session that submitted may still change the ballot until closing.
    assert services.participant_from_code_session(participant.id, token2) == participant


def test_wrong_code_message(make_round, db):
    make_round(codes=1, open=True)
    assert "kennen we niet" in login("AAA-AAA-AAA")
    assert "kennen we niet" in login("hallo")
    assert "kennen we niet" in login(None)


def test_codes_refused_before_opening_and_after_closing(make_round, coordinator):
    round_ = make_round(codes=1)
    code = round_.made_codes[0][1]
    assert "nog niet open" in login(code)
    services.open_round(round_, coordinator, NOW)
    services.close_round(round_, coordinator, NOW)
    assert "afgesloten" in login(code)


def test_replace_code_invalidates_the_old_one(make_round, coordinator):
    round_ = make_round(codes=1, open=True)
    participant, old = round_.made_codes[0]
    _p, new = services.replace_code(participant, coordinator, NOW)
    assert "kennen we niet" in login(old)
    assert login(new)[0] == participant


# --- the limit on wrong codes ------------------------------------------------


def test_wrong_codes_never_touch_the_account_login_limit(make_round, db):
    make_round(codes=1, open=True)
    for _ in range(throttle.ROUND_BUDGET + 5):
        login("AAA-AAA-AAA")
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 0


def test_a_room_has_a_generous_budget_then_a_short_block(make_round, db):
    round_ = make_round(codes=2, open=True)
    (_p1, code1), (_p2, code2) = round_.made_codes
    for _ in range(throttle.ROUND_BUDGET - 1):
        assert "kennen we niet" in login("AAA-AAA-AAA")
    assert login(code1)[0] is not None  # typos of others do not stop a right code
    blocked = login("AAA-AAA-AAA")  # the budget is spent: the block starts
    assert "Wacht 3 minuten" in blocked
    # During the block a right code is refused too: the block tells nothing.
    assert "Te veel foute codes" in login(code2, NOW + timedelta(minutes=1))
    assert "Wacht 2 minuten" in login(code2, NOW + timedelta(minutes=1))
    assert services.code_block_until(round_, NOW) == NOW + throttle.BLOCK_DELAY
    assert login(code2, NOW + throttle.BLOCK_DELAY)[0] is not None
    events = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("%code_throttled"))
    ).all()
    assert events == ["prioritisation.code_throttled"]


def test_tries_during_a_block_neither_extend_it_nor_count(make_round, db):
    round_ = make_round(codes=1, open=True)
    code = round_.made_codes[0][1]
    for _ in range(throttle.ROUND_BUDGET):
        login("AAA-AAA-AAA")
    for seconds in range(0, 180, 2):  # someone keeps trying all through the block
        assert "Te veel foute codes" in login(
            "AAA-AAA-AAA", NOW + timedelta(seconds=seconds)
        )
    after = NOW + throttle.BLOCK_DELAY
    assert services.code_block_until(round_, after) is None
    # Nothing of the block was counted: a full budget again.
    for _ in range(throttle.ROUND_BUDGET - 1):
        assert "kennen we niet" in login("AAA-AAA-AAA", after)
    assert login(code, after)[0] is not None


def test_the_count_starts_again_after_the_window(make_round, db):
    round_ = make_round(codes=1, open=True)
    for _ in range(throttle.ROUND_BUDGET - 1):
        login("AAA-AAA-AAA")
    later = NOW + throttle.WINDOW
    for _ in range(throttle.ROUND_BUDGET - 1):
        assert "kennen we niet" in login("AAA-AAA-AAA", later)
    assert services.code_block_until(round_, later) is None


def test_a_refused_known_code_counts_against_that_code_only(make_round, items, db):
    round_ = make_round(codes=2, open=True)
    (used, used_code), (_other, other_code) = round_.made_codes
    entries = {
        i.id: EntryInput(points=p) for i, p in zip(items, (3, 3, 3, 1), strict=True)
    }
    save_ballot(used, entries, submit=True, now=NOW)
    for _ in range(throttle.CODE_BUDGET - 1):
        assert "al gestemd" in login(used_code)
    assert "Te veel foute codes" in login(used_code)
    assert "Te veel foute codes" in login(used_code, NOW + timedelta(minutes=2))
    # The room is not blocked: the other code works, wrong codes are still "unknown".
    assert services.code_block_until(round_, NOW) is None
    assert "kennen we niet" in login("AAA-AAA-AAA")
    assert login(other_code)[0] is not None
    assert "al gestemd" in login(used_code, NOW + throttle.BLOCK_DELAY)


def test_wrong_codes_count_against_each_round_taking_codes(make_round, db):
    first = make_round(codes=1, open=True)
    second = make_round(codes=1, open=True, title="Tweede ronde")
    closed = make_round(codes=1, open=True, title="Gesloten ronde")
    services.close_round(closed, None, NOW)
    for _ in range(throttle.ROUND_BUDGET):
        login("AAA-AAA-AAA")
    assert services.code_block_until(first, NOW) is not None
    assert services.code_block_until(second, NOW) is not None
    assert services.code_block_until(closed, NOW) is None


def test_wrong_codes_without_any_round_are_limited_too(db):
    for _ in range(throttle.ROUND_BUDGET - 1):
        assert "kennen we niet" in login("AAA-AAA-AAA")
    assert "Te veel foute codes" in login("AAA-AAA-AAA")


def test_a_coordinator_lifts_the_block_and_it_is_audited(make_round, coordinator, db):
    round_ = make_round(codes=1, open=True)
    code = round_.made_codes[0][1]
    for _ in range(throttle.ROUND_BUDGET):
        login("AAA-AAA-AAA")
    assert "Te veel foute codes" in login(code)
    assert services.lift_code_block(round_, coordinator, NOW) == 1
    assert services.code_block_until(round_, NOW) is None
    assert login(code)[0] is not None
    event = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "prioritisation.code_block_lifted"
        )
    )
    assert event.actor_id == coordinator.id and event.object_id == round_.id


def test_expired_counts_are_deleted_by_an_idempotent_job(make_round, db):
    round_ = make_round(codes=1, open=True)
    for _ in range(throttle.ROUND_BUDGET):
        login("AAA-AAA-AAA")
    assert "kennen we niet" in login("BBB-BBB-BBB", NOW + throttle.BLOCK_DELAY)
    rows = lambda: db.session.scalar(  # noqa: E731
        select(func.count()).select_from(CodeThrottle)
    )
    assert rows() == 1
    # Still in its window: kept.
    assert expire_code_throttles_job(NOW + throttle.BLOCK_DELAY) is None
    assert rows() == 1
    later = NOW + throttle.BLOCK_DELAY + throttle.WINDOW
    assert expire_code_throttles_job(later) == "deleted 1"
    assert rows() == 0
    assert expire_code_throttles_job(later) is None
    assert services.code_block_until(round_, later) is None


def test_the_expiry_job_is_scheduled():
    from signalen.scheduler import job_by_name

    assert job_by_name("code_throttles_expire").func is expire_code_throttles_job
