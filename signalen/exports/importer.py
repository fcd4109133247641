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
from signalen.exports.sanitise import (
    TextCleaner,
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


def _read_theme_answers(wb, limit: int, errors: list) -> dict[str, tuple[str, str]]:
    """Answers typed on the theme sheets: reference → (answer, sheet).

    A cell that holds no text adds an error for its row (with the sheet's name).
    """
    expected = [h.casefold() for h in layout.THEME_HEADERS]
    answers: dict[str, tuple[str, str]] = {}
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
                errors.append({"row": number, "reference": "", "message": exc.message})
                continue
            if reference and answer:
                answers[reference] = (answer, name)
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
    result = ParsedAnswers(bundle_id=bundle.id, export_run_id=run.id)
    if layout.SHEET_SIGNALS not in wb.sheetnames:
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
    latest = _bundle_latest(bundle.id)
    theme_answers = _read_theme_answers(wb, limit, result.errors)
    types, routes, statuses = (
        _choices(RESPONSE_TYPES),
        _choices(FOLLOW_UP_ROUTES),
        _choices(PROGRESS_STATUSES),
    )
    signal_rows = rows(wb[layout.SHEET_SIGNALS], limit, layout.SHEET_SIGNALS)
    first = next(signal_rows, None)
    if first is None:
        raise ImportRefused(_("Het blad 'Signalen' is leeg."))
    needed = [
        "ID",
        "Titel",
        *[c.header for c in layout.SIGNAL_COLUMNS if c.kind == "answer"],
    ]
    col = _header_index(first[1], needed, layout.SHEET_SIGNALS)
    headers = {c.key: c.header for c in layout.SIGNAL_COLUMNS}
    seen: set[str] = set()
    parsed: dict[str, tuple[int, Answer]] = {}
    cleaner = TextCleaner()

    def error(number: int, reference: str, message: str) -> None:
        result.errors.append(
            {"row": number, "reference": reference, "message": message}
        )

    for number, row in signal_rows:
        get, unreadable = _read_row(row, col, headers, number)
        reference = get["reference"]
        if unreadable:
            result.rows_read += bool(reference)
            for message in unreadable:
                error(number, reference, message)
            continue
        filled = [get[k] for k in layout.ANSWER_KEYS]
        if not reference:
            if any(filled) or get["title"]:
                error(number, "", _("Het ID ontbreekt. Pas de kolom ID niet aan."))
            continue
        result.rows_read += 1
        item = items.get(reference)
        if item is None:
            error(
                number,
                reference,
                _("Dit ID hoort niet bij deze bundel. Pas de kolom ID niet aan."),
            )
            continue
        if reference in seen:
            error(number, reference, _("Dit ID staat twee keer in het bestand."))
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
            )
            continue
        text = get["answer"]
        current = latest.get(item.id)
        # As the workbook holds it: line breaks are LF there.
        current_text = (
            normalise_line_ends(current.text).strip() if current is not None else ""
        )
        theme_text, sheet = theme_answers.get(reference, ("", ""))
        # The theme sheets repeat the current answer; only a changed one counts.
        if theme_text and theme_text != current_text:
            if text in ("", current_text):
                text = theme_text
            elif text != theme_text:
                error(
                    number,
                    reference,
                    _(
                        "Het antwoord op het blad 'Signalen' verschilt van dat op het "
                        "blad '%(sheet)s'. Laat er één staan.",
                        sheet=sheet,
                    ),
                )
                continue
        if not any([text, *filled[1:]]):
            continue  # nothing answered on this row
        problems = _check_row(get, text, types, routes, statuses)
        if problems:
            for message in problems:
                error(number, reference, message)
            continue
        answer = Answer(
            response_type=types[get["response_type"].casefold()],
            text=text,
            department=get["department"] or None,
            follow_up_route=routes.get(get["follow_up_route"].casefold()),
            progress=statuses.get(get["progress"].casefold()),
        )
        parsed[reference] = (item.id, answer)

    for reference, (item_id, answer) in parsed.items():
        current = latest.get(item_id)
        if current is not None:
            # The workbook has no column for it: keep what was typed in the app.
            answer = Answer(
                **{**answer.__dict__, "political_status": current.political_status}
            )
            if answer.same_as(_as_in_workbook(current)):
                result.unchanged += 1
                continue
        result.changes.append(
            {
                "item_id": item_id,
                "reference": reference,
                "title": (items[reference].snapshot or {}).get("title", ""),
                "old": _answer_dict(current) if current is not None else None,
                "new": dict(answer.__dict__),
            }
        )
    return result


def _read_row(
    row: tuple, col: dict[str, int], headers: dict[str, str], number: int
) -> tuple[dict[str, str], list[str]]:
    """The texts of the columns the import reads, and a message per bad cell."""
    get: dict[str, str] = {}
    unreadable: list[str] = []
    for key, header in headers.items():
        if header not in col:
            continue
        try:
            get[key] = cell_text(row, col[header], layout.SHEET_SIGNALS, number)
        except CellProblem as exc:
            get[key] = ""
            unreadable.append(exc.message)
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


def _bundle_latest(bundle_id: int) -> dict[int, CityResponse]:
    """The current answer of every answered item of the bundle, in one query."""
    latest: dict[int, CityResponse] = {}
    for response in db.session.scalars(
        select(CityResponse)
        .join(BundleItem, BundleItem.id == CityResponse.bundle_item_id)
        .where(BundleItem.bundle_id == bundle_id)
        .order_by(CityResponse.id)
    ):
        latest[response.bundle_item_id] = response
    return latest


def _answer_dict(response) -> dict:
    return dict(Answer.from_response(response).__dict__)


def _check_row(get: dict, text: str, types, routes, statuses) -> list[str]:
    problems = []
    if not text:
        problems.append(_("Vul ook het antwoord in (kolom 'Antwoord stad')."))
    if not get["response_type"]:
        problems.append(_("Kies een soort antwoord uit de lijst."))
    for key, mapping, label in (
        ("response_type", types, "Soort antwoord"),
        ("follow_up_route", routes, "Opvolging"),
        ("progress", statuses, "Stand van zaken"),
    ):
        value = get[key]
        if value and value.casefold() not in mapping:
            problems.append(
                _(
                    "'%(value)s' is geen geldige keuze voor '%(col)s'. Kies uit de "
                    "lijst.",
                    value=value[:60],
                    col=label,
                )
            )
    if len(text) > TEXT_MAX:
        problems.append(
            _("Het antwoord is te lang (maximaal %(n)d tekens).", n=TEXT_MAX)
        )
    if len(get["department"]) > DEPARTMENT_MAX:
        problems.append(
            _(
                "De naam van de dienst is te lang (maximaal %(n)d tekens).",
                n=DEPARTMENT_MAX,
            )
        )
    for value in (text, get["department"]):
        for finding in find_personal_data(value) if value else ():
            problems.append(
                _(
                    "Het antwoord lijkt persoonsgegevens te bevatten: %(why)s Haal "
                    "ze weg en laad het bestand opnieuw op.",
                    why=str(EXPLANATIONS.get(finding.type, "")),
                )
            )
            break
    return problems


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
