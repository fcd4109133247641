"""What an API token may read: the web pages' access rules, for its account.

- Bundles, items, answers and follow-up: a coördinator reads closed and
  published bundles, the stad published bundles only, anyone else (a worker,
  a beheerder) only the bundles whose public page is on, as without a login.
  Every item is what the public page shows (signalen/public/services.py): the
  same cleaning, no worker, no anonymous organisation, no internal note.
- The dashboards' counts: coördinator and stad only, with the dashboards' own
  scope (the stad sees nothing after its last published bundle) and the
  small-numbers rule.
"""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import func, select

from signalen.auth.models import User
from signalen.bundles.models import Bundle, BundleItem, BundleStatus
from signalen.dashboards.queries import (
    Scope,
    Table,
    city_ceiling,
    make_scope,
    table_by_key,
    visible_bundles,
)
from signalen.dashboards.wijken import cached_wijk_rows, wijk_table
from signalen.exports.sanitise import city_cleaner
from signalen.extensions import db
from signalen.permissions import Role, has_role
from signalen.public.services import PublicItem, is_public, public_bundles
from signalen.public.services import public_items as cached_public_items

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2999, 12, 31)
COUNT_READERS = (Role.COORDINATOR, Role.CITY)
#: The dashboards' blocks in page order, then the wijk view.
COUNT_KEYS = (
    "verloop",
    "themas",
    "wijken",
    "doelgroepen",
    "bestuursniveaus",
    "organisaties",
    "bundels",
    "structureel_thema",
    "beantwoord",
    "antwoordtypes",
    "opvolging",
    "per_wijk",
)


def readable_bundles(user: User) -> list[Bundle]:
    """The bundles this account may read through the API, newest first."""
    if has_role(user, Role.COORDINATOR):
        return visible_bundles(published_only=False)
    if has_role(user, Role.CITY):
        return visible_bundles(published_only=True)
    return public_bundles()


def readable_bundle(user: User, bundle_id: int) -> Bundle | None:
    """The bundle, if this account may read it."""
    bundle = db.session.get(Bundle, bundle_id)
    if bundle is None:
        return None
    if has_role(user, Role.COORDINATOR):
        allowed = bundle.status in (BundleStatus.CLOSED, BundleStatus.PUBLISHED)
    elif has_role(user, Role.CITY):
        allowed = bundle.status == BundleStatus.PUBLISHED
    else:
        allowed = is_public(bundle)
    return bundle if allowed else None


def item_counts(bundles: list[Bundle]) -> dict[int, int]:
    """Bundle id → number of items, in one query."""
    if not bundles:
        return {}
    rows = db.session.execute(
        select(BundleItem.bundle_id, func.count(BundleItem.id))
        .where(BundleItem.bundle_id.in_([b.id for b in bundles]))
        .group_by(BundleItem.bundle_id)
    )
    return {bundle_id: n for bundle_id, n in rows}


def bundle_fields(bundle: Bundle, items: int) -> dict:
    """A bundle as the API lists it."""
    return {
        "id": bundle.id,
        "title": bundle.title,
        "period_start": bundle.period_start,
        "period_end": bundle.period_end,
        "status": str(bundle.status),
        "published_at": bundle.published_at,
        "items": items,
        "public": is_public(bundle),
    }


def bundle_details(bundle: Bundle) -> dict:
    """One bundle, with its introduction (through the export's cleaning)."""
    fields = bundle_fields(bundle, item_counts([bundle]).get(bundle.id, 0))
    fields["introduction"] = city_cleaner().clean(bundle.introduction)
    return fields


def bundle_items(bundle: Bundle) -> list[PublicItem]:
    """The bundle's items as the public page shows them (cached per process)."""
    items, _stamp = cached_public_items(bundle)
    return items


def counts_scope(
    user: User,
    bundle: Bundle | None,
    start: date | None,
    end: date | None,
) -> Scope:
    """The dashboards' window for this account (the stad: published only)."""
    city = has_role(user, Role.CITY)
    bundles = visible_bundles(published_only=city)
    start = max(start, FIRST_DAY) if start else None
    end = min(end, LAST_DAY) if end else None
    return make_scope(
        bundles,
        bundle=bundle,
        start=start,
        end=end,
        ceiling=city_ceiling(bundles) if city else None,
        min_count=int(current_app.config.get("EXPORT_MIN_COUNT", 3)),
    )


def counts_table(scope: Scope, key: str) -> Table | None:
    """One dashboard block (or the wijk view) for the scope, from its cache."""
    seconds = float(current_app.config.get("DASHBOARD_CACHE_SECONDS", 60))
    if key == "per_wijk":
        return wijk_table(cached_wijk_rows(scope, seconds))
    return table_by_key(scope, key, seconds)


def table_fields(key: str, table: Table) -> dict:
    return {
        "key": key,
        "title": table.title,
        "columns": list(table.columns),
        "rows": [list(row) for row in table.rows],
        "note": table.note,
    }
