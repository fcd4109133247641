"""Theme suggestion confidences that mean something (issue 14, item 4).

Naive Bayes alone says ~100% on almost any text. The confidence shown is
tempered, shrunk towards the prior with few examples and capped; temperature
and weight are fitted by cross-validation. On a synthetic set whose hit rate
can be counted, a suggestion of x% is right about x% of the time.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

from signalen.coordination.services import mark_not_structural
from signalen.coordination.suggestions import (
    MAX_CONFIDENCE,
    MIN_CONFIDENCE,
    WEAK_CONFIDENCE,
    fit_calibration,
    log_scores,
    predict,
    retrain,
    suggest_themes,
    tempered,
    train,
)

# --- a synthetic set: six themes, words drawn at known rates -----------------

SYLLABLES = ["ba", "de", "ki", "lo", "mu", "ra", "so", "te", "vi", "zo", "pa", "ne"]
THEMES = [f"thema_{i}" for i in range(6)]


def made_up_word(a: int, b: int, c: int) -> str:
    return SYLLABLES[a] + SYLLABLES[b] + SYLLABLES[c] + "x"


OWN = {
    theme: [made_up_word(i, j // 12, j % 12) for j in range(24)]
    for i, theme in enumerate(THEMES)
}
SHARED = [made_up_word(6 + j // 144 % 6, j // 12 % 12, j % 12) for j in range(150)]


def synthetic(count: int, seed: int, label_noise: float = 0.1):
    """Texts of 1-5 phrases of three words (words that come together, as in
    real texts, which Naive Bayes counts as independent evidence): 30% of the
    phrases from their theme's own words, 10% from any theme's, the rest
    shared; one label in ten is wrong. Short texts are hard, long ones easier,
    and nothing is ever certain."""
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        theme = rng.choice(THEMES)
        words: list[str] = []
        for _ in range(rng.randint(1, 5)):
            draw = rng.random()
            if draw < 0.3:
                source = OWN[theme]
            elif draw < 0.4:
                source = OWN[rng.choice(THEMES)]
            else:
                source = SHARED
            start = rng.randrange(len(source) // 3) * 3
            words.extend(source[start : start + 3])
        if rng.random() < label_noise:
            theme = rng.choice([t for t in THEMES if t != theme])
        rows.append((" ".join(words), [theme]))
    return rows


def reliability(payload, rows):
    """Per tenth of confidence: (suggestions shown, mean confidence, hit rate)."""
    bins: dict[int, list[tuple[float, bool]]] = {}
    for text, codes in rows:
        for code, confidence in predict(payload, text, 3):
            if confidence >= MIN_CONFIDENCE:
                bins.setdefault(min(9, int(confidence * 10)), []).append(
                    (confidence, code in codes)
                )
    return {
        b: (
            len(shown),
            sum(c for c, _ in shown) / len(shown),
            sum(hit for _, hit in shown) / len(shown),
        )
        for b, shown in sorted(bins.items())
    }


def fitted(rows):
    payload = train(rows)
    payload["calibration"] = fit_calibration(train, rows)
    return payload


def test_shown_confidence_matches_the_hit_rate():
    payload = fitted(synthetic(800, seed=1))
    table = reliability(payload, synthetic(2000, seed=2))
    print("bin: shown, mean confidence, hit rate", table)
    busy = {b: row for b, row in table.items() if row[0] >= 50}
    assert len(busy) >= 4  # confidences spread over the range, not all ~100%
    for _shown, confidence, hit_rate in busy.values():
        assert abs(confidence - hit_rate) <= 0.15, table
    assert max(b for b in table) < 10 * MAX_CONFIDENCE


def test_raw_naive_bayes_would_not_pass_that_test():
    """The same model without calibration claims far more than it hits."""
    payload = train(synthetic(800, seed=1))
    payload["calibration"] = {"temperature": 1.0, "weight": 1.0}
    table = reliability(payload, synthetic(2000, seed=2))
    assert any(c - h > 0.25 for n, c, h in table.values() if n >= 50), table


def test_few_examples_never_claim_more_than_they_hit():
    payload = fitted(synthetic(60, seed=3))
    table = reliability(payload, synthetic(2000, seed=4))
    for shown, confidence, hit_rate in table.values():
        if shown >= 50:
            assert confidence <= hit_rate + 0.15, table


def test_three_examples_give_no_confidence_near_certainty():
    rows = [
        ("De huur van sociale woningen is te hoog voor gezinnen.", ["wonen"]),
        ("Wachtlijst voor een sociale huurwoning is jaren lang.", ["wonen"]),
        ("Geen computer en geen internet om formulieren in te vullen.", ["digitaal"]),
    ]
    payload = train(rows)
    text = "Gezinnen vinden geen betaalbare sociale huurwoning, de huur is te hoog."
    raw = tempered(log_scores(payload, text), 1.0)
    assert raw["wonen"] > 0.95  # what was shown before: ~100%
    ranked = predict(payload, text)
    assert ranked[0][0] == "wonen"
    assert all(confidence < 0.75 for _, confidence in ranked)
    # Fitted on the three examples themselves, still no near-certainty.
    payload["calibration"] = fit_calibration(train, rows, folds=3)
    assert all(confidence < 0.75 for _, confidence in predict(payload, text))


def test_the_keyword_fallback_is_no_near_certainty_either(db, themes):
    suggestions = suggest_themes(
        "Gezinnen vinden geen betaalbare huurwoning; de wachtlijst voor een "
        "sociale woning is lang en de huurprijs te hoog."
    )
    assert suggestions[0].theme.code == "wonen"
    assert all(s.confidence < 0.75 for s in suggestions)


def test_weak_suggestions_are_marked_and_the_weakest_hidden(
    db, themes, client, login_as, make_user
):
    from signalen.coordination.suggestions import current_payload

    vague = "Gezinnen vinden geen betaalbare huurwoning."
    ranked = predict(current_payload(), vague, 6)
    assert any(c < MIN_CONFIDENCE for _, c in ranked)  # some too weak to show
    suggestions = suggest_themes(vague)
    assert suggestions and all(s.confidence >= MIN_CONFIDENCE for s in suggestions)
    assert len(suggestions) < len(ranked)
    login_as(make_user())
    shown = client.post("/coordinatie/themasuggesties", json={"text": vague})
    weak = shown.get_json()["suggestions"]
    assert weak[0]["code"] == "wonen"
    for s in weak:  # shown as "zwak", not as a low percentage
        assert s["weak"] and MIN_CONFIDENCE <= s["confidence"] < WEAK_CONFIDENCE
    clear = client.post(
        "/coordinatie/themasuggesties",
        json={
            "text": "Huurwoning te duur, huurprijs te hoog, wachtlijst sociale woning"
        },
    ).get_json()["suggestions"]
    assert clear[0]["code"] == "wonen" and not clear[0]["weak"]
    assert clear[0]["confidence"] <= MAX_CONFIDENCE


def test_retraining_fits_the_calibration(make_user, make_signal, db):
    author, coordinator = make_user(), make_user("coordinator")
    rng = random.Random(8)
    for i in range(40):
        code = ("wonen", "digitaal")[i % 2]
        description = "De huur is te hoog." if i % 2 == 0 else "Geen computer meer."
        noise = " ".join(rng.sample(SHARED, 4))
        signal = make_signal(
            author,
            theme_codes=(code,),
            title=f"Signaal {i}",
            description=f"{description} {noise}",
        )
        mark_not_structural(signal, coordinator, "Verwerkt.")
    db.session.commit()
    model = retrain(datetime.now(UTC))
    calibration = model.payload["calibration"]
    assert calibration["fitted_on"] == 40
    assert calibration["temperature"] > 0 and 0 < calibration["weight"] <= 1
    assert model.metrics["keyword_calibration"]["fitted_on"] == 40
