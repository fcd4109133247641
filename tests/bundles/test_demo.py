"""The demo: a published previous bundle and the open current period."""

from datetime import date

import pytest
from sqlalchemy import func, select

from signalen.bundles import services
from signalen.bundles.models import Bundle, BundleStatus


@pytest.mark.parametrize("today", [date(2026, 11, 23), date(2027, 2, 10)])
def test_demo_has_a_published_bundle_and_an_open_period(db, today):
    from signalen.demo import load_demo

    assert load_demo(today=today)
    db.session.commit()
    published = db.session.scalar(
        select(Bundle).where(Bundle.status == BundleStatus.PUBLISHED)
    )
    assert published.period_start == date(today.year - 2, 1, 1)
    assert 8 <= len(published.items) <= 12
    assert published.introduction
    for item in published.items:
        evidence = item.snapshot["evidence"]
        assert evidence["signals"] >= 1
    assert any(i.snapshot["evidence"]["organisations"] >= 2 for i in published.items)
    current = services.open_bundle()
    assert current.period_start <= today <= current.period_end
    progress = services.open_progress(current)
    assert progress.structural >= 3 and progress.recurring >= 1
    # Runs once: a second load changes nothing.
    from signalen.bundles.demo import load

    assert load({}, today) == published
    assert db.session.scalar(select(func.count(Bundle.id))) == 2
