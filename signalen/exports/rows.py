"""Bundle items as rows: read a batch at a time, cleaned, counted.

Shared by the workbook writer and the benchmark's bare XlsxWriter floor, so
both write exactly the same values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import func, select, tuple_

from signalen.bundles.models import BundleItem
from signalen.bundles.snapshot import earlier_bundles
from signalen.exports.sanitise import (
    TextCleaner,
    hidden_organisations,
    owner_label,
    small_count,
)
from signalen.extensions import db
from signalen.followup.services import answer_summaries
from signalen.responses.models import (
    FOLLOW_UP_ROUTES,
    PROGRESS_STATUSES,
    RESPONSE_TYPES,
    CityResponse,
)

BATCH_SIZE = 1000
PREVIOUS_ANSWER_KEY = "previous_answer"  # see with_previous
NO_THEME = ("", "Zonder thema")
ANSWER_COLUMNS = (
    CityResponse.bundle_item_id,
    CityResponse.response_type,
    CityResponse.text,
    CityResponse.department,
    CityResponse.follow_up_route,
    CityResponse.progress,
)


def _labels(values: list | None) -> str:
    return ", ".join(v.get("label", "") for v in values or [] if v)


def _bullets(values: list | None) -> str:
    values = [v for v in values or [] if v]
    if len(values) == 1:
        return values[0]
    return "\n".join(f"• {v}" for v in values)


def _areas(snapshot: dict) -> list[str]:
    if snapshot.get("city_wide"):
        return ["Stadsbreed"]
    return [a.get("label", "") for a in snapshot.get("areas") or []]


@dataclass(frozen=True)
class Mention:
    """A remark from a consultation linked to the item, as exports show it."""

    consultation: str
    part: str
    source_code: str  # who gave it, e.g. "JR"
    text: str  # "" when the personal-data check at closing left it out

    @property
    def where(self) -> str:
        """How the bundle item page names it: "<consultation>, <part> (JR)"."""
        place = ", ".join(p for p in (self.consultation, self.part) if p)
        return f"{place} ({self.source_code})" if self.source_code else place


def consultation_mentions(
    snapshot: dict, clean, hidden: tuple[str, ...] = ()
) -> list[Mention]:
    """The snapshot's consultation mentions (older items have none), cleaned
    like every other text that leaves toward the city."""
    return [
        Mention(
            consultation=clean(m.get("consultation"), hidden),
            part=clean(m.get("part"), hidden),
            source_code=clean(m.get("source_code"), hidden),
            text=clean(m.get("text"), hidden),
        )
        for m in snapshot.get("consultation_mentions") or []
        if m
    ]


def _mention_cell(mentions: list[Mention]) -> str:
    return _bullets([f"{m.where}: {m.text}" if m.text else m.where for m in mentions])


def _evidence_cell(examples: str, mentions: list[Mention]) -> str:
    """The theme sheets' "Voorbeelden/citaten": the examples, then each
    mention as the bundle item page gives it."""
    lines = [
        f"Ook gemeld in inspraak: {m.where}" + (f"\n{m.text}" if m.text else "")
        for m in mentions
    ]
    return "\n\n".join(p for p in (examples, *lines) if p)


def answer_cells(latest, cleaner: TextCleaner) -> list[str]:
    """The five answer cells as the workbook holds them (answer, type, department,
    route, status); the import compares what comes back with these."""
    if latest is None:
        return ["", "", "", "", ""]
    return [
        cleaner.clean(latest.text),
        str(RESPONSE_TYPES.get(latest.response_type, "")),
        cleaner.clean(latest.department),
        str(FOLLOW_UP_ROUTES.get(latest.follow_up_route or "", "")),
        str(PROGRESS_STATUSES.get(latest.progress or "", "")),
    ]


@dataclass
class PreparedItem:
    """One bundle item as it goes into the workbook (already cleaned)."""

    theme: tuple[str, str]  # (code, label) of the primary theme
    signal_row: list
    theme_row: list
    themes: list[str]
    areas: list[str]
    target_groups: list[str]
    government_level: str


def prepare_item(
    reference: str,
    snapshot: dict,
    latest,
    cleaner: TextCleaner,
    min_count: int,
) -> PreparedItem:
    """Turn a snapshot into the cleaned values of its rows."""
    hidden = hidden_organisations(snapshot)
    clean = cleaner.clean
    evidence = snapshot.get("evidence") or {}
    themes = snapshot.get("themes") or []
    level = snapshot.get("government_level") or {}
    title = clean(snapshot.get("title"), hidden)
    summary = clean(snapshot.get("summary"), hidden)
    examples = clean(_bullets(snapshot.get("examples")), hidden)
    mentions = consultation_mentions(snapshot, clean, hidden)
    areas = _areas(snapshot)
    answer = answer_cells(latest, cleaner)
    owner = owner_label(snapshot)
    signal_row = [
        reference,
        title,
        summary,
        _labels(themes),
        _labels(snapshot.get("target_groups")),
        ", ".join(areas),
        level.get("label", "") if level else "",
        small_count(evidence.get("signals"), min_count),
        small_count(evidence.get("organisations"), min_count),
        small_count(evidence.get("people_affected"), min_count),
        earlier_bundles(evidence),
        examples,
        clean(_bullets(snapshot.get("proposed_solutions")), hidden),
        owner,
        *answer,
        clean(snapshot.get(PREVIOUS_ANSWER_KEY), hidden),
        _mention_cell(mentions),
    ]
    signal_text = f"{title}\n\n{summary}" if summary else title
    # The theme sheets are the reading layout: who can act and who follows up.
    facts = [
        f"Bestuursniveau: {level.get('label')}" if level and level.get("label") else "",
        f"Trekker: {owner}" if owner else "",
    ]
    if any(facts):
        signal_text += "\n\n" + " · ".join(f for f in facts if f)
    primary = (
        (themes[0].get("code", ""), themes[0].get("label", "")) if themes else NO_THEME
    )
    return PreparedItem(
        theme=primary,
        signal_row=signal_row,
        theme_row=[
            reference,
            signal_text,
            _evidence_cell(examples, mentions),
            answer[0],
        ],
        themes=[t.get("label", "") for t in themes],
        areas=areas,
        target_groups=[t.get("label", "") for t in snapshot.get("target_groups") or []],
        government_level=(level.get("label") if level else None) or "Onbekend",
    )


def batch_query(bundle_id: int, last: tuple[int, int] | None, batch_size: int):
    """The next batch of items after (position, id) `last`, in bundle order.

    A row-value comparison on the index (bundle_id, position, id): the database
    starts at `last` and reads batch_size rows, no sort (see test_item_batches).
    """
    stmt = select(
        BundleItem.id, BundleItem.position, BundleItem.reference, BundleItem.snapshot
    ).where(BundleItem.bundle_id == bundle_id)
    if last is not None:
        stmt = stmt.where(tuple_(BundleItem.position, BundleItem.id) > tuple_(*last))
    return stmt.order_by(BundleItem.position, BundleItem.id).limit(batch_size)


def iter_item_batches(
    bundle_id: int, batch_size: int = BATCH_SIZE, answers_up_to: int | None = None
) -> Iterator[list[tuple]]:
    """Items in bundle order, a batch at a time, with their latest answer.

    Keyset pagination keeps memory flat and lets the caller commit in between.
    Each batch starts where the last one ended, on the index
    (bundle_id, position, id): no batch re-reads or re-sorts the bundle.
    With answers_up_to, the latest answer is the latest with an id up to it
    (the answers as they stood when the export started).
    """
    last: tuple[int, int] | None = None
    while True:
        rows = db.session.execute(batch_query(bundle_id, last, batch_size)).all()
        if not rows:
            return
        ids = [r.id for r in rows]
        latest = {}
        answers = select(*ANSWER_COLUMNS).where(CityResponse.bundle_item_id.in_(ids))
        if answers_up_to is not None:
            answers = answers.where(CityResponse.id <= answers_up_to)
        # Plain rows, not ORM objects: nothing piles up in the session.
        for response in db.session.execute(answers.order_by(CityResponse.id)):
            latest[response.bundle_item_id] = response
        previous = previous_answers(ids, answers_up_to)
        yield [
            (
                r.id,
                r.reference,
                with_previous(r.snapshot or {}, previous.get(r.id)),
                latest.get(r.id),
            )
            for r in rows
        ]
        last = (rows[-1].position, rows[-1].id)


def with_previous(snapshot: dict, previous: str | None) -> dict:
    """The snapshot as written, with the previous bundle's answer beside it.

    The frozen snapshot itself is not changed; the answer is read at export
    time (bounded by answers_up_to like the current answers).
    """
    if not previous:
        return snapshot
    return {**snapshot, PREVIOUS_ANSWER_KEY: previous}


def previous_answers(
    item_ids: list[int], answers_up_to: int | None = None
) -> dict[int, str]:
    """Per recurring item, the previous bundle's answer and follow-up in words."""
    earlier: dict[int, int] = {
        item_id: previous_id
        for item_id, previous_id in db.session.execute(
            select(BundleItem.id, BundleItem.previous_item_id).where(
                BundleItem.id.in_(item_ids), BundleItem.previous_item_id.is_not(None)
            )
        ).all()
        if previous_id is not None
    }
    if not earlier:
        return {}
    texts = answer_summaries(list(earlier.values()), answers_up_to)
    return {
        item_id: texts[previous_id]
        for item_id, previous_id in earlier.items()
        if previous_id in texts
    }


def primary_themes(bundle_id: int) -> dict[str, str]:
    """Code → label of every primary theme in the bundle, read before writing.

    The workbook's sheets are written in their final order, so the theme
    sheets must exist before the first item is written. The database reads
    the first theme out of each snapshot; no snapshot is loaded here.
    """
    code = BundleItem.snapshot[("themes", 0, "code")].as_string()
    label = BundleItem.snapshot[("themes", 0, "label")].as_string()
    found: dict[str, str] = {}
    rows = db.session.execute(
        select(code, label).where(BundleItem.bundle_id == bundle_id).distinct()
    )
    for theme_code, theme_label in sorted(rows, key=lambda r: (r[0] or "", r[1] or "")):
        if theme_code is None and theme_label is None:
            theme_code, theme_label = NO_THEME
        found.setdefault(theme_code or "", theme_label or "")
    return found


@dataclass
class Tally:
    """Counts per dimension for the Overzicht sheet."""

    items: int = 0
    themes: Counter = field(default_factory=Counter)
    areas: Counter = field(default_factory=Counter)
    target_groups: Counter = field(default_factory=Counter)
    levels: Counter = field(default_factory=Counter)

    def add(self, themes, areas, target_groups, level) -> None:
        self.items += 1
        self.themes.update(t for t in themes if t)
        self.areas.update(a for a in areas if a)
        self.target_groups.update(t for t in target_groups if t)
        self.levels[level] += 1

    def add_snapshot(self, snapshot: dict) -> None:
        level = snapshot.get("government_level") or {}
        self.add(
            [t.get("label", "") for t in snapshot.get("themes") or []],
            _areas(snapshot),
            [t.get("label", "") for t in snapshot.get("target_groups") or []],
            (level.get("label") if level else None) or "Onbekend",
        )


def tally_bundle(bundle_id: int) -> Tally:
    """The counts of a whole bundle (the previous one, for comparison)."""
    tally = Tally()
    for batch in iter_item_batches(bundle_id):
        for _id, _ref, snapshot, _latest in batch:
            tally.add_snapshot(snapshot)
    return tally


def count_items(bundle_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count(BundleItem.id)).where(BundleItem.bundle_id == bundle_id)
        )
        or 0
    )
