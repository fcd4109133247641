"""Open data of a public bundle: one ZIP of CSV files with a README, or JSON.

The columns and their descriptions are declared once below; the README is
written from the same declarations, so it always describes what the files
hold. Everything comes from the public items (signalen.public.services).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import ngettext

from signalen.bundles.models import Bundle
from signalen.dashboards.downloads import csv_bytes
from signalen.public.services import PublicItem


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: Callable


def _answer(attr: str) -> Callable:
    return lambda row: getattr(row.answer, attr) if row.answer else ""


def _step(attr: str) -> Callable:
    return lambda row: getattr(row.follow_up, attr) if row.follow_up else ""


ITEMS = [
    Column("referentie", "Vaste referentie van het structureel signaal in de bundel.",
           lambda i: i.reference),
    Column("volgorde", "Plaats in de bundel.", lambda i: i.position),
    Column("titel", "Titel van het structureel signaal.", lambda i: i.title),
    Column("samenvatting", "Samenvatting zoals bij het afsluiten van de bundel.",
           lambda i: i.summary),
    Column("hoofdthema", "Het eerste (belangrijkste) thema.",
           lambda i: i.primary_theme),
    Column("stadsbreed", "ja: het signaal geldt voor heel Gent.",
           lambda i: "ja" if i.city_wide else "nee"),
    Column("bestuursniveau", "Lokaal, Vlaams, federaal of Europees.",
           lambda i: i.government_level),
    Column("trekker", "Organisatie die het signaal trekt; 'een partnerorganisatie' "
           "als die niet genoemd wil worden.", lambda i: i.trekker),
    Column("aantal_signalen", "Aantal signalen achter het structureel signaal; "
           "kleine aantallen staan er als '<3'.", lambda i: i.signals),
    Column("aantal_organisaties", "Aantal organisaties die het signaal gaven; "
           "kleine aantallen staan er als '<3'.", lambda i: i.organisations),
    Column("aantal_bundels", "In hoeveel bundels het signaal voorkwam (deze mee).",
           lambda i: i.bundles_seen),
    Column("terugkerend", "ja: het stond ook in de vorige bundel.",
           lambda i: "ja" if i.recurring else "nee"),
    Column("prioriteit", "ja: gekozen als prioriteit; nee: niet gekozen; "
           "leeg: geen beslissing.",
           lambda i: "" if i.chosen is None else ("ja" if i.chosen else "nee")),
    Column("rang", "Rang van de prioriteit (1 = eerste).", lambda i: i.rank or ""),
    Column("reden", "Reden van de keuze.", lambda i: i.reason),
]  # fmt: skip
THEMES = [
    Column("referentie", "Referentie van het structureel signaal (zie items.csv).",
           lambda r: r[0].reference),
    Column("themacode", "Code van het thema.", lambda r: r[1]["code"]),
    Column("thema", "Naam van het thema.", lambda r: r[1]["label"]),
    Column("hoofdthema", "ja: het eerste thema van het signaal.",
           lambda r: "ja" if r[2] == 0 else "nee"),
]  # fmt: skip
AREAS = [
    Column("referentie", "Referentie van het structureel signaal (zie items.csv).",
           lambda r: r[0].reference),
    Column("wijkcode", "Code van de wijk in Signalen.", lambda r: r[1]["code"]),
    Column("wijk", "Officiële naam van de wijk.", lambda r: r[1]["label"]),
]  # fmt: skip
ANSWERS = [
    Column("referentie", "Referentie van het structureel signaal (zie items.csv).",
           lambda i: i.reference),
    Column("soort", "Soort antwoord van de stad.", _answer("type_label")),
    Column("antwoord", "Tekst van het antwoord.", _answer("text")),
    Column("dienst", "Dienst die antwoordt.", _answer("department")),
    Column("opvolgingsroute", "Route van de opvolging.", _answer("route")),
    Column("voortgang", "Voortgang volgens het antwoord.", _answer("progress")),
    Column("datum", "Datum van het antwoord (JJJJ-MM-DD).", _answer("date")),
]  # fmt: skip
FOLLOW_UP = [
    Column("referentie", "Referentie van het structureel signaal (zie items.csv).",
           lambda i: i.reference),
    Column("status", "Huidige stand van de opvolging.", _step("status_label")),
    Column("route", "Route van de opvolging.", _step("route")),
    Column("dienst", "Dienst die opvolgt.", _step("department")),
    Column("voortgang_procent", "Voortgang in procent (0-100).", _step("percent")),
    Column("datum", "Datum van de laatste stap (JJJJ-MM-DD).", _step("date")),
]  # fmt: skip


def _rows(columns: list[Column], records) -> list[list]:
    return [[c.value(r) for c in columns] for r in records]


def tables(items: list[PublicItem]) -> dict[str, tuple[list[Column], list[list]]]:
    """File name → (columns, rows)."""
    theme_rows = [(i, t, n) for i in items for n, t in enumerate(i.themes)]
    area_rows = [(i, a) for i in items for a in i.areas]
    return {
        "items.csv": (ITEMS, _rows(ITEMS, items)),
        "themas.csv": (THEMES, _rows(THEMES, theme_rows)),
        "wijken.csv": (AREAS, _rows(AREAS, area_rows)),
        "antwoorden.csv": (ANSWERS, _rows(ANSWERS, [i for i in items if i.answer])),
        "opvolging.csv": (
            FOLLOW_UP,
            _rows(FOLLOW_UP, [i for i in items if i.follow_up]),
        ),
    }


def readme(bundle: Bundle, files: dict, now: datetime) -> str:
    lines = [
        f"# Open data: {bundle.title}",
        "",
        f"Periode: {bundle.period_start.isoformat()} tot en met "
        f"{bundle.period_end.isoformat()}. Gemaakt op {now.date().isoformat()}.",
        "",
        "CSV-bestanden in UTF-8 (met BOM), scheidingsteken ';'. Een tekst die met",
        "=, +, - of @ begint, krijgt een apostrof vooraan (zo voert een rekenblad",
        "hem niet uit). Aantallen onder de drempel (standaard 3) staan er als '<3':",
        "zo wijst geen getal naar een persoon of organisatie. Er staan geen namen",
        "van medewerkers in,",
        "geen organisaties die anoniem willen blijven en geen interne notities.",
        "",
    ]
    for name, (columns, rows) in files.items():
        rows_text = ngettext("%(num)d rij", "%(num)d rijen", len(rows))
        lines += [f"## {name} ({rows_text})", ""]
        lines += [f"- `{c.name}`: {c.description}" for c in columns]
        lines.append("")
    return "\n".join(lines)


def open_data_zip(bundle: Bundle, items: list[PublicItem], now: datetime) -> bytes:
    """The ZIP: README.md and one CSV per table."""
    files = tables(items)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.md", readme(bundle, files, now))
        for name, (columns, rows) in files.items():
            archive.writestr(name, csv_bytes([c.name for c in columns], rows))
    return buffer.getvalue()


def open_data_json(bundle: Bundle, items: list[PublicItem], now: datetime) -> str:
    """The same data as JSON: the bundle, its items, and the column descriptions."""
    files = tables(items)
    document = {
        "bundel": {
            "titel": bundle.title,
            "periode_start": bundle.period_start.isoformat(),
            "periode_einde": bundle.period_end.isoformat(),
            "gemaakt_op": now.date().isoformat(),
        },
        "kolommen": {
            name: {c.name: c.description for c in columns}
            for name, (columns, _rows) in files.items()
        },
        "items": [
            {c.name: c.value(i) for c in ITEMS}
            | {
                "themas": i.themes,
                "wijken": i.areas,
                "antwoord": {c.name: c.value(i) for c in ANSWERS[1:]}
                if i.answer
                else None,
                "opvolging": {c.name: c.value(i) for c in FOLLOW_UP[1:]}
                if i.follow_up
                else None,
            }
            for i in items
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1)
