"""Similar signals and structural signals for the review page."""

from signalen.coordination import services
from signalen.coordination.similarity import Item, rank, similar_to
from signalen.coordination.words import prefix_stem, stem, terms


def test_light_dutch_stemming():
    assert prefix_stem("woningen") == "woning"
    assert prefix_stem("kindjes") == "kind"
    assert stem("huren") == stem("huur")
    assert stem("betaalbare") == stem("betaalbaar")
    assert terms("De woningen zijn te duur") == ["woning", "dur"]


def test_rank_scores_between_0_and_100():
    target = Item(1, "Geen betaalbare woning", "Huur te hoog", {1}, {5})
    same = Item(2, "Geen betaalbare woning", "Huur te hoog", {1}, {5})
    other = Item(3, "Digipunt dicht", "Geen computer", {2}, set())
    matches = rank(target, [same, other], 5)
    assert matches[0].id == 2 and matches[0].score == 100
    assert matches[1].score < 20


def test_similar_signals_and_structurals(db, housing_signals, coordinator, themes):
    housing, (digital, _) = housing_signals
    structural = services.create_structural(
        coordinator,
        services.StructuralData(
            title="Betaalbaar wonen", theme_ids=[themes["wonen"].id]
        ),
        housing[1:2],
    )
    db.session.commit()
    similar, structurals = similar_to(housing[0])
    ids = [s.signal.id for s in similar]
    assert housing[2].id in ids and housing[0].id not in ids
    assert digital.id not in ids[:2]
    assert all(0 < s.score <= 100 for s in similar)
    assert structurals and structurals[0].structural.id == structural.id
    # A linked signal does not suggest its own structural signal.
    _, structurals = similar_to(housing[1])
    assert structural.id not in [s.structural.id for s in structurals]


def test_postgresql_ranks_only_the_newest_candidates(db, make_signal, monkeypatch):
    """ts_rank reads each match's whole vector, so PostgreSQL ranks the newest
    RANK_POOL matches only; SQLite ranks in the index and sees them all."""
    from signalen.coordination import search

    made = [
        make_signal(title=f"Wachtlijst kinderopvang {i}", description="Te lang.")
        for i in range(5)
    ]
    me, others = made[0], made[1:]
    monkeypatch.setattr(search, "RANK_POOL", 2)
    found = search.ranked_candidates(["kinderopvang"], exclude_id=me.id, limit=10)
    if search.dialect() == "postgresql":
        assert set(found) == {s.id for s in others[-2:]}
    else:
        assert set(found) == {s.id for s in others}
