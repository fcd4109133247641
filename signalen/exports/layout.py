"""What the bundle workbook looks like: sheets, columns, their meaning.

The importer reads columns back by these headers, so they are the contract
between the file we send and the file the city returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

SHEET_OVERVIEW = "Overzicht"
SHEET_PRIORITIES = "Prioriteiten"
SHEET_SIGNALS = "Signalen"
SHEET_NOTES = "Toelichting"
SHEET_LISTS = "Lijsten"
FIXED_SHEETS = (
    SHEET_OVERVIEW,
    SHEET_PRIORITIES,
    SHEET_SIGNALS,
    SHEET_NOTES,
    SHEET_LISTS,
)

# Where the hidden "Lijsten" sheet keeps the bundle id and export token.
META_BUNDLE_CELL = "F1"
META_TOKEN_CELL = "F2"
DEFINED_NAME_BUNDLE = "SignalenBundelId"
DEFINED_NAME_TOKEN = "SignalenExportToken"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    kind: str  # "plain": as is; "text": wrapped; "answer": the city fills it in
    meaning: object  # lazy string


SIGNAL_COLUMNS: tuple[Column, ...] = (
    Column(
        "reference",
        "ID",
        13,
        "plain",
        _l(
            "Vast kenmerk van het signaal. Niet aanpassen: zo vinden we uw "
            "antwoord terug."
        ),
    ),
    Column("title", "Titel", 34, "text", _l("Korte titel van het signaal.")),
    Column(
        "summary",
        "Samenvatting",
        50,
        "text",
        _l("Wat de organisaties samen vaststellen."),
    ),
    Column(
        "themes", "Thema's", 22, "text", _l("De thema's; het eerste is het hoofdthema.")
    ),
    Column("target_groups", "Doelgroepen", 22, "text", _l("Over wie het gaat.")),
    Column("areas", "Wijken", 22, "text", _l("Waar het speelt, of 'Stadsbreed'.")),
    Column(
        "government_level",
        "Bestuursniveau",
        14,
        "plain",
        _l("Welk bestuur er iets aan kan doen (lokaal, Vlaams, federaal, Europees)."),
    ),
    Column(
        "signals",
        "Aantal signalen",
        10,
        "plain",
        _l("Hoeveel signalen van medewerkers achter dit signaal zitten."),
    ),
    Column(
        "organisations",
        "Aantal organisaties",
        12,
        "plain",
        _l("Hoeveel verschillende organisaties het signaal gaven."),
    ),
    Column(
        "people",
        "Aantal mensen (schatting)",
        12,
        "plain",
        _l("De som van de schattingen van de medewerkers."),
    ),
    Column(
        "bundles_seen",
        "Eerder in bundels",
        10,
        "plain",
        _l("In hoeveel vorige bundels dit signaal al stond (0 = nieuw)."),
    ),
    Column(
        "examples",
        "Voorbeelden/citaten",
        50,
        "text",
        _l("Geanonimiseerde voorbeelden uit de signalen."),
    ),
    Column(
        "solutions",
        "Voorstellen van oplossing",
        40,
        "text",
        _l("Wat de organisaties voorstellen."),
    ),
    Column(
        "owner",
        "Trekker",
        22,
        "text",
        _l(
            "De organisatie die het signaal opvolgt, of 'een "
            "partnerorganisatie' als ze niet genoemd wil worden."
        ),
    ),
    Column(
        "answer",
        "Antwoord stad",
        50,
        "answer",
        _l("Uw antwoord op het signaal. Vul in."),
    ),
    Column("response_type", "Soort antwoord", 22, "answer", _l("Kies uit de lijst.")),
    Column(
        "department", "Dienst", 22, "answer", _l("De dienst die het signaal opneemt.")
    ),
    Column(
        "follow_up_route",
        "Opvolging",
        18,
        "answer",
        _l("Kies uit de lijst: hoe het signaal verder opgevolgd wordt."),
    ),
    Column("progress", "Stand van zaken", 18, "answer", _l("Kies uit de lijst.")),
    Column(
        "previous_answer",
        "Vorig antwoord",
        40,
        "text",
        _l(
            "Wat de stad antwoordde toen dit signaal in de vorige bundel stond, "
            "met de stand van de opvolging. Niet invullen: ter informatie."
        ),
    ),
    Column(
        "consultation_mentions",
        "Ook gemeld in inspraak",
        40,
        "text",
        _l(
            "Opmerkingen uit een inspraak die bij dit signaal horen: de inspraak, "
            "het deel en wie ze gaf (code), met de tekst van de opmerking als er "
            "geen persoonsgegevens in stonden. Niet invullen: ter informatie."
        ),
    ),
)
SIGNAL_HEADERS = [c.header for c in SIGNAL_COLUMNS]
ANSWER_KEYS = ("answer", "response_type", "department", "follow_up_route", "progress")

# The layout the city uses in its own policy notes (DOMAIN.md §2.5).
THEME_COLUMNS: tuple[Column, ...] = (
    Column("reference", "ID", 13, "plain", _l("Vast kenmerk, niet aanpassen.")),
    Column("signal", "Signaal", 50, "text", _l("Titel en samenvatting.")),
    Column(
        "examples",
        "Voorbeelden/citaten",
        60,
        "text",
        _l("Geanonimiseerde voorbeelden."),
    ),
    Column(
        "answer",
        "Antwoord",
        60,
        "answer",
        _l("Uw antwoord; mag ook op het blad Signalen."),
    ),
)
THEME_HEADERS = [c.header for c in THEME_COLUMNS]

PRIORITY_HEADERS = [
    "Rang",
    "ID",
    "Titel",
    "Gekozen",
    "Score",
    "Score bij gelijk gewicht",
    "Gelijke stand",
    "Per groep",
    "Reden",
]

_FORBIDDEN_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def sheet_name(label: str, taken: set[str]) -> str:
    """A valid, unique sheet name: ≤ 31 characters, none of []:*?/\\."""
    name = _FORBIDDEN_IN_SHEET_NAME.sub(" ", label or "").strip().strip("'")
    name = re.sub(r"\s+", " ", name)[:31].strip() or "Thema"
    candidate, n = name, 2
    while candidate.casefold() in taken:
        suffix = f" ({n})"
        candidate = name[: 31 - len(suffix)].rstrip() + suffix
        n += 1
    taken.add(candidate.casefold())
    return candidate
