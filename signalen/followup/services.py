"""Recording the follow-up of a bundle item, and reading it back.

Every step appends a row with the whole state after it; the current state is
the last row. Each step also reaches the signals linked to the item (a
feedback event), so it shows in the giver's journey and counts as news.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import date, datetime

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from signalen.audit.services import record_event
from signalen.bundles.models import BundleItem
from signalen.bundles.services import item_history
from signalen.errors import SignalenError
from signalen.extensions import db
from signalen.followup.models import (
    POLITICAL_STATUSES,
    ROUTES,
    STATUSES,
    FollowUpStep,
)
from signalen.responses.models import RESPONSE_TYPES, CityResponse
from signalen.responses.services import (
    ANSWERABLE,
    Answer,
    latest_response,
    notify_linked_signals,
    record_answer,
)
from signalen.textcheck import check_texts

SHORT_MAX = 160
SOURCE_MAX = 300
TEXT_MAX = 4000
BUDGET_MAX = 10**9


@dataclass(frozen=True)
class FollowUpState:
    """The state of an item's follow-up, as plain values (codes, not labels)."""

    department: str | None = None
    contact_role: str | None = None
    route: str | None = None
    status: str | None = None
    progress: int = 0
    political_status: str | None = None
    political_date: date | None = None
    political_source: str | None = None
    budget_amount: int | None = None
    budget_year: int | None = None
    reason: str | None = None
    promise: str | None = None
    promise_due: date | None = None

    @classmethod
    def of(cls, step: FollowUpStep | None) -> FollowUpState:
        if step is None:
            return cls()
        return cls(**{f.name: getattr(step, f.name) for f in fields(cls)})

    def cleaned(self) -> FollowUpState:
        """Empty texts as None, so '' and None compare equal."""
        values = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                value = value.strip() or None
            values[f.name] = value
        return replace(self, **values)


# --- reading ----------------------------------------------------------------


def steps_of(item: BundleItem) -> list[FollowUpStep]:
    """Every follow-up step of the item, oldest first."""
    return list(
        db.session.scalars(
            select(FollowUpStep)
            .where(FollowUpStep.bundle_item_id == item.id)
            .order_by(FollowUpStep.id)
        )
    )


def current_steps(item_ids: Iterable[int]) -> dict[int, FollowUpStep]:
    """The last step per item (the current state)."""
    ids = sorted(set(item_ids))
    found: dict[int, FollowUpStep] = {}
    for start in range(0, len(ids), 500):
        for step in db.session.scalars(
            select(FollowUpStep)
            .where(FollowUpStep.bundle_item_id.in_(ids[start : start + 500]))
            .order_by(FollowUpStep.id)
        ):
            found[step.bundle_item_id] = step
    return found


def current_step(item: BundleItem) -> FollowUpStep | None:
    return db.session.scalar(
        select(FollowUpStep)
        .where(FollowUpStep.bundle_item_id == item.id)
        .order_by(FollowUpStep.id.desc())
        .limit(1)
    )


@dataclass
class Earlier:
    """What an earlier bundle's item of the same signal carried."""

    item: BundleItem
    answers: list[CityResponse]
    step: FollowUpStep | None
    promises: list[FollowUpStep]


def earlier_follow_up(item: BundleItem) -> list[Earlier]:
    """The same structural signal in earlier bundles: answers, status, promises.

    Newest bundle first; items without any answer or step are left out.
    """
    history = item_history(item)
    if not history:
        return []
    ids = [i.id for i in history]
    answers: dict[int, list[CityResponse]] = {}
    for response in db.session.scalars(
        select(CityResponse)
        .where(CityResponse.bundle_item_id.in_(ids))
        .order_by(CityResponse.id)
    ):
        answers.setdefault(response.bundle_item_id, []).append(response)
    promises: dict[int, list[FollowUpStep]] = {}
    seen: dict[int, set] = {}
    for step in db.session.scalars(
        select(FollowUpStep)
        .where(FollowUpStep.bundle_item_id.in_(ids), FollowUpStep.promise.is_not(None))
        .order_by(FollowUpStep.id)
    ):
        key = (step.promise, step.promise_due)
        if key not in seen.setdefault(step.bundle_item_id, set()):
            seen[step.bundle_item_id].add(key)
            promises.setdefault(step.bundle_item_id, []).append(step)
    current = current_steps(ids)
    result = []
    for earlier in history:
        if earlier.id in answers or earlier.id in current:
            result.append(
                Earlier(
                    earlier,
                    answers.get(earlier.id, []),
                    current.get(earlier.id),
                    promises.get(earlier.id, []),
                )
            )
    return result


# --- writing ----------------------------------------------------------------


def _too_long(value: str | None, limit: int) -> bool:
    return value is not None and len(value) > limit


def validate_state(state: FollowUpState, note: str | None) -> None:
    """Check the choices, numbers, required companions and personal data."""
    if state.route and state.route not in ROUTES:
        raise SignalenError(_("Kies een route uit de lijst."), "route")
    if state.status and state.status not in STATUSES:
        raise SignalenError(_("Kies een status uit de lijst."), "status")
    if not 0 <= state.progress <= 100:
        raise SignalenError(_("Vul een voortgang in tussen 0 en 100 %."), "progress")
    for name, limit in (
        ("department", SHORT_MAX),
        ("contact_role", SHORT_MAX),
        ("political_source", SOURCE_MAX),
        ("promise", SOURCE_MAX),
        ("reason", TEXT_MAX),
    ):
        if _too_long(getattr(state, name), limit):
            raise SignalenError(_("Maximaal %(n)d tekens.", n=limit), name)
    if _too_long(note, TEXT_MAX):
        raise SignalenError(_("Maximaal %(n)d tekens.", n=TEXT_MAX), "note")
    political = state.political_status
    if political and political not in POLITICAL_STATUSES:
        raise SignalenError(
            _("Kies een politieke stand uit de lijst."), "political_status"
        )
    if political and state.political_date is None:
        raise SignalenError(
            _("Geef de datum van de politieke stand."), "political_date"
        )
    if political == "budget":
        if state.budget_amount is None or not 0 < state.budget_amount <= BUDGET_MAX:
            raise SignalenError(_("Geef het bedrag van het budget."), "budget_amount")
        if state.budget_year is None or not 2000 <= state.budget_year <= 2100:
            raise SignalenError(
                _("Geef het jaar van het budget (bv. 2027)."), "budget_year"
            )
    if political == "niet_weerhouden" and not state.reason:
        raise SignalenError(_("Schrijf waarom het niet weerhouden is."), "reason")
    if state.promise and state.promise_due is None:
        raise SignalenError(_("Tegen wanneer is het beloofd?"), "promise_due")
    # Follow-up goes back to every worker who gave a linked signal.
    check_texts(
        {
            "department": state.department,
            "contact_role": state.contact_role,
            "political_source": state.political_source,
            "reason": state.reason,
            "promise": state.promise,
            "note": note,
        }
    )


def step_message(state: FollowUpState, note: str | None, when: date) -> str:
    """The line a worker reads in the journey of a linked signal."""
    parts = [_("Opvolging van de stad (%(d)s)", d=format_date(when))]
    if state.status:
        parts.append(
            _(
                "Status: %(s)s (%(p)d %%)",
                s=STATUSES[state.status],
                p=state.progress,
            )
        )
    if state.route:
        parts.append(_("Route: %(r)s", r=ROUTES[state.route]))
    if state.political_status:
        parts.append(
            _("Politieke stand: %(p)s", p=POLITICAL_STATUSES[state.political_status])
        )
    if state.promise and state.promise_due:
        parts.append(
            _(
                "Belofte: %(p)s (tegen %(d)s)",
                p=state.promise,
                d=format_date(state.promise_due),
            )
        )
    if note:
        parts.append(note)
    return "\n".join(parts)


def record_step(
    item: BundleItem,
    actor,
    state: FollowUpState,
    *,
    note: str | None = None,
    step_date: date | None = None,
    now: datetime,
    unchanged: bool = False,
) -> FollowUpStep | None:
    """Append a follow-up step; None when the state is the same and there is no note."""
    if item.bundle.status not in ANSWERABLE:
        raise SignalenError(_("Deze bundel is nog niet afgesloten."))
    state = state.cleaned()
    note = (note or "").strip() or None
    validate_state(state, note)
    current = current_step(item)
    if (
        current is not None
        and FollowUpState.of(current) == state
        and note is None
        and not unchanged
    ):
        return None
    when = step_date or now.date()
    step = FollowUpStep(
        bundle_item_id=item.id,
        **{f.name: getattr(state, f.name) for f in fields(state)},
        step_date=when,
        note=note,
        unchanged=unchanged,
        author_id=getattr(actor, "id", None),
        created_at=now,
    )
    db.session.add(step)
    db.session.flush()
    notified = notify_linked_signals(item, step_message(state, note, when), actor, now)
    record_event(
        "followup.step_recorded",
        actor=actor,
        actor_label=None if actor is not None else "cli",
        obj=step,
        details={
            "bundle_item_id": item.id,
            "reference": item.reference,
            "status": state.status,
            "progress": state.progress,
            "signals_notified": notified,
        },
    )
    return step


def confirm_unchanged(item: BundleItem, actor, now: datetime) -> int:
    """The city confirms in one step that the earlier answer and follow-up stand.

    Copies the latest answer and follow-up state of the previous bundle's item
    to this one. Returns how many rows were added (answer and/or step).
    """
    previous = item.previous_item
    if previous is None:
        raise SignalenError(_("Dit signaal stond niet in een vorige bundel."))
    answer = latest_response(previous)
    step = current_step(previous)
    if answer is None and step is None:
        raise SignalenError(
            _("In de vorige bundel kreeg dit signaal nog geen antwoord.")
        )
    added = 0
    if answer is not None and record_answer(
        item, actor, Answer.from_response(answer), now=now
    ):
        added += 1
    if step is not None:
        note = _(
            "Ongewijzigd sinds %(bundle)s (%(ref)s).",
            bundle=previous.bundle.title,
            ref=previous.reference,
        )
        if (
            record_step(
                item,
                actor,
                FollowUpState.of(step),
                note=note,
                now=now,
                unchanged=True,
            )
            is not None
        ):
            added += 1
    return added


# --- the previous answer, in words (the workbook's "Vorig antwoord") ---------


def answer_summaries(
    item_ids: list[int], answers_up_to: int | None = None
) -> dict[int, str]:
    """Per item, its latest answer and follow-up state as one text.

    With answers_up_to, only answers with an id up to it count (the answers as
    they stood when an export started).
    """
    ids = sorted(set(item_ids))
    if not ids:
        return {}
    items = {
        i.id: i
        for i in db.session.scalars(select(BundleItem).where(BundleItem.id.in_(ids)))
    }
    answers: dict[int, CityResponse] = {}
    query = select(CityResponse).where(CityResponse.bundle_item_id.in_(ids))
    if answers_up_to is not None:
        query = query.where(CityResponse.id <= answers_up_to)
    for response in db.session.scalars(query.order_by(CityResponse.id)):
        answers[response.bundle_item_id] = response
    steps = current_steps(ids)
    texts: dict[int, str] = {}
    for item_id in ids:
        answer, step = answers.get(item_id), steps.get(item_id)
        if answer is None and step is None:
            continue
        item = items[item_id]
        lines = [f"{item.bundle.title} ({item.reference})"]
        if answer is not None:
            kind = RESPONSE_TYPES.get(answer.response_type, answer.response_type)
            lines.append(f"{kind}: {answer.text}")
        if step is not None:
            lines.append(follow_up_line(step))
        texts[item_id] = "\n".join(lines)
    return texts


def follow_up_line(step: FollowUpStep) -> str:
    """The follow-up state in one line (status, progress, political status, promise)."""
    parts = []
    if step.status:
        parts.append(f"{step.status_label} ({step.progress} %)")
    if step.route:
        parts.append(step.route_label)
    if step.political_status:
        parts.append(step.political_label)
    if step.promise:
        due = f" ({format_date(step.promise_due)})" if step.promise_due else ""
        parts.append(_("belofte: %(p)s", p=step.promise) + due)
    return _("Opvolging: %(s)s", s=", ".join(parts)) if parts else ""
