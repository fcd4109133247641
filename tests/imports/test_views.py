"""The import pages: upload, map, preview, apply, the same file twice, roles."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from signalen.imports.models import ImportBatch
from signalen.permissions import Role
from signalen.signals.models import Signal

CSV = (
    "Onderwerp;Omschrijving;Thema;Wijk\n"
    "Lange wachtlijst;Gezinnen wachten jaren op een sociale woning.;Wonen;Rabot\n"
    "Geen opvang;Meneer Peeters slaapt al weken buiten.;Dakloosheid;Ledeberg\n"
    "Ruimte;Niemand weet het.;Ruimtevaart;\n"
    "Huur;Huurprijzen stijgen.;huisvestng;Brugse Poort\n"
)


def upload(client, content=CSV.encode(), name="lijst.csv"):
    return client.post(
        "/import/",
        data={"file": (io.BytesIO(content), name), "source": "Oude tool"},
        content_type="multipart/form-data",
    )


def map_columns(client, batch, **extra):
    data = {
        "title": "Onderwerp",
        "description": "Omschrijving",
        "themes": "Thema",
        "areas": "Wijk",
        **extra,
    }
    return client.post(f"/import/{batch.key}", data=data)


@pytest.fixture
def worker(make_user, login_as):
    return login_as(make_user(Role.WORKER))


def only_batch(db):
    return db.session.scalar(select(ImportBatch).order_by(ImportBatch.id.desc()))


def test_upload_map_preview_apply_and_again(client, worker, db):
    response = upload(client)
    batch = only_batch(db)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/import/{batch.key}")
    page = client.get(f"/import/{batch.key}").get_data(as_text=True)
    assert "Welke kolom is wat?" in page
    assert map_columns(client, batch).status_code == 302
    page = client.get(f"/import/{batch.key}").get_data(as_text=True)
    assert "4 rijen gelezen" in page
    assert "1 rij tegengehouden: persoonsgegevens" in page
    assert "Peeters" not in page  # the reason, never the text
    assert "“Ruimtevaart”" in page and "geen voorstel" in page
    assert "“huisvestng”" in page
    # apply: the rows without findings and with mapped values
    response = client.post(f"/import/{batch.key}/toepassen")
    assert response.status_code == 302
    db.session.expire_all()
    added = db.session.scalar(select(func.count(Signal.id)))
    assert added == only_batch(db).applied_count >= 1
    assert (
        db.session.scalar(select(Signal).where(Signal.description.contains("Peeters")))
        is None
    )
    # the same file again: remembered columns, nothing new
    upload(client)
    second = only_batch(db)
    assert second.id != batch.id and second.columns["title"] == "Onderwerp"
    map_columns(client, second)
    page = client.get(f"/import/{second.key}").get_data(as_text=True)
    assert "0 nieuwe signalen" in page
    client.post(f"/import/{second.key}/toepassen")
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Signal.id))) == added


def test_a_value_can_be_mapped_on_the_page(client, worker, db, themes):
    upload(client)
    batch = only_batch(db)
    map_columns(client, batch)
    db.session.expire_all()
    batch = only_batch(db)
    unknown = [u["folded"] for u in batch.report["unknown"]["themes"]]
    index = unknown.index("ruimtevaart")
    fields = {f"value_themes_{i}": "0" for i in range(len(unknown))}
    fields[f"value_themes_{index}"] = str(themes["mobiliteit"].id)
    map_columns(client, batch, **fields)
    db.session.expire_all()
    report = only_batch(db).report
    assert all(
        "Ruimtevaart" not in " ".join(r["reasons"]) for r in report["refused_rows"]
    )


def test_missing_title_column_is_said_next_to_the_field(client, worker, db):
    upload(client)
    batch = only_batch(db)
    response = client.post(f"/import/{batch.key}", data={"themes": "Thema"})
    assert response.status_code == 200
    assert "Kies de kolom met de titel." in response.get_data(as_text=True)


def test_a_file_that_is_no_table(client, worker, db):
    response = upload(client, b"\x00\x01\x02binary", name="foto.png")
    assert response.status_code == 200
    assert "geen CSV- of Excel-bestand" in response.get_data(as_text=True)


def test_discard(client, worker, db):
    upload(client)
    batch = only_batch(db)
    assert client.post(f"/import/{batch.key}/weggooien").status_code == 302
    db.session.expire_all()
    assert only_batch(db).status == "discarded"
    assert client.post(f"/import/{batch.key}/toepassen").status_code == 302
    assert db.session.scalar(select(func.count(Signal.id))) == 0


@pytest.mark.parametrize("role", [Role.CITY, Role.ADMIN])
def test_other_roles_cannot_import(client, make_user, login_as, role):
    login_as(make_user(role))
    assert client.get("/import/").status_code == 403


def test_another_organisations_batch_is_not_found(client, make_user, login_as, db):
    login_as(make_user(Role.WORKER))
    upload(client)
    batch = only_batch(db)
    login_as(make_user(Role.WORKER))
    assert client.get(f"/import/{batch.key}").status_code == 404
    assert client.post(f"/import/{batch.key}/toepassen").status_code == 404


def test_coordinator_imports_for_another_organisation(
    client, make_user, make_org, login_as, db
):
    org = make_org("Buurtwerk Noord")
    login_as(make_user(Role.COORDINATOR))
    client.post(
        "/import/",
        data={"file": (io.BytesIO(CSV.encode()), "l.csv"), "organisation": org.id},
        content_type="multipart/form-data",
    )
    assert only_batch(db).organisation_id == org.id


def test_large_files_go_to_the_task_queue(client, worker, db, monkeypatch):
    from signalen.imports import services

    monkeypatch.setattr(services, "INLINE_ROWS", 1)
    upload(client)
    batch = only_batch(db)
    map_columns(client, batch)
    client.post(f"/import/{batch.key}/toepassen")
    db.session.expire_all()
    # TASK_IMMEDIATE in tests: the task ran at once, through the queue
    assert only_batch(db).status == "applied"
    assert (
        db.session.scalar(select(func.count(Signal.id))) == only_batch(db).applied_count
    )
