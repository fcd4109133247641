"""Personal codes: only a salted hash is kept; single use; guessing is limited."""

from __future__ import annotations

from datetime import timedelta

import pytest

from signalen.errors import SignalenError
from signalen.prioritisation import codes, services
from signalen.prioritisation.models import ParticipantGroup
from signalen.prioritisation.services import EntryInput, login_with_code, save_ballot

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


def test_code_login_until_the_ballot_is_submitted(make_round, items, db):
    round_ = make_round(codes=1, open=True)
    participant, code = round_.made_codes[0]
    found, token = login_with_code(code.lower(), "10.0.0.1", NOW)
    assert found.id == participant.id and participant.code_session == token
    assert participant.code_used_at == NOW
    # A partial ballot can be continued: the code still works (newest login wins).
    save_ballot(participant, {items[0].id: EntryInput(points=3)}, submit=False, now=NOW)
    _again, token2 = login_with_code(code, "10.0.0.2", NOW + timedelta(minutes=5))
    assert token2 != token
    assert services.participant_from_code_session(participant.id, token) is None
    assert services.participant_from_code_session(participant.id, token2) == participant
    entries = {
        i.id: EntryInput(points=p) for i, p in zip(items, (3, 3, 3, 1), strict=True)
    }
    save_ballot(participant, entries, submit=True, now=NOW)
    with pytest.raises(SignalenError, match="al gestemd"):
        login_with_code(code, "10.0.0.3", NOW + timedelta(minutes=10))
    # The session that submitted may still change the ballot until closing.
    assert services.participant_from_code_session(participant.id, token2) == participant


def test_wrong_code_message_and_rate_limit(make_round, db):
    make_round(codes=1, open=True)
    with pytest.raises(SignalenError, match="kennen we niet"):
        login_with_code("AAA-AAA-AAA", "10.0.0.9", NOW)
    with pytest.raises(SignalenError, match="kennen we niet"):
        login_with_code("hallo", "10.0.0.9", NOW)
    for _ in range(services.CODE_MAX_FAILURES - 2):
        with pytest.raises(SignalenError):
            login_with_code("AAA-AAA-AAA", "10.0.0.9", NOW)
    with pytest.raises(SignalenError, match="Te veel foute codes"):
        login_with_code("AAA-AAA-AAA", "10.0.0.9", NOW)
    # Another address is not blocked; after the window the address may try again.
    with pytest.raises(SignalenError, match="kennen we niet"):
        login_with_code("AAA-AAA-AAA", "10.0.0.10", NOW)
    with pytest.raises(SignalenError, match="kennen we niet"):
        login_with_code("AAA-AAA-AAA", "10.0.0.9", NOW + timedelta(minutes=16))


def test_codes_refused_before_opening_and_after_closing(make_round, coordinator):
    round_ = make_round(codes=1)
    code = round_.made_codes[0][1]
    with pytest.raises(SignalenError, match="nog niet open"):
        login_with_code(code, None, NOW)
    services.open_round(round_, coordinator, NOW)
    services.close_round(round_, coordinator, NOW)
    with pytest.raises(SignalenError, match="afgesloten"):
        login_with_code(code, None, NOW)


def test_replace_code_invalidates_the_old_one(make_round, coordinator):
    round_ = make_round(codes=1, open=True)
    participant, old = round_.made_codes[0]
    _p, new = services.replace_code(participant, coordinator, NOW)
    with pytest.raises(SignalenError, match="kennen we niet"):
        login_with_code(old, None, NOW)
    assert login_with_code(new, None, NOW)[0] == participant
