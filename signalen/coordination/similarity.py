"""Which signals and structural signals look like this one (for coordinators).

Candidates come from the full-text index: the top 200 (bm25) for the signal's
few most distinctive words (rarest among all signals, yet found in another
one). They are rescored in Python: TF-IDF cosine on lightly stemmed Dutch
words (title counts double), plus Jaccard overlap of themes and wijken. The
score is 0-100.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from signalen.coordination.models import (
    SignalLink,
    StructuralSignal,
    StructuralStatus,
    structural_areas,
    structural_themes,
)
from signalen.coordination.search import (
    DF_CAP,
    candidate_match,
    document_counts,
    ranked_candidates,
)
from signalen.coordination.words import query_words, terms
from signalen.extensions import db
from signalen.signals.models import Signal, signal_areas, signal_themes

CANDIDATES = 200
QUERY_TERMS = 5  # distinctive words looked up for candidates
MIN_TERMS = 2
# Scores (0-100) below SHOWN_MIN are not shown at all; below WEAK_BELOW they
# are marked "zwak" rather than shown with a low percentage.
SHOWN_MIN, WEAK_BELOW = 10, 30
TEXT_WEIGHT, THEME_WEIGHT, AREA_WEIGHT = 0.7, 0.2, 0.1


def distinctive_words(text: str | None, limit: int = QUERY_TERMS) -> list[str]:
    """The few words of the text that are rarest among all signals (highest
    IDF) but found in at least one other signal; longer words win ties."""
    counts = document_counts(query_words(text))
    ranked = sorted(counts, key=lambda w: (counts[w], -len(w), w))
    chosen = [w for w in ranked if 2 <= counts[w] < DF_CAP][:limit]
    if len(chosen) < MIN_TERMS:  # only common words: take the least common
        chosen += [w for w in ranked if counts[w] >= DF_CAP][: MIN_TERMS - len(chosen)]
    return chosen


def jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _vector(title: str, body: str) -> Counter:
    vector = Counter(terms(body))
    for term in terms(title):
        vector[term] += 2
    return vector


@dataclass
class Item:
    """One document to compare: text, themes and wijken."""

    key: int
    title: str
    body: str
    themes: set[int]
    areas: set[int]
    city_wide: bool = False


@dataclass
class Match:
    id: int
    score: int  # 0-100
    text: float
    themes: float
    areas: float


def rank(target: Item, items: Iterable[Item], limit: int) -> list[Match]:
    """Score items against the target; IDF comes from this pool of documents."""
    pool = list(items)
    vectors = {i.key: _vector(i.title, i.body) for i in pool}
    target_vector = _vector(target.title, target.body)
    df: Counter = Counter()
    for vector in (*vectors.values(), target_vector):
        df.update(vector.keys())
    n = len(pool) + 1

    idf = {t: math.log(1 + n / d) for t, d in df.items()}

    def weigh(vector: Counter) -> dict[str, float]:
        return {
            t: (1 + math.log(c) if c > 1 else 1.0) * idf[t] for t, c in vector.items()
        }

    target_weights = weigh(target_vector)
    target_norm = math.sqrt(sum(v * v for v in target_weights.values()))
    matches = []
    for item in pool:
        weights = weigh(vectors[item.key])
        norm = math.sqrt(sum(v * v for v in weights.values()))
        dot = sum(v * target_weights.get(k, 0.0) for k, v in weights.items())
        text = dot / (norm * target_norm) if norm and target_norm else 0.0
        themes = jaccard(target.themes, item.themes)
        if target.city_wide and item.city_wide:
            areas = 1.0
        else:
            areas = jaccard(target.areas, item.areas)
        score = TEXT_WEIGHT * text + THEME_WEIGHT * themes + AREA_WEIGHT * areas
        matches.append(Match(item.key, round(100 * score), text, themes, areas))
    matches.sort(key=lambda m: (-m.score, -m.text, m.id))
    return matches[:limit]


# --- database side ---------------------------------------------------------


def _signal_items(ids: list[int]) -> dict[int, Item]:
    if not ids:
        return {}
    items: dict[int, Item] = {}
    rows = db.session.execute(
        select(
            Signal.id,
            Signal.title,
            Signal.description,
            Signal.examples,
            Signal.city_wide,
        ).where(Signal.id.in_(ids))
    ).all()
    for sid, title, description, examples, city_wide in rows:
        body = description + ("\n" + examples if examples else "")
        items[sid] = Item(sid, title, body, set(), set(), bool(city_wide))
    for sid, theme_id in db.session.execute(
        select(signal_themes.c.signal_id, signal_themes.c.theme_id).where(
            signal_themes.c.signal_id.in_(ids)
        )
    ).all():
        items[sid].themes.add(theme_id)
    for sid, area_id in db.session.execute(
        select(signal_areas.c.signal_id, signal_areas.c.area_id).where(
            signal_areas.c.signal_id.in_(ids)
        )
    ).all():
        items[sid].areas.add(area_id)
    return items


def signal_text(signal: Signal) -> str:
    return "\n".join(
        t for t in (signal.title, signal.description, signal.examples) if t
    )


def candidate_query(signal: Signal) -> str:
    """The full-text query candidate_ids runs for this signal (for the bench)."""
    chosen = distinctive_words(signal_text(signal))
    return candidate_match(chosen) if chosen else ""


def candidate_ids(signal: Signal, limit: int = CANDIDATES) -> list[int]:
    """Submitted signals sharing the signal's most distinctive words, best
    text match (bm25) first."""
    chosen = distinctive_words(signal_text(signal))
    return ranked_candidates(chosen, exclude_id=signal.id, limit=limit)


@dataclass
class SimilarSignal:
    signal: Signal
    score: int

    @property
    def weak(self) -> bool:
        """Shown as "zwak" instead of a low percentage."""
        return self.score < WEAK_BELOW


@dataclass
class SimilarStructural:
    structural: StructuralSignal
    score: int
    via: str | None  # reference of the signal that makes it similar, if any

    @property
    def weak(self) -> bool:
        return self.score < WEAK_BELOW


def similar_to(
    signal: Signal, limit: int = 8, structural_limit: int = 5
) -> tuple[list[SimilarSignal], list[SimilarStructural]]:
    """The most similar signals and structural signals for the review page."""
    ids = candidate_ids(signal)
    items = _signal_items([signal.id, *ids])
    target = items.get(signal.id)
    if target is None:
        return [], []
    pool = (items[i] for i in ids if i in items and i != signal.id)
    matches = rank(target, pool, len(ids))
    top = [m for m in matches if m.score >= SHOWN_MIN][:limit]
    loaded = {
        s.id: s
        for s in db.session.scalars(
            select(Signal).where(Signal.id.in_([m.id for m in top]))
        )
    }
    similar = [SimilarSignal(loaded[m.id], m.score) for m in top if m.id in loaded]

    # Structural signals: the best linked candidate, or their own text.
    score_by_id = {m.id: m for m in matches}
    best: dict[int, tuple[int, str | None]] = {}
    links = db.session.execute(
        select(SignalLink.structural_signal_id, Signal.id, Signal.reference)
        .join(Signal, Signal.id == SignalLink.signal_id)
        .where(
            SignalLink.unlinked_at.is_(None),
            SignalLink.signal_id.in_(list(score_by_id)),
        )
    )
    for structural_id, sid, reference in links:
        score = score_by_id[sid].score
        if score > best.get(structural_id, (-1, None))[0]:
            best[structural_id] = (score, reference)
    own = _structural_items()
    if own:
        for m in rank(target, own.values(), structural_limit * 2):
            if m.score > best.get(m.id, (-1, None))[0]:
                best[m.id] = (m.score, None)
    current = _current_structural_id(signal)
    ranked = sorted(
        (
            (sid, s, via)
            for sid, (s, via) in best.items()
            if sid != current and s >= SHOWN_MIN
        ),
        key=lambda x: (-x[1], x[0]),
    )[:structural_limit]
    structurals = {
        s.id: s
        for s in db.session.scalars(
            select(StructuralSignal).where(
                StructuralSignal.id.in_([r[0] for r in ranked])
            )
        )
    }
    return similar, [SimilarStructural(structurals[i], s, via) for i, s, via in ranked]


def _current_structural_id(signal: Signal) -> int | None:
    return db.session.scalar(
        select(SignalLink.structural_signal_id).where(
            SignalLink.signal_id == signal.id, SignalLink.unlinked_at.is_(None)
        )
    )


def _structural_items(max_items: int = 500) -> dict[int, Item]:
    """Open structural signals compared on their own title, summary, themes."""
    rows = db.session.execute(
        select(
            StructuralSignal.id,
            StructuralSignal.title,
            StructuralSignal.summary,
            StructuralSignal.city_wide,
        )
        .where(
            StructuralSignal.status.in_(
                [StructuralStatus.OPEN, StructuralStatus.FOLLOW_UP]
            )
        )
        .order_by(StructuralSignal.updated_at.desc())
        .limit(max_items)
    )
    items = {
        sid: Item(sid, title, summary or "", set(), set(), bool(city_wide))
        for sid, title, summary, city_wide in rows
    }
    if not items:
        return items
    for table, attr in ((structural_themes, "themes"), (structural_areas, "areas")):
        other = table.c.theme_id if attr == "themes" else table.c.area_id
        for sid, value in db.session.execute(
            select(table.c.structural_signal_id, other).where(
                table.c.structural_signal_id.in_(list(items))
            )
        ):
            getattr(items[sid], attr).add(value)
    return items
