"""The bundle workbook for the city: written in streaming mode, audited.

Item content comes ONLY from the frozen BundleItem.snapshot. Every free text
passes the personal-data check again, anonymous organisations are not named,
small counts become "<3", and no cell can become a formula.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from flask_babel import format_date
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from sqlalchemy import and_, func, or_, select, update

from signalen.audit.services import record_event
from signalen.bundles.models import Bundle, BundleItem, BundleStatus
from signalen.database import utcnow
from signalen.errors import SignalenError
from signalen.exports import layout
from signalen.exports.models import ExportRun
from signalen.exports.sanitise import (
    ILLEGAL_CHARACTERS,
    MaskReport,
    TextCleaner,
    hidden_organisations,
    owner_label,
    small_count,
)
from signalen.extensions import db
from signalen.responses.models import (
    FOLLOW_UP_ROUTES,
    PROGRESS_STATUSES,
    RESPONSE_TYPES,
    CityResponse,
)

log = logging.getLogger(__name__)
EXPORTABLE = (BundleStatus.CLOSED, BundleStatus.PUBLISHED)
BATCH_SIZE = 1000
NO_THEME = ("", "Zonder thema")
PRIVACY_RULE = (
    "Er staan geen namen van medewerkers of cliënten in dit bestand. Organisaties "
    "die niet genoemd willen worden, staan er als 'een partnerorganisatie'. "
    "Aantallen kleiner dan {n} staan er als '<{n}'. Alle vrije tekst werd bij het "
    "maken van dit bestand opnieuw nagekeken op persoonsgegevens; wat leek op een "
    "persoonsgegeven, staat er als bv. [naam] of [telefoonnummer]."
)

ProgressCallback = Callable[[int, int], None]
ANSWER_COLUMNS = (
    CityResponse.bundle_item_id,
    CityResponse.response_type,
    CityResponse.text,
    CityResponse.department,
    CityResponse.follow_up_route,
    CityResponse.progress,
)


# --- preparing rows (shared with the benchmark floor) ---------------------


def _labels(values: list | None) -> str:
    return ", ".join(v.get("label", "") for v in values or [] if v)


def _bullets(values: list | None) -> str:
    values = [v for v in values or [] if v]
    if len(values) == 1:
        return values[0]
    return "\n".join(f"• {v}" for v in values)


@dataclass
class PreparedItem:
    """One bundle item as it goes into the workbook (already cleaned)."""

    theme: tuple[str, str]  # (code, label) of the primary theme
    signal_row: list
    theme_row: list
    themes: list[str]
    areas: list[str]
    target_groups: list[str]
    government_level: str


def prepare_item(
    reference: str,
    snapshot: dict,
    latest,
    cleaner: TextCleaner,
    min_count: int,
) -> PreparedItem:
    """Turn a snapshot into the cleaned values of its rows."""
    hidden = hidden_organisations(snapshot)
    clean = cleaner.clean
    evidence = snapshot.get("evidence") or {}
    themes = snapshot.get("themes") or []
    level = snapshot.get("government_level") or {}
    title = clean(snapshot.get("title"), hidden)
    summary = clean(snapshot.get("summary"), hidden)
    examples = clean(_bullets(snapshot.get("examples")), hidden)
    areas = (
        ["Stadsbreed"]
        if snapshot.get("city_wide")
        else [a.get("label", "") for a in snapshot.get("areas") or []]
    )
    answer = ["", "", "", "", ""]
    if latest is not None:
        answer = [
            clean(latest.text),
            str(RESPONSE_TYPES.get(latest.response_type, "")),
            clean(latest.department),
            str(FOLLOW_UP_ROUTES.get(latest.follow_up_route or "", "")),
            str(PROGRESS_STATUSES.get(latest.progress or "", "")),
        ]
    signal_row = [
        reference,
        title,
        summary,
        _labels(themes),
        _labels(snapshot.get("target_groups")),
        ", ".join(areas),
        level.get("label", "") if level else "",
        small_count(evidence.get("signals"), min_count),
        small_count(evidence.get("organisations"), min_count),
        small_count(evidence.get("people_affected"), min_count),
        int(evidence.get("bundles_seen") or 0),
        examples,
        clean(_bullets(snapshot.get("proposed_solutions")), hidden),
        owner_label(snapshot),
        *answer,
    ]
    signal_text = f"{title}\n\n{summary}" if summary else title
    primary = (
        (themes[0].get("code", ""), themes[0].get("label", "")) if themes else NO_THEME
    )
    return PreparedItem(
        theme=primary,
        signal_row=signal_row,
        theme_row=[reference, signal_text, examples, answer[0]],
        themes=[t.get("label", "") for t in themes],
        areas=areas,
        target_groups=[t.get("label", "") for t in snapshot.get("target_groups") or []],
        government_level=(level.get("label") if level else None) or "Onbekend",
    )


def iter_item_batches(
    bundle_id: int, batch_size: int = BATCH_SIZE
) -> Iterator[list[tuple]]:
    """Items in bundle order, a batch at a time, with their latest answer.

    Keyset pagination keeps memory flat and lets the caller commit in between.
    """
    last: tuple[int, int] | None = None
    columns = (
        BundleItem.id,
        BundleItem.position,
        BundleItem.reference,
        BundleItem.snapshot,
    )
    while True:
        stmt = select(*columns).where(BundleItem.bundle_id == bundle_id)
        if last is not None:
            stmt = stmt.where(
                or_(
                    BundleItem.position > last[0],
                    and_(BundleItem.position == last[0], BundleItem.id > last[1]),
                )
            )
        rows = db.session.execute(
            stmt.order_by(BundleItem.position, BundleItem.id).limit(batch_size)
        ).all()
        if not rows:
            return
        ids = [r.id for r in rows]
        latest = {}
        # Plain rows, not ORM objects: nothing piles up in the session.
        for response in db.session.execute(
            select(*ANSWER_COLUMNS)
            .where(CityResponse.bundle_item_id.in_(ids))
            .order_by(CityResponse.id)
        ):
            latest[response.bundle_item_id] = response
        yield [(r.id, r.reference, r.snapshot or {}, latest.get(r.id)) for r in rows]
        last = (rows[-1].position, rows[-1].id)


@dataclass
class Tally:
    """Counts per dimension for the Overzicht sheet."""

    items: int = 0
    themes: Counter = field(default_factory=Counter)
    areas: Counter = field(default_factory=Counter)
    target_groups: Counter = field(default_factory=Counter)
    levels: Counter = field(default_factory=Counter)

    def add(self, themes, areas, target_groups, level) -> None:
        self.items += 1
        self.themes.update(t for t in themes if t)
        self.areas.update(a for a in areas if a)
        self.target_groups.update(t for t in target_groups if t)
        self.levels[level] += 1

    def add_snapshot(self, snapshot: dict) -> None:
        level = snapshot.get("government_level") or {}
        self.add(
            [t.get("label", "") for t in snapshot.get("themes") or []],
            ["Stadsbreed"]
            if snapshot.get("city_wide")
            else [a.get("label", "") for a in snapshot.get("areas") or []],
            [t.get("label", "") for t in snapshot.get("target_groups") or []],
            (level.get("label") if level else None) or "Onbekend",
        )


def tally_bundle(bundle_id: int) -> Tally:
    tally = Tally()
    for batch in iter_item_batches(bundle_id):
        for _id, _ref, snapshot, _latest in batch:
            tally.add_snapshot(snapshot)
    return tally


# --- prioritisation (another feature; optional) ---------------------------


@dataclass
class PriorityRow:
    rank: int | None
    item_id: int
    chosen: bool | None
    score: float | None
    equal_weight_score: float | None
    tied: bool
    by_group: str
    reason: str


@dataclass
class Priorities:
    method: str = ""
    formula: str = ""
    ballots: str = ""
    rows: list[PriorityRow] = field(default_factory=list)
    note: str = ""


def _latest_round(bundle: Bundle):
    from signalen.prioritisation.models import PrioritisationRound

    return db.session.scalar(
        select(PrioritisationRound)
        .where(PrioritisationRound.bundle_id == bundle.id)
        .order_by(
            PrioritisationRound.closed_at.desc().nulls_last(),
            PrioritisationRound.id.desc(),
        )
        .limit(1)
    )


def _decisions(bundle: Bundle) -> list:
    """The final choice: from the prioritisation service, else the latest rows."""
    try:
        from signalen.prioritisation.services import final_choice
    except ImportError:
        final_choice = None
    if final_choice is not None:
        return list(final_choice(bundle))
    from signalen.prioritisation.models import PrioritisationRound, PriorityDecision

    rows = db.session.scalars(
        select(PriorityDecision)
        .join(PrioritisationRound)
        .where(PrioritisationRound.bundle_id == bundle.id)
        .order_by(PriorityDecision.decided_at, PriorityDecision.id)
    )
    latest = {row.bundle_item_id: row for row in rows}  # appended: last one wins
    return list(latest.values())


def collect_priorities(
    bundle: Bundle, min_count: int, cleaner: TextCleaner
) -> Priorities:
    """The priority signals with method, scores and the final choice."""
    result = Priorities()
    round_ = _latest_round(bundle)
    results = None
    if round_ is not None:
        try:
            from signalen.prioritisation.services import compute_results
        except ImportError:
            compute_results = None
        if compute_results is not None:
            try:
                results = compute_results(round_)
            except Exception:  # another feature's code must not break the export
                log.exception("compute_results failed for round %s", round_.id)
        from signalen.prioritisation.models import ROUND_METHOD_LABELS, RoundMethod

        try:
            result.method = str(ROUND_METHOD_LABELS[RoundMethod(round_.method)])
        except ValueError:
            result.method = str(round_.method)
    by_item: dict[int, PriorityRow] = {}
    if results is not None:
        result.formula = str(getattr(results, "formula", "") or "")
        groups = getattr(results, "ballots_by_group", {}) or {}
        result.ballots = "; ".join(
            f"{g}: {small_count(n, min_count)}" for g, n in groups.items()
        )
        for item in getattr(results, "items", []) or []:
            by_group = getattr(item, "by_group", {}) or {}
            by_item[item.bundle_item_id] = PriorityRow(
                rank=item.rank,
                item_id=item.bundle_item_id,
                chosen=None,
                score=item.score,
                equal_weight_score=getattr(item, "equal_weight_score", None),
                tied=bool(getattr(item, "tied", False)),
                by_group="; ".join(
                    f"{g}: {v:g}" if isinstance(v, float) else f"{g}: {v}"
                    for g, v in by_group.items()
                ),
                reason="",
            )
    for decision in _decisions(bundle):
        row = by_item.get(decision.bundle_item_id) or PriorityRow(
            rank=None,
            item_id=decision.bundle_item_id,
            chosen=None,
            score=None,
            equal_weight_score=None,
            tied=False,
            by_group="",
            reason="",
        )
        row.chosen = bool(decision.chosen)
        row.rank = decision.rank if decision.rank is not None else row.rank
        row.reason = cleaner.clean(decision.reason)
        by_item[decision.bundle_item_id] = row
    result.rows = sorted(
        by_item.values(),
        key=lambda r: (not r.chosen, r.rank is None, r.rank or 0, r.item_id),
    )
    if not result.rows:
        result.note = (
            "Er is (nog) geen prioritering voor deze bundel. Zodra de partners "
            "prioriteiten kozen, staan ze hier in volgorde."
        )
    return result


# --- writing --------------------------------------------------------------


@dataclass
class WorkbookStats:
    items: int
    sheets: list[str]
    masked: MaskReport


class _Styles:
    """Style templates; cells copy their style array (fast in streaming mode)."""

    def __init__(self, ws):
        def make(**kw) -> Cell:
            cell = Cell(ws, row=1, column=1)
            for name, value in kw.items():
                setattr(cell, name, value)
            return cell

        top = Alignment(vertical="top", wrap_text=True)
        self.header = make(
            font=Font(bold=True, color="FFFFFF"),
            fill=PatternFill("solid", fgColor="1F4E79"),
            alignment=Alignment(vertical="top", wrap_text=True),
        )
        self.answer_header = make(
            font=Font(bold=True, color="000000"),
            fill=PatternFill("solid", fgColor="FFE699"),
            alignment=Alignment(vertical="top", wrap_text=True),
        )
        self.text = make(alignment=top)
        self.answer = make(
            alignment=top,
            fill=PatternFill("solid", fgColor="FFF2CC"),
            protection=Protection(locked=False),
        )
        self.title = make(font=Font(bold=True, size=16))
        self.bold = make(font=Font(bold=True))


class _Sheet:
    """A write-only sheet that turns values into safe cells, fast.

    openpyxl's own append() binds every value (guessing formulas from a
    leading "=") and takes an exception path for ready-made cells; both cost
    more than writing the XML. Here each row is a list of (value, style) and
    the cells are made directly with their final type: text is always "s",
    so nothing can become a formula.
    """

    def __init__(self, wb: Workbook, title: str, styles: _Styles | None):
        self.ws = wb.create_sheet(title)
        self.styles = styles
        self.row = 0
        self._plain = Cell(self.ws, row=1, column=1)
        # The streaming writer asks the sheet to turn each appended row into cells.
        self.ws._values_to_row = self._to_cells

    def _to_cells(self, pairs, row_idx: int):
        ws, plain = self.ws, self._plain
        for col_idx, (value, style) in enumerate(pairs, 1):
            if style is None:
                if value is None or value == "":
                    continue
                cell = plain  # written before the next one is made, as openpyxl does
            else:
                cell = Cell(ws, row=row_idx, column=col_idx, style_array=style)
            cell.row, cell.column = row_idx, col_idx
            if isinstance(value, str):
                if ILLEGAL_CHARACTERS.search(value):
                    value = ILLEGAL_CHARACTERS.sub("", value)
                cell._value, cell.data_type = value, "s"
            elif isinstance(value, bool) or value is None:
                cell._value, cell.data_type = value, "b" if value is not None else "n"
            else:
                cell._value, cell.data_type = value, "n"
            yield cell

    def append(self, values, styles=None) -> int:
        if styles is None:
            self.ws.append([(v, None) for v in values])
        else:
            self.ws.append(
                [
                    (v, s._style if s is not None else None)
                    for v, s in zip(values, styles, strict=True)
                ]
            )
        self.row += 1
        return self.row

    def setup(self, widths, *, freeze: str | None = None, print_titles: bool = True):
        """Everything that must be set before the first row is written."""
        for index, width in enumerate(widths, start=1):
            self.ws.column_dimensions[_col(index)].width = width
        if freeze:
            self.ws.freeze_panes = freeze
        self.ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.paperSize = 9  # A4
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0
        if print_titles:
            self.ws.print_title_rows = "1:1"

    def protect(self) -> None:
        """Lock everything but the answer cells; no password (documented)."""
        p = self.ws.protection
        p.sheet = True
        p.autoFilter = False  # filtering stays possible
        p.sort = False
        p.formatColumns = False
        p.formatRows = False
        p.selectLockedCells = False
        p.selectUnlockedCells = False


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _column_styles(styles: _Styles, columns) -> list:
    kinds = {"plain": None, "text": styles.text, "answer": styles.answer}
    return [kinds[c.kind] for c in columns]


def _header_styles(styles: _Styles, columns) -> list:
    return [
        styles.answer_header if c.kind == "answer" else styles.header for c in columns
    ]


def _period(bundle: Bundle) -> str:
    return (
        f"{format_date(bundle.period_start, 'd MMMM yyyy')} – "
        f"{format_date(bundle.period_end, 'd MMMM yyyy')}"
    )


def write_bundle_workbook(
    bundle: Bundle,
    path: str | Path,
    *,
    token: str,
    now: datetime,
    min_count: int | None = None,
    progress: ProgressCallback | None = None,
    batch_size: int = BATCH_SIZE,
) -> WorkbookStats:
    """Write the bundle workbook to path (streaming; memory does not grow)."""
    if bundle.status not in EXPORTABLE:
        raise SignalenError(_("Alleen een afgesloten bundel kan geëxporteerd worden."))
    if min_count is None:
        min_count = int(current_app.config.get("EXPORT_MIN_COUNT", 3))
    bundle_id, title = bundle.id, bundle.title
    period = _period(bundle)
    previous = bundle.previous
    previous_title = previous.title if previous is not None else None
    total = db.session.scalar(
        select(func.count(BundleItem.id)).where(BundleItem.bundle_id == bundle_id)
    )
    report = MaskReport()
    cleaner = TextCleaner(report)
    priorities = collect_priorities(bundle, min_count, cleaner)
    previous_tally = tally_bundle(previous.id) if previous is not None else None
    references = {}
    if priorities.rows:
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

    wb = Workbook(write_only=True)
    # The style templates live on a sheet that is never saved.
    styles = _Styles(wb.create_sheet("_styles"))
    wb.remove(wb["_styles"])
    taken = {name.casefold() for name in layout.FIXED_SHEETS}

    overview = _Sheet(wb, layout.SHEET_OVERVIEW, styles)
    prio = _Sheet(wb, layout.SHEET_PRIORITIES, styles)
    signals = _Sheet(wb, layout.SHEET_SIGNALS, styles)
    _write_priorities(prio, styles, priorities, references, title)

    signals.setup([c.width for c in layout.SIGNAL_COLUMNS], freeze="C2")
    signals.append(layout.SIGNAL_HEADERS, _header_styles(styles, layout.SIGNAL_COLUMNS))
    signal_styles = _column_styles(styles, layout.SIGNAL_COLUMNS)
    theme_styles = _column_styles(styles, layout.THEME_COLUMNS)
    theme_sheets: dict[str, _Sheet] = {}
    theme_order: dict[str, int] = {}
    tally = Tally()
    done = 0
    for batch in iter_item_batches(bundle_id, batch_size):
        for _item_id, reference, snapshot, latest in batch:
            item = prepare_item(reference, snapshot, latest, cleaner, min_count)
            tally.add(
                item.themes, item.areas, item.target_groups, item.government_level
            )
            signals.append(item.signal_row, signal_styles)
            sheet = theme_sheets.get(item.theme[0])
            if sheet is None:
                sheet = _Sheet(wb, layout.sheet_name(item.theme[1], taken), styles)
                sheet.setup([c.width for c in layout.THEME_COLUMNS], freeze="B2")
                sheet.append(
                    layout.THEME_HEADERS, _header_styles(styles, layout.THEME_COLUMNS)
                )
                theme_sheets[item.theme[0]] = sheet
                theme_order[item.theme[0]] = len(theme_order)
            sheet.append(item.theme_row, theme_styles)
            done += 1
        if progress is not None:
            progress(done, total)

    _finish_table(signals, layout.SIGNAL_COLUMNS)
    _add_validations(signals, done)
    for sheet in theme_sheets.values():
        _finish_table(sheet, layout.THEME_COLUMNS)

    _write_overview(
        overview,
        styles,
        title,
        period,
        tally,
        previous_tally,
        previous_title,
        min_count,
        now,
    )
    notes = _Sheet(wb, layout.SHEET_NOTES, styles)
    _write_notes(notes, styles, bundle_id, token, now, min_count, priorities, report)
    lists = wb.create_sheet(layout.SHEET_LISTS)
    _write_lists(lists, bundle_id, token)
    lists.sheet_state = "hidden"
    _write_metadata(wb, bundle_id, token, now)

    # Theme sheets in the order of the theme list (Theme.position).
    order = _theme_positions(list(theme_sheets))
    desired = [overview.ws, prio.ws, signals.ws]
    desired += [
        theme_sheets[c].ws
        for c in sorted(
            theme_sheets, key=lambda c: (order.get(c, 10**6), theme_order[c])
        )
    ]
    desired += [notes.ws, lists]
    for index, ws in enumerate(desired):
        wb.move_sheet(ws.title, index - wb.sheetnames.index(ws.title))
    wb.active = 0
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return WorkbookStats(items=done, sheets=[ws.title for ws in desired], masked=report)


def _theme_positions(codes: list[str]) -> dict[str, int]:
    from signalen.themes.models import Theme

    if not codes:
        return {}
    return dict(
        db.session.execute(
            select(Theme.code, Theme.position).where(Theme.code.in_(codes))
        ).all()
    )


def _finish_table(sheet: _Sheet, columns) -> None:
    last = max(sheet.row, 1)
    sheet.ws.auto_filter.ref = f"A1:{_col(len(columns))}{last}"
    sheet.protect()


def _add_validations(sheet: _Sheet, count: int) -> None:
    """Drop-down lists for the three choice columns, from the hidden sheet."""
    last = count + 1
    lists = (
        ("response_type", "A", len(RESPONSE_TYPES), "Soort antwoord"),
        ("follow_up_route", "B", len(FOLLOW_UP_ROUTES), "Opvolging"),
        ("progress", "C", len(PROGRESS_STATUSES), "Stand van zaken"),
    )
    keys = [c.key for c in layout.SIGNAL_COLUMNS]
    for key, list_col, size, label in lists:
        column = _col(keys.index(key) + 1)
        dv = DataValidation(
            type="list",
            formula1=f"{layout.SHEET_LISTS}!${list_col}$1:${list_col}${size}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=label,
            error="Kies een waarde uit de lijst.",
            showInputMessage=True,
            promptTitle=label,
            prompt="Kies uit de lijst.",
        )
        dv.add(f"{column}2:{column}{max(last, 2)}")
        sheet.ws.data_validations.append(dv)


def _write_priorities(sheet, styles, priorities: Priorities, references, title):
    sheet.setup([7, 13, 40, 9, 9, 12, 9, 28, 50], freeze="A2")
    header = [styles.header] * len(layout.PRIORITY_HEADERS)
    sheet.append(layout.PRIORITY_HEADERS, header)
    text = [None, None, styles.text, None, None, None, None, styles.text, styles.text]
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
    sheet.append(["Methode", "", priorities.method or "—"])
    if priorities.formula:
        sheet.append(["Formule", "", priorities.formula], [None, None, styles.text])
    if priorities.ballots:
        sheet.append(["Stemmen per groep", "", priorities.ballots])
    if priorities.note:
        sheet.append(["", "", priorities.note], [None, None, styles.text])
    sheet.protect()


def _write_overview(
    sheet,
    styles,
    title,
    period,
    tally: Tally,
    previous: Tally | None,
    previous_title,
    min_count,
    now,
) -> None:
    sheet.setup([38, 14, 14, 4], print_titles=False)
    sheet.append([f"Signalenbundel: {title}"], [styles.title])
    sheet.append(["Periode", period])
    sheet.append(
        [
            "Aantal signalen in de bundel",
            tally.items,
            previous.items if previous else "",
        ]
    )
    sheet.append(["Vergeleken met", previous_title or "geen vorige bundel"])
    sheet.append(["Gemaakt op", _local(now)])
    sheet.append(
        [f"Aantallen kleiner dan {min_count} staan er als '<{min_count}'."],
    )
    sections = (
        ("Per thema", "Thema", "themes"),
        ("Per wijk", "Wijk", "areas"),
        ("Per doelgroep", "Doelgroep", "target_groups"),
        ("Per bestuursniveau", "Bestuursniveau", "levels"),
    )
    for heading, label, attr in sections:
        sheet.append([])
        sheet.append([heading], [styles.bold])
        first = sheet.append(
            [label, "Deze bundel", "Vorige bundel"], [styles.header] * 3
        )
        current: Counter = getattr(tally, attr)
        before: Counter = getattr(previous, attr) if previous else Counter()
        names = sorted(set(current) | set(before), key=lambda n: (-current[n], n))
        for name in names:
            sheet.append(
                [
                    name,
                    small_count(current[name], min_count),
                    small_count(before[name], min_count) if previous else "",
                ],
                [styles.text, None, None],
            )
        last = sheet.row
        if names:
            _add_chart(sheet.ws, heading, first, last, previous is not None)
    sheet.protect()


def _add_chart(ws, heading: str, header_row: int, last_row: int, with_previous: bool):
    chart = BarChart()
    chart.type = "bar"  # horizontal bars: long labels stay readable
    chart.title = heading
    chart.style = 10
    chart.y_axis.title = "Aantal"
    chart.height = max(7.5, 0.55 * (last_row - header_row) + 3)
    chart.width = 18
    data = Reference(
        ws,
        min_col=2,
        max_col=3 if with_previous else 2,
        min_row=header_row,
        max_row=last_row,
    )
    cats = Reference(ws, min_col=1, min_row=header_row + 1, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    ws.add_chart(chart, f"E{header_row}")


def _local(now: datetime) -> str:
    tz = current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Brussels")
    return now.astimezone(ZoneInfo(tz)).strftime("%d-%m-%Y %H:%M")


def _write_notes(
    sheet, styles, bundle_id, token, now, min_count, priorities, report: MaskReport
) -> None:
    sheet.setup([28, 90])
    sheet.append(["Onderwerp", "Uitleg"], [styles.header, styles.header])
    text = [styles.bold, styles.text]
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
    sheet.append(["Privacy", PRIVACY_RULE.format(n=min_count)], text)
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
    sheet.append(["Gemaakt op", _local(now)], text)
    sheet.append(["Bundel", str(bundle_id)], text)
    sheet.append(["Versie (exportcode)", token], text)
    sheet.protect()


def _write_lists(ws, bundle_id: int, token: str) -> None:
    columns = [
        [str(v) for v in RESPONSE_TYPES.values()],
        [str(v) for v in FOLLOW_UP_ROUTES.values()],
        [str(v) for v in PROGRESS_STATUSES.values()],
    ]
    meta = {1: ("bundel", str(bundle_id)), 2: ("token", token)}
    height = max(max(len(c) for c in columns), 2)
    for i in range(height):
        row = [c[i] if i < len(c) else None for c in columns]
        row += [None, *meta.get(i + 1, (None, None))]
        cells = []
        for value in row:
            if isinstance(value, str):
                cell = Cell(ws, row=1, column=1, value=value)
                cell.data_type = "s"
                cells.append(cell)
            else:
                cells.append(value)
        ws.append(cells)
    ws.protection.sheet = True


def _write_metadata(wb: Workbook, bundle_id: int, token: str, now: datetime) -> None:
    lists = layout.SHEET_LISTS
    wb.defined_names[layout.DEFINED_NAME_BUNDLE] = DefinedName(
        layout.DEFINED_NAME_BUNDLE, attr_text=f"{lists}!$F$1"
    )
    wb.defined_names[layout.DEFINED_NAME_TOKEN] = DefinedName(
        layout.DEFINED_NAME_TOKEN, attr_text=f"{lists}!$F$2"
    )
    wb.custom_doc_props.append(
        StringProperty(name="SignalenBundelId", value=str(bundle_id))
    )
    wb.custom_doc_props.append(StringProperty(name="SignalenExportToken", value=token))
    wb.properties.title = "Signalenbundel"
    wb.properties.creator = "Signalen"
    wb.properties.created = now.replace(tzinfo=None)


# --- export runs ----------------------------------------------------------


def export_file_name(bundle: Bundle, now: datetime, directory: Path) -> str:
    """A dated name, e.g. signalenbundel-2023-2024-20261123-1405.xlsx."""
    tz = current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Brussels")
    stamp = now.astimezone(ZoneInfo(tz)).strftime("%Y%m%d-%H%M")
    base = f"signalenbundel-{bundle.period_start.year}-{bundle.period_end.year}-{stamp}"
    name, n = f"{base}.xlsx", 2
    while (directory / name).exists():
        name, n = f"{base}-{n}.xlsx", n + 1
    return name


def start_export(bundle: Bundle, actor, now: datetime) -> ExportRun:
    """Queue an export of the bundle; the caller commits and then runs it."""
    if bundle.status not in EXPORTABLE:
        raise SignalenError(_("Alleen een afgesloten bundel kan geëxporteerd worden."))
    total = db.session.scalar(
        select(func.count(BundleItem.id)).where(BundleItem.bundle_id == bundle.id)
    )
    run = ExportRun(
        bundle=bundle,
        status="pending",
        progress=0,
        total=total or 0,
        token=secrets.token_hex(16),
        requested_by_id=getattr(actor, "id", None),
        created_at=now,
    )
    db.session.add(run)
    db.session.flush()
    record_event(
        "export.requested", actor=actor, obj=run, details={"bundle_id": bundle.id}
    )
    return run


def _set_progress(run_id: int, done: int, total: int) -> None:
    """Progress goes through its own connection: the export's session keeps reading."""
    with db.engine.begin() as conn:
        conn.execute(
            update(ExportRun)
            .where(ExportRun.id == run_id)
            .values(progress=done, total=total, status="running")
        )


def perform_export(
    run: ExportRun,
    *,
    now: datetime | None = None,
    output: str | Path | None = None,
    progress: ProgressCallback | None = None,
) -> Path:
    """Write the workbook of an export run; marks it done or failed. Commits."""
    now = now or utcnow()
    directory = Path(current_app.config["EXPORT_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    path = (
        Path(output)
        if output
        else directory / export_file_name(run.bundle, now, directory)
    )
    run_id, bundle = run.id, run.bundle
    run.status = "running"
    db.session.commit()

    def report(done: int, total: int) -> None:
        _set_progress(run_id, done, total)
        if progress is not None:
            progress(done, total)

    try:
        stats = write_bundle_workbook(
            bundle, path, token=run.token, now=now, progress=report
        )
    except Exception as exc:
        db.session.rollback()
        run = db.session.get(ExportRun, run_id)
        run.status = "failed"
        run.error = exc.message if isinstance(exc, SignalenError) else repr(exc)[:500]
        run.finished_at = utcnow()
        record_event("export.failed", obj=run, details={"bundle_id": run.bundle_id})
        db.session.commit()
        raise
    run = db.session.get(ExportRun, run_id)
    run.status = "done"
    run.progress = stats.items
    run.total = stats.items
    run.file_name = str(path) if output else path.name
    run.finished_at = utcnow()
    record_event(
        "export.written",
        actor_label=None,
        obj=run,
        details={
            "bundle_id": run.bundle_id,
            "items": stats.items,
            "file": path.name,
            "masked": stats.masked.total,
        },
    )
    db.session.commit()
    return path


#: An export of 100,000 items takes a few minutes; one this old was interrupted.
INTERRUPTED_AFTER = timedelta(hours=2)


def fail_interrupted_exports(now: datetime) -> int:
    """Mark exports that never finished (their process stopped) as failed."""
    stale = list(
        db.session.scalars(
            select(ExportRun).where(
                ExportRun.status.in_(("pending", "running")),
                ExportRun.created_at < now - INTERRUPTED_AFTER,
            )
        )
    )
    for run in stale:
        run.status = "failed"
        run.error = _("Onderbroken: de server stopte tijdens de export. Start opnieuw.")
        run.finished_at = now
        record_event("export.failed", obj=run, details={"bundle_id": run.bundle_id})
    db.session.flush()
    return len(stale)


def run_export_in_background(app: Flask, run_id: int) -> threading.Thread | None:
    """Start the export in a thread with its own app context.

    With EXPORT_SYNC set (tests), it runs right away in this thread instead.
    """

    def work() -> None:
        with app.app_context():
            run = db.session.get(ExportRun, run_id)
            if run is None:
                return
            try:
                perform_export(run)
            except Exception:
                log.exception("export %s failed", run_id)
            finally:
                db.session.remove()

    if app.config.get("EXPORT_SYNC"):
        work()
        return None
    thread = threading.Thread(target=work, name=f"export-{run_id}", daemon=True)
    thread.start()
    return thread


def export_path(run: ExportRun) -> Path | None:
    """The file of a finished run, only if it lies inside EXPORT_DIR."""
    if run.status != "done" or not run.file_name:
        return None
    directory = Path(current_app.config["EXPORT_DIR"]).resolve()
    path = (directory / run.file_name).resolve()
    if directory not in path.parents or not path.is_file():
        return None
    return path


def recent_runs(bundle: Bundle, limit: int = 5) -> list[ExportRun]:
    return list(
        db.session.scalars(
            select(ExportRun)
            .where(ExportRun.bundle_id == bundle.id)
            .order_by(ExportRun.id.desc())
            .limit(limit)
        )
    )
