"""Recording many new signals at once (imports of large lists).

`record_signal` stores one signal with the ORM: a reference number UPDATE, the
reference lists looked up, the override bookkeeping and a flush per signal.
For a list of 100,000 rows that is minutes. `BulkRecorder` stores the same
rows with SQLAlchemy Core, a chunk at a time:

- the same gates: `can_record_signals`, `check_texts` on every signal's free
  text (no "geen persoonsgegeven" marks: a finding refuses the chunk), at least
  one theme, and only active entries of the reference lists (loaded once);
- the references of a chunk reserved with one counter UPDATE
  (`reserve_references`), so numbers stay consecutive per year;
- one executemany INSERT per table per chunk: signals (with the words of the
  search index, from the caller's `index_terms`, since the index belongs to
  the coordination layer above this one), their themes, target groups and
  wijken, two history events per signal with the kinds the workflow table
  gives for "new → concept" and "concept → ingediend", and the audit row
  `record_signal` writes ("signal.created").

It flushes nothing of the ORM session and keeps no objects, so memory stays
flat; it never commits: the caller's transaction makes the import all or
nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from flask import has_request_context, request
from flask_babel import gettext as _
from sqlalchemy import Column, MetaData, Table, Text, insert, select

from signalen.audit.models import AuditEvent
from signalen.errors import NotAllowed, SignalenError
from signalen.extensions import Model, db
from signalen.permissions import can_record_signals
from signalen.references import reserve_references
from signalen.signals.models import (
    Signal,
    SignalEvent,
    SignalStatus,
    signal_areas,
    signal_target_groups,
    signal_themes,
)
from signalen.signals.services import SignalData
from signalen.signals.workflow import SIGNAL_MOVES
from signalen.textcheck import check_texts
from signalen.themes.models import Area, GovernmentLevel, TargetGroup, Theme

#: texts -> the extra columns of the search index (search_title, search_body)
IndexTerms = Callable[[dict[str, str | None]], dict[str, str]]

#: the moves `record_signal` + submitting make, as the workflow table has them
MOVES = ((None, SignalStatus.DRAFT), (SignalStatus.DRAFT, SignalStatus.SUBMITTED))


@dataclass
class NewSignal:
    """One signal to store: what was typed, for which organisation, and the
    message of its "ingediend" history line."""

    data: SignalData
    organisation_id: int
    message: str | None = None


def table_of(model: type[Model]) -> Table:
    """A model's table (declared with Table, as every model here is)."""
    return cast(Table, model.__table__)


def signal_table(extra: Sequence[str]) -> Table:
    """The signals table with the index columns that are not in the model
    (the migration adds them), typed as the model types the rest."""
    table = table_of(Signal).to_metadata(MetaData())
    for name in extra:
        table.append_column(Column(name, Text))
    return table


class BulkRecorder:
    """Stores chunks of new, submitted signals for one author at one time."""

    def __init__(self, author: Any, *, now: datetime, index_terms: IndexTerms):
        if not can_record_signals(author):
            raise NotAllowed(_("Je kan geen signalen registreren."))
        self.author_id = author.id
        self.author_label = author.email
        self.now = now
        self.index_terms = index_terms
        self.active = {
            model: set(db.session.scalars(select(model.id).where(model.active)))
            for model in (Theme, TargetGroup, Area, GovernmentLevel)
        }
        self.kinds = [SIGNAL_MOVES[move][0].value for move in MOVES]
        self.ip = request.remote_addr if has_request_context() else None
        self.table: Table | None = None

    def check(self, data: SignalData) -> None:
        """The intake's gates for one signal (raises SignalenError)."""
        if check_texts(data.texts(), data.accepted_findings):
            # a "not personal" mark needs the override bookkeeping of
            # record_signal, one signal at a time
            raise SignalenError(_("Een import kan geen gemarkeerde vondsten bevatten."))
        if not data.theme_ids:
            raise SignalenError(_("Kies minstens één thema."), field="themes")
        chosen = (
            (Theme, data.theme_ids),
            (TargetGroup, data.target_group_ids),
            (Area, [] if data.city_wide else data.area_ids),
            (
                GovernmentLevel,
                [data.government_level_id] if data.government_level_id else [],
            ),
        )
        for model, ids in chosen:
            if not self.active[model].issuperset(ids):
                raise SignalenError(_("Een gekozen waarde bestaat niet (meer)."))

    def record(self, signals: Sequence[NewSignal]) -> list[int]:
        """Store the signals (submitted, with history and audit); their ids,
        in the same order."""
        if not signals:
            return []
        for item in signals:
            self.check(item.data)
        references = reserve_references("S", self.now.year, len(signals))
        rows = [
            self.signal_row(item, reference)
            for item, reference in zip(signals, references, strict=True)
        ]
        if self.table is None:
            extra = [k for k in rows[0] if k not in table_of(Signal).c]
            self.table = signal_table(extra)
        ids = list(
            db.session.scalars(
                insert(self.table).returning(
                    self.table.c.id, sort_by_parameter_order=True
                ),
                rows,
            )
        )
        self.links(signals, ids)
        self.history(signals, ids)
        return ids

    def signal_row(self, item: NewSignal, reference: str) -> dict[str, Any]:
        data, now = item.data, self.now
        return {
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
            "author_id": self.author_id,
            "status": SignalStatus.SUBMITTED,
            "created_at": now,
            "updated_at": now,
            "submitted_at": now,
            "version": 1,
            "idempotency_key": None,
            **self.index_terms(data.texts()),
        }

    def links(self, signals: Sequence[NewSignal], ids: Sequence[int]) -> None:
        for table, column, of in (
            (signal_themes, "theme_id", lambda d: d.theme_ids),
            (signal_target_groups, "target_group_id", lambda d: d.target_group_ids),
            (signal_areas, "area_id", lambda d: [] if d.city_wide else d.area_ids),
        ):
            rows = [
                {"signal_id": signal_id, column: entry}
                for item, signal_id in zip(signals, ids, strict=True)
                for entry in dict.fromkeys(of(item.data))
            ]
            if rows:
                db.session.execute(insert(table), rows)

    def history(self, signals: Sequence[NewSignal], ids: Sequence[int]) -> None:
        events = []
        for item, signal_id in zip(signals, ids, strict=True):
            for (old, new), kind, message in zip(
                MOVES, self.kinds, (None, item.message), strict=True
            ):
                events.append(
                    {
                        "signal_id": signal_id,
                        "at": self.now,
                        "actor_id": self.author_id,
                        "kind": kind,
                        "from_status": old.value if old else None,
                        "to_status": new.value,
                        "message": message,
                        "structural_signal_id": None,
                    }
                )
        db.session.execute(insert(table_of(SignalEvent)), events)
        db.session.execute(
            insert(table_of(AuditEvent)),
            [
                {
                    "action": "signal.created",
                    "actor_id": self.author_id,
                    "actor_label": self.author_label,
                    "object_type": Signal.__tablename__,
                    "object_id": signal_id,
                    "ip": self.ip,
                    "details": {},
                }
                for signal_id in ids
            ],
        )
