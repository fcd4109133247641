"""Honest evidence (issue 14, item 4): no estimate is "onbekend", not "0
mensen"; signals without a wijk are "stadsbreed" when they say so."""

from __future__ import annotations

from signalen.coordination.evidence import evidence_for


def evidence_block(page: str) -> str:
    return page.split('class="evidence"')[1].split("</ul>")[0]


def test_unknown_people_and_city_wide_are_said_so(
    client, login_as, coordinator, make_user, make_signal, make_structural
):
    city_wide = [make_signal(make_user(), city_wide=True) for _ in range(2)]
    structural = make_structural(city_wide)
    evidence = evidence_for(structural.id)
    assert evidence["people_known"] == 0 and evidence["city_wide"] == 2
    login_as(coordinator)
    block = evidence_block(
        client.get(f"/coordinatie/structureel/{structural.id}").get_data(True)
    )
    assert "onbekend" in block and "stadsbreed" in block
    assert ">0<" not in block and "0 wijken" not in block


def test_known_estimates_count_and_say_how_many_gave_one(
    client, login_as, coordinator, make_user, make_signal, make_structural
):
    signals = [
        make_signal(make_user(), people_affected=1200),
        make_signal(make_user()),
    ]
    structural = make_structural(signals)
    login_as(coordinator)
    block = evidence_block(
        client.get(f"/coordinatie/structureel/{structural.id}").get_data(True)
    )
    assert "1.200</strong> mensen (schatting)" in block
    assert "uit 1 signaal met een schatting" in block
    assert "onbekend</strong> welke wijken" in block  # no wijk, not city-wide


def test_weak_similarity_and_suggestions_are_marked_not_given_a_percentage(
    client, login_as, coordinator, themes
):
    from signalen.coordination.similarity import (
        SHOWN_MIN,
        WEAK_BELOW,
        SimilarSignal,
    )
    from signalen.coordination.suggestions import WEAK_CONFIDENCE, Suggestion

    assert SimilarSignal(None, WEAK_BELOW - 1).weak  # type: ignore[arg-type]
    assert not SimilarSignal(None, WEAK_BELOW).weak  # type: ignore[arg-type]
    assert 0 < SHOWN_MIN < WEAK_BELOW
    assert Suggestion(themes["wonen"], WEAK_CONFIDENCE / 2).weak
    assert not Suggestion(themes["wonen"], 0.9).weak
    login_as(coordinator)
    response = client.post(
        "/coordinatie/themasuggesties",
        json={"text": "Gezinnen vinden geen betaalbare huurwoning in Gent."},
    )
    suggestions = response.get_json()["suggestions"]
    assert suggestions and all(
        s["weak"] == (s["confidence"] < WEAK_CONFIDENCE) for s in suggestions
    )
