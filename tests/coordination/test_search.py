"""Inbox search, filters, sorting and counts (SQLite FTS5 and PostgreSQL)."""

import re
from datetime import UTC, datetime

from sqlalchemy import select

from signalen.coordination import services
from signalen.coordination.search import (
    CITY_WIDE,
    InboxFilters,
    fts5_query,
    inbox_page,
    search_words,
    tsquery,
)
from signalen.signals.models import SignalStatus
from signalen.themes.models import Area, GovernmentLevel, TargetGroup, Theme


def refs(filters):
    return {s.reference for s in inbox_page(filters).items}


def test_dutch_search_with_plural_and_accents(db, housing_signals):
    housing, (digital, creche) = housing_signals
    # "woningen" finds "woning" (stemming on PG, stem prefix on SQLite).
    assert {housing[0].reference, housing[2].reference} <= refs(
        InboxFilters(q="woningen")
    )
    assert refs(InboxFilters(q="creche")) == {creche.reference}
    assert refs(InboxFilters(q="CRÈCHE")) == {creche.reference}
    assert refs(InboxFilters(q="computer facturen")) == {digital.reference}
    assert refs(InboxFilters(q="computer woning")) == set()
    # The last word is a prefix while typing.
    assert digital.reference in refs(InboxFilters(q="digip"))


def test_search_syntax_from_users_is_harmless(db, housing_signals):
    for query in ['woning" OR *', "NEAR(a b)", "-huur", "'; DROP TABLE signals", "*"]:
        inbox_page(InboxFilters(q=query))  # no error
    assert search_words('Wo"ning* OR x') == ["wo", "ning", "or", "x"]
    assert fts5_query(["woon", "ab"]) == '"woon"* "ab"'
    assert tsquery(["woon", "ab"]) == "'woon':* & 'ab'"


def test_index_follows_edits_and_drafts_stay_out(db, housing_signals, make_signal):
    signal = housing_signals[0][0]
    signal.description = "Een heel ander verhaal over fietsenstallingen."
    db.session.commit()
    assert signal.reference in refs(InboxFilters(q="fietsenstallingen"))
    make_signal(submit=False, title="Concept fietsenstallingen")
    assert refs(InboxFilters(q="fietsenstallingen")) == {signal.reference}


def test_filters(db, make_user, make_signal, themes):
    areas = db.session.scalars(select(Area).order_by(Area.position)).all()
    level = db.session.scalars(select(GovernmentLevel)).first()
    group = db.session.scalars(select(TargetGroup)).first()
    worker = make_user()
    a = make_signal(worker, area_ids=[areas[0].id], government_level_id=level.id,
                    now=datetime(2026, 1, 15, tzinfo=UTC))  # fmt: skip
    b = make_signal(make_user(), city_wide=True, target_group_ids=[group.id],
                    theme_codes=("digitaal",),
                    now=datetime(2026, 3, 2, tzinfo=UTC))  # fmt: skip
    assert refs(InboxFilters(area=str(areas[0].id))) == {a.reference}
    assert refs(InboxFilters(area=CITY_WIDE)) == {b.reference}
    assert refs(InboxFilters(government_level_id=level.id)) == {a.reference}
    assert refs(InboxFilters(target_group_id=group.id)) == {b.reference}
    assert refs(InboxFilters(organisation_id=worker.organisation_id)) == {a.reference}
    assert refs(InboxFilters(theme_id=themes["digitaal"].id)) == {b.reference}
    assert refs(InboxFilters(month_from=(2026, 2))) == {b.reference}
    assert refs(InboxFilters(month_to=(2026, 1))) == {a.reference}
    assert refs(InboxFilters(month_from=(2026, 1), month_to=(2026, 3))) == {
        a.reference,
        b.reference,
    }
    assert refs(InboxFilters(status="question")) == set()


def test_sorting_and_paging(db, make_user, make_signal, make_org):
    z_org, a_org = make_org("Zebra vzw"), make_org("Alfa vzw")
    first = make_signal(make_user(organisation=z_org), title="B eerst",
                        now=datetime(2026, 1, 1, tzinfo=UTC))  # fmt: skip
    second = make_signal(make_user(organisation=a_org), title="a later",
                         now=datetime(2026, 2, 1, tzinfo=UTC))  # fmt: skip

    def order(sort):
        return [s.id for s in inbox_page(InboxFilters(sort=sort)).items]

    assert order("newest") == [second.id, first.id]
    assert order("oldest") == [first.id, second.id]
    assert order("title") == [second.id, first.id]
    assert order("organisation") == [second.id, first.id]
    page = inbox_page(InboxFilters(per_page=1, page=2))
    assert (
        page.total == 2 and page.pages == 2 and [s.id for s in page.items] == [first.id]
    )
    assert inbox_page(InboxFilters(per_page=1, page=99)).page == 2


def test_counts_per_theme_and_status_with_merged_themes(
    db, housing_signals, coordinator, themes
):
    housing, (digital, creche) = housing_signals
    services.mark_not_structural(digital, coordinator, "Eenmalig.")
    db.session.commit()
    page = inbox_page(InboxFilters())
    assert page.total == 5
    assert page.theme_counts[themes["wonen"].id] == 3
    assert page.status_counts == {"submitted": 4, "not_structural": 1}

    # Counts leave their own facet out: with a theme chosen, every theme counts.
    page = inbox_page(InboxFilters(theme_id=themes["wonen"].id))
    assert page.total == 3 and page.theme_counts[themes["digitaal"].id] == 1
    page = inbox_page(InboxFilters(status="submitted"))
    assert page.status_counts["not_structural"] == 1

    # A theme merged into another counts (and filters) under the target.
    old = db.session.get(Theme, themes["gezin_kind"].id)
    old.merged_into_id = themes["wonen"].id
    db.session.commit()
    page = inbox_page(InboxFilters())
    assert page.theme_counts[themes["wonen"].id] == 4
    assert themes["gezin_kind"].id not in page.theme_counts
    assert creche.reference in refs(InboxFilters(theme_id=themes["wonen"].id))
    assert SignalStatus.DRAFT.value not in page.status_counts


def test_text_search_and_filters_agree_on_counts_order_and_pages(
    db, make_user, make_signal, themes, coordinator
):
    """A text search (counted in Python over the matches) and the same filters
    without text (counted in SQL, date order by walking the status index) give
    the same totals, counts, order and pages when every signal matches."""
    workers = [make_user() for _ in range(3)]
    codes = [("wonen",), ("digitaal",), ("wonen", "energie"), ("gezin_kind",)]
    signals = []
    for i in range(14):
        signals.append(
            make_signal(
                workers[i % 3],
                title=f"{'Zebra' if i % 2 else 'alfa'} woonprobleem {i}",
                description="Huurders vinden geen betaalbare woning.",
                theme_codes=codes[i % 4],
                now=datetime(2026, 1 + i % 5, 1 + i, tzinfo=UTC),
            )
        )
    services.mark_not_structural(signals[3], coordinator, "Eenmalig.")
    services.mark_not_structural(signals[8], coordinator, "Eenmalig.")
    db.session.commit()
    cases = [
        {},
        {"theme_id": themes["wonen"].id},
        {"status": "submitted"},
        {"theme_id": themes["wonen"].id, "status": "not_structural"},
        {"organisation_id": workers[1].organisation_id},
        {"month_from": (2026, 2), "month_to": (2026, 4)},
    ]
    for extra in cases:
        for sort in ("newest", "oldest", "title", "organisation"):
            for page in (1, 2, 3):
                plain = inbox_page(
                    InboxFilters(sort=sort, page=page, per_page=4, **extra)
                )
                searched = inbox_page(
                    InboxFilters(
                        q="woonprobleem", sort=sort, page=page, per_page=4, **extra
                    )  # fmt: skip
                )
                assert [s.id for s in plain.items] == [s.id for s in searched.items], (
                    extra,
                    sort,
                    page,
                )
                assert (plain.total, plain.page) == (searched.total, searched.page)
                assert plain.theme_counts == searched.theme_counts, extra
                assert plain.status_counts == searched.status_counts, extra


def test_newest_first_with_a_rare_theme_and_deep_pages(db, make_signal, themes):
    for i in range(6):
        make_signal(
            theme_codes=("energie",) if i in (1, 4) else ("wonen",),
            now=datetime(2026, 1, 1 + i, tzinfo=UTC),
        )
    page = inbox_page(InboxFilters(theme_id=themes["energie"].id, per_page=1, page=2))
    assert page.total == 2 and page.items[0].submitted_at.day == 2
    page = inbox_page(InboxFilters(theme_id=themes["wonen"].id, per_page=3, page=2))
    assert [s.submitted_at.day for s in page.items] == [1]
    assert page.theme_counts == {themes["wonen"].id: 4, themes["energie"].id: 2}


# The same corpus and queries on SQLite and PostgreSQL: the CI runs this file
# on both, and both must give exactly these answers (so they agree).
CORPUS = {
    "digitaal": ("Digitale drempels", "Formulieren enkel online."),
    "huur": ("Huurwoningen te duur", "Gezinnen zoeken een betaalbare huurwoning."),
    "wacht": ("Lange wachtlijsten", "De wachtlijsten in de jeugdhulp groeien."),
    "creche": ("Geen plaats in de crèche", "Ouders vinden geen kinderopvang."),
    "sociaal": ("Sociale woning", "Een sociale woning vinden duurt jaren."),
    "fiets": ("Fietsenstalling 2024", "Geen plaats voor fietsen aan het station."),
}
SAME_ON_BOTH = {
    "digitaal": {"digitaal"},
    "digitale": {"digitaal"},
    "DIGITALE drempel": {"digitaal"},
    "huurwoning": {"huur"},
    "huurwoningen": {"huur"},
    "huur": {"huur"},
    "woning": {"huur", "sociaal"},
    "woningen": {"huur", "sociaal"},
    "wachtlijst": {"wacht"},
    "lijst": {"wacht"},
    "jeugdhulp": {"wacht"},
    "hulp": {"wacht"},
    "crèche": {"creche"},
    "creche": {"creche"},
    "kinderopvang": {"creche"},
    "opvang": {"creche"},
    "sociale woningen": {"sociaal"},
    "fiets": {"fiets"},
    "2024": {"fiets"},
    "de": {"wacht", "creche"},  # only stopwords: they are looked for
    "de wachtlijst": {"wacht"},  # else a stopword is left out
    "digitaal woning": set(),
    "zwembad": set(),
}


def test_dutch_word_forms_compounds_and_accents_same_on_both_databases(db, make_signal):
    made = {
        key: make_signal(title=title, description=description).reference
        for key, (title, description) in CORPUS.items()
    }
    for query, keys in SAME_ON_BOTH.items():
        assert refs(InboxFilters(q=query)) == {made[k] for k in keys}, query


def test_placeholder_example_finds_something(db, client, make_user, login_as):
    from signalen.demo import load_demo

    load_demo()
    db.session.commit()
    login_as(make_user(role="coordinator"))
    html = client.get("/coordinatie/inbox").get_data(as_text=True)
    example = re.search(r'placeholder="bv\. ([^"]+)"', html)
    assert example, "the search field shows an example"
    assert inbox_page(InboxFilters(q=example[1])).total > 0


def test_impossible_month_range_says_so(db, client, coordinator, login_as):
    login_as(coordinator)
    html = client.get(
        "/coordinatie/inbox?month_from=2026-05&month_to=2026-02"
    ).get_data(as_text=True)
    assert "valt na" in html


def test_filter_on_a_merged_theme_includes_the_theme_it_went_into(
    db, make_signal, themes
):
    old, new = themes["digitaal"], themes["wonen"]
    a = make_signal(theme_codes=("digitaal",))
    b = make_signal(theme_codes=("wonen",))
    old.merged_into_id = new.id
    old.active = False
    db.session.commit()
    both = {a.reference, b.reference}
    assert refs(InboxFilters(theme_id=new.id)) == both
    assert refs(InboxFilters(theme_id=old.id)) == both


def test_common_word_counts_and_pages_in_the_database(db, make_signal):
    for i in range(30):
        make_signal(title=f"Betaalbare woning {i}", description="Te duur.")
    page = inbox_page(InboxFilters(q="betaalbaar", per_page=7, page=5))
    assert page.total == 30 and page.pages == 5
    assert len(page.items) == 2  # the last page
    assert page.status_counts == {"submitted": 30}


def test_a_common_word_is_counted_the_same_way(db, make_signal, monkeypatch):
    """Under COUNT_CAP hits, the path for words in thousands of signals (date
    index walk, no numbers per status or theme) gives the same total and
    page."""
    from signalen.coordination import search

    for i in range(12):
        make_signal(title=f"Betaalbare woning {i}", description="Te duur.")
    make_signal(title="Iets anders", description="Geen woning.")
    rare = inbox_page(InboxFilters(q="betaalbaar", per_page=5, page=2))
    monkeypatch.setattr(search, "COMMON_MATCHES", 3)
    common = inbox_page(InboxFilters(q="betaalbaar", per_page=5, page=2))
    assert common.total == rare.total == 12 and not common.capped
    assert [s.reference for s in common.items] == [s.reference for s in rare.items]
    assert rare.status_counts == {"submitted": 12} and common.status_counts is None
    assert rare.theme_counts and common.theme_counts is None


def test_a_common_word_is_counted_up_to_the_cap(db, make_signal, monkeypatch):
    """More hits than COUNT_CAP: 'more than' the cap, and the pages go on past
    it in the same order as the exact path, until the hits run out."""
    from signalen.coordination import search

    for i in range(12):
        make_signal(title=f"Betaalbare woning {i}", description="Te duur.")
    make_signal(title="Iets anders", description="Geen woning.")
    for sort in ("newest", "oldest"):
        for status in ("", "submitted"):
            every = [
                s.reference
                for s in inbox_page(
                    InboxFilters(q="betaalbaar", sort=sort, status=status, per_page=50)
                ).items
            ]
            assert len(every) == 12
            with monkeypatch.context() as m:
                m.setattr(search, "COMMON_MATCHES", 3)
                m.setattr(search, "COUNT_CAP", 4)
                seen = []
                for number in (1, 2, 3):
                    page = inbox_page(
                        InboxFilters(
                            q="betaalbaar", sort=sort, status=status,
                            per_page=5, page=number,
                        )
                    )  # fmt: skip
                    assert page.capped and page.total == 4
                    assert page.has_next == (number < 3)
                    assert page.has_prev == (number > 1)
                    seen += [s.reference for s in page.items]
            assert seen == every, (sort, status)


def test_capped_count_says_more_than_in_dutch(
    db, client, coordinator, login_as, make_signal, monkeypatch
):
    from signalen.coordination import search

    for i in range(12):
        make_signal(title=f"Betaalbare woning {i}", description="Te duur.")
    monkeypatch.setattr(search, "COMMON_MATCHES", 3)
    monkeypatch.setattr(search, "COUNT_CAP", 4)
    monkeypatch.setitem(client.application.config, "PAGE_SIZE", 5)
    login_as(coordinator)
    html = client.get("/coordinatie/inbox?q=betaalbaar&page=2").get_data(as_text=True)
    assert "Meer dan 4 signalen gevonden" in html
    assert "Pagina 2</span>" in html and "Pagina 2 van" not in html
    assert 'rel="prev"' in html and 'rel="next"' in html
    # No numbers per status for such a word (they were not counted).
    tabs = html.split('class="state-counts"')[1].split("</nav>")[0]
    assert "Te behandelen" in tabs and "<strong>" not in tabs
    monkeypatch.setattr(search, "COUNT_CAP", 1_000)
    html = client.get("/coordinatie/inbox?q=betaalbaar").get_data(as_text=True)
    assert "12 signalen gevonden" in html and "Meer dan" not in html
