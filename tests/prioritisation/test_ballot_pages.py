"""A ballot with more items than fit on a page is shown and saved page by page."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from signalen.database import utcnow
from signalen.prioritisation import views
from signalen.prioritisation.models import Ballot


def voting_as_a_participant(make_round, make_user, login_as):
    """An open round (around the real clock) with a participant logged in."""
    user = make_user()
    now = utcnow()
    round_ = make_round(
        users=[user],
        open=True,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=3),
    )
    login_as(user)
    return round_


def test_a_long_ballot_is_paged_and_keeps_the_other_pages(
    client, login_as, make_round, make_user, items, db, monkeypatch
):
    monkeypatch.setattr(views, "BALLOT_PER_PAGE", 3)
    round_ = voting_as_a_participant(make_round, make_user, login_as)
    url = f"/prioritering/{round_.id}/stemmen"
    first = client.get(url).text
    assert [f'name="points-{i.id}"' in first for i in items] == [1, 1, 1, 0]
    assert "Deze ronde heeft 4 signalen, 3 per pagina." in first
    assert "Pagina 1 van 2" in first and 'rel="next"' in first
    # Page 1 saved: 3 + 3 + 3 points; back on page 1.
    data = {f"points-{i.id}": "3" for i in items[:3]}
    response = client.post(url, data={**data, "ballot_page": "1", "action": "save"})
    assert response.status_code == 302 and response.location.endswith("?page=1")
    second = client.get(url + "?page=2").text
    assert [f'name="points-{i.id}"' in second for i in items] == [0, 0, 0, 1]
    assert 'start="4"' in second and 'data-elsewhere="9"' in second
    assert "Nog 1 van 10 punten te verdelen." in second
    # Page 2 submitted: the whole ballot counts, page 1's points kept.
    response = client.post(
        url + "?page=2",
        data={f"points-{items[3].id}": "1", "ballot_page": "2", "action": "submit"},
    )
    assert response.status_code == 302 and response.location.endswith("?page=2")
    ballot = db.session.scalar(select(Ballot))
    assert ballot.submitted
    assert {e.bundle_item_id: e.points for e in ballot.entries} == {
        items[0].id: 3, items[1].id: 3, items[2].id: 3, items[3].id: 1,
    }  # fmt: skip
    # Too many points over the pages: the error counts them all.
    response = client.post(
        url + "?page=2",
        data={f"points-{items[3].id}": "3", "ballot_page": "2", "action": "submit"},
    )
    assert response.status_code == 422 and "Haal er 2 weg" in response.text


def test_a_short_ballot_is_one_page(client, login_as, make_round, make_user, items):
    round_ = voting_as_a_participant(make_round, make_user, login_as)
    page = client.get(f"/prioritering/{round_.id}/stemmen").text
    assert all(f'name="points-{i.id}"' in page for i in items)
    assert "per pagina" not in page and 'name="ballot_page"' not in page


def test_a_long_final_choice_is_paged_and_checks_ranks_over_pages(
    client, login_as, coordinator, make_round, make_user, items, db, monkeypatch
):
    from signalen.prioritisation import services
    from signalen.prioritisation.models import PriorityDecision

    monkeypatch.setattr(views, "DECIDE_PER_PAGE", 3)
    round_ = voting_as_a_participant(make_round, make_user, login_as)
    services.close_round(round_, coordinator, utcnow())
    db.session.commit()
    login_as(coordinator)
    url = f"/prioritering/{round_.id}/keuze"
    first = client.get(url).text
    assert [f'name="choice-{i.id}"' in first for i in items] == [1, 1, 1, 0]
    assert "Pagina 1 van 2" in first
    response = client.post(
        url,
        data={f"choice-{items[0].id}": "yes", f"rank-{items[0].id}": "1",
              f"reason-{items[0].id}": "Dringend.", "decide_page": "1"},
    )  # fmt: skip
    assert response.status_code == 302 and response.location.endswith("?page=1")
    second = client.get(url + "?page=2").text
    assert [f'name="choice-{i.id}"' in second for i in items] == [0, 0, 0, 1]
    # Rank 1 is taken on page 1: the check sees the other pages.
    data = {f"choice-{items[3].id}": "yes", f"rank-{items[3].id}": "1",
            f"reason-{items[3].id}": "Ook dringend.", "decide_page": "2"}  # fmt: skip
    assert client.post(url + "?page=2", data=data).status_code == 422
    data[f"rank-{items[3].id}"] = "2"
    assert client.post(url + "?page=2", data=data).status_code == 302
    chosen = db.session.scalars(select(PriorityDecision)).all()
    assert {(d.bundle_item_id, d.rank) for d in chosen} == {
        (items[0].id, 1), (items[3].id, 2),
    }  # fmt: skip
