"""The dashboard counts against what the fixtures put in, and the small-numbers rule."""

from __future__ import annotations

from datetime import UTC, date, datetime

from signalen.bundles.models import BundleStatus
from signalen.dashboards import queries
from signalen.permissions import Role
from signalen.responses.services import Answer, record_answer

WONEN = "Wonen: betaalbaarheid en sociale huisvesting"
INKOMEN = "Inkomen, schulden en materiële hulp"


def rows(table):
    return {row[0]: row[1:] for row in table.rows}


def test_signals_per_theme_count_submitted_only_and_mask_small(spread, scope):
    table = queries.signals_per_theme(scope())
    # Five housing signals; one submitted income signal (the draft never counts).
    assert rows(table) == {WONEN: [5], INKOMEN: ["<3"]}


def test_the_minimum_comes_from_the_scope(spread, scope):
    table = queries.signals_per_theme(scope(min_count=1))
    assert rows(table) == {WONEN: [5], INKOMEN: [1]}
    table = queries.signals_per_theme(scope(min_count=6))
    assert rows(table) == {WONEN: ["<6"], INKOMEN: ["<6"]}


def test_period_limits_the_signals(spread, scope):
    only_2024 = scope(date(2024, 1, 1), date(2024, 12, 31), min_count=1)
    assert rows(queries.signals_per_theme(only_2024)) == {INKOMEN: [1]}
    assert rows(queries.signals_per_area(only_2024)) == {"Drongen": [1]}
    # The last day is included: a signal on 1 October 2024 counts up to that day.
    last_day = scope(date(2024, 9, 1), date(2024, 10, 1), min_count=1)
    assert rows(queries.signals_per_theme(last_day)) == {INKOMEN: [1]}
    before = scope(date(2024, 9, 1), date(2024, 9, 30), min_count=1)
    assert queries.signals_per_theme(before).rows == []


def test_over_time_per_quarter_with_organisations(spread, scope):
    table = queries.signals_over_time(scope(min_count=1))
    assert table.rows == [["2023-K2", 5, 3], ["2024-K4", 1, 1]]
    masked = queries.signals_over_time(scope())
    assert masked.rows == [["2023-K2", 5, 3], ["2024-K4", "<3", "<3"]]


def test_organisations_are_counted_never_named(spread, scope):
    table = queries.organisations_per_kind(scope(min_count=1))
    assert sum(row[1] for row in table.rows) == 3
    names = {o.name for o in spread["orgs"]}
    assert not names & {str(c) for row in table.rows for c in row}


def test_city_wide_signals_have_their_own_row(make_signal, scope):
    make_signal(city_wide=True)
    assert rows(queries.signals_per_area(scope(min_count=1))) == {"Stadsbreed": [1]}


def test_merged_theme_counts_under_its_replacement(db, spread, scope, themes):
    themes["inkomen"].merged_into = themes["wonen"]
    db.session.commit()
    assert rows(queries.signals_per_theme(scope(min_count=1))) == {WONEN: [6]}


def test_bundle_scope_takes_the_bundle_period_and_the_ceiling(
    spread, make_bundle, make_structural, scope
):
    bundle = make_bundle(start=date(2023, 1, 1), end=date(2023, 12, 31))
    chosen = queries.make_scope(
        [bundle], bundle=bundle, start=None, end=None, ceiling=None, min_count=1
    )
    assert (chosen.start, chosen.end) == (date(2023, 1, 1), date(2023, 12, 31))
    assert rows(queries.signals_per_theme(chosen)) == {WONEN: [5]}
    # A ceiling (the city's last published bundle) cuts every window.
    capped = queries.make_scope(
        [], bundle=None, start=None, end=None, ceiling=date(2023, 6, 30), min_count=1
    )
    assert rows(queries.signals_per_theme(capped)) == {WONEN: [5]}


def test_visible_bundles_for_the_city_are_published_only(make_bundle):
    closed = make_bundle(status=BundleStatus.CLOSED)
    published = make_bundle(
        status=BundleStatus.PUBLISHED, start=date(2021, 1, 1), end=date(2022, 12, 31)
    )
    make_bundle(
        status=BundleStatus.OPEN, start=date(2025, 1, 1), end=date(2026, 12, 31)
    )
    assert queries.visible_bundles(published_only=True) == [published]
    assert queries.visible_bundles(published_only=False) == [closed, published]


def test_answers_share_type_wait_and_follow_up(
    db, make_signal, make_structural, make_bundle, make_user, scope
):
    structurals = [make_structural([make_signal()], title=f"S{i}") for i in range(4)]
    bundle = make_bundle(structurals)
    bundle.closed_at = datetime(2025, 1, 1, tzinfo=UTC)
    db.session.commit()
    city = make_user(Role.CITY)
    items = bundle.items
    record_answer(
        items[0], city, Answer("onderzoek", "Bekijken we."),
        now=datetime(2025, 1, 11, tzinfo=UTC),
    )  # fmt: skip
    record_answer(
        items[0], city, Answer("opgenomen", "In het beleid.", progress="afgerond"),
        now=datetime(2025, 3, 1, tzinfo=UTC),
    )  # fmt: skip
    record_answer(
        items[1], city,
        Answer("doorgegeven", "Naar de dienst.", progress="in_opvolging"),
        now=datetime(2025, 1, 31, tzinfo=UTC),
    )  # fmt: skip
    db.session.commit()
    s = scope(bundles=[bundle])
    per_bundle = queries.answers_per_bundle(s)
    # 2 of 4 answered (50 %), first answers after 10 and 30 days: median 20.
    assert per_bundle.rows == [[bundle.title, 50, 4, 2, 20]]
    types = rows(queries.answers_per_type(s))
    assert types == {"Opgenomen in beleid": [1], "Doorgegeven aan dienst": [1]}
    assert rows(queries.follow_up_status(s)) == {"In opvolging": [1], "Afgerond": [1]}
    assert rows(queries.structural_per_bundle(s)) == {bundle.title: [4]}
    assert sum(r[1] for r in queries.structural_per_theme(s).rows) == 4


def test_blocks_are_kept_for_the_cache_time_only(make_signal, scope):
    s = scope(min_count=1)
    make_signal()
    assert queries.cached_table(s, "themas").rows[0][1] == 1
    make_signal()
    assert queries.cached_table(s, "themas").rows[0][1] == 1  # kept
    assert queries.cached_table(s, "themas", seconds=0).rows[0][1] == 2
