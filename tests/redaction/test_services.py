"""Redaction service: the span goes from the text and every copy of it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text

from signalen.audit.models import AuditEvent
from signalen.coordination.words import dutch_stem
from signalen.errors import NotAllowed, SignalenError
from signalen.permissions import Role
from signalen.redaction.services import (
    preview_redaction,
    redact_span,
    scrub_storage,
)
from signalen.redaction.texts import MARKER, texts_of
from tests.redaction.conftest import NAME, answer_on

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def search_hits(db, word: str) -> int:
    """Signals the full-text index finds for one word (it holds stems)."""
    stem = dutch_stem(word)
    if db.engine.dialect.name == "postgresql":
        sql = "SELECT count(*) FROM signals WHERE search_vector @@ CAST(:w AS tsquery)"
        return db.session.scalar(text(sql), {"w": f"'{stem}'"})
    sql = "SELECT count(*) FROM signals_fts WHERE signals_fts MATCH :w"
    return db.session.scalar(text(sql), {"w": f'"{stem}"'})


def test_preview_shows_the_result_and_changes_nothing(db, world):
    preview = preview_redaction(world.signal, "description", NAME)
    assert preview.after == f"Mevrouw {MARKER} vond geen woning en sliep in de auto."
    assert preview.count == 1
    db.session.expire_all()
    assert NAME in world.signal.description


def test_redacting_a_signal_removes_every_copy(db, world):
    assert search_hits(db, "wroblewski") == 1
    done = redact_span(world.signal, "description", NAME, world.coordinator, NOW)
    db.session.commit()
    scrub_storage()
    signal = world.signal
    assert (
        signal.description == f"Mevrouw {MARKER} vond geen woning en sliep in de auto."
    )
    # The history's copies (question, answer) and the other field's copy in
    # the bundle snapshot go; the examples field itself is its own text.
    messages = [e.message for e in signal.events if e.message]
    assert messages == [f"Is {MARKER} nog op zoek?", f"Ja, {MARKER} zoekt nog."]
    item = world.bundle.items[0]
    assert item.snapshot["examples"] == [f"{MARKER} belde twintig verhuurders."]
    assert signal.examples == f"{NAME} belde twintig verhuurders."
    assert done.places == 4  # description, question, answer, snapshot
    # The search index holds the examples field still: redact that too.
    redact_span(signal, "examples", NAME, world.admin, NOW)
    db.session.commit()
    scrub_storage()
    assert search_hits(db, "wroblewski") == 0
    assert search_hits(db, "zbigniew") == 0
    assert search_hits(db, "woning") == 1  # the rest of the text is still found


def test_the_audit_entry_names_the_field_not_the_text(db, world):
    redact_span(world.signal, "description", NAME, world.coordinator, NOW)
    db.session.commit()
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "text.redacted")
    )
    assert event.object_type == "signals" and event.object_id == world.signal.id
    assert event.actor_id == world.coordinator.id
    assert event.details == {
        "field": "description",
        "places": 4,
        "workbooks": 0,
        "reports": 0,
    }
    assert "Wr" not in str(event.details) and "Zbig" not in str(event.details)


def test_audit_details_that_quote_the_text_are_scrubbed(db, world):
    from signalen.coordination.services import StructuralData, update_structural

    structural = world.structural
    structural.title = f"Woningnood bij {NAME}"  # got in unchecked
    db.session.commit()
    data = StructuralData(
        title="Woningnood",
        summary=structural.summary,
        status=structural.status,
        theme_ids=[t.id for t in structural.themes],
    )
    update_structural(structural, world.coordinator, data, expected_version=None)
    db.session.commit()
    edited = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "structural.edited")
    )
    assert NAME in edited.details["before"]["title"]
    world.bundle.items[0].title = structural.title = f"Woningnood bij {NAME}"
    db.session.commit()
    redact_span(structural, "title", NAME, world.coordinator, NOW)
    db.session.commit()
    db.session.refresh(edited)
    assert edited.details["before"]["title"] == f"Woningnood bij {MARKER}"
    assert world.bundle.items[0].title == f"Woningnood bij {MARKER}"


def test_a_workbook_with_the_text_is_deleted(app, db, world, tmp_path):
    from pathlib import Path

    from signalen.exports.models import ExportRun

    directory = Path(app.config["EXPORT_DIR"])
    workbook = directory / "signalenbundel-test.xlsx"
    workbook.write_bytes(b"PK old workbook with " + NAME.encode())
    run = ExportRun(
        bundle=world.bundle, status="done", file_name=workbook.name, token="t"
    )
    db.session.add(run)
    db.session.commit()
    done = redact_span(world.signal, "examples", NAME, world.coordinator, NOW)
    db.session.commit()
    assert done.workbooks == 1
    assert not workbook.exists()
    assert run.status == "failed" and "nieuwe export" in run.error


def test_round_texts_can_be_redacted(db, world):
    from signalen.prioritisation.models import (
        Ballot,
        BallotEntry,
        PrioritisationRound,
        PriorityDecision,
        RoundParticipant,
    )

    item = world.bundle.items[0]
    round_ = PrioritisationRound(
        bundle=world.bundle,
        title="Ronde 2026",
        explanation=f"Vraag het aan {NAME}.",
        opens_at=NOW,
        closes_at=NOW,
    )
    db.session.add(round_)
    db.session.flush()
    participant = RoundParticipant(round_id=round_.id, user_id=world.worker.id)
    db.session.add(participant)
    db.session.flush()
    ballot = Ballot(round_id=round_.id, participant_id=participant.id)
    ballot.entries.append(
        BallotEntry(bundle_item_id=item.id, points=3, comment=f"{NAME} weet het.")
    )
    decision = PriorityDecision(
        round_id=round_.id, bundle_item_id=item.id, reason=f"Zegt {NAME}."
    )
    db.session.add_all([ballot, decision])
    db.session.commit()
    keys = {t.key for t in texts_of(round_)}
    entry_key = f"comment-{ballot.entries[0].id}"
    assert {"title", "explanation", entry_key, f"decision-{decision.id}"} <= keys
    for key in ("explanation", entry_key, f"decision-{decision.id}"):
        redact_span(round_, key, NAME, world.coordinator, NOW)
        db.session.commit()
    assert round_.explanation == f"Vraag het aan {MARKER}."
    assert ballot.entries[0].comment == f"{MARKER} weet het."
    assert decision.reason == f"Zegt {MARKER}."


def test_a_city_answer_goes_with_its_copies_in_signal_histories(db, world):
    item = world.bundle.items[0]
    response = answer_on(db, item, world.coordinator, "We bekijken het met de dienst.")
    response.text = f"We bekijken het met {NAME}."  # got in unchecked
    feedback = [e for e in world.signal.events if e.kind == "feedback"]
    assert len(feedback) == 1
    feedback[0].message = feedback[0].message.replace("de dienst", NAME)
    db.session.commit()
    redact_span(item, f"response-{response.id}-text", NAME, world.coordinator, NOW)
    db.session.commit()
    assert response.text == f"We bekijken het met {MARKER}."
    assert NAME not in feedback[0].message and MARKER in feedback[0].message


def test_the_span_must_be_in_the_chosen_text(db, world):
    with pytest.raises(SignalenError) as error:
        redact_span(world.signal, "title", NAME, world.coordinator, NOW)
    assert error.value.field == "span"
    with pytest.raises(SignalenError) as error:
        redact_span(world.signal, "description", "x", world.coordinator, NOW)
    assert error.value.field == "span"
    with pytest.raises(SignalenError) as error:
        redact_span(world.signal, "nothing-9", NAME, world.coordinator, NOW)
    assert error.value.field == "field"


@pytest.mark.parametrize("role", [Role.WORKER, Role.CITY])
def test_only_coordinators_and_beheerders_redact(db, world, make_user, role):
    with pytest.raises(NotAllowed):
        redact_span(world.signal, "description", NAME, make_user(role), NOW)
    db.session.rollback()
    db.session.expire_all()
    assert NAME in world.signal.description


def test_the_theme_suggestions_forget_the_words(db, world):
    from signalen.coordination.models import TrainedModel

    model = TrainedModel(
        name="theme_suggestions",
        examples=3,
        payload={
            "kind": "naive_bayes",
            "alpha": 1.0,
            "vocab_size": 3,
            "docs": {"wonen": 3},
            "totals": {"wonen": 6},
            "counts": {"wonen": {"wroblewski": 1, "zbigniew": 1, "woning": 4}},
        },
    )
    db.session.add(model)
    db.session.commit()
    redact_span(world.signal, "description", NAME, world.coordinator, NOW)
    db.session.commit()
    db.session.refresh(model)
    assert "zbigniew" not in str(model.payload) and "wrobl" not in str(model.payload)
    assert model.payload["counts"]["wonen"] == {"woning": 4}
    assert model.payload["totals"] == {"wonen": 4}
