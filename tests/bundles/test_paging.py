"""A long bundle's page shows its items a page at a time (issue 14, item 9),
with the theme counts of the whole bundle."""

from __future__ import annotations

from signalen.bundles import views
from signalen.permissions import Role


def test_bundle_page_is_paged(
    client, login_as, make_user, make_signal, make_structural, make_bundle, monkeypatch
):
    structurals = [
        make_structural([make_signal(make_user())], title=f"Punt {n:02d}")
        for n in range(5)
    ]
    bundle = make_bundle(structurals)
    monkeypatch.setattr(views, "ITEMS_PER_PAGE", 2)
    login_as(make_user(Role.COORDINATOR))
    first = client.get(f"/bundels/{bundle.id}").get_data(as_text=True)
    assert "Punt 00" in first and "Punt 01" in first and "Punt 02" not in first
    assert "Punten 1 tot 2 van 5" in first and "2 hier, 5 in de bundel" in first
    assert "Pagina 1 van 3" in first
    # the comparison counts the whole bundle, not the page
    assert '<span class="badge badge-new">Nieuw</span> 5</li>' in first
    last = client.get(f"/bundels/{bundle.id}?page=3").get_data(as_text=True)
    assert "Punt 04" in last and "Punt 00" not in last
