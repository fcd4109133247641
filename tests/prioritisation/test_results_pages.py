"""The results page shows the ranking in pages; the count is the same."""

from __future__ import annotations

from dataclasses import asdict

from signalen.prioritisation import results as result_services
from signalen.prioritisation import views


def test_results_without_details_then_added_are_the_same(db, make_round, items):
    round_ = make_round("points")
    full = result_services.compute_results(round_)
    light = result_services.compute_results(round_, details=False)
    assert all(r.evidence == {} for r in light.items)
    result_services.add_details(light.items)
    assert [asdict(r) for r in light.items] == [asdict(r) for r in full.items]
    assert full.items[0].evidence.get("signals") == 1


def test_the_ranking_is_paged(
    client, login_as, coordinator, make_round, items, monkeypatch
):
    round_ = make_round("points", users=[coordinator], open=True)
    monkeypatch.setattr(views, "RESULTS_PER_PAGE", 3)
    login_as(coordinator)
    first = client.get(f"/prioritering/{round_.id}/resultaten").text
    second = client.get(f"/prioritering/{round_.id}/resultaten?page=2").text
    rows = [first.count(f">{i.reference}<") for i in items]
    assert rows == [1, 1, 1, 0]  # every item has the same score: bundle order
    assert [second.count(f">{i.reference}<") for i in items] == [0, 0, 0, 1]
    assert "Pagina 1 van 2" in first and 'rel="next"' in first
    assert "Pagina 2 van 2" in second and 'rel="prev"' in second
    # Titles and evidence come from the snapshot, also on a later page.
    assert items[3].snapshot["title"] in second and "1 signaal" in second
