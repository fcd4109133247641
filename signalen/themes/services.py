"""Keeping reference lists alive: add, rename, reorder, (de)activate, merge themes.

Reference rows are never deleted: signals and bundles keep pointing at the rows
they were recorded with. Every change is audited with its old and new value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from signalen.audit.services import record_event
from signalen.errors import SignalenError
from signalen.extensions import db
from signalen.text import ascii_fold
from signalen.textcheck import find_in_fields
from signalen.themes.models import Theme, ThemeGroup

CODE_MAX = 60


def slugify(label: str) -> str:
    """A stable code from a label: 'Vrije tijd & cultuur' → 'vrije_tijd_cultuur'."""
    text = re.sub(r"[^a-z0-9]+", "_", ascii_fold(label)).strip("_")
    return text[:CODE_MAX].strip("_") or "item"


def unique_code(model: Any, label: str) -> str:
    """A slug not yet used by any row of the model (active or not)."""
    base = slugify(label)
    taken = set(
        db.session.scalars(
            select(model.code).where(model.code.like(base[: CODE_MAX - 4] + "%"))
        )
    )
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"_{n}"
        code = base[: CODE_MAX - len(suffix)] + suffix
        if code not in taken:
            return code
        n += 1


def ordered(model: Any, *, scope: dict | None = None) -> list:
    """Every row (active and inactive) in display order."""
    query = select(model).order_by(model.position, model.id)
    for name, value in (scope or {}).items():
        query = query.where(getattr(model, name) == value)
    return list(db.session.scalars(query))


def _check_label(model: Any, label: str, item: Any = None) -> str:
    label = (label or "").strip()
    if not label:
        raise SignalenError(_("Dit veld is verplicht."), field="label")
    if len(label) > 160:
        raise SignalenError(_("Maximaal %(max)d tekens.", max=160), field="label")
    query = select(model.id).where(func.lower(model.label) == label.lower())
    if item is not None:
        query = query.where(model.id != item.id)
    if db.session.scalar(query) is not None:
        raise SignalenError(
            _("Deze naam bestaat al in deze lijst. Kies een andere naam."),
            field="label",
        )
    return label


def _check_no_strict_personal_data(texts: dict[str, str | None]) -> None:
    """Reference texts name groups and places, never people; refuse hard data.

    Names are not checked here: labels such as 'Werkende armen' would look like
    names to the detector. National numbers, IBANs, e-mail and phone numbers are.
    """
    for item in find_in_fields(texts):
        if not item.overridable:
            raise SignalenError(
                _("Dit lijkt een persoonsgegeven: %(what)s", what=item.explanation),
                field=item.field,
            )


def _clean_extra(model: Any, extra: dict) -> dict:
    """Only the attributes this kind of row has; empty text becomes None."""
    cleaned = {}
    for name, value in extra.items():
        if not hasattr(model, name):
            raise ValueError(f"{model.__name__} has no {name}")
        if isinstance(value, str):
            value = value.strip() or None
        cleaned[name] = value
    return cleaned


def _plain(value: Any) -> Any:
    """A JSON-friendly value for the audit details."""
    if hasattr(value, "id"):
        return value.id
    return value


def add_reference(model: Any, label: str, actor: Any, **extra: Any) -> Any:
    """Add a row at the end of its list; the code is made from the label."""
    label = _check_label(model, label)
    extra = _clean_extra(model, extra)
    _check_no_strict_personal_data({"label": label, **_texts(extra)})
    last = db.session.scalar(select(func.max(model.position))) or 0
    item = model(
        code=unique_code(model, label),
        label=label,
        active=True,
        position=last + 10,
        **extra,
    )
    db.session.add(item)
    db.session.flush()
    record_event(
        "reference.added",
        actor=actor,
        obj=item,
        details={"code": item.code, "label": label}
        | {k: _plain(v) for k, v in extra.items()},
    )
    return item


def _texts(extra: dict) -> dict[str, str | None]:
    return {k: v for k, v in extra.items() if isinstance(v, str) or v is None}


def update_reference(item: Any, actor: Any, *, label: str, **extra: Any) -> bool:
    """Rename a row or change its description, zone or group; the code stays."""
    model = type(item)
    label = _check_label(model, label, item)
    extra = _clean_extra(model, extra)
    _check_no_strict_personal_data({"label": label, **_texts(extra)})
    changes: dict[str, dict] = {}
    if item.label != label:
        changes["label"] = {"old": item.label, "new": label}
        item.label = label
    for name, value in extra.items():
        old = getattr(item, name)
        if _plain(old) != _plain(value):
            changes[name] = {"old": _plain(old), "new": _plain(value)}
            setattr(item, name, value)
    if "group_id" in changes or "group" in changes:
        # A theme that moves to another group goes to the end of that group.
        item.position = (db.session.scalar(select(func.max(model.position))) or 0) + 10
    if changes:
        db.session.flush()
        record_event("reference.updated", actor=actor, obj=item, details=changes)
    return bool(changes)


def edit_reference(
    item: Any, actor: Any, *, label: str, place: int | None = None, **extra: Any
) -> None:
    """Save the edit form of a row: texts, then its place in the list.

    A theme that moves to another group goes to the end of that group; the
    place typed for the old group is then ignored.
    """
    old_group = getattr(item, "group_id", None)
    update_reference(item, actor, label=label, **extra)
    if place is not None and getattr(item, "group_id", None) == old_group:
        move_reference(item, place, actor)


def set_reference_active(item: Any, active: bool, actor: Any) -> None:
    """Hide a row from new choices, or offer it again; nothing is deleted.

    Reactivating a merged theme undoes the merge.
    """
    in_use = isinstance(item, ThemeGroup) and any(t.active for t in item.themes)
    if in_use and not active:
        raise SignalenError(
            _(
                "Dit grondrecht heeft nog actieve thema's. Schakel die eerst "
                "uit of zet ze onder een ander grondrecht."
            )
        )
    if item.active == active and not (active and getattr(item, "merged_into_id", None)):
        return
    details: dict[str, Any] = {"active": {"old": item.active, "new": active}}
    if active and getattr(item, "merged_into_id", None):
        details["merged_into_id"] = {"old": item.merged_into_id, "new": None}
        item.merged_into_id = None
    item.active = active
    db.session.flush()
    record_event(
        "reference.activated" if active else "reference.deactivated",
        actor=actor,
        obj=item,
        details=details,
    )


def scope_for(item: Any) -> dict:
    """Themes are ordered within their group; other lists as a whole."""
    return {"group_id": item.group_id} if isinstance(item, Theme) else {}


def move_reference(item: Any, place: int, actor: Any) -> None:
    """Put a row at place (1 = first) within its list, keeping the others' order."""
    rows = ordered(type(item), scope=scope_for(item))
    if not 1 <= place <= len(rows):
        raise SignalenError(
            _("Kies een plaats tussen 1 en %(n)d.", n=len(rows)), field="position"
        )
    old_place = rows.index(item) + 1
    if old_place == place:
        return
    # Reuse the positions this list already has, so lists that share a
    # numbering (themes of all groups) keep their relative order.
    positions: list[int] = []
    for row in rows:
        previous = positions[-1] if positions else None
        positions.append(
            row.position
            if previous is None or row.position > previous
            else previous + 1
        )
    rows.remove(item)
    rows.insert(place - 1, item)
    for row, position in zip(rows, positions, strict=True):
        row.position = position
    db.session.flush()
    record_event(
        "reference.moved",
        actor=actor,
        obj=item,
        details={"place": {"old": old_place, "new": place}},
    )


def move_reference_by(item: Any, step: int, actor: Any) -> None:
    """Move a row one place up (-1) or down (+1); the ends stay put."""
    rows = ordered(type(item), scope=scope_for(item))
    place = rows.index(item) + 1 + step
    if 1 <= place <= len(rows):
        move_reference(item, place, actor)


def place_of(item: Any) -> int:
    return ordered(type(item), scope=scope_for(item)).index(item) + 1


# --- a living taxonomy: merging themes ---------------------------------------


def canonical_theme_ids() -> dict[int, int]:
    """Every theme id → the theme it ends up in after following merges.

    Recorded signals keep their own themes; counts go through this map so that
    bundles before and after a merge stay comparable.
    """
    parent = dict(db.session.execute(select(Theme.id, Theme.merged_into_id)).all())
    result: dict[int, int] = {}
    for start in parent:
        seen = [start]
        current = start
        following = parent.get(current)
        while following is not None and following not in seen:
            current = following
            seen.append(current)
            following = parent.get(current)
        result[start] = current
    return result


def count_by_canonical_theme(
    pairs: Iterable[tuple[int, int]], canonical: dict[int, int] | None = None
) -> dict[int, int]:
    """Sum (theme id, count) pairs per final theme id."""
    canonical = canonical if canonical is not None else canonical_theme_ids()
    totals: dict[int, int] = {}
    for theme_id, count in pairs:
        final = canonical.get(theme_id, theme_id)
        totals[final] = totals.get(final, 0) + count
    return totals


def merge_theme(old: Theme, new: Theme, actor: Any) -> None:
    """Merge old into new: old becomes inactive and points at new; history stays."""
    if old.id == new.id:
        raise SignalenError(
            _("Een thema kan niet met zichzelf samengevoegd worden."), field="target"
        )
    if old.merged_into_id is not None:
        raise SignalenError(_("Dit thema is al samengevoegd."), field="target")
    if canonical_theme_ids().get(new.id) == old.id:
        raise SignalenError(
            _("Dit thema is zelf al samengevoegd met '%(label)s'.", label=old.label),
            field="target",
        )
    if not new.active:
        raise SignalenError(_("Kies een actief thema."), field="target")
    old.merged_into_id = new.id
    was_active = old.active
    old.active = False
    db.session.flush()
    record_event(
        "theme.merged",
        actor=actor,
        obj=old,
        details={
            "merged_into_id": {"old": None, "new": new.id},
            "active": {"old": was_active, "new": False},
        },
    )
