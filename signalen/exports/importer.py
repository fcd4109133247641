"""Reading the city's answers back from a filled-in bundle workbook.

Two steps: `preview_answers` parses and checks everything and stores the
result server-side (AnswerImport); `apply_answer_import` appends the changes
on confirmation. Any problem in the file refuses the whole file: nothing is
applied until the file is clean.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from signalen.audit.services import record_event
from signalen.bundles.models import Bundle, BundleItem
from signalen.database import utcnow
from signalen.errors import SignalenError
from signalen.exports import layout
from signalen.exports.cells import (
    CellProblem,
    ImportRefused,
    cell_text,
    load,
    plain,
    rows,
)
from signalen.exports.models import AnswerImport, ExportRun
from signalen.exports.rows import answer_cells
from signalen.exports.sanitise import (
    city_cleaner,
    hidden_organisations,
    normalise_line_ends,
)
from signalen.extensions import db
from signalen.privacy import EXPLANATIONS, find_personal_data
from signalen.responses.models import (
    FOLLOW_UP_ROUTES,
    PROGRESS_STATUSES,
    RESPONSE_TYPES,
    CityResponse,
)
from signalen.responses.services import (
    DEPARTMENT_MAX,
    TEXT_MAX,
    Answer,
    record_answer,
)

EXTRA_ROWS = 1000  # blank rows the city may leave at the end

__all__ = ["ImportRefused", "apply_answer_import", "parse_answers", "preview_answers"]


@dataclass
class ParsedAnswers:
    bundle_id: int
    export_run_id: int | None
    rows_read: int = 0
    changes: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    unchanged: int = 0


def _choices(mapping: dict) -> dict[str, str]:
    """Label (as shown in the drop-down) or code → code, case-insensitive."""
    result = {str(label).casefold(): code for code, label in mapping.items()}
    result.update({code.casefold(): code for code in mapping})
    return result


def read_metadata(wb) -> tuple[int | None, str | None]:
    """The bundle id and export token written on the hidden sheet."""
    if layout.SHEET_LISTS not in wb.sheetnames:
        return None, None
    values: dict[str, str] = {}
    lists = wb[layout.SHEET_LISTS]
    for number, row in rows(lists, 2, layout.SHEET_LISTS, max_row=2):
        try:
            key = cell_text(row, 4, layout.SHEET_LISTS, number)
            if key:
                values[key] = cell_text(row, 5, layout.SHEET_LISTS, number)
        except CellProblem as exc:
            raise ImportRefused(exc.message) from exc
    try:
        bundle_id = int(values.get("bundel", ""))
    except ValueError:
        bundle_id = None
    return bundle_id, values.get("token") or None


def identify(wb, bundle: Bundle | None) -> tuple[Bundle, ExportRun]:
    """Check that the file is an export of this bundle; return bundle and run."""
    bundle_id, token = read_metadata(wb)
    if bundle_id is None or token is None:
        raise ImportRefused(
            _(
                "Dit bestand komt niet uit Signalen: de gegevens van de bundel "
                "ontbreken. Gebruik het bestand dat u van Signalen kreeg."
            )
        )
    run = db.session.scalar(select(ExportRun).where(ExportRun.token == token))
    if run is None or run.bundle_id != bundle_id:
        raise ImportRefused(
            _(
                "Dit bestand werd niet door Signalen gemaakt of werd aangepast "
                "(onbekende exportcode)."
            )
        )
    if bundle is not None and bundle.id != bundle_id:
        raise ImportRefused(
            _(
                "Dit bestand hoort bij een andere bundel (%(title)s).",
                title=run.bundle.title,
            )
        )
    return run.bundle, run


def _header_index(header_row, expected: list[str], sheet: str) -> dict[str, int]:
    found = {
        plain(cell.value).casefold(): i
        for i, cell in enumerate(header_row or ())
        if getattr(cell, "value", None) is not None
    }
    index = {}
    for header in expected:
        if header.casefold() not in found:
            raise ImportRefused(
                _(
                    "Op het blad '%(sheet)s' ontbreekt de kolom '%(col)s'. Gebruik "
                    "het bestand zoals u het kreeg.",
                    sheet=sheet,
                    col=header,
                )
            )
        index[header] = found[header.casefold()]
    return index


#: An answer written only on a theme sheet (which has no type column) gets
#: this type; the preview says so, and the city can still change it.
DEFAULT_TYPE = "onderzoek"
SIGNALS = layout.SHEET_SIGNALS


@dataclass(frozen=True)
class _Cell:
    """A value read from the file and where it stands."""

    value: str
    sheet: str
    cell: str


def _error(number: int, reference: str, message: str, sheet="", cell="") -> dict:
    return {
        "row": number,
        "reference": reference,
        "message": message,
        "sheet": sheet,
        "cell": cell,
    }


def _read_theme_answers(wb, limit: int, errors: list) -> dict[str, _Cell]:
    """Answers typed on the theme sheets: reference → the answer cell.

    A cell that holds no text adds an error for its row (with the sheet's name).
    """
    expected = [h.casefold() for h in layout.THEME_HEADERS]
    answers: dict[str, _Cell] = {}
    for name in wb.sheetnames:
        if name in layout.FIXED_SHEETS:
            continue
        sheet_rows = rows(wb[name], limit, name)
        first = next(sheet_rows, None)
        if first is None:
            continue
        header = [plain(getattr(c, "value", None)).casefold() for c in first[1]]
        if header[: len(expected)] != expected:
            continue  # not one of our theme sheets: ignore it
        for number, row in sheet_rows:
            try:
                reference = cell_text(row, 0, name, number)
                answer = cell_text(row, 3, name, number)
            except CellProblem as exc:
                errors.append(_error(number, "", exc.message, exc.sheet, exc.cell))
                continue
            if reference and answer:
                answers[reference] = _Cell(answer, name, f"D{number}")
    return answers


def parse_answers(data: bytes, bundle: Bundle | None) -> ParsedAnswers:
    """Read and check every row; collect changes and per-row errors."""
    wb = load(data)
    try:
        bundle, run = identify(wb, bundle)
        return _parse(wb, bundle, run)
    finally:
        wb.close()


def _parse(wb, bundle: Bundle, run: ExportRun) -> ParsedAnswers:
    """Every answer cell is compared with the value exported in it.

    A cell that still holds what the file was written with is no change, even
    when the answer in Signalen moved on since (an answer typed in the app, or
    this same file uploaded before). A changed cell is laid over the current
    answer; only a result that differs from the current answer is a change.
    """
    result = ParsedAnswers(bundle_id=bundle.id, export_run_id=run.id)
    if SIGNALS not in wb.sheetnames:
        raise ImportRefused(_("Het blad 'Signalen' ontbreekt."))
    items = {
        row.reference: row
        for row in db.session.execute(
            select(BundleItem.id, BundleItem.reference, BundleItem.snapshot).where(
                BundleItem.bundle_id == bundle.id
            )
        )
    }
    limit = len(items) + EXTRA_ROWS
    latest, exported = _bundle_answers(bundle.id, run.answers_up_to)
    theme_answers = _read_theme_answers(wb, limit, result.errors)
    choices = {
        "response_type": _choices(RESPONSE_TYPES),
        "follow_up_route": _choices(FOLLOW_UP_ROUTES),
        "progress": _choices(PROGRESS_STATUSES),
    }
    signal_rows = rows(wb[SIGNALS], limit, SIGNALS)
    first = next(signal_rows, None)
    if first is None:
        raise ImportRefused(_("Het blad 'Signalen' is leeg."))
    needed = [
        "ID",
        "Titel",
        *[c.header for c in layout.SIGNAL_COLUMNS if c.kind == "answer"],
    ]
    col = _header_index(first[1], needed, SIGNALS)
    headers = {c.key: c.header for c in layout.SIGNAL_COLUMNS}
    theme_header = layout.THEME_HEADERS[3]
    seen: set[str] = set()
    cleaner = city_cleaner()

    def cell_of(key: str, number: int) -> str:
        return f"{get_column_letter(col[headers[key]] + 1)}{number}"

    def error(number: int, reference: str, message: str, key: str) -> None:
        result.errors.append(
            _error(number, reference, message, SIGNALS, cell_of(key, number))
        )

    for number, row in signal_rows:
        get, unreadable = _read_row(row, col, headers, number)
        reference = get["reference"]
        if unreadable:
            result.rows_read += bool(reference)
            for problem in unreadable:
                result.errors.append(
                    _error(number, reference, problem.message, SIGNALS, problem.cell)
                )
            continue
        filled = [get[k] for k in layout.ANSWER_KEYS]
        if not reference:
            if any(filled) or get["title"]:
                error(
                    number,
                    "",
                    _("Het ID ontbreekt. Pas de kolom ID niet aan."),
                    "reference",
                )
            continue
        result.rows_read += 1
        item = items.get(reference)
        if item is None:
            error(
                number,
                reference,
                _("Dit ID hoort niet bij deze bundel. Pas de kolom ID niet aan."),
                "reference",
            )
            continue
        if reference in seen:
            error(
                number,
                reference,
                _("Dit ID staat twee keer in het bestand."),
                "reference",
            )
            continue
        seen.add(reference)
        snapshot = item.snapshot or {}
        expected_title = cleaner.clean(
            snapshot.get("title"), hidden_organisations(snapshot)
        )
        if get["title"] and get["title"] != expected_title.strip():
            error(
                number,
                reference,
                _("Het ID past niet bij de titel. Pas de kolom ID niet aan."),
                "reference",
            )
            continue
        base = dict(
            zip(
                layout.ANSWER_KEYS,
                (
                    normalise_line_ends(v).strip()
                    for v in answer_cells(exported.get(item.id), cleaner)
                ),
                strict=True,
            )
        )
        changed: dict[str, _Cell] = {}
        for key in layout.ANSWER_KEYS:
            value = get[key]
            if value and not _same(value, base[key], choices.get(key)):
                changed[key] = _Cell(value, SIGNALS, cell_of(key, number))
        theme = theme_answers.get(reference)
        if theme is not None and theme.value != base["answer"]:
            mine = changed.get("answer")
            if mine is not None and mine.value != theme.value:
                error(
                    number,
                    reference,
                    _(
                        "Het antwoord in cel %(cell)s op het blad 'Signalen' verschilt "
                        "van dat in cel %(other)s op het blad '%(sheet)s'. Laat er "
                        "één staan.",
                        cell=mine.cell,
                        other=theme.cell,
                        sheet=theme.sheet,
                    ),
                    "answer",
                )
                continue
            changed.setdefault("answer", theme)
        if not changed:
            result.unchanged += bool(any(filled) or theme)
            continue  # every cell holds what was exported in it
        current = latest.get(item.id)
        answer, default_type, problems = _merge(changed, current, choices)
        if problems:
            for message, key in problems:
                where = changed.get(key)
                if where is not None:
                    result.errors.append(
                        _error(number, reference, message, where.sheet, where.cell)
                    )
                else:
                    error(number, reference, message, key)
            continue
        if current is not None and answer.same_as(_as_in_workbook(current)):
            result.unchanged += 1
            continue
        result.changes.append(
            {
                "item_id": item.id,
                "reference": reference,
                "title": snapshot.get("title", ""),
                "old": _answer_dict(current) if current is not None else None,
                "new": dict(answer.__dict__),
                "default_type": default_type,
                "cells": [
                    {
                        "column": headers[key] if c.sheet == SIGNALS else theme_header,
                        "sheet": c.sheet,
                        "cell": c.cell,
                    }
                    for key, c in changed.items()
                ],
            }
        )
    return result


def _same(value: str, exported: str, choices: dict[str, str] | None) -> bool:
    """A cell still holds the value it was exported with (a choice by its code)."""
    if choices is None:
        return value == exported
    code = choices.get(value.casefold())
    return code is not None and code == choices.get(exported.casefold())


def _merge(
    changed: dict[str, _Cell], current: CityResponse | None, choices: dict
) -> tuple[Answer, bool, list[tuple[str, str]]]:
    """The changed cells laid over the current answer; problems as (message, key)."""
    base = _as_in_workbook(current) if current is not None else None
    values = {
        "response_type": base.response_type if base else "",
        "text": base.text if base else "",
        "department": base.department if base else None,
        "follow_up_route": base.follow_up_route if base else None,
        "progress": base.progress if base else None,
    }
    problems: list[tuple[str, str]] = []
    for key, label in (
        ("response_type", "Soort antwoord"),
        ("follow_up_route", "Opvolging"),
        ("progress", "Stand van zaken"),
    ):
        cell = changed.get(key)
        if cell is None:
            continue
        code = choices[key].get(cell.value.casefold())
        if code is None:
            problems.append(
                (
                    _(
                        "'%(value)s' is geen geldige keuze voor '%(col)s'. Kies uit "
                        "de lijst.",
                        value=cell.value[:60],
                        col=label,
                    ),
                    key,
                )
            )
        else:
            values[key] = code
    if "answer" in changed:
        values["text"] = changed["answer"].value
    if "department" in changed:
        values["department"] = changed["department"].value
    default_type = False
    if not values["text"]:
        problems.append(
            (_("Vul ook het antwoord in (kolom 'Antwoord stad')."), "answer")
        )
    if not values["response_type"]:
        if "answer" in changed and changed["answer"].sheet != SIGNALS:
            values["response_type"], default_type = DEFAULT_TYPE, True
        else:
            problems.append(
                (_("Kies een soort antwoord uit de lijst."), "response_type")
            )
    text, department = changed.get("answer"), changed.get("department")
    if text is not None and len(text.value) > TEXT_MAX:
        problems.append(
            (
                _("Het antwoord is te lang (maximaal %(n)d tekens).", n=TEXT_MAX),
                "answer",
            )
        )
    if department is not None and len(department.value) > DEPARTMENT_MAX:
        problems.append(
            (
                _(
                    "De naam van de dienst is te lang (maximaal %(n)d tekens).",
                    n=DEPARTMENT_MAX,
                ),
                "department",
            )
        )
    for key, cell in (("answer", text), ("department", department)):
        findings = find_personal_data(cell.value) if cell is not None else []
        if findings:
            problems.append(
                (
                    _(
                        "Het antwoord lijkt persoonsgegevens te bevatten: %(why)s "
                        "Haal ze weg en laad het bestand opnieuw op.",
                        why=str(EXPLANATIONS.get(findings[0].type, "")),
                    ),
                    key,
                )
            )
    answer = Answer(
        response_type=values["response_type"] or "",
        text=values["text"] or "",
        department=values["department"] or None,
        follow_up_route=values["follow_up_route"] or None,
        progress=values["progress"] or None,
        # The workbook has no column for it: keep what was typed in the app.
        political_status=current.political_status if current is not None else None,
    )
    return answer, default_type, problems


def _read_row(
    row: tuple, col: dict[str, int], headers: dict[str, str], number: int
) -> tuple[dict[str, str], list[CellProblem]]:
    """The texts of the columns the import reads, and the problem of each bad cell."""
    get: dict[str, str] = {}
    unreadable: list[CellProblem] = []
    for key, header in headers.items():
        if header not in col:
            continue
        try:
            get[key] = cell_text(row, col[header], SIGNALS, number)
        except CellProblem as exc:
            get[key] = ""
            unreadable.append(exc)
    return get, unreadable


def _as_in_workbook(response: CityResponse) -> Answer:
    """The current answer as the exported workbook shows it (LF line breaks)."""
    answer = Answer.from_response(response)
    return Answer(
        **{
            **answer.__dict__,
            "text": normalise_line_ends(answer.text or ""),
            "department": normalise_line_ends(answer.department)
            if answer.department
            else answer.department,
        }
    )


def _bundle_answers(
    bundle_id: int, up_to: int | None
) -> tuple[dict[int, CityResponse], dict[int, CityResponse]]:
    """Per item the current answer, and the answer the file was written with.

    The file holds the latest answer with an id up to the run's answers_up_to;
    for a run from before that was recorded, the current answer stands in.
    """
    latest: dict[int, CityResponse] = {}
    exported: dict[int, CityResponse] = {}
    for response in db.session.scalars(
        select(CityResponse)
        .join(BundleItem, BundleItem.id == CityResponse.bundle_item_id)
        .where(BundleItem.bundle_id == bundle_id)
        .order_by(CityResponse.id)
    ):
        latest[response.bundle_item_id] = response
        if up_to is None or response.id <= up_to:
            exported[response.bundle_item_id] = response
    return latest, exported


def _answer_dict(response) -> dict:
    return dict(Answer.from_response(response).__dict__)


# --- the two steps --------------------------------------------------------


def preview_answers(
    data: bytes,
    bundle: Bundle | None,
    actor,
    *,
    file_name: str = "",
    now: datetime | None = None,
) -> AnswerImport:
    """Parse an upload and keep the result until it is confirmed.

    A file that cannot be read at all raises ImportRefused (nothing stored).
    """
    parsed = parse_answers(data, bundle)
    status = "refused" if parsed.errors else "preview"
    answer_import = AnswerImport(
        key=secrets.token_urlsafe(24),
        bundle_id=parsed.bundle_id,
        export_run_id=parsed.export_run_id,
        uploaded_by_id=getattr(actor, "id", None),
        file_name=(file_name or "")[:255],
        status=status,
        rows_read=parsed.rows_read,
        changes=parsed.changes,
        errors=parsed.errors,
        created_at=now or utcnow(),
    )
    db.session.add(answer_import)
    db.session.flush()
    record_event(
        "answers.uploaded",
        actor=actor,
        obj=answer_import,
        details={
            "bundle_id": parsed.bundle_id,
            "changes": len(parsed.changes),
            "errors": len(parsed.errors),
        },
    )
    return answer_import


def apply_answer_import(
    answer_import: AnswerImport, actor, *, now: datetime | None = None
) -> int:
    """Append the previewed answers; a second call changes nothing."""
    if answer_import.status == "applied":
        return 0
    if answer_import.status != "preview" or answer_import.errors:
        raise SignalenError(_("Dit bestand bevat fouten en kan niet toegepast worden."))
    now = now or utcnow()
    items = {
        item.id: item
        for item in db.session.scalars(
            select(BundleItem).where(
                BundleItem.id.in_([c["item_id"] for c in answer_import.changes])
            )
        )
    }
    applied = 0
    for change in answer_import.changes:
        item = items.get(change["item_id"])
        if item is None or item.bundle_id != answer_import.bundle_id:
            continue
        response = record_answer(
            item,
            actor,
            Answer(**change["new"]),
            source="import",
            export_run=answer_import.export_run,
            now=now,
        )
        applied += response is not None
    answer_import.status = "applied"
    answer_import.applied_at = now
    answer_import.applied_count = applied
    record_event(
        "answers.imported",
        actor=actor,
        actor_label=None if actor is not None else "cli",
        obj=answer_import,
        details={"bundle_id": answer_import.bundle_id, "applied": applied},
    )
    return applied
