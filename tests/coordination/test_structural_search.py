"""A search field instead of a drop-down of all structural signals (issue 14,
item 9): suggestions as you type (JSON), and without JavaScript a reference or
words of the title, with the matches to pick from when several fit."""

from __future__ import annotations

from signalen.coordination.services import current_link


def test_suggestions_and_linking_by_reference_words_or_choice(
    db, client, login_as, coordinator, make_signal, make_user, make_structural
):
    housing = make_structural(title="Betaalbaar wonen in Gent", created_by=coordinator)
    rent = make_structural(title="Huurprijzen en wonen", created_by=coordinator)
    make_structural(title="Digitale kloof", created_by=coordinator)
    signal = make_signal(make_user())
    login_as(coordinator)

    found = client.get("/coordinatie/structureel/zoek?q=wonen").get_json()
    assert [f["reference"] for f in found] == [housing.reference, rent.reference]
    assert found[0]["label"] == f"{housing.reference} · Betaalbaar wonen in Gent"
    found = client.get(f"/coordinatie/structureel/zoek?q={rent.reference.lower()}")
    assert [f["id"] for f in found.get_json()] == [rent.id]
    found = client.get(f"/coordinatie/structureel/zoek?q=wonen&behalve={rent.id}")
    assert [f["id"] for f in found.get_json()] == [housing.id]

    page = client.get("/coordinatie/inbox").get_data(as_text=True)
    assert (
        '<select name="structural"' not in page
        and 'list="structural-suggesties"' in page
    )

    url = f"/coordinatie/signalen/{signal.reference}/koppelen"
    several = client.post(url, data={"structural": "wonen"})
    assert several.status_code == 422
    text = several.get_data(as_text=True)
    assert "Meer dan één structureel signaal past" in text
    assert f'type="radio" name="structural" value="{housing.id}"' in text
    nothing = client.post(url, data={"structural": "ruimtevaart"})
    assert "Geen open structureel signaal gevonden" in nothing.get_data(as_text=True)
    assert client.post(url, data={"structural": "huurprijzen"}).status_code == 302
    assert current_link(signal).structural_signal_id == rent.id
    # the suggestion as the datalist puts it in the field: moves it
    label = f"{housing.reference} · Betaalbaar wonen in Gent"
    assert client.post(url, data={"structural": label}).status_code == 302
    db.session.expire_all()
    assert current_link(signal).structural_signal_id == housing.id
