"""Redaction: a span of free text goes from its row and from every copy of it.

Copies live in signal histories, audit details, bundle snapshots and item
titles, uploaded answer workbooks, the words the theme suggestions learnt, the
full-text index (kept in sync by triggers on SQLite and a generated column on
PostgreSQL), and the workbooks and report PDFs on disk. The span is replaced
by MARKER; the audit entry names the field and the number of places, never the
text.

`scrub_storage` (after the commit) deletes report PDFs made before the
redaction (their names carry a redaction stamp) and, on SQLite, merges the
full-text index, checkpoints the write-ahead log and rebuilds the file, so
freed pages do not keep the removed bytes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import and_, or_, select, text
from sqlalchemy.orm.attributes import flag_modified

from signalen.audit.models import AuditEvent
from signalen.audit.services import record_event
from signalen.coordination.models import TrainedModel
from signalen.coordination.search import FTS_TABLE
from signalen.coordination.words import terms
from signalen.errors import NotAllowed, SignalenError
from signalen.exports.models import ExportRun
from signalen.exports.report import remove_reports, remove_stale_reports
from signalen.exports.runs import export_path
from signalen.extensions import db
from signalen.permissions import Role, has_role
from signalen.redaction.texts import (
    KINDS,
    MARKER,
    Copies,
    Text,
    copies_of,
    find_text,
)
from signalen.signals.models import Signal

log = logging.getLogger(__name__)
SPAN_MIN = 2


@dataclass(frozen=True)
class Preview:
    """The text as it will read, and how often the span occurs in it."""

    before: str
    after: str
    count: int


@dataclass(frozen=True)
class Redacted:
    """What a redaction changed: places in the database, workbooks and
    report PDFs deleted."""

    places: int
    workbooks: int
    reports: int = 0


def can_redact(user: Any) -> bool:
    """Coordinators and beheerders redact free text."""
    return has_role(user, Role.COORDINATOR, Role.ADMIN)


def load_object(kind: str, obj_id: int) -> Any | None:
    """The object of a redaction page; None for an unknown kind or id, or a
    draft signal (its author still edits it)."""
    model = KINDS.get(kind)
    obj = db.session.get(model, obj_id) if model is not None else None
    if isinstance(obj, Signal) and obj.status == "draft":
        return None
    return obj


def _check_span(target: Text | None, span: str) -> Text:
    if target is None:
        raise SignalenError(_("Kies de tekst waarin je iets wil verwijderen."),
                            field="field")  # fmt: skip
    if len(span) < SPAN_MIN:
        raise SignalenError(_("Geef minstens twee tekens op."), field="span")
    if span in MARKER and MARKER in target.value:
        raise SignalenError(_("Dit stuk is al verwijderd."), field="span")
    if span not in target.value:
        raise SignalenError(
            _("Dit stuk staat niet letterlijk in de gekozen tekst."), field="span"
        )
    return target


def preview_redaction(obj: Any, key: str, span: str) -> Preview:
    """How the chosen text reads after the redaction (nothing is changed)."""
    target = _check_span(find_text(obj, key), span)
    value = target.value
    return Preview(value, value.replace(span, MARKER), value.count(span))


def redact_span(obj: Any, key: str, span: str, actor: Any, now: datetime) -> Redacted:
    """Replace `span` in the chosen text of `obj` and in every copy of it."""
    if not can_redact(actor):
        raise NotAllowed(_("Alleen een coördinator of beheerder verwijdert tekst."))
    target = _check_span(find_text(obj, key), span)
    done = redact_everywhere(obj, target, span, now)
    record_event(
        "text.redacted",
        actor=actor,
        obj=obj,
        details={
            "field": key.split("-")[0],
            "places": done.places,
            "workbooks": done.workbooks,
            "reports": done.reports,
        },
    )
    return done


def redact_everywhere(
    obj: Any, target: Text, span: str, now: datetime, *, retention: bool = False
) -> Redacted:
    """The routine behind redaction and retention: the text, its copies, the
    audit details, the learnt words, and the workbooks and report PDFs of the
    bundles whose texts changed. The caller commits, then calls scrub_storage."""
    copies = copies_of(obj, target, retention=retention)
    places = 0
    bundles: set[int] = set()
    if replace_in(target.row, target.attr, span):
        places += 1
        bundle = copies.bundle_of.get(id(target.row))
        if bundle is not None:
            bundles.add(bundle)
    for row, attr in copies.texts:
        if replace_in(row, attr, span):
            places += 1
            if id(row) in copies.bundle_of:
                bundles.add(copies.bundle_of[id(row)])
    for row, attr in copies.json:
        if replace_in_json(row, attr, span):
            places += 1
            if id(row) in copies.bundle_of:
                bundles.add(copies.bundle_of[id(row)])
    places += scrub_audit(copies, span)
    if copies.forget_terms:
        places += forget_words(span, now)
    db.session.flush()
    return Redacted(places, delete_workbooks(bundles), remove_reports(bundles))


def replace_in(row: Any, attr: str, span: str) -> bool:
    value = getattr(row, attr)
    if not isinstance(value, str) or span not in value:
        return False
    new = value.replace(span, MARKER)
    column = row.__table__.columns[attr]
    limit = getattr(column.type, "length", None)
    setattr(row, attr, new[:limit] if limit else new)
    return True


def scrubbed(value: Any, span: str) -> tuple[Any, bool]:
    """A JSON value with `span` replaced in every string in it."""
    if isinstance(value, str):
        return (value.replace(span, MARKER), True) if span in value else (value, False)
    if isinstance(value, list):
        pairs = [scrubbed(item, span) for item in value]
        return [v for v, _c in pairs], any(c for _v, c in pairs)
    if isinstance(value, dict):
        out, changed = {}, False
        for key, item in value.items():
            out[key], hit = scrubbed(item, span)
            changed = changed or hit
        return out, changed
    return value, False


def replace_in_json(row: Any, attr: str, span: str) -> bool:
    new, changed = scrubbed(getattr(row, attr), span)
    if changed:
        setattr(row, attr, new)
        flag_modified(row, attr)
    return changed


def scrub_audit(copies: Copies, span: str) -> int:
    """Audit details of the objects concerned that quote the span."""
    if not copies.audit_objects:
        return 0
    pairs = [
        and_(AuditEvent.object_type == kind, AuditEvent.object_id == ident)
        for kind, ident in sorted(copies.audit_objects)
    ]
    changed = 0
    for start in range(0, len(pairs), 200):
        events = db.session.scalars(
            select(AuditEvent).where(or_(*pairs[start : start + 200]))
        )
        changed += sum(replace_in_json(event, "details", span) for event in events)
    return changed


def forget_words(span: str, now: datetime) -> int:
    """The theme suggestions forget the words of the span (the nightly
    retraining would too, from the texts as they are then)."""
    words = set(terms(span))
    model = db.session.get(TrainedModel, "theme_suggestions")
    if not words or model is None or not isinstance(model.payload, dict):
        return 0
    payload = dict(model.payload)
    counts = payload.get("counts") or {}
    changed = False
    for code, counter in list(counts.items()):
        kept = {t: c for t, c in counter.items() if t not in words}
        if len(kept) != len(counter):
            counts[code] = kept
            changed = True
    if not changed:
        return 0
    payload["counts"] = counts
    payload["totals"] = {code: sum(c.values()) for code, c in counts.items()}
    model.payload = payload
    flag_modified(model, "payload")
    model.trained_at = now  # a new key for the per-process cache
    return 1


def delete_workbooks(bundle_ids: set[int]) -> int:
    """Workbooks of these bundles on disk hold the old text: delete them; the
    run says why, and a coordinator makes a new export."""
    if not bundle_ids:
        return 0
    deleted = 0
    runs = db.session.scalars(
        select(ExportRun).where(
            ExportRun.bundle_id.in_(bundle_ids), ExportRun.status == "done"
        )
    )
    for run in runs:
        path = export_path(run)
        if path is not None:
            path.unlink(missing_ok=True)
            deleted += 1
        run.status = "failed"
        run.error = _(
            "Dit bestand werd gewist omdat er tekst uit de bundel verwijderd werd. "
            "Maak een nieuwe export."
        )
    return deleted


# --- the storage itself ---------------------------------------------------------


def scrub_storage() -> None:
    """After the commit: delete the report PDFs made before it (one may have
    been written from the old text while the redaction ran). On SQLite: merge
    the full-text index (old entries go), empty the write-ahead log and rebuild
    the file, so no freed page keeps the removed text. PostgreSQL rewrites rows
    itself (old row versions are freed by autovacuum)."""
    remove_stale_reports()
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')"))
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        conn.execute(text("VACUUM"))
        busy = conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).first()
    if busy is not None and busy[0]:
        log.warning("redaction: the write-ahead log is still in use; it is emptied "
                    "at the next checkpoint")  # fmt: skip
