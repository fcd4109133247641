"""Theme suggestions: accuracy on held-out data, fallback, retraining."""

import json
import random
from datetime import UTC, datetime
from pathlib import Path

from signalen.coordination import services
from signalen.coordination.jobs import retrain_theme_suggestions_job
from signalen.coordination.models import TrainedModel
from signalen.coordination.suggestions import (
    MODEL_NAME,
    suggest_themes,
    top_k_accuracy,
    train,
)

CORPUS = Path(__file__).resolve().parents[1] / "data" / "themes_corpus.jsonl"
NOW = datetime(2026, 3, 1, tzinfo=UTC)


def corpus():
    rows = [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines()]
    return [(f"{r['title']}\n{r['description']}", r["themes"], r) for r in rows if r]


def test_top3_accuracy_on_held_out_data():
    rows = [(text, themes) for text, themes, _ in corpus()]
    assert len(rows) >= 900
    random.Random(1).shuffle(rows)
    cut = len(rows) // 4
    payload = train(rows[cut:])
    accuracy = top_k_accuracy(payload, rows[:cut], 3)
    print(f"theme suggestions top-3 accuracy: {accuracy:.3f} on {cut} held out")
    assert accuracy >= 0.8


def test_keyword_fallback_while_few_examples(db, themes):
    suggestions = suggest_themes("Gezinnen vinden geen betaalbare huurwoning.")
    assert suggestions and suggestions[0].theme.code == "wonen"
    assert 0 < suggestions[0].confidence <= 1
    assert suggest_themes("   ") == []
    assert suggest_themes("xyzzy qwerty") == []


def test_retraining_learns_from_coordinators(db, make_user, make_signal, themes):
    coordinator = make_user("coordinator")
    assert "fewer than" in retrain_theme_suggestions_job(NOW)
    signals = []
    for text, codes, _ in corpus()[:80]:
        title, description = text.split("\n", 1)
        signals.append(
            make_signal(title=title, description=description, theme_codes=codes)
        )
    # The coordinator files them under a structural signal with its own theme:
    # the structural signal's themes are what the model learns for linked ones.
    structural = services.create_structural(
        coordinator,
        services.StructuralData(title="Alles samen", theme_ids=[themes["justitie"].id]),
        signals[:5],
    )
    for signal in signals[5:]:
        services.mark_not_structural(signal, coordinator, "Getest.")
    db.session.commit()
    message = retrain_theme_suggestions_job(NOW)
    db.session.commit()
    assert "trained on 80 signals" in message
    model = db.session.get(TrainedModel, MODEL_NAME)
    assert model.examples == 80 and "top3_accuracy" in model.metrics
    assert "justitie" in model.payload["docs"]
    assert structural.id


def test_endpoint_for_workers_and_coordinators(db, client, login_as, make_user, themes):
    login_as(make_user())
    response = client.post(
        "/coordinatie/themasuggesties",
        json={"text": "De wachtlijst voor een sociale woning is jaren lang"},
    )
    assert response.status_code == 200
    first = response.get_json()["suggestions"][0]
    assert first["code"] == "wonen" and first["id"] == themes["wonen"].id
    assert client.post("/coordinatie/themasuggesties", json={}).status_code == 400


def test_endpoint_refuses_the_city(db, client, login_as, make_user):
    login_as(make_user("stad"))
    response = client.post("/coordinatie/themasuggesties", json={"text": "x"})
    assert response.status_code == 403
