"""The bundle workbook for the city, written with XlsxWriter in constant memory.

Item content comes ONLY from the frozen BundleItem.snapshot. Every free text
passes the personal-data check again, anonymous organisations are not named,
small counts become "<3", and no cell can become a formula.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select
from xlsxwriter.exceptions import XlsxFileError

from signalen.bundles.models import Bundle, BundleItem, BundleStatus
from signalen.errors import SignalenError
from signalen.exports import layout, sheets
from signalen.exports.evaluation import write_evaluation_sheet
from signalen.exports.priorities import Priorities, collect_priorities
from signalen.exports.rows import (
    BATCH_SIZE,
    Tally,
    count_items,
    iter_item_batches,
    prepare_item,
    primary_themes,
    tally_bundle,
)
from signalen.exports.sanitise import (
    MaskReport,
    TextCleaner,
    city_cleaner,
    hidden_organisations,
)
from signalen.exports.writer import Formats, Sheet, open_workbook
from signalen.extensions import db

EXPORTABLE = (BundleStatus.CLOSED, BundleStatus.PUBLISHED)
ProgressCallback = Callable[[int, int], None]


@dataclass
class WorkbookStats:
    items: int
    sheets: list[str]
    masked: MaskReport


def period_text(bundle: Bundle) -> str:
    return (
        f"{format_date(bundle.period_start, 'd MMMM yyyy')} – "
        f"{format_date(bundle.period_end, 'd MMMM yyyy')}"
    )


#: Counts: stored as numbers, right-aligned (a suppressed "<3" too).
COUNT_KEYS = frozenset({"signals", "organisations", "people", "bundles_seen"})
#: ID | Signaal | Voorbeelden/citaten | Antwoord on one A4 landscape page width
#: at 100 % (writer.print_scale): the theme sheets are the reading layout.
THEME_WIDTHS = [11, 44, 46, 44]
#: The Signalen sheet is far wider than a page: printed at 85 % (10 pt Arial
#: → 8.5 pt) across pages, ID and title repeated on each.
SIGNALS_PRINT_SCALE = 85


def _column_formats(formats: Formats, columns) -> list:
    kinds = {"plain": formats.cell, "text": formats.text, "answer": formats.answer}
    special = {
        **dict.fromkeys(COUNT_KEYS, formats.number),
        "government_level": formats.text,
    }
    # The level ("Lokaal (Stad en OCMW Gent)") may be longer than its column: wrapped.
    return [special.get(c.key, kinds[c.kind]) for c in columns]


def _header_formats(formats: Formats, columns) -> list:
    return [
        formats.answer_header if c.kind == "answer" else formats.header for c in columns
    ]


def theme_positions(codes: list[str]) -> dict[str, int]:
    from signalen.themes.models import Theme

    if not codes:
        return {}
    return dict(
        db.session.execute(
            select(Theme.code, Theme.position).where(Theme.code.in_(codes))
        ).all()
    )


def _priority_titles(
    priorities: Priorities, cleaner: TextCleaner
) -> dict[int, tuple[str, str]]:
    """Reference and cleaned title of every item on the Prioriteiten sheet."""
    references: dict[int, tuple[str, str]] = {}
    if not priorities.rows:
        return references
    ids = [r.item_id for r in priorities.rows]
    for row in db.session.execute(
        select(BundleItem.id, BundleItem.reference, BundleItem.snapshot).where(
            BundleItem.id.in_(ids)
        )
    ):
        snap = row.snapshot or {}
        references[row.id] = (
            row.reference,
            cleaner.clean(snap.get("title"), hidden_organisations(snap)),
        )
    return references


class _ThemeSheets:
    """One sheet per primary theme, added in the order of the theme list."""

    def __init__(self, wb, formats: Formats, themes: dict[str, str]):
        self.wb, self.formats = wb, formats
        self.taken = {name.casefold() for name in layout.FIXED_SHEETS}
        self.header = _header_formats(formats, layout.THEME_COLUMNS)
        self.sheets: dict[str, Sheet] = {}
        positions = theme_positions(list(themes))
        for code in sorted(themes, key=lambda c: (positions.get(c, 10**6), c)):
            self.add(code, themes[code])

    def add(self, code: str, label: str) -> Sheet:
        sheet = Sheet(self.wb, layout.sheet_name(label, self.taken), self.formats)
        sheet.setup(THEME_WIDTHS, freeze=(1, 1))
        sheet.append(layout.THEME_HEADERS, self.header)
        self.sheets[code] = sheet
        return sheet

    def get(self, theme: tuple[str, str]) -> Sheet:
        sheet = self.sheets.get(theme[0])
        # A theme the first read did not see still gets a sheet (at the end).
        return sheet if sheet is not None else self.add(*theme)


def write_bundle_workbook(
    bundle: Bundle,
    path: str | Path,
    *,
    token: str,
    now: datetime,
    min_count: int | None = None,
    progress: ProgressCallback | None = None,
    batch_size: int = BATCH_SIZE,
    answers_up_to: int | None = None,
) -> WorkbookStats:
    """Write the bundle workbook to path (streaming; memory does not grow).

    The file appears whole or not at all: it is written under a temporary name and
    renamed when complete. A full disk or a folder that cannot be written gives a
    Dutch SignalenError and leaves no file behind."""
    final = Path(path)
    partial = final.with_name(final.name + ".part")
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        stats = _write_workbook(bundle, partial, token=token, now=now,
                                min_count=min_count, progress=progress,
                                batch_size=batch_size,
                                answers_up_to=answers_up_to)  # fmt: skip
        os.replace(partial, final)
    except (OSError, XlsxFileError) as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise SignalenError(
            _(
                "Het bestand kon niet geschreven worden: de schijf is vol of de "
                "map voor exports is niet beschrijfbaar. Vraag hulp aan een beheerder."
            )
        ) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    return stats


def _write_workbook(
    bundle: Bundle,
    path: Path,
    *,
    token: str,
    now: datetime,
    min_count: int | None,
    progress: ProgressCallback | None,
    batch_size: int,
    answers_up_to: int | None = None,
) -> WorkbookStats:
    if bundle.status not in EXPORTABLE:
        raise SignalenError(_("Alleen een afgesloten bundel kan geëxporteerd worden."))
    if min_count is None:
        min_count = int(current_app.config.get("EXPORT_MIN_COUNT", 3))
    bundle_id, title = bundle.id, bundle.title
    previous = bundle.previous
    total = count_items(bundle_id)
    report = MaskReport()
    cleaner = city_cleaner(report)
    priorities = collect_priorities(bundle, min_count, cleaner)
    references = _priority_titles(priorities, cleaner)

    wb = open_workbook(str(path))
    try:
        formats = Formats(wb)
        # Sheets appear in the order they are added; each is written top to bottom.
        overview = Sheet(wb, layout.SHEET_OVERVIEW, formats)
        prio = Sheet(wb, layout.SHEET_PRIORITIES, formats)
        signals = Sheet(wb, layout.SHEET_SIGNALS, formats)
        themes = _ThemeSheets(wb, formats, primary_themes(bundle_id))
        sheets.write_priorities(prio, priorities, references)

        signals.setup(
            [c.width for c in layout.SIGNAL_COLUMNS],
            freeze=(1, 2),
            scale=SIGNALS_PRINT_SCALE,
        )
        signals.append(
            layout.SIGNAL_HEADERS, _header_formats(formats, layout.SIGNAL_COLUMNS)
        )
        signal_formats = _column_formats(formats, layout.SIGNAL_COLUMNS)
        theme_formats = _column_formats(formats, layout.THEME_COLUMNS)
        tally = Tally()
        done = 0
        for batch in iter_item_batches(bundle_id, batch_size, answers_up_to):
            for _item_id, reference, snapshot, latest in batch:
                item = prepare_item(reference, snapshot, latest, cleaner, min_count)
                tally.add(
                    item.themes, item.areas, item.target_groups, item.government_level
                )
                signals.append(item.signal_row, signal_formats)
                themes.get(item.theme).append(item.theme_row, theme_formats)
                done += 1
            if progress is not None:
                progress(done, total)

        signals.finish_table(len(layout.SIGNAL_COLUMNS))
        sheets.add_dropdowns(signals, done)
        for sheet in themes.sheets.values():
            sheet.finish_table(len(layout.THEME_COLUMNS))

        sheets.write_overview(
            wb,
            overview,
            title=title,
            period=period_text(bundle),
            tally=tally,
            previous=tally_bundle(previous.id) if previous is not None else None,
            previous_title=previous.title if previous is not None else None,
            min_count=min_count,
            now=now,
        )
        write_evaluation_sheet(wb, bundle, formats, cleaner)  # only when evaluated
        notes = Sheet(wb, layout.SHEET_NOTES, formats)
        sheets.write_notes(
            notes,
            bundle_id=bundle_id,
            token=token,
            now=now,
            min_count=min_count,
            priorities=priorities,
            report=report,
        )
        lists = Sheet(wb, layout.SHEET_LISTS, formats)
        sheets.write_lists(lists, bundle_id, token)
        sheets.write_metadata(wb, bundle_id, token, now)
        overview.ws.activate()
        wb.close()
    except BaseException:
        # Release XlsxWriter's temporary files; the caller deletes the output.
        with contextlib.suppress(Exception):
            wb.close()
        raise
    names = [s.name for s in (overview, prio, signals, *themes.sheets.values())]
    return WorkbookStats(
        items=done, sheets=[*names, notes.name, lists.name], masked=report
    )
