"""Where free text lives: the texts of an object a coordinator may redact, and
the places that hold copies of them.

An object is a signal, a structural signal, a prioritisation round or a bundle
item (the city's answers to it). Each text has a key ("description",
"event-12", "response-3-text") that the redaction form sends back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from signalen.bundles.models import BundleItem
from signalen.clock import to_local
from signalen.coordination.models import SignalLink, StructuralSignal
from signalen.exports.models import AnswerImport
from signalen.extensions import db
from signalen.prioritisation.models import (
    Ballot,
    BallotEntry,
    PrioritisationRound,
)
from signalen.signals.models import Signal, SignalEvent, SignalEventKind

#: What stands where a text was removed.
MARKER = "[verwijderd]"

#: The kinds of object in the URL, and their models.
KINDS: dict[str, type] = {
    "signaal": Signal,
    "structureel": StructuralSignal,
    "ronde": PrioritisationRound,
    "bundelpunt": BundleItem,
}

SIGNAL_FIELDS = {
    "title": _l("Titel"),
    "description": _l("Beschrijving"),
    "examples": _l("Voorbeelden"),
    "proposed_solution": _l("Voorstel van oplossing"),
}
STRUCTURAL_FIELDS = {"title": _l("Titel"), "summary": _l("Samenvatting")}
ROUND_FIELDS = {"title": _l("Titel"), "explanation": _l("Uitleg")}
RESPONSE_FIELDS = {
    "text": _l("Antwoord"),
    "department": _l("Dienst"),
    "political_status": _l("Politieke stand van zaken"),
}


@dataclass
class Text:
    """One stored text: where it is (row, attribute) and how the form names it."""

    key: str
    label: str
    row: Any
    attr: str

    @property
    def value(self) -> str:
        return getattr(self.row, self.attr) or ""


@dataclass
class Copies:
    """The places that may hold a copy of a text, swept with it."""

    texts: list[tuple[Any, str]] = field(default_factory=list)
    json: list[tuple[Any, str]] = field(default_factory=list)
    audit_objects: set[tuple[str, int]] = field(default_factory=set)
    # Workbooks of these bundles are deleted when a copy in them changed
    # (snapshot, item title, answer, round text).
    bundle_of: dict[int, int] = field(default_factory=dict)  # id(row) → bundle id
    forget_terms: bool = False  # words learnt by the theme suggestions


# --- the texts of an object ------------------------------------------------------


def texts_of(obj: Any) -> list[Text]:
    """Every non-empty free text of the object, in the order of its page."""
    if isinstance(obj, Signal):
        found = [Text(k, str(v), obj, k) for k, v in SIGNAL_FIELDS.items()]
        for event in obj.events:
            if event.message:
                label = f"{event.kind_label} ({to_local(event.at):%d/%m/%Y %H:%M})"
                found.append(Text(f"event-{event.id}", label, event, "message"))
    elif isinstance(obj, StructuralSignal):
        found = [Text(k, str(v), obj, k) for k, v in STRUCTURAL_FIELDS.items()]
    elif isinstance(obj, PrioritisationRound):
        found = [Text(k, str(v), obj, k) for k, v in ROUND_FIELDS.items()]
        for criterion in obj.criteria:
            found.append(
                Text(
                    f"criterion-{criterion.id}",
                    str(_l("Criterium")),
                    criterion,
                    "label",
                )  # fmt: skip
            )
        for entry in round_comments(obj):
            label = _l("Opmerking bij %(ref)s", ref=entry_reference(entry))
            found.append(Text(f"comment-{entry.id}", str(label), entry, "comment"))
        for decision in obj.decisions:
            found.append(
                Text(
                    f"decision-{decision.id}",
                    str(_l("Reden van de keuze")),
                    decision,
                    "reason",
                )  # fmt: skip
            )
    elif isinstance(obj, BundleItem):
        found = []
        for response in obj.responses:
            stamp = f"{to_local(response.created_at):%d/%m/%Y}"
            for attr, label in RESPONSE_FIELDS.items():
                found.append(
                    Text(
                        f"response-{response.id}-{attr}",
                        f"{label} ({stamp})",
                        response,
                        attr,
                    )  # fmt: skip
                )
    else:  # pragma: no cover - KINDS lists every kind
        raise TypeError(type(obj).__name__)
    return [text for text in found if text.value]


def round_comments(round_: PrioritisationRound) -> list[BallotEntry]:
    return list(
        db.session.scalars(
            select(BallotEntry)
            .join(Ballot, BallotEntry.ballot_id == Ballot.id)
            .where(Ballot.round_id == round_.id, BallotEntry.comment.is_not(None))
            .order_by(BallotEntry.id)
        )
    )


def entry_reference(entry: BallotEntry) -> str:
    item = db.session.get(BundleItem, entry.bundle_item_id)
    return item.reference if item is not None else "?"


def object_label(obj: Any) -> str:
    """How the page names the object: its reference, never a database id."""
    if isinstance(obj, Signal | StructuralSignal | BundleItem):
        return f"{obj.reference} · {obj.title}"
    return str(obj.title)


# --- the copies of a text ---------------------------------------------------------


def copies_of(obj: Any, text: Text, *, retention: bool = False) -> Copies:
    """The places that hold copies of `text` of `obj` (the text itself excluded).

    For retention, bundle snapshots keep what was frozen in them, and the
    theme suggestions unlearn old texts at their nightly retraining.
    """
    copies = Copies()
    if isinstance(obj, Signal):
        _signal_copies(obj, text, copies, retention)
    elif isinstance(obj, StructuralSignal):
        copies.audit_objects.add(("structural_signals", obj.id))
        for item in _items_of([obj.id]):
            _add_item(copies, item)
    elif isinstance(obj, PrioritisationRound):
        copies.audit_objects.add(("prioritisation_rounds", obj.id))
        ballots = db.session.scalars(select(Ballot.id).where(Ballot.round_id == obj.id))
        copies.audit_objects |= {("ballots", i) for i in ballots}
        copies.bundle_of[id(text.row)] = obj.bundle_id
    elif isinstance(obj, BundleItem):
        _response_copies(obj, copies)
        copies.bundle_of[id(text.row)] = obj.bundle_id
    copies.texts = [(row, attr) for row, attr in copies.texts if row is not text.row
                    or attr != text.attr]  # fmt: skip
    return copies


def _signal_copies(signal: Signal, text: Text, copies: Copies, retention: bool) -> None:
    copies.audit_objects.add(("signals", signal.id))
    copies.texts += [(event, "message") for event in signal.events if event.message]
    if isinstance(text.row, SignalEvent):
        event = text.row
        if event.kind == SignalEventKind.FEEDBACK.value and event.structural_signal_id:
            # A city answer copied to every linked signal: the answer and all
            # its copies go together.
            for item in _items_of([event.structural_signal_id]):
                _response_copies(item, copies)
        return
    if not retention:
        copies.forget_terms = True
        structural_ids = set(
            db.session.scalars(
                select(SignalLink.structural_signal_id).where(
                    SignalLink.signal_id == signal.id
                )
            )
        )
        for item in _items_of(structural_ids):
            copies.json.append((item, "snapshot"))
            copies.bundle_of[id(item)] = item.bundle_id


def _response_copies(item: BundleItem, copies: Copies) -> None:
    """A bundle item's answers, their copies in signal histories and in
    uploaded answer workbooks."""
    for response in item.responses:
        copies.texts += [(response, attr) for attr in RESPONSE_FIELDS]
        copies.audit_objects.add(("city_responses", response.id))
        copies.bundle_of[id(response)] = item.bundle_id
    feedback = db.session.scalars(
        select(SignalEvent).where(
            SignalEvent.kind == SignalEventKind.FEEDBACK.value,
            SignalEvent.structural_signal_id == item.structural_signal_id,
        )
    )
    for event in feedback:
        copies.texts.append((event, "message"))
        copies.audit_objects.add(("signals", event.signal_id))
    imports = db.session.scalars(
        select(AnswerImport).where(AnswerImport.bundle_id == item.bundle_id)
    )
    for answer_import in imports:
        copies.json.append((answer_import, "changes"))
        copies.audit_objects.add(("answer_imports", answer_import.id))


def _items_of(structural_ids: Iterable[int]) -> list[BundleItem]:
    ids = list(structural_ids)
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(BundleItem).where(BundleItem.structural_signal_id.in_(ids))
        )
    )


def _add_item(copies: Copies, item: BundleItem) -> None:
    copies.texts.append((item, "title"))
    copies.json.append((item, "snapshot"))
    copies.bundle_of[id(item)] = item.bundle_id


def find_text(obj: Any, key: str) -> Text | None:
    """The object's text with this key, or None."""
    for text in texts_of(obj):
        if text.key == key:
            return text
    return None
