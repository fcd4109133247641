"""The fixed sheets around the items: Prioriteiten, Overzicht, Toelichting, Lijsten."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from xlsxwriter.workbook import Workbook

from signalen.clock import to_local
from signalen.exports import layout
from signalen.exports.priorities import Priorities
from signalen.exports.rows import Tally
from signalen.exports.sanitise import MaskReport
from signalen.exports.writer import LINE_HEIGHT, MAX_ROW_HEIGHT, Sheet, text_lines
from signalen.responses.models import (
    FOLLOW_UP_ROUTES,
    PROGRESS_STATUSES,
    RESPONSE_TYPES,
)

PRIVACY_RULE = (
    "Er staan geen namen van medewerkers of cliënten in dit bestand. Organisaties "
    "die niet genoemd willen worden, staan er als 'een partnerorganisatie', ook "
    "waar hun naam in een tekst stond (ook in teksten van coördinatoren). Alle vrije "
    "tekst werd bij het maken van dit bestand opnieuw nagekeken op "
    "persoonsgegevens; wat leek op een persoonsgegeven, staat er als bv. [naam] of "
    "[telefoonnummer]."
)
SMALL_NUMBERS_RULE = (
    "Kleine aantallen: een aantal dat naar mensen of organisaties kan wijzen, staat "
    "er als '<{n}' wanneer het 1 tot {m} is: het aantal betrokken mensen, het aantal "
    "organisaties en het aantal signalen achter een signaal, het aantal stemmen per "
    "groep, en de scores per groep van een groep met minder dan {n} stemmen. 0 blijft "
    "0. Aantallen structurele signalen per thema, wijk, doelgroep of bestuursniveau "
    "(blad Overzicht) en 'Eerder in bundels' staan er altijd exact: ze wijzen "
    "niemand aan."
)
CM = 37.8  # pixels per centimetre, for chart sizes
#: Rang, ID, Titel, Gekozen, Score, Score bij gelijk gewicht, Gelijke stand,
#: Per groep, Reden: within A4 landscape at 100 % (see writer.print_scale).
PRIORITY_WIDTHS = [6, 12, 32, 8, 7, 10, 7, 24, 40]

# The drop-down columns of the Signalen sheet and their list on "Lijsten".
DROPDOWNS = (
    ("response_type", "A", RESPONSE_TYPES, "Soort antwoord"),
    ("follow_up_route", "B", FOLLOW_UP_ROUTES, "Opvolging"),
    ("progress", "C", PROGRESS_STATUSES, "Stand van zaken"),
)


def local_time(now: datetime) -> str:
    return to_local(now).strftime("%d-%m-%Y %H:%M")


def add_dropdowns(sheet: Sheet, count: int) -> None:
    """Drop-down lists for the three choice columns, from the hidden sheet."""
    keys = [c.key for c in layout.SIGNAL_COLUMNS]
    last = max(count + 1, 2)  # 1-based: the header plus every item
    for key, list_col, choices, label in DROPDOWNS:
        column = keys.index(key)
        source = f"={layout.SHEET_LISTS}!${list_col}$1:${list_col}${len(choices)}"
        sheet.ws.data_validation(
            1,
            column,
            last - 1,
            column,
            {
                "validate": "list",
                "source": source,
                "ignore_blank": True,
                "show_error": True,
                "error_title": label,
                "error_message": "Kies een waarde uit de lijst.",
                "show_input": True,
                "input_title": label,
                "input_message": "Kies uit de lijst.",
            },
        )


def write_priorities(
    sheet: Sheet, priorities: Priorities, references: dict[int, tuple[str, str]]
) -> None:
    f = sheet.formats
    sheet.setup(PRIORITY_WIDTHS, freeze=(1, 0))
    sheet.append(layout.PRIORITY_HEADERS, [f.header] * len(layout.PRIORITY_HEADERS))
    text = [
        f.number,
        f.cell,
        f.text,
        f.cell,
        f.decimal,
        f.decimal,
        f.cell,
        f.text,
        f.text,
    ]
    for row in priorities.rows:
        reference, item_title = references.get(row.item_id, ("", ""))
        chosen = "" if row.chosen is None else ("ja" if row.chosen else "nee")
        sheet.append(
            [
                row.rank,
                reference,
                item_title,
                chosen,
                row.score,
                row.equal_weight_score,
                "ja" if row.tied else "",
                row.by_group,
                row.reason,
            ],
            text,
        )
    sheet.append([])
    if priorities.note:
        write_wide(sheet, "", priorities.note, f.note)
    write_wide(sheet, "Methode", priorities.method or "—", f.text)
    if priorities.formula:
        write_wide(sheet, "Formule", priorities.formula, f.text)
    if priorities.ballots:
        write_wide(sheet, "Stemmen per groep", priorities.ballots, f.text)
    sheet.protect()


def write_wide(sheet: Sheet, label: str, text: str, fmt) -> None:
    """A label in A, a text over the other columns (merged, wrapped, tall enough)."""
    row = sheet.row
    width = sum(sheet.widths[2:]) or 60
    if label:
        sheet.ws.write_string(row, 0, label, sheet.formats.bold)
    sheet.ws.merge_range(row, 2, row, len(sheet.widths) - 1, text, fmt)
    lines = text_lines(text, width)
    if lines > 1:
        sheet.ws.set_row(row, min(lines * LINE_HEIGHT + 3, MAX_ROW_HEIGHT))
    sheet.row = row + 1


def write_overview(
    wb: Workbook,
    sheet: Sheet,
    *,
    title: str,
    period: str,
    tally: Tally,
    previous: Tally | None,
    previous_title: str | None,
    min_count: int,
    now: datetime,
) -> None:
    f = sheet.formats
    sheet.setup([36, 12, 12, 2], print_titles=False)
    sheet.append([title], [f.title])
    sheet.ws.set_row(0, 24)
    sheet.append(["Periode", period])
    sheet.append(
        [
            "Aantal signalen in de bundel",
            tally.items,
            previous.items if previous else "",
        ],
        [None, f.number, f.number],
    )
    sheet.append(["Vergeleken met", previous_title or "geen vorige bundel"])
    sheet.append(["Gemaakt op", local_time(now)])
    sheet.append(
        [
            "Aantallen structurele signalen; ze wijzen niemand aan en staan er "
            "exact (zie Toelichting)."
        ]
    )
    sections = (
        ("Per thema", "Thema", "themes"),
        ("Per wijk", "Wijk", "areas"),
        ("Per doelgroep", "Doelgroep", "target_groups"),
        ("Per bestuursniveau", "Bestuursniveau", "levels"),
    )
    for heading, label, attr in sections:
        sheet.append([])
        sheet.append([heading], [f.bold])
        header = sheet.append([label, "Deze bundel", "Vorige bundel"], [f.header] * 3)
        current: Counter = getattr(tally, attr)
        before: Counter = getattr(previous, attr) if previous else Counter()
        names = sorted(set(current) | set(before), key=lambda n: (-current[n], n))
        for name in names:
            sheet.append(
                [name, current[name], before[name] if previous else ""],
                [f.text, f.number, f.number],
            )
        if names:
            add_chart(wb, sheet, heading, header, sheet.row, previous is not None)
    sheet.protect()


def add_chart(
    wb: Workbook,
    sheet: Sheet,
    heading: str,
    header_row: int,
    last_row: int,
    with_previous: bool,
) -> None:
    """Horizontal bars (long labels stay readable) beside a count table.

    Rows are 1-based like Sheet.row; XlsxWriter counts from 0.
    """
    chart = wb.add_chart({"type": "bar"})
    font = {"name": "Arial", "size": 8}
    colours = ("#1F4E79", "#A5A5A5")
    for column in (1, 2) if with_previous else (1,):
        chart.add_series(
            {
                "name": [sheet.name, header_row - 1, column],
                "categories": [sheet.name, header_row, 0, last_row - 1, 0],
                "values": [sheet.name, header_row, column, last_row - 1, column],
                "fill": {"color": colours[column - 1]},
                "data_labels": {"value": True, "font": font},
                "gap": 60,
            }
        )
    chart.set_title({"name": heading, "name_font": {"name": "Arial", "size": 10}})
    # In a bar chart x is the value axis; categories read top to bottom.
    chart.set_x_axis({"num_font": font, "major_gridlines": {"visible": False}})
    chart.set_y_axis({"num_font": font, "reverse": True})
    if with_previous:
        chart.set_legend({"position": "bottom", "font": font})
    else:
        chart.set_legend({"none": True})
    height = max(6.0, 0.5 * (last_row - header_row) + 2.5)
    chart.set_size({"width": round(13 * CM), "height": round(height * CM)})
    sheet.ws.insert_chart(header_row - 1, 4, chart)  # column E, beside the table


def write_notes(
    sheet: Sheet,
    *,
    bundle_id: int,
    token: str,
    now: datetime,
    min_count: int,
    priorities: Priorities,
    report: MaskReport,
) -> None:
    f = sheet.formats
    sheet.setup([28, 90])
    sheet.append(["Onderwerp", "Uitleg"], [f.header, f.header])
    text = [f.bold, f.text]
    sheet.append(
        [
            "Hoe invullen",
            "Vul op het blad 'Signalen' per signaal de gele kolommen in: uw antwoord, "
            "de soort antwoord, de dienst, de opvolging en de stand van zaken. Op de "
            "themabladen kan u ook in de kolom 'Antwoord' schrijven. Laad het bestand "
            "daarna op in Signalen (Bundel › Antwoorden opladen). Pas de kolom ID niet "
            "aan en voeg geen bladen of kolommen toe. De bladen zijn beveiligd zonder "
            "wachtwoord, zodat alleen de gele cellen te wijzigen zijn.",
        ],
        text,
    )
    for column in layout.SIGNAL_COLUMNS:
        sheet.append([f"Kolom '{column.header}'", str(column.meaning)], text)
    sheet.append(
        [
            "Themabladen",
            "Eén blad per hoofdthema, in de vorm van de beleidsnota's: "
            "Signaal | Voorbeelden/citaten | Antwoord.",
        ],
        text,
    )
    sheet.append(
        [
            "Methode van prioritering",
            (priorities.method or "Nog geen prioritering")
            + (f". {priorities.formula}" if priorities.formula else ""),
        ],
        text,
    )
    sheet.append(["Privacy", PRIVACY_RULE], text)
    sheet.append(
        ["Kleine aantallen", SMALL_NUMBERS_RULE.format(n=min_count, m=min_count - 1)],
        text,
    )
    details = ", ".join(f"{t}: {n}" for t, n in sorted(report.by_type.items()))
    sheet.append(
        [
            "Gemaskeerd bij export",
            f"{report.total} stukken tekst vervangen in {report.texts} teksten"
            + (f" ({details})" if details else "")
            + (
                f"; {report.organisations} keer een organisatienaam"
                if report.organisations
                else ""
            )
            + ".",
        ],
        text,
    )
    sheet.append(["Gemaakt op", local_time(now)], text)
    sheet.append(["Bundel", str(bundle_id)], text)
    sheet.append(["Versie (exportcode)", token], text)
    sheet.protect()


def write_lists(sheet: Sheet, bundle_id: int, token: str) -> None:
    """The hidden sheet: drop-down choices (A-C) and the file's identity (E-F)."""
    columns = [[str(v) for v in choices.values()] for _k, _c, choices, _l in DROPDOWNS]
    meta = {1: ("bundel", str(bundle_id)), 2: ("token", token)}
    height = max(max(len(c) for c in columns), 2)
    for i in range(height):
        row = [c[i] if i < len(c) else None for c in columns]
        sheet.append([*row, None, *meta.get(i + 1, (None, None))])
    sheet.ws.protect()
    sheet.ws.hide()


def write_metadata(wb: Workbook, bundle_id: int, token: str, now: datetime) -> None:
    """Name the cells that identify the file, and say so in its properties too."""
    for name, cell in (
        (layout.DEFINED_NAME_BUNDLE, layout.META_BUNDLE_CELL),
        (layout.DEFINED_NAME_TOKEN, layout.META_TOKEN_CELL),
    ):
        column, row = cell[0], cell[1:]  # "F1" → $F$1
        wb.define_name(name, f"={layout.SHEET_LISTS}!${column}${row}")
    wb.set_custom_property("SignalenBundelId", str(bundle_id))
    wb.set_custom_property("SignalenExportToken", token)
    wb.set_properties(
        {
            "title": "Signalenbundel",
            "author": "Signalen",
            "created": now.replace(tzinfo=None),
        }
    )
