"""The frozen shape of a bundle item: what closing writes and exports read.

Closing a period writes one ItemSnapshot per structural signal into
BundleItem.snapshot; everything downstream (bundle page, prioritisation,
Excel workbook) reads only this, so a closed bundle never changes.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

from signalen.coordination.evidence import LinkEvidence


class Label(TypedDict):
    code: str
    label: str


class Evidence(LinkEvidence):
    """The links' evidence (signals, organisations, people, wijken, dates) and
    in how many bundles the structural signal appeared: the earlier ones (0 =
    new) while open, this one included in a frozen item."""

    bundles_seen: int


class ConsultationMention(TypedDict):
    """A consultation remark linked to the structural signal (see sources.py)."""

    consultation: str  # the consultation's title
    part: str  # the chapter or action, e.g. "2.3.3 Een sterk sociaal buurtnetwerk"
    source_code: str  # who said it, e.g. "JR"
    text: str | None  # the remark; None when the personal-data check found anything


class ItemSnapshot(TypedDict):
    reference: str  # the structural signal's reference, e.g. "SS-2026-0003"
    title: str
    summary: str
    status: str  # StructuralStatus value at closing
    themes: list[Label]  # first theme is the primary one
    target_groups: list[Label]
    areas: list[Label]
    city_wide: bool
    government_level: Label | None
    owner: str | None  # trekker organisation name
    owner_anonymous: bool  # True: the owner chose not to be named to the city
    organisations: list[dict]  # [{"name": str, "anonymous_to_city": bool}, ...]
    evidence: Evidence
    examples: list[str]  # anonymised examples from the linked signals
    proposed_solutions: list[str]
    # Absent in items frozen before consultations existed: read with .get().
    consultation_mentions: NotRequired[list[ConsultationMention]]


def earlier_bundles(evidence: dict | None) -> int:
    """In how many bundles before this one a frozen item appeared (0 = new).

    A frozen item's `bundles_seen` counts its own bundle too; an item frozen
    without the count is new."""
    seen = int((evidence or {}).get("bundles_seen") or 1)
    return max(seen - 1, 0)
