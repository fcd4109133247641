"""The frozen shape of a bundle item: what closing writes and exports read.

Closing a period writes one ItemSnapshot per structural signal into
BundleItem.snapshot; everything downstream (bundle page, prioritisation,
Excel workbook) reads only this, so a closed bundle never changes.
"""

from __future__ import annotations

from typing import TypedDict


class Label(TypedDict):
    code: str
    label: str


class Evidence(TypedDict):
    signals: int  # number of linked signals
    organisations: int  # number of distinct organisations
    people_affected: int  # sum of the estimates (0 when none given)
    areas: int  # number of distinct wijken
    first_seen: str | None  # ISO date of the earliest signal
    last_seen: str | None  # ISO date of the latest signal
    bundles_seen: int  # in how many earlier bundles it appeared (0 = new)


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


def empty_evidence() -> Evidence:
    return Evidence(
        signals=0,
        organisations=0,
        people_affected=0,
        areas=0,
        first_seen=None,
        last_seen=None,
        bundles_seen=0,
    )
