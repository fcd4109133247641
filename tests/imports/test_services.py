"""Importing signal lists: mapping, personal data, preview, all or nothing, twice."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from signalen.errors import NotAllowed, SignalenError
from signalen.extensions import db as _db
from signalen.imports.models import ImportedSignal, ImportMapping
from signalen.imports.services import (
    apply_import,
    preview_import,
    upload_import,
)
from signalen.permissions import Role
from signalen.signals.models import Signal, SignalStatus

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)

MESSY_CSV = (
    "Nr;Onderwerp;Omschrijving;Thema;Doelgroep;Wijk;Datum gemeld;Aantal\n"
    "A1;Lange wachtlijst sociale woning;Gezinnen wachten jaren op een sociale "
    "woning.;Wonen;Gezinnen;Rabot;12/03/2019;40\n"
    "A2;Geen plek in de nachtopvang;Daklozen worden weggestuurd.;Dakloosheid;"
    "Dak- en thuislozen;stadsbreed;2019-11-05;\n"
    "A3;Dossier;Mevrouw Janssens belt elke week over haar dossier.;Wonen;;;"
    "01/01/2020;\n"
    "A4;Iets over ruimtevaart;Niemand weet het.;Ruimtevaart;;;2020;\n"
    "A5;Huur te hoog;Huurprijzen stijgen sneller dan inkomens.;huisvesting;"
    "Huurders;Brugse Poort;03/2020;12\n"
)


@pytest.fixture
def importer(make_user):
    return make_user(Role.WORKER)


def upload(content: bytes, user, name="lijst.csv", source="Signalentool 2019"):
    batch = upload_import(
        content, name, user.organisation, user, source=source, now=NOW
    )
    _db.session.commit()
    return batch


def csv_bytes(text: str, encoding="utf-8") -> bytes:
    return text.encode(encoding)


def columns_of(batch) -> dict:
    return dict(batch.columns)


def test_columns_are_guessed_from_the_headers(importer):
    batch = upload(csv_bytes(MESSY_CSV), importer)
    assert batch.headers[:3] == ["Nr", "Onderwerp", "Omschrijving"]
    assert batch.columns["title"] == "Onderwerp"
    assert batch.columns["description"] == "Omschrijving"
    assert batch.columns["themes"] == "Thema"
    assert batch.columns["areas"] == "Wijk"
    assert batch.columns["date"] == "Datum gemeld"


def test_preview_counts_held_refused_and_suggests(importer):
    batch = upload(csv_bytes(MESSY_CSV), importer)
    report = preview_import(batch, importer, columns=columns_of(batch), now=NOW)
    _db.session.commit()
    assert report["total"] == 5
    # A3 names a person: held back, with the field and the kind, not the text
    assert report["held"] == 1
    held = report["held_rows"][0]
    assert held["row"] == 4
    assert "Janssens" not in " ".join(held["reasons"])
    assert held["reasons"][0].startswith("Beschrijving")
    # A4: "Ruimtevaart" is in no list: refused with the value named
    assert report["refused"] == 1
    assert "Ruimtevaart" in report["refused_rows"][0]["reasons"][0]
    # "huisvesting" is no exact theme: shown with a suggestion (or refused)
    unknown = {u["folded"]: u for u in report["unknown"]["themes"]}
    assert "ruimtevaart" in unknown and unknown["ruimtevaart"]["suggestion"] == 0
    assert report["ok"] == 3
    assert _db.session.scalar(select(func.count(Signal.id))) == 0


def test_apply_stores_submitted_signals_marked_as_imported(importer, themes):
    batch = upload(csv_bytes(MESSY_CSV), importer)
    preview_import(batch, importer, columns=columns_of(batch), now=NOW)
    added = apply_import(batch, importer, now=NOW)
    _db.session.commit()
    assert added == 3
    signals = list(_db.session.scalars(select(Signal).order_by(Signal.id)))
    assert [s.title for s in signals] == [
        "Lange wachtlijst sociale woning",
        "Geen plek in de nachtopvang",
        "Huur te hoog",
    ]
    assert all(s.status == SignalStatus.SUBMITTED for s in signals)
    assert signals[0].themes == [themes["wonen"]]
    assert signals[0].people_affected == 40
    assert [a.code for a in signals[0].areas] == ["rabot_blaisantvest"]
    assert signals[1].city_wide and signals[1].areas == []
    marks = {
        m.original_reference: m for m in _db.session.scalars(select(ImportedSignal))
    }
    assert marks["A1"].original_date == date(2019, 3, 12)
    assert marks["A1"].source == "Signalentool 2019"
    assert marks["A5"].original_date is None
    assert signals[2].observed_year == 2020 and signals[2].observed_month == 3
    # the history says where it came from; the text with a name was never stored
    assert "Signalentool 2019" in signals[0].events[-1].message
    assert not _db.session.scalar(
        select(Signal.id).where(Signal.description.contains("Janssens"))
    )


def test_the_same_file_twice_adds_nothing(importer):
    content = csv_bytes(MESSY_CSV)
    first = upload(content, importer)
    preview_import(first, importer, columns=columns_of(first), now=NOW)
    apply_import(first, importer, now=NOW)
    _db.session.commit()
    second = upload(content, importer)
    report = preview_import(second, importer, columns=columns_of(second), now=NOW)
    assert report["ok"] == 0 and report["duplicate"] == 3
    assert apply_import(second, importer, now=NOW) == 0
    _db.session.commit()
    assert _db.session.scalar(select(func.count(Signal.id))) == 3


def test_a_row_twice_in_one_file_counts_once(importer):
    text = "Titel;Thema\nTe weinig opvang;Wonen\nTe weinig opvang;Wonen\n"
    batch = upload(csv_bytes(text), importer)
    report = preview_import(batch, importer, columns=columns_of(batch), now=NOW)
    assert report["ok"] == 1 and report["duplicate"] == 1


def test_value_choices_map_and_are_remembered(importer, themes):
    batch = upload(csv_bytes(MESSY_CSV), importer)
    swapped = {**columns_of(batch), "title": "Omschrijving", "description": "Onderwerp"}
    report = preview_import(
        batch,
        importer,
        columns=swapped,
        values={"themes": {"ruimtevaart": themes["mobiliteit"].id}},
        now=NOW,
    )
    assert report["refused"] == 0 and report["ok"] == 4
    _db.session.commit()
    mapping = _db.session.scalar(select(ImportMapping))
    assert mapping.values["themes"]["ruimtevaart"] == themes["mobiliteit"].id
    assert mapping.columns["title"] == "Omschrijving"
    # a next file of the organisation starts from the remembered choices
    other = upload(csv_bytes(MESSY_CSV), importer)
    assert other.columns["title"] == "Omschrijving"
    again = preview_import(other, importer, columns=columns_of(other), now=NOW)
    assert again["refused"] == 0


def test_refusing_a_value_refuses_its_rows(importer):
    batch = upload(csv_bytes(MESSY_CSV), importer)
    report = preview_import(
        batch, importer, columns=columns_of(batch),
        values={"areas": {"rabot": 0}}, now=NOW,
    )  # fmt: skip
    assert report["refused"] == 2


def test_a_default_theme_for_rows_without_one(importer, themes):
    text = "Titel\nTe weinig opvang\nGeen tolken\n"
    batch = upload(csv_bytes(text), importer)
    report = preview_import(batch, importer, columns=columns_of(batch), now=NOW)
    assert report["refused"] == 2
    report = preview_import(
        batch, importer, columns=columns_of(batch),
        default_theme_id=themes["wonen"].id, now=NOW,
    )  # fmt: skip
    assert report["ok"] == 2


def test_xlsx_and_windows_csv_are_read(importer):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Titel", "Thema", "Datum"])
    sheet.append(["Geen betaalbare crèche", "Kinderarmoede", datetime(2018, 5, 4)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch = upload(buffer.getvalue(), importer, name="oud.xlsx")
    assert batch.file_kind == "xlsx"
    report = preview_import(batch, importer, columns=columns_of(batch), now=NOW)
    assert report["ok"] == 1
    apply_import(batch, importer, now=NOW)
    _db.session.commit()
    mark = _db.session.scalar(select(ImportedSignal))
    assert mark.original_date == date(2018, 5, 4)
    text = "Titel,Thema\nGeen betaalbare crèche,Onderwijs\n"
    batch = upload(text.encode("cp1252"), importer)
    report = preview_import(batch, importer, columns=columns_of(batch), now=NOW)
    assert report["ok"] == 1


def test_all_or_nothing(importer, monkeypatch):
    from signalen.imports import services

    batch = upload(csv_bytes(MESSY_CSV), importer)
    preview_import(batch, importer, columns=columns_of(batch), now=NOW)
    _db.session.commit()
    calls = iter(range(10))

    def failing(*args, **kwargs):
        if next(calls) == 2:
            raise SignalenError("stop")
        return original(*args, **kwargs)

    # chunks of one row: two are stored before the third fails
    original = services.store_chunk
    monkeypatch.setattr(services, "CHUNK", 1)
    monkeypatch.setattr(services, "store_chunk", failing)
    with pytest.raises(SignalenError):
        apply_import(batch, importer, now=NOW)
    _db.session.rollback()
    assert _db.session.scalar(select(func.count(Signal.id))) == 0
    assert _db.session.scalar(select(func.count(ImportedSignal.id))) == 0


def test_title_column_is_required_and_files_are_checked(importer):
    batch = upload(csv_bytes(MESSY_CSV), importer)
    with pytest.raises(SignalenError) as caught:
        preview_import(batch, importer, columns={"themes": "Thema"}, now=NOW)
    assert caught.value.field == "title"
    with pytest.raises(SignalenError):
        upload(b"", importer)
    with pytest.raises(SignalenError):
        upload(b"PK\x03\x04 not really a workbook", importer, name="x.xlsx")


def test_only_own_organisation_unless_coordinator(importer, make_user, make_org):
    other = make_org()
    with pytest.raises(NotAllowed):
        upload_import(b"Titel\nx\n", "a.csv", other, importer, source="x")
    city = make_user(Role.CITY)
    with pytest.raises(NotAllowed):
        upload_import(b"Titel\nx\n", "a.csv", city.organisation, city, source="x")
    coordinator = make_user(Role.COORDINATOR)
    batch = upload_import(b"Titel\nx\n", "a.csv", other, coordinator, source="x")
    assert batch.organisation_id == other.id
