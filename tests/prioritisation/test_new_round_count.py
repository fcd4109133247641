"""The new-round page counts the bundle's items in the database (issue 14,
item 9) and says it in the right plural."""

from signalen.permissions import Role
from signalen.prioritisation import rounds


def test_new_round_page_counts_items(
    client, login_as, make_user, make_signal, make_structural, make_bundle
):
    bundle = make_bundle([make_structural([make_signal(make_user())])])
    assert rounds.item_count(bundle) == 1
    login_as(make_user(Role.COORDINATOR))
    page = client.get(f"/prioritering/bundel/{bundle.id}/nieuw").get_data(True)
    assert "· 1 signaal</p>" in page
