"""A worker's signal in a published bundle, and the same signal in the next one."""

from __future__ import annotations

from datetime import date

import pytest

from signalen.bundles.models import BundleStatus
from signalen.permissions import Role


@pytest.fixture
def published(make_user, make_signal, make_structural, make_bundle, db):
    """(worker, city, coordinator, signal, item) on a published bundle."""
    worker = make_user()
    city = make_user(Role.CITY)
    coordinator = make_user(Role.COORDINATOR)
    signal = make_signal(worker, title="Te weinig betaalbare woningen")
    structural = make_structural([signal], title="Betaalbaar wonen")
    bundle = make_bundle([structural], status=BundleStatus.PUBLISHED)
    return worker, city, coordinator, signal, bundle.items[0]


@pytest.fixture
def recurring(published, make_bundle, db):
    """The same structural signal again, in the next (published) bundle."""
    worker, city, coordinator, signal, old_item = published
    new_bundle = make_bundle(
        [old_item.structural_signal],
        status=BundleStatus.PUBLISHED,
        start=date(2025, 1, 1),
        end=date(2026, 12, 31),
    )
    new_item = new_bundle.items[0]
    new_item.is_recurring = True
    new_item.previous_item_id = old_item.id
    db.session.commit()
    return worker, city, coordinator, signal, old_item, new_item
