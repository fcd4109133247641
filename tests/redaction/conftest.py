"""Fixtures of the redaction tests: a signal with a name planted in every
place a copy of its text can end up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from signalen.permissions import Role

#: Planted names: they occur nowhere else, so finding them means a leak.
NAME = "Zbigniew Wróblewski"
OTHER = "Kowalczyk-Baptiste"


@dataclass
class World:
    coordinator: object
    admin: object
    worker: object
    signal: object
    structural: object
    bundle: object


@pytest.fixture
def world(db, make_user, make_signal, make_structural, make_bundle):
    """A signal naming NAME in its description, quoted in a question and an
    answer, linked to a structural signal that is frozen in a bundle."""
    from signalen.coordination.services import ask_question
    from signalen.signals.services import answer_question

    coordinator = make_user(Role.COORDINATOR)
    admin = make_user(Role.ADMIN)
    worker = make_user(Role.WORKER)
    signal = make_signal(worker, examples="Twintig verhuurders gebeld.")
    now = datetime.now(UTC)
    ask_question(signal, coordinator, "Is de familie nog op zoek?", now=now)
    db.session.commit()
    answer_question(signal, worker, "Ja, nog altijd.", now + timedelta(minutes=1))
    # What the detector missed (about one item in five): the name got in.
    signal.description = f"Mevrouw {NAME} vond geen woning en sliep in de auto."
    signal.examples = f"{NAME} belde twintig verhuurders."
    question, answer = [e for e in signal.events if e.message]
    question.message = f"Is {NAME} nog op zoek?"
    answer.message = f"Ja, {NAME} zoekt nog."
    db.session.commit()
    structural = make_structural([signal], created_by=coordinator)
    bundle = make_bundle([structural])
    return World(coordinator, admin, worker, signal, structural, bundle)


def answer_on(db, item, actor, text: str):
    """A city answer to a bundle item, recorded and committed."""
    from signalen.responses.services import Answer, record_answer

    response = record_answer(
        item, actor, Answer(response_type="onderzoek", text=text), now=datetime.now(UTC)
    )
    db.session.commit()
    return response
