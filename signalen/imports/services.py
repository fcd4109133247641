"""Importing a signal list: upload, map, preview, apply (all or nothing).

Every row goes through the same steps in the preview, on confirmation and in
the CLI: map its columns and list values, check its free text for personal
data (a row with a finding is held back with the reason and never stored), and
skip it when its key was imported before. Applying stores the remaining rows a
chunk at a time with `signals.writer` (the intake's gates, and the same rows as
the intake form stores), so an imported
signal is reviewed and merged like any other; `ImportedSignal` keeps its source,
old reference and original date.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import insert, select

from signalen.audit.models import AuditEvent
from signalen.audit.services import record_event
from signalen.auth.models import User
from signalen.database import utcnow
from signalen.errors import NotAllowed, SignalenError
from signalen.extensions import db
from signalen.imports.matching import Matcher, fold, split_values
from signalen.imports.models import ImportBatch, ImportedSignal, ImportMapping
from signalen.imports.reading import data_rows, file_kind, read_headers
from signalen.imports.rows import (
    DUPLICATE,
    FIELDS,
    HELD,
    LISTS,
    OK,
    REFUSED,
    ParsedRow,
    ValueChoices,
    guess_columns,
    parse_row,
    row_key,
)
from signalen.organisations.models import Organisation
from signalen.permissions import can_import_for
from signalen.signals.models import Signal, SignalEvent
from signalen.signals.services import SignalData, record_signal
from signalen.signals.writer import NewSignal, SignalWriter, table_of
from signalen.tasks import background_task, enqueue
from signalen.textcheck import find_in_fields
from signalen.themes.models import Area, TargetGroup, Theme

log = logging.getLogger(__name__)
IMPORT_TASK = "import_signals"
#: rows checked and stored per database round; memory stays flat past this
CHUNK = 1000
#: examples of held back and refused rows kept for the preview
EXAMPLES = 50
#: distinct unknown list values shown for a choice, per list
UNKNOWN_SHOWN = 100
#: above this many rows, applying runs in the task queue
INLINE_ROWS = 2000
LIST_MODELS: dict[str, type[Theme] | type[TargetGroup] | type[Area]] = {
    "themes": Theme,
    "target_groups": TargetGroup,
    "areas": Area,
}


# --- who may import, and where the file waits ---------------------------------


def import_dir() -> Path:
    folder = Path(
        current_app.config.get("IMPORT_DIR")
        or Path(current_app.instance_path) / "imports"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def batch_path(batch: ImportBatch) -> Path:
    return import_dir() / f"{batch.key}.{batch.file_kind}"


def remembered_mapping(organisation_id: int) -> ImportMapping | None:
    return db.session.scalar(
        select(ImportMapping).where(ImportMapping.organisation_id == organisation_id)
    )


# --- upload ------------------------------------------------------------------


def upload_import(
    content: bytes,
    file_name: str,
    organisation: Organisation,
    actor,
    *,
    source: str,
    now: datetime | None = None,
) -> ImportBatch:
    """Keep the file aside and read its headers; nothing is imported yet."""
    if not can_import_for(actor, organisation):
        raise NotAllowed(_("Je kan geen signalen importeren voor deze organisatie."))
    if not content:
        raise SignalenError(_("Het bestand is leeg."), field="file")
    kind = file_kind(file_name, content[:65536])
    batch = ImportBatch(
        key=secrets.token_urlsafe(24),
        organisation_id=organisation.id,
        created_by_id=actor.id,
        file_name=file_name[:255],
        file_kind=kind,
        source=(source or file_name)[:120],
        created_at=now or utcnow(),
    )
    path = batch_path(batch)
    path.write_bytes(content)
    try:
        batch.headers = read_headers(path, kind)
    except SignalenError:
        path.unlink(missing_ok=True)
        raise
    batch.columns = initial_columns(organisation.id, batch.headers)
    remembered = remembered_mapping(organisation.id)
    batch.values = dict(remembered.values) if remembered is not None else {}
    db.session.add(batch)
    db.session.flush()
    return batch


def initial_columns(organisation_id: int, headers: list[str]) -> dict[str, str]:
    """The organisation's remembered columns that this file has, else a guess."""
    remembered = remembered_mapping(organisation_id)
    if remembered is not None:
        kept = {f: h for f, h in remembered.columns.items() if h in headers}
        if kept:
            return kept
    return guess_columns(headers)


# --- checking rows ------------------------------------------------------------


def matchers() -> dict[str, Matcher]:
    """The active entries of each reference list."""
    return {
        kind: Matcher(
            (entry_id, code, label)
            for entry_id, code, label in db.session.execute(
                select(model.id, model.code, model.label).where(model.active)
            )
        )
        for kind, model in LIST_MODELS.items()
    }


@dataclass
class Settings:
    """What the rows are read with: the batch's mapping, as plain values."""

    organisation_id: int
    columns: Mapping[str, str]
    values: Mapping[str, Mapping[str, int]]
    default_theme_id: int | None = None


def check_columns(columns: Mapping[str, str], headers: Iterable[str]) -> None:
    headers = set(headers)
    for name, header in columns.items():
        if name not in FIELDS or (header and header not in headers):
            raise SignalenError(_("Kies een kolom uit het bestand."), field=name)
    if not columns.get("title"):
        raise SignalenError(_("Kies de kolom met de titel."), field="title")


def personal_data_reasons(row: ParsedRow) -> list[str]:
    """Why the row is held back: field and kind of each finding (never the value)."""
    try:
        findings = find_in_fields(row.texts)
    except SignalenError as exc:
        return [exc.message]
    return [f"{FIELDS[f.field][0]}: {f.explanation}" for f in findings]


def checked_rows(
    rows: Iterable[tuple[int, Mapping[str, str]]], settings: Settings
) -> Iterator[list[ParsedRow]]:
    """Rows in chunks, each parsed, checked and marked (ok, held, refused,
    duplicate). A chunk's keys are looked up in one query; rows stored from an
    earlier chunk are found there too, so a row twice in a file counts once."""
    choices = ValueChoices(settings.values, matchers())
    seen: set[bytes] = set()
    chunk: list[ParsedRow] = []

    def finish(chunk: list[ParsedRow]) -> list[ParsedRow]:
        keys = {r.key for r in chunk if r.status == OK}
        known = set(
            db.session.scalars(
                select(ImportedSignal.row_key).where(
                    ImportedSignal.organisation_id == settings.organisation_id,
                    ImportedSignal.row_key.in_(keys),
                )
            )
        ) if keys else set()  # fmt: skip
        for row in chunk:
            if row.status != OK:
                continue
            digest = bytes.fromhex(row.key[:16])
            if row.key in known or digest in seen:
                row.status = DUPLICATE
            seen.add(digest)
        return chunk

    for number, cells in rows:
        row = parse_row(number, cells, settings.columns, choices,
                        settings.default_theme_id)  # fmt: skip
        if row.status == OK:
            reasons = personal_data_reasons(row)
            if reasons:
                row.status = HELD
                row.reasons = reasons
                row.texts = {}  # held back: the text goes no further
        if row.status == OK:
            row.key = row_key(settings.organisation_id, row)
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield finish(chunk)
            chunk = []
    if chunk:
        yield finish(chunk)


def unknown_values(
    rows: Iterable[tuple[int, Mapping[str, str]]], settings: Settings
) -> dict[str, list[dict]]:
    """Per list, the values that are no exact entry: how often, and the suggestion."""
    lists = matchers()
    found: dict[str, dict[str, dict]] = {kind: {} for kind in LISTS}
    for _number, cells in rows:
        for kind in LISTS:
            header = settings.columns.get(kind)
            if not header:
                continue
            for value in split_values(cells.get(header, "")):
                folded = fold(value)
                seen = found[kind].get(folded)
                if seen is not None:
                    seen["count"] += 1
                    continue
                if len(found[kind]) >= UNKNOWN_SHOWN:
                    continue
                if kind == "areas" and folded in ("stadsbreed", "heel gent"):
                    continue
                match = lists[kind].match(value)
                if match.exact:
                    continue
                found[kind][folded] = {
                    "value": value[:80],
                    "folded": folded,
                    "count": 1,
                    "suggestion": match.entry.id if match.entry else 0,
                    "suggestion_label": match.entry.label if match.entry else "",
                    "chosen": settings.values.get(kind, {}).get(folded),
                }
    return {kind: sorted(v.values(), key=lambda x: -x["count"]) for kind, v in
            found.items()}  # fmt: skip


def empty_report() -> dict:
    return {"total": 0, OK: 0, HELD: 0, REFUSED: 0, DUPLICATE: 0,
            "held_rows": [], "refused_rows": []}  # fmt: skip


def count(report: dict, row: ParsedRow) -> None:
    report["total"] += 1
    report[row.status] += 1
    examples = {HELD: "held_rows", REFUSED: "refused_rows"}.get(row.status)
    if examples and len(report[examples]) < EXAMPLES:
        report[examples].append({"row": row.number, "reasons": row.reasons[:5]})


# --- preview -----------------------------------------------------------------


def settings_of(batch: ImportBatch) -> Settings:
    return Settings(batch.organisation_id, batch.columns, batch.values,
                    batch.default_theme_id)  # fmt: skip


def preview_import(
    batch: ImportBatch,
    actor,
    *,
    columns: Mapping[str, str],
    values: Mapping[str, Mapping[str, int]] | None = None,
    default_theme_id: int | None = None,
    now: datetime | None = None,
) -> dict:
    """Check every row with this mapping and keep the counts; stores no signal.

    The mapping is remembered for the organisation's next file.
    """
    ensure_open(batch, actor)
    columns = {name: header for name, header in columns.items() if header}
    check_columns(columns, batch.headers)
    if default_theme_id is not None:
        theme = db.session.get(Theme, default_theme_id)
        if theme is None or not theme.active:
            raise SignalenError(_("Kies een bestaand thema."), field="default_theme")
    merged = {kind: dict((batch.values or {}).get(kind, {})) for kind in LISTS}
    for kind, chosen in (values or {}).items():
        if kind not in LIST_MODELS:
            continue
        model = LIST_MODELS[kind]
        ids = {i for i in chosen.values() if i}
        known = set(
            db.session.scalars(select(model.id).where(model.id.in_(ids), model.active))
        )
        if ids - known:
            raise SignalenError(_("Een gekozen waarde bestaat niet (meer)."))
        merged[kind].update(chosen)
    batch.columns = columns
    batch.values = merged
    batch.default_theme_id = default_theme_id
    settings = settings_of(batch)
    path = batch_path(batch)
    report = empty_report()
    for chunk in checked_rows(data_rows(path, batch.file_kind), settings):
        for row in chunk:
            count(report, row)
    report["unknown"] = unknown_values(data_rows(path, batch.file_kind), settings)
    batch.report = report
    batch.status = "previewed"
    remember_mapping(batch, now or utcnow())
    db.session.flush()
    return report


def remember_mapping(batch: ImportBatch, now: datetime) -> None:
    mapping = remembered_mapping(batch.organisation_id)
    if mapping is None:
        mapping = ImportMapping(organisation_id=batch.organisation_id)
        db.session.add(mapping)
    mapping.columns = dict(batch.columns)
    mapping.values = {kind: dict(batch.values.get(kind, {})) for kind in LISTS}
    mapping.updated_at = now


def ensure_open(batch: ImportBatch, actor) -> None:
    if not can_import_for(actor, batch.organisation):
        raise NotAllowed(_("Je kan geen signalen importeren voor deze organisatie."))
    if batch.status not in ("uploaded", "previewed"):
        raise SignalenError(_("Deze import is al afgewerkt."))


# --- apply -------------------------------------------------------------------


def signal_data(row: ParsedRow) -> SignalData:
    return SignalData(
        title=row.texts["title"],
        description=row.texts["description"],
        examples=row.texts.get("examples"),
        proposed_solution=row.texts.get("proposed_solution"),
        theme_ids=row.theme_ids,
        target_group_ids=row.target_group_ids,
        area_ids=row.area_ids,
        city_wide=row.city_wide,
        observed_year=row.observed_year,
        observed_month=row.observed_month,
        people_affected=row.people_affected,
    )


def store_row(
    row: ParsedRow, actor, settings: Settings, source: str, batch_id: int | None,
    now: datetime,
) -> Signal:  # fmt: skip
    """One checked row as a submitted signal, marked as imported."""
    signal = record_signal(
        actor,
        signal_data(row),
        submit=True,
        now=now,
        organisation_id=settings.organisation_id,
        message=_("Overgenomen uit %(source)s", source=source),
    )
    db.session.add(
        ImportedSignal(
            signal=signal,
            organisation_id=settings.organisation_id,
            batch_id=batch_id,
            row_key=row.key,
            source=source,
            original_reference=row.reference,
            original_date=row.original_date,
        )
    )
    return signal


def import_rows(
    rows: Iterable[tuple[int, Mapping[str, str]]],
    settings: Settings,
    actor_id: int,
    *,
    source: str,
    batch_id: int | None,
    now: datetime,
    bulk: bool = True,
) -> dict:
    """Store every ok row; the caller commits (all) or rolls back (nothing).

    By default a chunk at a time with `signals.writer` (one INSERT per table
    per chunk, nothing kept in the session); `bulk=False` records each row with
    `record_signal` (the one-by-one path the tests compare it with), and
    the session forgets each chunk's rows. Memory stays flat either way.
    """
    report = empty_report()
    actor = db.session.get(User, actor_id)
    recorder = SignalWriter(actor, now=now) if bulk else None
    for chunk in checked_rows(rows, settings):
        if recorder is not None:
            for row in chunk:
                count(report, row)
            store_chunk(recorder, [r for r in chunk if r.status == OK], settings,
                        source, batch_id)  # fmt: skip
            continue
        # One flush per chunk instead of one per query of every row: the
        # unit of work then inserts the chunk's rows together.
        with db.session.no_autoflush:
            for row in chunk:
                count(report, row)
                if row.status == OK:
                    store_row(row, actor, settings, source, batch_id, now)
        db.session.flush()
        forget_stored()
    return report


def store_chunk(
    recorder: SignalWriter,
    rows: list[ParsedRow],
    settings: Settings,
    source: str,
    batch_id: int | None,
) -> None:
    """The ok rows of a chunk as submitted signals (one INSERT per table), the
    same rows as `store_row` makes one by one, marked as imported."""
    message = _("Overgenomen uit %(source)s", source=source)
    written = recorder.write(
        [
            NewSignal(signal_data(r), settings.organisation_id, message=message)
            for r in rows
        ]
    )
    ids = [w.id for w in written if w is not None]
    if ids:
        db.session.execute(
            insert(table_of(ImportedSignal)),
            [
                {
                    "signal_id": signal_id,
                    "organisation_id": settings.organisation_id,
                    "batch_id": batch_id,
                    "row_key": row.key,
                    "source": source,
                    "original_reference": row.reference,
                    "original_date": row.original_date,
                }
                for row, signal_id in zip(rows, ids, strict=True)
            ],
        )


def forget_stored() -> None:
    """Detach the flushed signals, their history and audit rows from the session."""
    kinds = (Signal, SignalEvent, ImportedSignal, AuditEvent)
    for obj in list(db.session.identity_map.values()):
        # expunging a signal takes its events along (cascade)
        if isinstance(obj, kinds) and obj in db.session:
            db.session.expunge(obj)


def apply_import(batch: ImportBatch, actor, now: datetime | None = None) -> int:
    """Store the previewed rows, all or nothing; returns how many were added."""
    ensure_previewed(batch, actor)
    return run_import(batch.id, actor.id, now or utcnow())


def ensure_previewed(batch: ImportBatch, actor) -> None:
    ensure_open(batch, actor)
    if batch.status != "previewed":
        raise SignalenError(_("Bekijk eerst het voorbeeld."))


def start_import(batch: ImportBatch, actor, now: datetime | None = None) -> bool:
    """Apply now when the file is small (True); a large one is handed to the
    task queue (False): the batch is 'running' until the worker is done."""
    ensure_previewed(batch, actor)
    if (batch.report or {}).get("total", 0) <= INLINE_ROWS:
        run_import(batch.id, actor.id, now or utcnow())
        remove_file(batch)
        return True
    batch.status = "running"
    batch.message = None
    db.session.flush()
    return False


def queue_import(batch: ImportBatch, actor) -> None:
    """Put a running batch on the task queue (after the commit that marked it)."""
    try:
        enqueue(IMPORT_TASK, batch.id, actor.id)
    except Exception as exc:  # any queue storage's connection error
        log.warning(
            "import %s not queued", batch.id, extra={"error": type(exc).__name__}
        )
        batch.status = "previewed"
        batch.message = _(
            "De import kon niet starten: de takenverwerker is niet bereikbaar. "
            "Probeer later opnieuw."
        )
        db.session.flush()


@background_task(IMPORT_TASK)
def import_task(batch_id: int, actor_id: int) -> None:
    """The worker's task: apply a large batch in one transaction, or none of it."""
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or batch.status != "running":
        return
    try:
        run_import(batch_id, actor_id, utcnow())
        remove_file(batch)
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        log.exception("import %s failed", batch_id)
        batch = db.session.get(ImportBatch, batch_id)
        if batch is None:
            return
        batch.status = "previewed"
        batch.message = (
            exc.message
            if isinstance(exc, SignalenError)
            else _("De import is mislukt; er werd niets bewaard. Probeer opnieuw.")
        )[:500]
        db.session.commit()


def run_import(batch_id: int, actor_id: int, now: datetime) -> int:
    """Apply a previewed batch by id (in the request, or in the task queue)."""
    batch = db.session.get(ImportBatch, batch_id)
    assert batch is not None
    settings = settings_of(batch)
    source = batch.source
    path = batch_path(batch)
    report = import_rows(data_rows(path, batch.file_kind), settings, actor_id,
                         source=source, batch_id=batch_id, now=now)  # fmt: skip
    batch = db.session.get(ImportBatch, batch_id)
    assert batch is not None
    report["unknown"] = (batch.report or {}).get("unknown", {})
    batch.report = report
    batch.status = "applied"
    batch.message = None
    batch.applied_at = now
    batch.applied_count = report[OK]
    record_event(
        "import.applied",
        actor=db.session.get(User, actor_id),
        obj=batch,
        details={"source": source, "added": report[OK], "held": report[HELD],
                 "refused": report[REFUSED], "duplicate": report[DUPLICATE]},
    )  # fmt: skip
    db.session.flush()
    return report[OK]


def discard_import(batch: ImportBatch, actor) -> None:
    """Drop an upload that was not applied, and its file."""
    ensure_open(batch, actor)
    batch.status = "discarded"
    batch_path(batch).unlink(missing_ok=True)
    record_event("import.discarded", actor=actor, obj=batch)
    db.session.flush()


def remove_file(batch: ImportBatch) -> None:
    """After an import is applied its file is no longer needed."""
    batch_path(batch).unlink(missing_ok=True)


# --- the CLI: the same steps on a file on disk -------------------------------


def import_file(
    path: Path,
    organisation: Organisation,
    actor,
    *,
    source: str,
    columns: Mapping[str, str] | None = None,
    default_theme_id: int | None = None,
    apply: bool = False,
    now: datetime | None = None,
) -> dict:
    """Check (and with apply, store) a file without uploading it; the caller commits.

    Columns default to the organisation's remembered mapping, else a guess;
    list values use its remembered choices, else the closest suggestion.
    """
    if not can_import_for(actor, organisation):
        raise NotAllowed(_("Je kan geen signalen importeren voor deze organisatie."))
    with path.open("rb") as handle:
        kind = file_kind(path.name, handle.read(65536))
    headers = read_headers(path, kind)
    chosen = dict(columns) if columns else initial_columns(organisation.id, headers)
    check_columns(chosen, headers)
    remembered = remembered_mapping(organisation.id)
    settings = Settings(
        organisation.id,
        chosen,
        dict(remembered.values) if remembered is not None else {},
        default_theme_id,
    )
    now = now or utcnow()
    if not apply:
        report = empty_report()
        for chunk in checked_rows(data_rows(path, kind), settings):
            for row in chunk:
                count(report, row)
    else:
        report = import_rows(data_rows(path, kind), settings, actor.id,
                             source=source, batch_id=None, now=now)  # fmt: skip
        record_event(
            "import.applied",
            actor=db.session.get(User, actor.id),
            obj=organisation,
            details={"source": source, "added": report[OK], "held": report[HELD],
                     "refused": report[REFUSED], "duplicate": report[DUPLICATE],
                     "via": "cli"},
        )  # fmt: skip
    report["columns"] = chosen
    return report
