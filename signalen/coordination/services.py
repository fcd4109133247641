"""Reviewing signals and building structural signals from them.

A merge never deletes or rewrites a signal: a SignalLink row says from when
(and until when) a signal counts for a structural signal. Every change is
appended to the signal's history (SignalEvent) and to the audit log.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qsl, urlencode

from flask_babel import gettext as _
from sqlalchemy import func, select

from signalen.audit.models import AuditEvent
from signalen.audit.services import record_event
from signalen.coordination.models import (
    SavedFilter,
    SignalLink,
    StructuralSignal,
    StructuralStatus,
)
from signalen.database import as_id, utcnow
from signalen.errors import ConflictError, NotAllowed, SignalenError
from signalen.extensions import db
from signalen.organisations.models import Organisation
from signalen.permissions import can_coordinate
from signalen.references import next_reference
from signalen.signals.models import Signal, SignalEventKind, SignalStatus
from signalen.signals.workflow import transition
from signalen.textcheck import check_texts
from signalen.themes.models import Area, GovernmentLevel, TargetGroup, Theme

MESSAGE_MAX = 3000
FILTER_NAME_MAX = 80

REVIEWABLE = frozenset(
    {SignalStatus.SUBMITTED, SignalStatus.QUESTION, SignalStatus.NOT_STRUCTURAL}
)


@dataclass
class StructuralData:
    """What a coordinator typed about a structural signal, as plain values."""

    title: str
    summary: str = ""
    theme_ids: list[int] = field(default_factory=list)
    target_group_ids: list[int] = field(default_factory=list)
    area_ids: list[int] = field(default_factory=list)
    city_wide: bool = False
    government_level_id: int | None = None
    owner_organisation_id: int | None = None
    status: StructuralStatus = StructuralStatus.OPEN


def _require_coordinator(actor) -> None:
    if not can_coordinate(actor):
        raise NotAllowed(_("Enkel coördinatoren kunnen dit doen."))


def current_link(signal: Signal) -> SignalLink | None:
    """The link that makes the signal count now, if any."""
    return db.session.scalar(
        select(SignalLink).where(
            SignalLink.signal_id == signal.id, SignalLink.unlinked_at.is_(None)
        )
    )


def linked_signals(structural: StructuralSignal) -> list[Signal]:
    """The signals that currently count for a structural signal, oldest first."""
    return list(
        db.session.scalars(
            select(Signal)
            .join(SignalLink, SignalLink.signal_id == Signal.id)
            .where(
                SignalLink.structural_signal_id == structural.id,
                SignalLink.unlinked_at.is_(None),
            )
            .order_by(Signal.submitted_at, Signal.id)
        )
    )


# --- structural signals ------------------------------------------------------


def _load(model, ids: Iterable[int]) -> list:
    ids = set(ids)
    if not ids:
        return []
    rows = list(db.session.scalars(select(model).where(model.id.in_(ids))))
    if len(rows) != len(ids):
        raise SignalenError(_("Een gekozen waarde bestaat niet (meer)."))
    return rows


def _apply(structural: StructuralSignal, data: StructuralData) -> None:
    if not data.title:
        raise SignalenError(_("Geef een titel."), field="title")
    check_texts({"title": data.title, "summary": data.summary})
    with db.session.no_autoflush:  # one UPDATE, so one version step per edit
        _assign(structural, data)


def _assign(structural: StructuralSignal, data: StructuralData) -> None:
    structural.title = data.title
    structural.summary = data.summary or ""
    structural.themes = _load(Theme, data.theme_ids)
    structural.target_groups = _load(TargetGroup, data.target_group_ids)
    structural.city_wide = data.city_wide
    structural.areas = [] if data.city_wide else _load(Area, data.area_ids)
    if data.government_level_id:
        _load(GovernmentLevel, [data.government_level_id])
    structural.government_level_id = data.government_level_id
    if data.owner_organisation_id:
        _load(Organisation, [data.owner_organisation_id])
    structural.owner_organisation_id = data.owner_organisation_id


def create_structural(
    actor,
    data: StructuralData,
    signals: Sequence[Signal] = (),
    now: datetime | None = None,
) -> StructuralSignal:
    """A new structural signal, optionally made from signals right away."""
    _require_coordinator(actor)
    now = now or utcnow()
    structural = StructuralSignal(
        reference=next_reference("SS", now.year),
        created_by=actor,
        created_at=now,
        updated_at=now,
        status=StructuralStatus(data.status),
    )
    _apply(structural, data)
    db.session.add(structural)
    db.session.flush()
    record_event("structural.created", actor=actor, obj=structural)
    if signals:
        link_signals(structural, signals, actor, now=now)
    return structural


def update_structural(
    structural: StructuralSignal,
    actor,
    data: StructuralData,
    *,
    expected_version: int | None,
    now: datetime | None = None,
) -> StructuralSignal:
    """Save a coordinator's edit unless someone changed it in between."""
    _require_coordinator(actor)
    if expected_version is not None and expected_version != structural.version:
        raise ConflictError(conflict_message())
    before = {"title": structural.title, "status": structural.status.value}
    now = now or utcnow()
    _apply(structural, data)
    structural.updated_at = now
    if structural.status != data.status:
        transition(structural, StructuralStatus(data.status), actor, now)
    db.session.flush()
    record_event(
        "structural.edited",
        actor=actor,
        obj=structural,
        details={"before": before, "status": structural.status.value},
    )
    return structural


def conflict_message() -> str:
    return _(
        "Dit structureel signaal werd intussen door iemand anders aangepast. Je "
        "wijzigingen zijn niet bewaard: ze staan nog in het formulier. Bekijk de "
        "nieuwe versie en pas opnieuw aan."
    )


def link_signals(
    structural: StructuralSignal,
    signals: Iterable[Signal],
    actor,
    now: datetime | None = None,
) -> int:
    """Count signals for a structural signal (moving them if linked elsewhere).

    Returns how many signals were newly linked or moved.
    """
    _require_coordinator(actor)
    if structural.status == StructuralStatus.NOT_RETAINED and structural.links:
        pass  # adding evidence to a not-retained signal is allowed (it may revive)
    now = now or utcnow()
    changed = 0
    for signal in signals:
        if signal.status == SignalStatus.DRAFT:
            raise SignalenError(_("Een concept kan je niet samenvoegen."))
        if signal.status == SignalStatus.WITHDRAWN:
            raise SignalenError(
                _(
                    "%(ref)s is ingetrokken en kan je niet samenvoegen.",
                    ref=signal.reference,
                )  # fmt: skip
            )
        link = current_link(signal)
        if link is not None and link.structural_signal_id == structural.id:
            continue
        message = None
        if link is not None:
            link.unlinked_at, link.unlinked_by = now, actor
            old = link.structural_signal
            message = _("Overgezet van %(old)s naar %(new)s.",
                        old=old.reference, new=structural.reference)  # fmt: skip
            db.session.flush()  # the unique "current link" index sees the unlink
        db.session.add(
            SignalLink(
                signal=signal,
                structural_signal=structural,
                linked_at=now,
                linked_by=actor,
            )
        )
        transition(signal, SignalStatus.LINKED, actor, now, message,
                   structural=structural)  # fmt: skip
        db.session.flush()
        record_event(
            "signal.moved" if link is not None else "signal.linked",
            actor=actor,
            obj=signal,
            details={
                "structural": structural.reference,
                "from": link.structural_signal.reference if link else None,
            },
        )
        changed += 1
    return changed


def move_signal(
    signal: Signal, target: StructuralSignal, actor, now: datetime | None = None
) -> None:
    """Move a linked signal to another structural signal."""
    if current_link(signal) is None:
        raise SignalenError(_("Dit signaal hoort nog bij geen structureel signaal."))
    link_signals(target, [signal], actor, now=now)


def unlink_signal(
    signal: Signal, actor, now: datetime | None = None, reason: str | None = None
) -> StructuralSignal:
    """Undo a merge: the signal no longer counts and is back in review."""
    _require_coordinator(actor)
    link = current_link(signal)
    if link is None:
        raise SignalenError(_("Dit signaal hoort bij geen structureel signaal."))
    if reason:
        check_texts({"reason": reason})
    now = now or utcnow()
    link.unlinked_at, link.unlinked_by = now, actor
    transition(signal, SignalStatus.SUBMITTED, actor, now, reason or None,
               structural=link.structural_signal)  # fmt: skip
    db.session.flush()
    record_event(
        "signal.unlinked",
        actor=actor,
        obj=signal,
        details={"structural": link.structural_signal.reference},
    )
    return link.structural_signal


def merge_structurals(
    source: StructuralSignal,
    target: StructuralSignal,
    actor,
    now: datetime | None = None,
) -> int:
    """Move every signal of source to target; source stays, 'niet weerhouden'.

    Themes, target groups and wijken of source are added to target. Returns the
    number of signals moved.
    """
    _require_coordinator(actor)
    if source.id == target.id:
        raise SignalenError(
            _("Kies een ander structureel signaal."), field="structural"
        )
    now = now or utcnow()
    signals = linked_signals(source)
    moved = link_signals(target, signals, actor, now=now)
    added: dict[str, list[int]] = {}
    for attr in ("themes", "target_groups", "areas"):
        current = getattr(target, attr)
        for item in getattr(source, attr):
            if item not in current:
                current.append(item)
                added.setdefault(attr, []).append(item.id)
    target.updated_at = now
    old_status = StructuralStatus(source.status).value
    if source.status != StructuralStatus.NOT_RETAINED:
        transition(source, StructuralStatus.NOT_RETAINED, actor, now,
                   _("Opgegaan in %(ref)s.", ref=target.reference))  # fmt: skip
    db.session.flush()
    details = {"source": source.reference, "target": target.reference, "moved": moved}
    record_event("structural.merged", actor=actor, obj=target, details=details)
    # what undo_merge needs: the signals that moved, what target gained, the
    # status source had
    undo = {"signals": [s.reference for s in signals], "added": added}
    record_event(
        "structural.merged_away",
        actor=actor,
        obj=source,
        details={**details, **undo, "status": old_status},
    )
    return moved


MERGE_ACTIONS = ("structural.merged_away", "structural.merge_undone")


def merge_event(source: StructuralSignal) -> AuditEvent | None:
    """The audit event of the merge that sent source into another structural
    signal, unless that merge was undone since."""
    last = db.session.scalar(
        select(AuditEvent)
        .where(
            AuditEvent.object_type == StructuralSignal.__tablename__,
            AuditEvent.object_id == source.id,
            AuditEvent.action.in_(MERGE_ACTIONS),
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    return last if last is not None and last.action == MERGE_ACTIONS[0] else None


def merged_into(source: StructuralSignal) -> StructuralSignal | None:
    """Where source's signals went ("opgegaan in SS-…"), if it was merged."""
    event = merge_event(source)
    if event is None:
        return None
    return db.session.scalar(
        select(StructuralSignal).where(
            StructuralSignal.reference == event.details.get("target")
        )
    )


def undo_merge(
    source: StructuralSignal, actor, now: datetime | None = None
) -> StructuralSignal:
    """Undo the merge of source: its signals that are still in the structural
    signal it went into come back, that one loses the themes, target groups and
    wijken it gained, and source gets its status back. Appended, like the merge
    (new links, a status change, an audit event). Returns the other one."""
    _require_coordinator(actor)
    event = merge_event(source)
    target = merged_into(source)
    if event is None or target is None:
        raise SignalenError(_("Dit structureel signaal is niet samengevoegd."))
    now = now or utcnow()
    references = list(event.details.get("signals") or [])
    still_there = [
        signal
        for signal in db.session.scalars(
            select(Signal).where(Signal.reference.in_(references))
        )
        if (link := current_link(signal)) is not None
        and link.structural_signal_id == target.id
    ]
    moved = link_signals(source, still_there, actor, now=now)
    for attr, ids in (event.details.get("added") or {}).items():
        if attr in ("themes", "target_groups", "areas"):
            gained = set(ids)
            setattr(
                target, attr, [x for x in getattr(target, attr) if x.id not in gained]
            )
    target.updated_at = now
    old = event.details.get("status")
    if old and old != StructuralStatus(source.status).value:
        transition(source, StructuralStatus(old), actor, now,
                   _("Samenvoeging met %(ref)s ongedaan gemaakt.",
                     ref=target.reference))  # fmt: skip
    db.session.flush()
    record_event(
        "structural.merge_undone",
        actor=actor,
        obj=source,
        details={
            "source": source.reference,
            "target": target.reference,
            "moved": moved,
        },  # fmt: skip
    )
    return target


# --- review actions ----------------------------------------------------------


def _message(kind: str, text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise SignalenError(_("Dit veld is verplicht."), field=kind)
    if len(text) > MESSAGE_MAX:
        raise SignalenError(_("Maximaal %(max)d tekens.", max=MESSAGE_MAX), field=kind)
    check_texts({kind: text})
    return text


def ask_question(
    signal: Signal, actor, question: str, now: datetime | None = None
) -> None:
    """Ask the worker a question; the signal waits for the answer."""
    _require_coordinator(actor)
    if signal.status not in (SignalStatus.SUBMITTED, SignalStatus.QUESTION):
        raise SignalenError(
            _("Bij dit signaal kan je nu geen vraag stellen."), field="question"
        )
    question = _message("question", question)
    transition(signal, SignalStatus.QUESTION, actor, now or utcnow(), question)
    db.session.flush()
    record_event("signal.question", actor=actor, obj=signal)


def mark_not_structural(
    signal: Signal, actor, reason: str, now: datetime | None = None
) -> None:
    """Close the review: not a structural signal, with a reason for the worker."""
    _require_coordinator(actor)
    if signal.status not in (SignalStatus.SUBMITTED, SignalStatus.QUESTION):
        raise SignalenError(
            _("Dit signaal kan je nu niet zo markeren."), field="reason"
        )
    reason = _message("reason", reason)
    transition(signal, SignalStatus.NOT_STRUCTURAL, actor, now or utcnow(), reason)
    db.session.flush()
    record_event("signal.not_structural", actor=actor, obj=signal)


def reopen_signal(signal: Signal, actor, now: datetime | None = None) -> None:
    """Back to 'ingediend': after 'geen structureel signaal' or an open question."""
    _require_coordinator(actor)
    if signal.status == SignalStatus.LINKED:
        unlink_signal(signal, actor, now=now)
        return
    if signal.status not in (SignalStatus.NOT_STRUCTURAL, SignalStatus.QUESTION):
        raise SignalenError(_("Dit signaal is al in behandeling."))
    transition(signal, SignalStatus.SUBMITTED, actor, now or utcnow(),
               event=SignalEventKind.REOPENED)  # fmt: skip
    db.session.flush()
    record_event("signal.reopened", actor=actor, obj=signal)


# --- saved filters -----------------------------------------------------------


def normalise_query(query: str | None) -> str:
    """A filter's query string, re-encoded: no raw newline or control character
    can reach a link or a redirect."""
    pairs = parse_qsl((query or "").lstrip("?")[:2000], keep_blank_values=False)
    return urlencode(pairs)


def save_filter(user, name: str, query: str) -> SavedFilter:
    """Keep the inbox's current filters under a name (replacing the same name)."""
    _require_coordinator(user)
    name = (name or "").strip()
    if not name:
        raise SignalenError(_("Geef een naam."), field="name")
    if len(name) > FILTER_NAME_MAX:
        raise SignalenError(
            _("Maximaal %(max)d tekens.", max=FILTER_NAME_MAX), field="name"
        )
    query = normalise_query(query)
    saved = db.session.scalar(
        select(SavedFilter).where(
            SavedFilter.user_id == user.id, SavedFilter.name == name
        )
    )
    if saved is None:
        saved = SavedFilter(user_id=user.id, name=name)
        db.session.add(saved)
    saved.query = query
    db.session.flush()
    return saved


def saved_filters(user) -> list[SavedFilter]:
    return list(
        db.session.scalars(
            select(SavedFilter)
            .where(SavedFilter.user_id == user.id)
            .order_by(SavedFilter.name)
        )
    )


def delete_filter(user, saved: SavedFilter) -> None:
    """Remove one of my saved filters."""
    if saved.user_id != user.id:
        raise NotAllowed(_("Deze filter is niet van jou."))
    db.session.delete(saved)
    db.session.flush()


# --- choosing a structural signal by typing ------------------------------------

CHOICES_SHOWN = 10
_REFERENCE = re.compile(r"^\s*(SS-\d{4}-\d+)\b", re.IGNORECASE)


@dataclass
class StructuralChoice:
    id: int
    reference: str
    title: str

    @property
    def label(self) -> str:
        return f"{self.reference} · {self.title}"


def find_structurals(
    query: str | None, *, exclude: int | None = None, limit: int = CHOICES_SHOWN
) -> list[StructuralChoice]:
    """Open structural signals whose reference starts with the query or whose
    title has every word of it, by title; at most `limit` (a search field
    instead of a drop-down of thousands)."""
    text = (query or "").strip()
    stmt = select(
        StructuralSignal.id, StructuralSignal.reference, StructuralSignal.title
    ).where(StructuralSignal.status != StructuralStatus.NOT_RETAINED)
    if exclude is not None:
        stmt = stmt.where(StructuralSignal.id != exclude)
    found = _REFERENCE.match(text)
    if found:
        stmt = stmt.where(
            func.upper(StructuralSignal.reference) == found.group(1).upper()
        )
    else:
        for word in re.findall(r"\w+", text)[:6]:
            stmt = stmt.where(StructuralSignal.title.icontains(word, autoescape=True))
    stmt = stmt.order_by(func.lower(StructuralSignal.title), StructuralSignal.id)
    return [StructuralChoice(*row) for row in db.session.execute(stmt.limit(limit))]


def resolve_structural(
    value: str | None, *, exclude: int | None = None
) -> StructuralSignal:
    """The structural signal a coordinator typed or picked: its reference (as
    the suggestions show it, "SS-… · title"), or words of its title that fit
    exactly one. Otherwise a SignalenError on the field that says why."""
    text = (value or "").strip()
    if not text:
        raise SignalenError(_("Kies een structureel signaal."), field="structural")
    if text.isdigit():  # a choice from the list of matches (radio buttons)
        obj_id = as_id(text)  # None past any id ("²" and 2**63 too)
        structural = db.session.get(StructuralSignal, obj_id) if obj_id else None
        if (
            structural is not None
            and structural.id != exclude
            and structural.status != StructuralStatus.NOT_RETAINED
        ):
            return structural
        raise SignalenError(
            _("Dit nummer bestaat niet (meer). Kies een structureel signaal."),
            field="structural",
        )
    matches = find_structurals(text, exclude=exclude, limit=2)
    if len(matches) == 1:
        return db.session.get(StructuralSignal, matches[0].id)  # type: ignore[return-value]
    if not matches:
        raise SignalenError(
            _("Geen open structureel signaal gevonden voor '%(q)s'.", q=text[:80]),
            field="structural",
        )
    raise SignalenError(
        _(
            "Meer dan één structureel signaal past bij '%(q)s': kies er een.",
            q=text[:80],
        ),  # fmt: skip
        field="structural",
    )
