"""A bundle's evidence: the links' evidence plus the bundles already seen."""

from datetime import date

from signalen.bundles.evidence import evidence_for_many
from signalen.coordination import evidence as links


def test_counts_the_bundles_a_structural_signal_appeared_in(
    make_user, make_signal, make_structural, make_bundle
):
    twice = make_structural([make_signal(make_user()), make_signal(make_user())])
    once = make_structural([make_signal(make_user())])
    new = make_structural([])
    make_bundle([twice, once])
    make_bundle([twice], start=date(2025, 1, 1), end=date(2026, 12, 31))
    result = evidence_for_many([twice.id, once.id, new.id])
    assert [result[s.id]["bundles_seen"] for s in (twice, once, new)] == [2, 1, 0]
    assert result[twice.id]["signals"] == 2 and result[new.id]["signals"] == 0
    assert result[once.id]["organisations"] == 1


def test_the_links_part_is_coordinations(make_user, make_signal, make_structural):
    structural = make_structural([make_signal(make_user(), people_affected=7)])
    own = links.evidence_for(structural.id)
    assert evidence_for_many([structural.id])[structural.id] == {
        **own,
        "bundles_seen": 0,
    }
