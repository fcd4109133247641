"""Signals spread over wijken, themes and organisations, at known days."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from signalen.permissions import Role


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test counts its own data (the blocks are cached per window)."""
    from signalen.dashboards.queries import forget_tables
    from signalen.dashboards.wijken import forget_wijk_rows

    forget_tables()
    forget_wijk_rows()
    yield
    forget_tables()
    forget_wijk_rows()


@pytest.fixture
def areas(db):
    from signalen.themes.models import Area

    return {a.code: a for a in db.session.scalars(select(Area))}


@pytest.fixture
def spread(make_user, make_org, make_signal, areas):
    """Five housing signals from three organisations in Ledeberg (spring 2023),
    one income signal in Drongen (autumn 2024), one draft that never counts."""
    orgs = [make_org() for _ in range(3)]
    workers = [make_user(Role.WORKER, organisation=o) for o in orgs]
    spring = datetime(2023, 4, 10, 12, tzinfo=UTC)
    for i in range(5):
        make_signal(
            workers[i % 3],
            theme_codes=("wonen",),
            area_ids=[areas["ledeberg"].id],
            now=spring,
        )
    make_signal(
        workers[0],
        theme_codes=("inkomen",),
        area_ids=[areas["drongen"].id],
        now=datetime(2024, 10, 1, 9, tzinfo=UTC),
    )
    make_signal(
        workers[1],
        theme_codes=("inkomen",),
        area_ids=[areas["drongen"].id],
        submit=False,
        now=spring,
    )
    return {"orgs": orgs, "workers": workers}


def window(start=None, end=None, bundles=(), min_count=3):
    from signalen.dashboards.queries import Scope

    return Scope(bundles=tuple(bundles), start=start, end=end, min_count=min_count)


@pytest.fixture
def scope():
    return window


EVERYTHING = (date(2000, 1, 1), date(2999, 12, 31))
