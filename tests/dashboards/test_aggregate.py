"""The precomputed counts per month answer every window exactly as a fresh
count of the signals does, and are not used once the signals change."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update

from signalen.dashboards import aggregate, queries, wijken
from signalen.dashboards.models import DashboardCount
from signalen.permissions import Role

WINDOWS = [
    (None, None),
    (date(2023, 1, 1), date(2023, 12, 31)),  # whole months
    (date(2023, 1, 31), date(2023, 3, 1)),  # a day at each edge
    (date(2023, 1, 15), None),
    (None, date(2023, 2, 14)),
    (date(2023, 2, 1), date(2023, 2, 1)),  # one day
    (date(2023, 2, 2), date(2023, 2, 27)),  # inside one month
    (date(2023, 3, 1), date(2023, 3, 31)),  # one whole month
    (date(2030, 1, 1), date(2030, 12, 31)),  # nothing
]
MOMENTS = [
    datetime(2023, 1, 1, 0, 0, tzinfo=UTC),
    datetime(2023, 1, 31, 23, 59, 59, tzinfo=UTC),
    datetime(2023, 2, 1, 0, 0, tzinfo=UTC),
    datetime(2023, 2, 14, 12, tzinfo=UTC),
    datetime(2023, 2, 28, 23, 0, tzinfo=UTC),
    datetime(2023, 3, 1, 0, 0, 1, tzinfo=UTC),
    datetime(2023, 12, 31, 23, 59, tzinfo=UTC),
    datetime(2024, 1, 1, 0, 0, tzinfo=UTC),
]


@pytest.fixture(autouse=True)
def may_queue():
    """Each test may queue a rebuild (a process queues one per 30 s)."""
    aggregate.forget_queued()
    yield
    aggregate.forget_queued()


@pytest.fixture
def varied(make_user, make_org, make_signal, make_structural, make_bundle, themes):
    """Signals at the edges of months, with several themes, wijken, target
    groups and levels, some city-wide, some linked (one unlinked), a draft."""
    from signalen.coordination.services import unlink_signal
    from signalen.extensions import db
    from signalen.themes.models import Area, GovernmentLevel, TargetGroup

    areas = list(db.session.scalars(select(Area).order_by(Area.id)))
    groups = list(db.session.scalars(select(TargetGroup).order_by(TargetGroup.id)))
    levels = list(db.session.scalars(select(GovernmentLevel)))
    codes = sorted(themes)
    workers = [make_user(Role.WORKER, organisation=make_org()) for _ in range(4)]
    signals = []
    for i, moment in enumerate(MOMENTS * 3):
        signals.append(
            make_signal(
                workers[i % 4],
                theme_codes=(codes[i % 5], codes[(i + 2) % 7]),
                area_ids=[] if i % 6 == 0 else [areas[i % 4].id, areas[i % 3].id],
                city_wide=i % 6 == 0,
                target_group_ids=[groups[i % 3].id],
                government_level_id=levels[i % 3].id if i % 4 else None,
                now=moment,
            )
        )
    make_signal(workers[0], submit=False, now=MOMENTS[2])
    first = make_structural(signals[:9], title="Wachtlijsten")
    second = make_structural(signals[9:15], title="Energie")
    make_structural(signals[15:18], title="Niet gebundeld")
    coordinator = make_user(Role.COORDINATOR)
    unlink_signal(signals[3], coordinator)
    db.session.commit()
    bundle = make_bundle([first, second], start=date(2000, 1, 1), end=date(2999, 1, 1))
    return {"signals": signals, "bundle": bundle, "worker": workers[0]}


def both_ways(dim, start, end, keys=("month", "k1", "k2")):
    stored = sorted(aggregate.grouped(dim, start, end, keys, table=True))
    live = sorted(aggregate.grouped(dim, start, end, keys, table=False))
    return stored, live


def test_every_dimension_and_window_matches_a_fresh_count(db, varied):
    aggregate.rebuild_counts()
    db.session.commit()
    assert aggregate.counts_are_current()
    assert db.session.scalar(select(DashboardCount.n).limit(1)) is not None
    for start, end in WINDOWS:
        for dim in aggregate.DIMENSIONS:
            stored, live = both_ways(dim, start, end)
            assert stored == live, (dim, start, end)


def test_the_counts_agree_with_counting_the_objects(db, varied):
    """An independent count, signal by signal, for one unaligned window."""
    aggregate.rebuild_counts()
    start, end = date(2023, 1, 31), date(2023, 3, 1)
    expected: Counter = Counter()
    for signal in varied["signals"]:
        day = signal.submitted_at.date()
        if start <= day <= end:
            for theme in signal.themes:
                expected[theme.id] += 1
    stored = dict(aggregate.grouped("theme", start, end, ("k1",), table=True))
    assert stored == dict(expected)
    assert sum(expected.values()) > 0


def _tables(scope, table: bool, monkeypatch) -> tuple:
    monkeypatch.setattr(aggregate, "use_counts", lambda: table)
    blocks = [(t.key, t.rows) for t in queries.dashboard_tables(scope, seconds=0)]
    rows = [vars(row) for row in wijken.wijk_rows(scope)]
    return blocks, rows


def test_dashboard_blocks_and_wijk_view_are_the_same_from_the_table(
    db, varied, scope, monkeypatch
):
    aggregate.rebuild_counts()
    bundles = (varied["bundle"],)
    for start, end in WINDOWS:
        window = scope(start, end, bundles=bundles, min_count=1)
        from_table = _tables(window, True, monkeypatch)
        fresh = _tables(window, False, monkeypatch)
        assert from_table == fresh, (start, end)
    everything = _tables(scope(bundles=bundles, min_count=1), True, monkeypatch)
    assert any(row["structural"] for row in everything[1])


def test_a_change_to_the_signals_makes_the_table_stale(db, varied, make_signal, themes):
    aggregate.rebuild_counts()
    assert aggregate.counts_are_current()
    # A theme swapped on a signal (same number of theme links): its version moves.
    signal = varied["signals"][1]
    signal.themes = [themes["inkomen"]]
    db.session.flush()
    assert not aggregate.counts_are_current()
    aggregate.rebuild_counts()
    assert aggregate.counts_are_current()
    make_signal(varied["worker"], now=MOMENTS[3])
    assert not aggregate.counts_are_current()
    aggregate.rebuild_counts()
    stored, live = both_ways("theme", None, None)
    assert stored == live


def test_unlinking_makes_the_table_stale(db, varied, make_user):
    from signalen.coordination.services import unlink_signal

    aggregate.rebuild_counts()
    unlink_signal(varied["signals"][4], make_user(Role.COORDINATOR))
    db.session.flush()
    assert not aggregate.counts_are_current()


def test_a_stale_table_is_not_read_and_a_rebuild_is_queued(
    db, varied, scope, monkeypatch
):
    """The page reads the table only while it matches the signals."""
    aggregate.rebuild_counts()
    db.session.execute(
        update(DashboardCount)
        .where(DashboardCount.dim == "theme")
        .values(n=DashboardCount.n + 1000)
    )
    db.session.commit()
    window = scope(min_count=1)
    inflated = queries.signals_per_theme(window).rows
    assert max(row[1] for row in inflated) > 1000  # read from the table
    queued = []
    monkeypatch.setattr(aggregate, "enqueue", queued.append)
    varied["signals"][0].title = "Gewijzigd"
    db.session.commit()
    assert max(row[1] for row in queries.signals_per_theme(window).rows) < 1000
    assert queued == [aggregate.REBUILD_TASK]
    # Read again while still behind: counted live again, not queued again.
    assert max(row[1] for row in queries.signals_per_theme(window).rows) < 1000
    assert queued == [aggregate.REBUILD_TASK]


def test_the_task_does_nothing_when_the_table_is_current(db, varied, monkeypatch):
    aggregate.rebuild_counts()
    db.session.commit()
    calls = []
    monkeypatch.setattr(aggregate, "rebuild_counts", lambda: calls.append(1))
    aggregate.rebuild_counts_task()
    assert calls == []


def test_the_queued_rebuild_brings_the_table_back(db, varied, scope):
    """With TASK_IMMEDIATE the task runs at once, in a session of its own."""
    aggregate.rebuild_counts()
    db.session.commit()
    make_stale = varied["signals"][0]
    make_stale.title = "Gewijzigd"
    db.session.commit()
    assert not aggregate.counts_are_current()
    assert aggregate.use_counts()  # queued, run, and current again
    assert aggregate.counts_are_current()


def test_the_job_rebuilds_only_when_the_signals_changed(db, varied):
    now = datetime(2024, 1, 2, tzinfo=UTC)
    assert aggregate.rebuild_counts_job(now)
    assert aggregate.rebuild_counts_job(now) is None


def test_split_window_whole_months_and_edges():
    split = aggregate.split_window(date(2023, 1, 15), date(2023, 3, 10), True)
    assert split.months == (202302, 202303)
    assert split.live is not None
    split = aggregate.split_window(date(2023, 1, 1), date(2023, 2, 28), True)
    assert split.months == (202301, 202303) and split.live is None
    split = aggregate.split_window(date(2023, 2, 2), date(2023, 2, 27), True)
    assert split.months is None
    assert aggregate.split_window(None, None, True) == aggregate.Split(
        (None, None), None
    )


def test_median_wait_of_an_odd_number_and_an_answer_before_closing(
    db, make_signal, make_structural, make_bundle, make_user, scope
):
    from signalen.responses.services import Answer, record_answer

    structurals = [make_structural([make_signal()], title=f"S{i}") for i in range(4)]
    bundle = make_bundle(structurals)
    bundle.closed_at = datetime(2025, 1, 10, tzinfo=UTC)
    db.session.commit()
    city = make_user(Role.CITY)
    days = (datetime(2025, 1, 5), datetime(2025, 1, 16), datetime(2025, 1, 21))
    for item, day in zip(bundle.items, days, strict=False):
        moment = day.replace(tzinfo=UTC)
        record_answer(item, city, Answer("onderzoek", "Bekijken we."), now=moment)
    db.session.commit()
    per_bundle = queries.answers_per_bundle(scope(bundles=[bundle]))
    # Waits 0 (answered before closing), 6 and 11 days: median 6; 3 of 4.
    assert per_bundle.rows == [[bundle.title, 75, 4, 3, 6]]
    later = datetime(2025, 3, 1, tzinfo=UTC)
    record_answer(bundle.items[2], city, Answer("opgenomen", "Gedaan."), now=later)
    db.session.commit()
    # A later answer to an answered item does not move its first answer.
    assert queries.answers_per_bundle(scope(bundles=[bundle])).rows[0][4] == 6


@pytest.mark.parametrize("top", [1, 2, 3])
def test_wijk_ranking_from_the_table_is_exact(db, varied, scope, monkeypatch, top):
    """Over all time from the per-bundle rankings, in a window ranked in SQL
    from the table: the answer is the live one."""
    aggregate.rebuild_counts()
    monkeypatch.setattr(wijken, "TOP", top)
    bundles = (varied["bundle"],)
    named = []
    for start, end in WINDOWS:
        window = scope(start, end, bundles=bundles, min_count=1)
        monkeypatch.setattr(aggregate, "use_counts", lambda: True)
        monkeypatch.setattr(wijken, "use_counts", lambda: True)
        from_table = [row.structural for row in wijken.wijk_rows(window)]
        monkeypatch.setattr(aggregate, "use_counts", lambda: False)
        monkeypatch.setattr(wijken, "use_counts", lambda: False)
        fresh = [row.structural for row in wijken.wijk_rows(window)]
        monkeypatch.undo()
        monkeypatch.setattr(wijken, "TOP", top)
        assert from_table == fresh, (start, end)
        named += [names for names in fresh if names]
    assert named


def test_over_all_time_the_bundle_rankings_decide_without_ranking_in_sql(
    db, varied, scope, monkeypatch
):
    aggregate.rebuild_counts()
    monkeypatch.setattr(wijken, "use_counts", lambda: True)
    monkeypatch.setattr(aggregate, "use_counts", lambda: True)
    asked = []
    monkeypatch.setattr(wijken, "_ranked_in_sql", lambda scope: asked.append(scope))
    rows = wijken.wijk_rows(scope(bundles=(varied["bundle"],), min_count=1))
    assert [r.structural for r in rows if r.structural]
    assert asked == []


def test_a_window_holding_every_signal_counts_as_all_time(
    db, varied, scope, monkeypatch
):
    """The city's window ends with its last bundle: while no signal is later,
    the per-bundle rankings answer; a window leaving signals out is ranked in
    SQL."""
    aggregate.rebuild_counts()
    monkeypatch.setattr(wijken, "use_counts", lambda: True)
    monkeypatch.setattr(aggregate, "use_counts", lambda: True)
    asked = []
    in_sql = wijken._ranked_in_sql
    monkeypatch.setattr(
        wijken, "_ranked_in_sql", lambda scope: asked.append(scope) or in_sql(scope)
    )
    bundles = (varied["bundle"],)
    wide = scope(date(1990, 1, 1), date(2999, 12, 31), bundles=bundles, min_count=1)
    wijken.wijk_rows(wide)
    assert asked == []
    narrow = scope(date(2023, 1, 31), date(2023, 3, 1), bundles=bundles, min_count=1)
    wijken.wijk_rows(narrow)
    assert asked == [narrow]


def test_the_bundle_rankings_merge_across_bundles(
    db, make_signal, make_structural, make_bundle, scope, monkeypatch
):
    """Bundle A holds P (2 signals) and Q (1), bundle B holds R (3) and Q:
    over both, R then P. Each bundle alone keeps its own first one."""
    from signalen.themes.models import Area

    area = db.session.scalar(select(Area).where(Area.code == "ledeberg"))
    day = datetime(2023, 2, 1, tzinfo=UTC)

    def signals(n: int) -> list:
        return [make_signal(area_ids=[area.id], now=day) for _ in range(n)]

    p, q, r = (
        make_structural(signals(n), title=t) for n, t in ((2, "P"), (1, "Q"), (3, "R"))
    )
    first = make_bundle([p, q], start=date(2000, 1, 1), end=date(2999, 1, 1))
    second = make_bundle([r, q], start=date(2001, 1, 1), end=date(2999, 1, 1))
    monkeypatch.setattr(aggregate, "TOP_PER_BUNDLE", 2)
    monkeypatch.setattr(wijken, "TOP_PER_BUNDLE", 2)
    aggregate.rebuild_counts()
    monkeypatch.setattr(wijken, "TOP", 2)
    monkeypatch.setattr(wijken, "use_counts", lambda: True)
    monkeypatch.setattr(aggregate, "use_counts", lambda: True)
    in_sql = wijken._ranked_in_sql
    monkeypatch.setattr(wijken, "_ranked_in_sql", lambda scope: 1 / 0)

    def ledeberg(bundles) -> list[str]:
        rows = wijken.wijk_rows(scope(bundles=bundles, min_count=1))
        return next(row.structural for row in rows if row.code == "ledeberg")

    assert ledeberg((first, second)) == ["R", "P"]
    assert ledeberg((first,)) == ["P", "Q"]
    monkeypatch.setattr(wijken, "TOP", 1)
    assert ledeberg((second,)) == ["R"]
    # More than each bundle keeps: ranked in SQL.
    monkeypatch.setattr(wijken, "TOP", 3)
    monkeypatch.setattr(wijken, "_ranked_in_sql", in_sql)
    assert ledeberg((first, second)) == ["R", "P", "Q"]


def test_a_bundle_item_added_makes_the_counts_stale(
    db, make_signal, make_structural, make_bundle
):
    """The per-bundle rankings depend on the bundles' items: the fingerprint
    counts them too."""
    structural = make_structural([make_signal()], title="S")
    aggregate.rebuild_counts()
    db.session.commit()
    assert aggregate.counts_are_current()
    make_bundle([structural])
    assert not aggregate.counts_are_current()


def test_a_tie_in_the_window_goes_to_the_oldest(
    db, make_signal, make_structural, make_bundle, scope, monkeypatch
):
    """P (older) and Q both have one signal in 2023; Q has one more in 2024,
    so over all time Q leads. In 2023 they tie and the older, P, is first."""
    from signalen.themes.models import Area

    area = db.session.scalar(select(Area).where(Area.code == "ledeberg"))
    day = datetime(2023, 2, 1, tzinfo=UTC)
    p_signal = make_signal(area_ids=[area.id], now=day)
    q_signals = [
        make_signal(area_ids=[area.id], now=day),
        make_signal(area_ids=[area.id], now=datetime(2024, 6, 1, tzinfo=UTC)),
    ]
    older = make_structural([p_signal], title="P ouder")
    newer = make_structural(q_signals, title="Q nieuwer")
    assert older.id < newer.id
    bundle = make_bundle([older, newer], start=date(2000, 1, 1), end=date(2999, 1, 1))
    aggregate.rebuild_counts()
    monkeypatch.setattr(wijken, "TOP", 1)
    monkeypatch.setattr(wijken, "use_counts", lambda: True)
    monkeypatch.setattr(aggregate, "use_counts", lambda: True)
    window = scope(date(2023, 1, 1), date(2023, 12, 31), bundles=(bundle,))
    row = next(r for r in wijken.wijk_rows(window) if r.code == "ledeberg")
    assert row.structural == ["P ouder"]
    everything = scope(bundles=(bundle,))
    row = next(r for r in wijken.wijk_rows(everything) if r.code == "ledeberg")
    assert row.structural == ["Q nieuwer"]
