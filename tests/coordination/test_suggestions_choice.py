"""Retraining keeps whichever suggestions do better on held-out signals."""

from datetime import UTC, datetime

from signalen.coordination.models import TrainedModel
from signalen.coordination.services import mark_not_structural
from signalen.coordination.suggestions import MIN_EXAMPLES, current_payload, retrain


def test_retrain_measures_learned_and_keyword_suggestions(make_user, make_signal, db):
    author, coordinator = make_user(), make_user("coordinator")
    for i in range(MIN_EXAMPLES + 10):
        signal = make_signal(
            author,
            theme_codes=("wonen",) if i % 2 else ("digitaal",),
            title=f"Signaal {i}",
            description="De huur is te hoog." if i % 2 else "Geen computer meer.",
        )
        mark_not_structural(signal, coordinator, "Verwerkt.")
    db.session.commit()
    model = retrain(datetime.now(UTC))
    metrics = model.metrics
    assert {"top3_accuracy", "keyword_top3_accuracy", "use_trained"} <= set(metrics)
    assert metrics["use_trained"] is (
        metrics["top3_accuracy"] >= metrics["keyword_top3_accuracy"]
    )


def test_current_payload_follows_the_better_choice(db):
    learned = {"kind": "learned-marker", "docs": {}, "totals": {}}
    model = TrainedModel(
        name="theme_suggestions",
        trained_at=datetime.now(UTC),
        examples=MIN_EXAMPLES + 1,
        payload=learned,
        metrics={"use_trained": False},
    )
    db.session.add(model)
    db.session.commit()
    assert current_payload().get("kind") == "keywords"
    model.metrics = {"use_trained": True}
    model.trained_at = datetime.now(UTC)
    db.session.commit()
    assert current_payload()["kind"] == "learned-marker"
