"""The public page: off by default, no login, nothing private, cacheable."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from signalen.bundles.models import BundleStatus
from signalen.errors import SignalenError
from signalen.permissions import Role

PRIVATE = (
    "Wout Werker",
    "Sara Stil",
    "Stella Stad",
    "Geheim Huis",
    "Voorbeeld uit het dossier",
    "Intern: nog niet besproken",
    "@example.org",
)


def url(bundle):
    return f"/openbaar/bundels/{bundle.id}"


def test_off_by_default(client, published):
    assert client.get(url(published)).status_code == 404
    assert client.get(url(published) + "/open-data.zip").status_code == 404
    assert published.title not in client.get("/openbaar/").get_data(as_text=True)


def test_on_without_login(client, published, switch_on):
    switch_on(published)
    response = client.get(url(published))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for text in (
        "Inleiding voor iedereen.",
        "Wachtlijsten sociale huur",
        "We bouwen 200 sociale woningen.",
        "Dienst Wonen",
        "In opvolging",
    ):
        assert text in page
    assert published.title in client.get("/openbaar/").get_data(as_text=True)


def test_switched_off_again_is_gone(client, published, switch_on):
    switch_on(published)
    assert client.get(url(published)).status_code == 200
    switch_on(published, enabled=False)
    assert client.get(url(published)).status_code == 404


def test_only_a_published_bundle_can_be_public(db, make_bundle, make_user):
    from signalen.public.services import set_public_page

    closed = make_bundle(status=BundleStatus.CLOSED)
    with pytest.raises(SignalenError):
        set_public_page(closed, True, make_user(Role.ADMIN), closed.created_at)


def test_nothing_private_on_the_page_or_in_the_open_data(client, published, switch_on):
    switch_on(published)
    texts = [
        client.get(url(published)).get_data(as_text=True),
        client.get(url(published) + "/open-data.json").get_data(as_text=True),
    ]
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(url(published) + "/open-data.zip").data)
    )
    texts += [archive.read(name).decode("utf-8-sig") for name in archive.namelist()]
    for text in texts:
        for private in PRIVATE:
            assert private not in text, private
    # The anonymous organisation's name in a summary is replaced, not dropped.
    assert "een partnerorganisatie ziet steeds meer jonge schuldenaars" in texts[0]


def test_small_counts_are_masked(client, published, switch_on):
    switch_on(published)
    data = json.loads(client.get(url(published) + "/open-data.json").data)
    counts = {i["referentie"]: (i["aantal_signalen"], i["aantal_organisaties"])
              for i in data["items"]}  # fmt: skip
    first, second = (i.reference for i in published.items)
    assert counts == {first: (3, "<3"), second: ("<3", "<3")}


def test_search_and_filters(client, published, switch_on):
    switch_on(published)
    found = client.get(url(published) + "?q=sociale+WONINGEN").get_data(as_text=True)
    assert "Wachtlijsten sociale huur" in found and "Schulden bij jongeren" not in found
    found = client.get(url(published) + "?wijk=drongen").get_data(as_text=True)
    assert "Schulden bij jongeren" in found and "Wachtlijsten sociale huur" not in found
    found = client.get(url(published) + "?thema=wonen").get_data(as_text=True)
    assert "Wachtlijsten sociale huur" in found and "Schulden bij jongeren" not in found
    assert "0 structurele signalen gevonden" in client.get(
        url(published) + "?q=onbestaand"
    ).get_data(as_text=True)


def test_etag_and_cache_control(client, published, switch_on, make_user, db):
    switch_on(published)
    first = client.get(url(published))
    assert first.headers["Cache-Control"] in (
        "public, max-age=60",
        "max-age=60, public",
    )
    etag = first.headers["ETag"]
    again = client.get(url(published), headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    # A new answer changes the page and its ETag.
    from signalen.responses.services import Answer, record_answer

    record_answer(published.items[1], make_user(Role.CITY),
                  Answer("onderzoek", "We bekijken het."))  # fmt: skip
    db.session.commit()
    changed = client.get(url(published), headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert "We bekijken het." in changed.get_data(as_text=True)


def test_page_looks_the_same_logged_in(
    client, published, switch_on, login_as, make_user
):
    switch_on(published)
    anonymous = client.get(url(published)).data
    login_as(make_user(Role.COORDINATOR, display_name="Cora Coördinator"))
    assert client.get(url(published)).data == anonymous


def test_open_data_zip_has_a_readme_for_every_column(client, published, switch_on):
    switch_on(published)
    response = client.get(url(published) + "/open-data.zip")
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = set(archive.namelist())
    assert names == {"README.md", "items.csv", "themas.csv", "wijken.csv",
                     "antwoorden.csv", "opvolging.csv"}  # fmt: skip
    readme = archive.read("README.md").decode()
    for name in names - {"README.md"}:
        header = archive.read(name).decode("utf-8-sig").splitlines()[0].split(";")
        for column in header:
            assert f"`{column}`" in readme, (name, column)
    answers = archive.read("antwoorden.csv").decode("utf-8-sig")
    assert "We bouwen 200 sociale woningen." in answers
    wijken = archive.read("wijken.csv").decode("utf-8-sig")
    assert "ledeberg;Ledeberg" in wijken


def test_unknown_format_and_bundle_are_404(client, published, switch_on):
    switch_on(published)
    assert client.get(url(published) + "/open-data.pdf").status_code == 404
    assert client.get("/openbaar/bundels/999999").status_code == 404


def test_beheerder_switches_and_others_cannot(client, published, login_as, make_user):
    login_as(make_user(Role.COORDINATOR))
    assert client.get("/beheer/openbaar").status_code == 403
    assert (
        client.post(
            f"/beheer/openbaar/{published.id}", data={"enabled": "1"}
        ).status_code
        == 403
    )
    login_as(make_user(Role.ADMIN))
    page = client.get("/beheer/openbaar").get_data(as_text=True)
    assert published.title in page and "Aanzetten" in page
    response = client.post(f"/beheer/openbaar/{published.id}", data={"enabled": "1"})
    assert response.status_code == 302
    assert client.get(url(published)).status_code == 200
    client.post(f"/beheer/openbaar/{published.id}", data={"enabled": "0"})
    assert client.get(url(published)).status_code == 404


def test_switch_is_in_the_audit_log(db, published, switch_on):
    from sqlalchemy import select

    from signalen.audit.models import AuditEvent

    switch_on(published)
    actions = list(db.session.scalars(select(AuditEvent.action)))
    assert "public_page_on" in actions


def test_demo_has_its_published_bundle_public(client, db):
    from signalen.demo import load_demo
    from signalen.public.services import public_bundles

    load_demo()
    db.session.commit()
    bundles = public_bundles()
    assert len(bundles) == 1
    page = client.get(url(bundles[0]))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Antwoord van de stad" in text
    from signalen.demo import ACCOUNTS, ORGANISATIONS

    for _local, display, _role, _org in ACCOUNTS:
        assert display not in text
    for name, _kind, anonymous in ORGANISATIONS:
        if anonymous:
            assert name not in text


def test_the_list_of_public_bundles_is_html(client, published):
    # werkzeug's Response defaults to text/plain: a browser showed the page as
    # source text.
    assert client.get("/openbaar/").content_type == "text/html; charset=utf-8"
