"""Storing new signals: one from the form, or a chunk of an import.

Every new signal is written here with SQLAlchemy Core, without the ORM's unit
of work: the intake form is the busiest write of the app, and an import may
hold 100,000 rows. `SignalWriter.write` takes the new signals of one author at
one time and

- applies the intake's gates: `can_record_signals`, `check_texts` on the free
  text (findings the worker marked "geen persoonsgegeven" are kept, as on every
  save), at least one theme, and only active entries of the reference lists
  (the process's copy of the choice lists, `choices.choice_lists`);
- takes the references with one counter UPDATE (`reserve_references`), which
  is also the first write: on SQLite it takes the write lock, on PostgreSQL
  the counter's row lock, so nothing is read or computed after it;
- inserts each table once (executemany): the signals with their search-index
  words (from the hooks the search module registers, `before_insert_row`),
  their themes, target groups and wijken, the history events of the moves the
  workflow table gives for "new → concept" (and "concept → ingediend"), the
  marked findings, and the audit rows.

A form's idempotency key is unique: a form that was stored before is not
stored again. The INSERT of a keyed signal does nothing when its key is taken
(ON CONFLICT DO NOTHING, on SQLite and PostgreSQL), and `write` answers None
for it; only its reference number was used. It never commits: the caller's
transaction makes a save or an import all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from flask_babel import gettext as _
from sqlalchemy import Table, insert
from sqlalchemy.dialects import postgresql, sqlite

from signalen.audit.models import AuditEvent
from signalen.audit.services import event_values
from signalen.errors import NotAllowed, SignalenError
from signalen.extensions import Model, db
from signalen.permissions import can_record_signals
from signalen.references import reserve_references
from signalen.signals.choices import choice_lists
from signalen.signals.models import (
    Signal,
    SignalEvent,
    SignalStatus,
    signal_areas,
    signal_target_groups,
    signal_themes,
)
from signalen.signals.overrides import PrivacyOverride, override_values
from signalen.signals.workflow import creation_moves
from signalen.textcheck import FieldFinding, check_texts

if TYPE_CHECKING:
    from signalen.signals.services import SignalData

#: A function that adds columns to a new signal's row (the search index).
RowHook = Callable[[dict[str, Any]], None]
_row_hooks: list[RowHook] = []


def before_insert_row(hook: RowHook) -> RowHook:
    """Register a function that completes every new signal's row before it is
    inserted (as an ORM before_insert listener does for the ORM's inserts)."""
    _row_hooks.append(hook)
    return hook


@cache
def insert_signals(dialect: str, keyed: bool):
    """The INSERT of new signals, giving their ids in order; with a form's key,
    one that does nothing when the key is taken (the unique index on it)."""
    table = table_of(Signal)
    if keyed and dialect == "postgresql":
        keyed_insert = postgresql.insert(table).on_conflict_do_nothing(
            index_elements=[table.c.idempotency_key]
        )
        return keyed_insert.returning(table.c.id)
    if keyed:
        on_sqlite = sqlite.insert(table).on_conflict_do_nothing(
            index_elements=[table.c.idempotency_key]
        )
        return on_sqlite.returning(table.c.id)
    return insert(table).returning(table.c.id, sort_by_parameter_order=True)


def table_of(model: type[Model]) -> Table:
    """A model's table (declared with Table, as every model here is)."""
    return cast(Table, model.__table__)


@dataclass
class NewSignal:
    """One signal to store: what was typed, for which organisation, submitted
    or kept as a draft, the message of its "ingediend" history line, and the
    key of the form it came from."""

    data: SignalData
    organisation_id: int
    submit: bool = True
    message: str | None = None
    key: str | None = None
    accepted: list[FieldFinding] = field(default_factory=list)


class Written(NamedTuple):
    """A stored signal, as plain values."""

    id: int
    reference: str
    status: SignalStatus


class SignalWriter:
    """Writes new signals of one author at one time (see the module)."""

    def __init__(self, author: Any, *, now: datetime):
        if not can_record_signals(author):
            raise NotAllowed(_("Je kan geen signalen registreren."))
        self.author = author
        self.now = now
        lists = choice_lists()
        self.active = {name: {c.id for c in lists[name]} for name in lists}

    def check(self, item: NewSignal) -> None:
        """The intake's gates for one signal (raises SignalenError); keeps the
        findings marked "geen persoonsgegeven" on the item."""
        data = item.data
        item.accepted = check_texts(data.texts(), data.accepted_findings)
        if not data.theme_ids:
            raise SignalenError(_("Kies minstens één thema."), field="themes")
        chosen = (
            ("themes", data.theme_ids),
            ("target_groups", data.target_group_ids),
            ("areas", [] if data.city_wide else data.area_ids),
            (
                "government_levels",
                [data.government_level_id] if data.government_level_id else [],
            ),
        )
        for name, ids in chosen:
            if not self.active[name].issuperset(ids):
                raise SignalenError(_("Een gekozen waarde bestaat niet (meer)."))

    def write(self, signals: Sequence[NewSignal]) -> list[Written | None]:
        """Store the signals; per signal what was stored, or None when its
        form's key was stored before (then nothing of it is)."""
        for item in signals:
            self.check(item)
        if len(signals) > 1 and any(item.key for item in signals):
            raise ValueError("forms with a key are stored one at a time")
        return self.insert(signals)

    def insert(self, signals: Sequence[NewSignal]) -> list[Written | None]:
        if not signals:
            return []
        connection = db.session.connection()
        references = reserve_references("S", self.now.year, len(signals))
        rows = [
            self.signal_row(item, reference)
            for item, reference in zip(signals, references, strict=True)
        ]
        statement = insert_signals(connection.dialect.name, bool(signals[0].key))
        ids = list(connection.execute(statement, rows).scalars())
        if not ids:
            # The key was taken: another request stored this form (and, on
            # PostgreSQL, the INSERT waited until that one committed). Its
            # reference number stays unused, as a deleted draft's does.
            return [None]
        # then each other table once, in this order (their rows point to the
        # signals): lists, history, marked findings, audit
        tables: dict[Table, list[dict[str, Any]]] = {}
        for item, signal_id in zip(signals, ids, strict=True):
            for make in (self.links, self.history, self.overrides, self.audit):
                for table, row in make(item, signal_id):
                    tables.setdefault(table, []).append(row)
        for table, more in tables.items():
            connection.execute(insert(table), more)
        return [
            Written(i, row["reference"], row["status"])
            for i, row in zip(ids, rows, strict=True)
        ]

    def signal_row(self, item: NewSignal, reference: str) -> dict[str, Any]:
        data, now = item.data, self.now
        row = {
            "reference": reference,
            "title": data.title,
            "description": data.description,
            "examples": data.examples or None,
            "proposed_solution": data.proposed_solution or None,
            "people_affected": data.people_affected,
            "observed_year": data.observed_year,
            "observed_month": data.observed_month,
            "city_wide": data.city_wide,
            "government_level_id": data.government_level_id,
            "concerns_city_service": data.concerns_city_service,
            "organisation_id": item.organisation_id,
            "author_id": self.author.id,
            "status": creation_moves(item.submit)[-1][1],
            "created_at": now,
            "updated_at": now,
            "submitted_at": now if item.submit else None,
            "version": 1,
            "idempotency_key": item.key,
        }
        for hook in _row_hooks:
            hook(row)
        return row

    def links(self, item: NewSignal, signal_id: int):
        data = item.data
        for table, column, ids in (
            (signal_themes, "theme_id", data.theme_ids),
            (signal_target_groups, "target_group_id", data.target_group_ids),
            (signal_areas, "area_id", [] if data.city_wide else data.area_ids),
        ):
            for entry in dict.fromkeys(ids):
                yield table, {"signal_id": signal_id, column: entry}

    def history(self, item: NewSignal, signal_id: int):
        for old, new, kind in creation_moves(item.submit):
            yield (
                table_of(SignalEvent),
                {
                    "signal_id": signal_id,
                    "at": self.now,
                    "actor_id": self.author.id,
                    "kind": kind.value,
                    "from_status": old.value if old else None,
                    "to_status": new.value,
                    "message": item.message if new == SignalStatus.SUBMITTED else None,
                    "structural_signal_id": None,
                },
            )

    def overrides(self, item: NewSignal, signal_id: int):
        # kept for the coordinator's review until confirmed or masked
        for found in item.accepted:
            values = override_values(signal_id, found, self.author.id, self.now)
            yield table_of(PrivacyOverride), values

    def audit(self, item: NewSignal, signal_id: int):
        def event(action: str, details: dict | None = None):
            return table_of(AuditEvent), event_values(
                action,
                actor=self.author,
                object_type=Signal.__tablename__,
                object_id=signal_id,
                details=details,
            )

        # Of a marked finding only where and what kind, never the value.
        for found in item.accepted:
            yield event(
                "privacy.not_personal",
                {"field": found.field, "type": found.finding.type},
            )
        yield event("signal.submitted" if item.submit else "signal.created")
