"""Theme suggestions: the most likely themes for a text, with a confidence.

A multinomial Naive Bayes over lightly stemmed words, trained on the signals
coordinators processed (linked → the structural signal's themes, else the
signal's own themes) and stored as JSON in TrainedModel("theme_suggestions").
With fewer than MIN_EXAMPLES examples the same classifier is built from the
theme labels, descriptions and a few keywords per seeded theme.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
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
MIN_CONFIDENCE = 0.05
WEAK_CONFIDENCE = 0.3  # below this a suggestion says "zwak", not a percentage
MAX_VOCAB = 20_000

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


def predict(payload: dict, text: str, top: int = 3) -> list[tuple[str, float]]:
    """The top theme codes with posterior probabilities (summing to ≤ 1)."""
    features = Counter(terms(text))
    counts = payload.get("counts") or {}
    known = [t for t in features if any(t in c for c in counts.values())]
    if not known:
        return []
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
    best = max(scores.values())
    exp = {code: math.exp(s - best) for code, s in scores.items()}
    norm = sum(exp.values())
    ranked = sorted(((c, v / norm) for c, v in exp.items()), key=lambda x: -x[1])
    return ranked[:top]


def top_k_accuracy(payload: dict, examples: Sequence[tuple[str, Sequence[str]]],
                   k: int = 3) -> float:  # fmt: skip
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
    model.payload = train(rows)
    model.metrics = {
        "top3_accuracy": round(accuracy, 4),
        "keyword_top3_accuracy": round(keyword_accuracy, 4),
        "use_trained": accuracy >= keyword_accuracy,
        "held_out": len(held_out),
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
    key = ("keywords", tuple((t.id, t.label, t.description, t.active,
                               t.merged_into_id) for t in themes))  # fmt: skip
    cached = _cache.get("keywords")
    if cached and cached[0] == key:
        return cached[1]
    payload = keyword_payload(themes)
    _cache["keywords"] = (key, payload)
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
