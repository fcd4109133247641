"""Shared bulk data for the benchmarks (a helper, not a benchmark).

Structural signals, links and bundles with frozen items and answers, inserted
with SQLAlchemy Core in a few statements. Used by bench_visibility.py and
bench_pages.py; the signals themselves come from each benchmark (spread over
years there, generated Dutch texts in bench_coordination.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

BATCH = 10_000


def batches(rows: list, size: int = BATCH) -> Iterable[list]:
    for first in range(0, len(rows), size):
        yield rows[first : first + size]


def insert_structural(
    n: int,
    made: datetime,
    *,
    theme_ids: list[int] | None = None,
    owner_ids: list[int] | None = None,
) -> None:
    """Structural signals 1..n (open), each with one theme when theme_ids is
    given and an owner organisation (in turn) when owner_ids is given."""
    from sqlalchemy import insert

    from signalen.coordination.models import StructuralSignal, structural_themes
    from signalen.extensions import db

    owners = owner_ids or [None]
    rows = [
        {
            "id": s + 1, "reference": f"SS-{s + 1:06d}",
            "title": f"Structureel signaal {s}",
            "summary": "Gezinnen wachten jaren op een sociale woning.",
            "city_wide": False, "status": "open", "created_at": made,
            "updated_at": made, "version": 1,
            "owner_organisation_id": owners[s % len(owners)],
        }
        for s in range(n)
    ]  # fmt: skip
    for part in batches(rows):
        db.session.execute(insert(StructuralSignal.__table__), part)
    if theme_ids:
        for part in batches(list(range(n))):
            db.session.execute(
                insert(structural_themes),
                [
                    {"structural_signal_id": s + 1,
                     "theme_id": theme_ids[s % len(theme_ids)]}
                    for s in part
                ],
            )  # fmt: skip


def insert_links(pairs: list[tuple[int, int]], made: datetime) -> None:
    """(signal id, structural signal id) links."""
    from sqlalchemy import insert

    from signalen.coordination.models import SignalLink
    from signalen.extensions import db

    for part in batches(pairs):
        db.session.execute(
            insert(SignalLink.__table__),
            [{"signal_id": s, "structural_signal_id": ss, "linked_at": made}
             for s, ss in part],
        )  # fmt: skip


def published_bundle(
    start: date,
    structural_ids: list[int],
    themes: list[tuple[int, str]],
    area_codes: list[str],
    owner,
    *,
    prefix: str,
    answer_every: int = 2,
    public: bool = True,
):
    """A published two-year bundle from `start` with one frozen item per
    structural signal (a snapshot like close_bundle's), an answer on every
    `answer_every`-th item, and (public) its public page switched on."""
    from sqlalchemy import insert, select

    from signalen.bundles.models import Bundle, BundleItem, BundleStatus
    from signalen.extensions import db
    from signalen.public.services import set_public_page
    from signalen.responses.models import CityResponse

    bundle = Bundle(
        title=f"Signalenbundel {start.year}-{start.year + 1}",
        period_start=start, period_end=date(start.year + 1, 12, 31),
        status=BundleStatus.PUBLISHED, introduction="Inleiding.",
        closed_at=datetime(start.year + 2, 1, 1, tzinfo=UTC),
        published_at=datetime(start.year + 2, 2, 1, tzinfo=UTC),
    )  # fmt: skip
    db.session.add(bundle)
    db.session.flush()
    rows = []
    for n, s in enumerate(structural_ids):
        code = themes[s % len(themes)][1]
        area = area_codes[s % len(area_codes)]
        rows.append(
            {
                "bundle_id": bundle.id, "structural_signal_id": s,
                "reference": f"{prefix}-{n + 1:04d}", "position": n + 1,
                "title": f"Structureel signaal {s - 1}", "primary_theme_code": code,
                "is_recurring": False,
                "snapshot": {
                    "reference": f"SS-{s:06d}",
                    "title": f"Structureel signaal {s - 1}",
                    "summary": "Gezinnen wachten jaren op een sociale woning.",
                    "themes": [{"code": code, "label": code}],
                    "areas": [{"code": area, "label": area}],
                    "target_groups": [], "city_wide": False,
                    "government_level": None, "owner": None,
                    "owner_anonymous": False, "organisations": [],
                    "evidence": {"signals": 10, "organisations": 10,
                                 "bundles_seen": 1},
                    "examples": [], "proposed_solutions": [],
                },
            }
        )  # fmt: skip
    for part in batches(rows):
        db.session.execute(insert(BundleItem.__table__), part)
    item_ids = list(
        db.session.scalars(
            select(BundleItem.id)
            .where(BundleItem.bundle_id == bundle.id)
            .order_by(BundleItem.position)
        )
    )
    answered = item_ids[::answer_every]
    for part in batches(answered):
        db.session.execute(
            insert(CityResponse.__table__),
            [
                {"bundle_item_id": item_id, "response_type": "doorgegeven",
                 "text": "Doorgegeven aan de dienst Wonen.", "department": "Wonen",
                 "progress": "in_opvolging", "source": "app",
                 "created_at": datetime(start.year + 2, 3, 1, tzinfo=UTC)}
                for item_id in part
            ],
        )  # fmt: skip
    if public:
        set_public_page(bundle, True, owner, datetime.now(UTC))
    return bundle
