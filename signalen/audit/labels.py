"""The logboek in plain Dutch: names of detail fields, and a reference or a
name for each object instead of its database id."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from signalen.extensions import db

#: Keys of an event's details in plain Dutch; unknown keys are shown as typed.
DETAIL_LABELS = {
    "accepted_findings": _l("aanvaarde meldingen"),
    "account": _l("account"),
    "active": _l("actief"),
    "added": _l("toegevoegd"),
    "after": _l("na"),
    "anonymous_to_city": _l("niet bij naam voor de stad"),
    "applied": _l("toegepast"),
    "at": _l("op"),
    "ballots": _l("stembiljetten"),
    "before": _l("voor"),
    "begin": _l("begin"),
    "blocks": _l("blokken"),
    "bundle": _l("bundel"),
    "bundle_id": _l("bundel"),
    "bundle_item_id": _l("bundelpunt"),
    "changed": _l("gewijzigd"),
    "changes": _l("wijzigingen"),
    "chosen": _l("gekozen"),
    "count": _l("aantal"),
    "due": _l("tegen"),
    "duplicate": _l("dubbel"),
    "email": _l("e-mailadres"),
    "end": _l("einde"),
    "errors": _l("fouten"),
    "field": _l("veld"),
    "file": _l("bestand"),
    "first_start": _l("eerste start"),
    "from": _l("van"),
    "held": _l("tegengehouden"),
    "items": _l("punten"),
    "keep_months": _l("bewaren (maanden)"),
    "kind_id": _l("soort"),
    "label": _l("naam"),
    "labels": _l("namen"),
    "masked": _l("vervangen"),
    "merged_into_id": _l("samengevoegd met"),
    "method": _l("manier"),
    "moved": _l("overgezet"),
    "naam": _l("naam"),
    "name": _l("naam"),
    "new": _l("nieuw"),
    "old": _l("oud"),
    "participant_id": _l("deelnemer"),
    "period_end": _l("einde periode"),
    "period_months": _l("periode (maanden)"),
    "place": _l("plaats"),
    "places": _l("plaatsen"),
    "previous_round_id": _l("vorige ronde"),
    "progress": _l("voortgang"),
    "reason": _l("reden"),
    "reference": _l("referentie"),
    "refused": _l("geweigerd"),
    "regrouped": _l("hergroepeerd"),
    "reminder_days": _l("herinnering (dagen)"),
    "removed": _l("verwijderd"),
    "reports": _l("rapporten (pdf)"),
    "response_type": _l("soort antwoord"),
    "role": _l("rol"),
    "round_id": _l("ronde"),
    "scope": _l("bereik"),
    "section": _l("hoofdstuk"),
    "signals": _l("signalen"),
    "signals_notified": _l("signalen verwittigd"),
    "source": _l("bron"),
    "source_code": _l("oorspronkelijke code"),
    "start": _l("start"),
    "status": _l("status"),
    "structural": _l("structureel signaal"),
    "submitted": _l("ingediend"),
    "target": _l("doel"),
    "texts": _l("teksten"),
    "title": _l("titel"),
    "to": _l("naar"),
    "type": _l("soort"),
    "until": _l("tot"),
    "via": _l("via"),
    "was_submitted": _l("was ingediend"),
    "workbooks": _l("werkboeken"),
    "year": _l("jaar"),
}

#: Detail keys that hold the id of a row of this table.
ID_TABLES = {
    "bundle_id": "bundles",
    "bundle_item_id": "bundle_items",
    "round_id": "prioritisation_rounds",
    "previous_round_id": "prioritisation_rounds",
    "kind_id": "organisation_kinds",
}

#: The column that names a row, in order of preference.
NAME_COLUMNS = ("reference", "display_name", "name", "title", "label")


def detail_label(key: str) -> str:
    return str(DETAIL_LABELS.get(key, key.replace("_", " ")))


def _name_column(table):
    return next((table.c[c] for c in NAME_COLUMNS if c in table.c), None)


def object_names(wanted: Iterable[tuple[str | None, int | None]]) -> dict:
    """A reference or a name for each (table, id) that has one: signals and
    bundle items by reference, people by name, and so on. A row without a name
    of its own is named after the row it belongs to (an answer after its bundle
    item). Rows that no longer exist are left out."""
    by_table: dict[str, set[int]] = {}
    for table_name, obj_id in wanted:
        if table_name and isinstance(obj_id, int):
            by_table.setdefault(table_name, set()).add(obj_id)
    names: dict[tuple[str, int], str] = {}
    for table_name, ids in by_table.items():
        table = db.metadata.tables.get(table_name)
        if table is None or "id" not in table.c:
            continue
        column = _name_column(table)
        if column is not None:
            query = select(table.c.id, column).where(table.c.id.in_(ids))
            for obj_id, name in db.session.execute(query):
                if name:
                    names[(table_name, obj_id)] = str(name)
            continue
        for fk in table.foreign_keys:  # one step up: the row it belongs to
            parent = fk.column.table
            parent_name = _name_column(parent)
            if parent_name is None or fk.parent.name.endswith(("_by_id", "actor_id")):
                continue
            query = (
                select(table.c.id, parent_name)
                .join(parent, fk.column == fk.parent)
                .where(table.c.id.in_(ids))
            )
            for obj_id, name in db.session.execute(query):
                if name:
                    names[(table_name, obj_id)] = str(name)
            break
    return names
