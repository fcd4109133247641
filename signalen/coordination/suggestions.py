"""Theme suggestions: the most likely themes for a text, with a confidence.

A multinomial Naive Bayes over lightly stemmed words, trained on the signals
coordinators processed (linked → the structural signal's themes, else the
signal's own themes) and stored as JSON in TrainedModel("theme_suggestions").
With fewer than MIN_EXAMPLES examples the same classifier is built from the
theme labels, descriptions and a few keywords per seeded theme.

Naive Bayes multiplies the evidence of every word as if the words were
independent, so its raw posteriors are near 100% on almost any text. The
confidence shown is calibrated instead (see `calibrated`): the posterior is
tempered (log-scores divided by a temperature), mixed with the themes' prior
(more so with few examples), and capped. Temperature and mixing weight are
fitted by cross-validation on the processed signals when the model is trained
(`fit_calibration`), so a suggestion of 70% is right about 70% of the time.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from signalen.coordination.models import SignalLink, TrainedModel
from signalen.coordination.words import terms
from signalen.extensions import db
from signalen.signals.models import Signal, SignalStatus
from signalen.themes.models import Theme

MODEL_NAME = "theme_suggestions"
MIN_EXAMPLES = 30
ALPHA = 0.5
MIN_CONFIDENCE = 0.1  # below this a suggestion is not shown at all
WEAK_CONFIDENCE = 0.3  # below this a suggestion says "zwak", not a percentage
MAX_CONFIDENCE = 0.95  # no suggestion is ever certain
MAX_VOCAB = 20_000

# Calibration (see the module docstring). A payload without a fitted
# calibration gets the defaults: tempered, and shrunk towards the prior as if
# SHRINK_EXAMPLES more examples said nothing but the prior.
SHRINK_EXAMPLES = 10
DEFAULT_TEMPERATURE = 2.0
DEFAULT_WEIGHT = 0.9
# The keyword fallback learns from no signal at all: until processed signals
# can measure it (retrain), it speaks cautiously. On the synthetic texts of
# tests/data/themes_corpus.jsonl this claims less than it hits (never > 71%).
KEYWORD_CALIBRATION = {"temperature": 1.0, "weight": 0.7}
TEMPERATURES = (0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0)
WEIGHTS = (1.0, 0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2)
CALIBRATION_FOLDS = 5
CALIBRATION_SAMPLE = 2_000  # examples used to fit it, at most (a nightly job)

# Extra words for the seeded themes, used only while there are few examples.
KEYWORDS: dict[str, str] = {
    "wonen": "huur huurprijs huurwoning woning sociale woning wachtlijst "
    "huisvesting huurwaarborg verhuren verhuurder kamer betaalbaar huurder",
    "woonkwaliteit": "vocht schimmel renovatie conformiteitsattest "
    "onbewoonbaar verwarming isolatie lek",
    "dakloosheid": "dakloos thuisloos nachtopvang straat slapen opvang "
    "winteropvang woonbegeleiding",
    "energie": "energie elektriciteit gas water factuur meter budgetmeter "
    "afsluiting verwarming",
    "werk": "werk job werkloos vdab activering sociale economie sollicitatie",
    "arbeidsvoorwaarden": "contract loon uitbesteding onderaannemer interim",
    "inkomen": "leefloon schulden budgetbeheer inkomen uitkering "
    "sociale kruidenier voedselpakket",
    "gezondheid": "dokter huisarts ziekenhuis zorg medicatie tandarts "
    "ziekteverzekering",
    "mentaal_welzijn": "psychisch psycholoog depressie angst wachtlijst ggz mentaal",
    "drugs": "drugs verslaving gebruik spuiten schadebeperking",
    "onderwijs": "school leerling schoolkosten leerkracht onderwijs "
    "inschrijving studie",
    "gezin_kind": "kinderopvang kinderen crèche opvoeding gezin baby ouders",
    "vrije_tijd": "sport cultuur uitpas jeugdwerk hobby vakantie",
    "eenzaamheid_ontmoeting": "eenzaam eenzaamheid ontmoeting buren contact isolement",
    "participatie": "inspraak participatie bewonersvergadering betrokken",
    "middenveld": "vereniging subsidie lokaal ruimte vzw",
    "vrijwilligers": "vrijwilliger vrijwilligers vrijwilligerswerk",
    "mobiliteit": "bus tram vervoer fiets parkeren mobiliteit trein",
    "afval_netheid": "afval sluikstort vuilniszak netheid containerpark",
    "publieke_ruimte": "plein park overlast lawaai verlichting speelplein",
    "politie": "politie agent geweld veiligheid diefstal",
    "discriminatie": "discriminatie racisme uitsluiting vooroordelen",
    "gender_lgbtqia": "gender transgender holebi intimidatie seksueel",
    "toegankelijkheid": "rolstoel toegankelijk drempel lift beperking",
    "migratie_verblijf": "verblijf papieren asiel verblijfsvergunning "
    "inburgering migratie",
    "dienstverlening_rechten": "rechten ocmw loket afspraak formulier "
    "toeslag papierwerk onthaal",
    "regie_samenwerking": "samenwerking doorverwijzing hulpverleners overleg",
    "taal_communicatie": "taal tolk nederlands brief begrijpen anderstalig",
    "digitaal": "digitaal computer internet online app digipunt printen",
    "justitie": "gevangenis detentie justitie advocaat rechtbank",
    "armoede_algemeen": "armoede sensibilisering stigma",
}


@dataclass
class Suggestion:
    theme: Theme
    confidence: float

    @property
    def percent(self) -> int:
        return round(100 * self.confidence)

    @property
    def weak(self) -> bool:
        """Shown as "zwak" instead of a low percentage."""
        return self.confidence < WEAK_CONFIDENCE


def train(examples: Iterable[tuple[str, Sequence[str]]]) -> dict:
    """A Naive Bayes payload from (text, theme codes) pairs."""
    docs: Counter = Counter()
    counts: dict[str, Counter] = {}
    for text, codes in examples:
        features = Counter(terms(text))
        for code in set(codes):
            docs[code] += 1
            counts.setdefault(code, Counter()).update(features)
    vocab: Counter = Counter()
    for counter in counts.values():
        vocab.update(counter)
    keep = {t for t, _ in vocab.most_common(MAX_VOCAB)}
    kept = {
        code: {t: c for t, c in counter.items() if t in keep}
        for code, counter in counts.items()
    }
    return {
        "kind": "naive_bayes",
        "alpha": ALPHA,
        "vocab_size": len(keep),
        "docs": dict(docs),
        "totals": {code: sum(c.values()) for code, c in kept.items()},
        "counts": kept,
    }


def log_scores(payload: dict, text: str) -> dict[str, float]:
    """Naive Bayes log-scores per theme code ({} if no word is known)."""
    features = Counter(terms(text))
    counts = payload.get("counts") or {}
    known = [t for t in features if any(t in c for c in counts.values())]
    if not known:
        return {}
    alpha = payload["alpha"]
    size = payload["vocab_size"] or 1
    total_docs = sum(payload["docs"].values()) or 1
    scores = {}
    for code, counter in counts.items():
        denominator = payload["totals"][code] + alpha * size
        score = math.log(payload["docs"][code] / total_docs)
        for term in known:
            score += features[term] * math.log(
                (counter.get(term, 0) + alpha) / denominator
            )
        scores[code] = score
    return scores


def tempered(scores: dict[str, float], temperature: float) -> dict[str, float]:
    """The posterior of log-scores divided by a temperature (summing to 1)."""
    best = max(scores.values())
    exp = {code: math.exp((s - best) / temperature) for code, s in scores.items()}
    norm = sum(exp.values())
    return {code: value / norm for code, value in exp.items()}


def prior(payload: dict) -> dict[str, float]:
    """How often each theme was given, smoothed (every theme at least once)."""
    docs = payload.get("docs") or {}
    total = sum(docs.values()) + len(docs)
    return {code: (n + 1) / total for code, n in docs.items()}


def calibration(payload: dict) -> tuple[float, float]:
    """(temperature, weight of the model against the prior) for a payload.

    A fitted weight is never above n / (n + SHRINK_EXAMPLES) for n examples:
    with a handful of examples the prior keeps most of the say."""
    fitted = payload.get("calibration")
    if payload.get("kind") == "keywords":
        fitted = fitted or KEYWORD_CALIBRATION
        return fitted["temperature"], fitted["weight"]
    fitted = fitted or {"temperature": DEFAULT_TEMPERATURE, "weight": DEFAULT_WEIGHT}
    examples = sum((payload.get("docs") or {}).values())
    # Theme counts sum over themes: a signal with two themes counts twice, a
    # slight overestimate of the evidence that is fine for shrinking.
    return fitted["temperature"], min(
        fitted["weight"], examples / (examples + SHRINK_EXAMPLES)
    )


def calibrated(payload: dict, scores: dict[str, float]) -> dict[str, float]:
    """Confidence per theme: tempered posterior mixed with the prior, capped."""
    if not scores:
        return {}
    temperature, weight = calibration(payload)
    base = prior(payload)
    posterior = tempered(scores, temperature)
    return {
        code: min(MAX_CONFIDENCE, weight * p + (1 - weight) * base.get(code, 0.0))
        for code, p in posterior.items()
    }


def predict(payload: dict, text: str, top: int = 3) -> list[tuple[str, float]]:
    """The top theme codes with calibrated confidences, best first."""
    confidences = calibrated(payload, log_scores(payload, text))
    return sorted(confidences.items(), key=lambda x: -x[1])[:top]


def fit_calibration(
    payload_for: Callable[[list[tuple[str, Sequence[str]]]], dict],
    examples: Sequence[tuple[str, Sequence[str]]],
    folds: int = CALIBRATION_FOLDS,
) -> dict:
    """Temperature and weight that make confidences honest on these examples.

    Cross-validated: each fold is scored by a payload made without it (for
    the keyword fallback, which learns nothing from examples, pass folds=1).
    The pair with the lowest mean negative log-likelihood of the signal's own
    themes wins."""
    rows = list(examples)
    random.Random(7).shuffle(rows)
    rows = rows[:CALIBRATION_SAMPLE]
    scored: list[tuple[dict[str, float], dict[str, float], set[str]]] = []
    for fold in range(folds):
        held_out = rows[fold::folds]
        if folds == 1:
            payload = payload_for([])
        else:
            payload = payload_for([r for i, r in enumerate(rows) if i % folds != fold])
        base = prior(payload)
        for text, given in held_out:
            scores = log_scores(payload, text)
            if scores:
                scored.append((scores, base, set(given)))
    if not scored:
        return {"temperature": DEFAULT_TEMPERATURE, "weight": DEFAULT_WEIGHT}
    best = (math.inf, DEFAULT_TEMPERATURE, DEFAULT_WEIGHT)
    for temperature in TEMPERATURES:
        # The theme-set's share under the model and under the prior, per example.
        shares = []
        for scores, base, codes in scored:
            posterior = tempered(scores, temperature)
            shares.append(
                (
                    sum(posterior.get(c, 0.0) for c in codes),
                    sum(base.get(c, 0.0) for c in codes),
                )
            )
        for weight in WEIGHTS:
            loss = -sum(
                math.log(max(1e-9, weight * model + (1 - weight) * base))
                for model, base in shares
            ) / len(shares)
            if loss < best[0]:
                best = (loss, temperature, weight)
    _loss, temperature, weight = best
    return {"temperature": temperature, "weight": weight, "fitted_on": len(scored)}


def top_k_accuracy(
    payload: dict, examples: Sequence[tuple[str, Sequence[str]]], k: int = 3
) -> float:
    """Share of examples where one of their themes is among the top k."""
    if not examples:
        return 0.0
    hits = sum(
        1
        for text, codes in examples
        if {c for c, _ in predict(payload, text, k)} & set(codes)
    )
    return hits / len(examples)


def keyword_payload(themes: Iterable[Theme]) -> dict:
    """The fallback: one pseudo-example per active theme from its own words."""
    examples = []
    for theme in themes:
        if not theme.active or theme.merged_into_id:
            continue
        text = " ".join(
            [theme.label, theme.description or "", KEYWORDS.get(theme.code, "")]
        )
        examples.append((text, [theme.code]))
    payload = train(examples)
    payload["kind"] = "keywords"
    # Equal priors and equal lengths: a theme with few words must not win
    # just because each of its words weighs more.
    payload["docs"] = {code: 1 for code in payload["docs"]}
    longest = max(payload["totals"].values(), default=0)
    payload["totals"] = {code: longest for code in payload["totals"]}
    return payload


def _resolve(theme: Theme) -> Theme:
    seen = {theme.id}
    while theme.merged_into is not None and theme.merged_into.id not in seen:
        theme = theme.merged_into
        seen.add(theme.id)
    return theme


def training_examples() -> list[tuple[int, str, list[str]]]:
    """(signal id, text, theme codes) for every signal coordinators processed."""
    linked = {
        link.signal_id: link.structural_signal
        for link in db.session.scalars(
            select(SignalLink)
            .where(SignalLink.unlinked_at.is_(None))
            .options(selectinload(SignalLink.structural_signal))
        )
    }
    signals = db.session.scalars(
        select(Signal)
        .where(Signal.status.in_([SignalStatus.LINKED, SignalStatus.NOT_STRUCTURAL]))
        .options(selectinload(Signal.themes))
        .order_by(Signal.id)
    )
    examples = []
    for signal in signals:
        structural = linked.get(signal.id)
        themes = structural.themes if structural and structural.themes else None
        themes = themes or signal.themes
        codes = sorted({_resolve(t).code for t in themes})
        if codes:
            text = f"{signal.title}\n{signal.description}\n{signal.examples or ''}"
            examples.append((signal.id, text, codes))
    return examples


def retrain(now: datetime) -> TrainedModel | None:
    """Train on the processed signals; keep a held-out top-3 accuracy."""
    examples = training_examples()
    if len(examples) < MIN_EXAMPLES:
        return None
    rows = [(text, codes) for _, text, codes in examples]
    shuffled = rows[:]
    random.Random(42).shuffle(shuffled)
    cut = max(1, len(shuffled) // 5)
    held_out, train_part = shuffled[:cut], shuffled[cut:]
    accuracy = top_k_accuracy(train(train_part), held_out, 3)
    # Few or noisy examples can learn worse than the theme words themselves:
    # keep the better of the two, measured on the same held-out signals.
    keywords = keyword_payload(db.session.scalars(select(Theme)))
    keyword_accuracy = top_k_accuracy(keywords, held_out, 3)
    model = db.session.get(TrainedModel, MODEL_NAME)
    if model is None:
        model = TrainedModel(name=MODEL_NAME)
        db.session.add(model)
    model.trained_at = now
    model.examples = len(rows)
    payload = train(rows)
    # Honest confidences: fitted on signals each fold's model did not see.
    payload["calibration"] = fit_calibration(train, rows)
    model.payload = payload
    model.metrics = {
        "top3_accuracy": round(accuracy, 4),
        "keyword_top3_accuracy": round(keyword_accuracy, 4),
        "use_trained": accuracy >= keyword_accuracy,
        "held_out": len(held_out),
        # The keyword fallback learns nothing from signals: all of them measure it.
        "keyword_calibration": fit_calibration(lambda _: keywords, rows, folds=1),
    }
    db.session.flush()
    _cache.clear()
    return model


_cache: dict[str, tuple[object, dict]] = {}


def current_payload() -> dict:
    """The trained payload, or the keyword fallback while examples are few."""
    trained = db.session.execute(
        select(
            TrainedModel.trained_at, TrainedModel.examples, TrainedModel.metrics
        ).where(TrainedModel.name == MODEL_NAME)
    ).first()
    themes = list(db.session.scalars(select(Theme)))
    if (
        trained is not None
        and trained.examples >= MIN_EXAMPLES
        and (trained.metrics or {}).get("use_trained", True)
    ):
        key = ("trained", trained.trained_at)
        cached = _cache.get(MODEL_NAME)
        if cached and cached[0] == key:
            return cached[1]
        payload = db.session.get_one(TrainedModel, MODEL_NAME).payload
        _cache[MODEL_NAME] = (key, payload)
        return payload
    # Measured on the processed signals once there were enough to train on.
    fitted = (trained.metrics or {}).get("keyword_calibration") if trained else None
    keywords_key = (
        "keywords",
        tuple(
            (t.id, t.label, t.description, t.active, t.merged_into_id) for t in themes
        ),
        repr(fitted),
    )
    cached = _cache.get("keywords")
    if cached and cached[0] == keywords_key:
        return cached[1]
    payload = keyword_payload(themes)
    if fitted:
        payload["calibration"] = fitted
    _cache["keywords"] = (keywords_key, payload)
    return payload


def suggest_themes(text: str, top: int = 3) -> list[Suggestion]:
    """The most likely active themes for a text, best first."""
    if not text or not text.strip():
        return []
    ranked = predict(current_payload(), text[:20000], top * 2)
    by_code = {
        t.code: _resolve(t)
        for t in db.session.scalars(
            select(Theme).options(selectinload(Theme.merged_into))
        )
    }
    result: list[Suggestion] = []
    seen: set[int] = set()
    for code, confidence in ranked:
        theme = by_code.get(code)
        if theme is None or not theme.active or theme.id in seen:
            continue
        if confidence < MIN_CONFIDENCE:
            break
        seen.add(theme.id)
        result.append(Suggestion(theme, confidence))
    return result[:top]
