"""The yearly evaluation: coordinators give each priority a verdict.

A coordinator sets the date of the year's evaluation for a bundle; the
scheduler reminds from REMIND_DAYS before it until every priority has a
verdict. Verdicts are appended (the last one per priority counts) and reach
the signals linked to the priority, like the city's answers. The previous
year's verdicts stand beside them, matched by structural signal, so a
priority that came back in a newer bundle keeps its history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from signalen.audit.services import record_event
from signalen.bundles.models import Bundle, BundleItem
from signalen.errors import SignalenError
from signalen.extensions import db
from signalen.followup.models import (
    VERDICTS,
    Evaluation,
    EvaluationVerdict,
)
from signalen.prioritisation.decisions import final_choice
from signalen.prioritisation.errors import FieldErrors
from signalen.responses.services import ANSWERABLE, notify_linked_signals
from signalen.textcheck import check_texts

TEXT_MAX = 600
REMIND_DAYS = 30


@dataclass
class VerdictInput:
    verdict: str
    text: str = ""


@dataclass
class EvaluationRow:
    rank: int | None
    item: BundleItem
    verdict: EvaluationVerdict | None
    previous: EvaluationVerdict | None


# --- the date ---------------------------------------------------------------


def schedule_evaluation(
    bundle: Bundle, year: int, due_date: date, actor, now: datetime
) -> Evaluation:
    """Set (or move) the date of the bundle's evaluation of this year."""
    if bundle.status not in ANSWERABLE:
        raise SignalenError(_("Deze bundel is nog niet afgesloten."))
    if not 2000 <= year <= 2100:
        raise SignalenError(_("Kies een jaar tussen 2000 en 2100."), "year")
    evaluation = db.session.scalar(
        select(Evaluation).where(
            Evaluation.bundle_id == bundle.id, Evaluation.year == year
        )
    )
    if evaluation is None:
        evaluation = Evaluation(
            bundle_id=bundle.id,
            year=year,
            due_date=due_date,
            created_by_id=getattr(actor, "id", None),
            created_at=now,
        )
        db.session.add(evaluation)
    else:
        evaluation.due_date = due_date
        evaluation.reminded_on = None
    db.session.flush()
    record_event(
        "evaluation.scheduled",
        actor=actor,
        obj=evaluation,
        details={"bundle_id": bundle.id, "year": year, "due": due_date.isoformat()},
    )
    return evaluation


def evaluations_of(bundle: Bundle) -> list[Evaluation]:
    return list(
        db.session.scalars(
            select(Evaluation)
            .where(Evaluation.bundle_id == bundle.id)
            .order_by(Evaluation.year.desc())
        )
    )


# --- the verdicts -----------------------------------------------------------


def priorities(bundle: Bundle) -> list[tuple[int | None, BundleItem]]:
    """The chosen priorities of the bundle's deciding round, by rank (only
    those items are loaded, not the whole bundle)."""
    chosen = [d for d in final_choice(bundle) if d.chosen]
    if not chosen:
        return []
    items = {
        i.id: i
        for i in db.session.scalars(
            select(BundleItem).where(
                BundleItem.bundle_id == bundle.id,
                BundleItem.id.in_([d.bundle_item_id for d in chosen]),
            )
        )
    }
    return [
        (d.rank, items[d.bundle_item_id]) for d in chosen if d.bundle_item_id in items
    ]


def latest_verdicts(evaluation: Evaluation) -> dict[int, EvaluationVerdict]:
    latest: dict[int, EvaluationVerdict] = {}
    for verdict in db.session.scalars(
        select(EvaluationVerdict)
        .where(EvaluationVerdict.evaluation_id == evaluation.id)
        .order_by(EvaluationVerdict.id)
    ):
        latest[verdict.bundle_item_id] = verdict
    return latest


def previous_evaluation(evaluation: Evaluation) -> Evaluation | None:
    """The latest evaluation of an earlier year (of any bundle)."""
    return db.session.scalar(
        select(Evaluation)
        .where(Evaluation.year < evaluation.year)
        .order_by(Evaluation.year.desc(), Evaluation.id.desc())
        .limit(1)
    )


def evaluation_rows(evaluation: Evaluation) -> list[EvaluationRow]:
    """Each priority with this year's verdict and the previous year's."""
    current = latest_verdicts(evaluation)
    previous = previous_evaluation(evaluation)
    by_structural: dict[int, EvaluationVerdict] = {}
    if previous is not None:
        for verdict in latest_verdicts(previous).values():
            item = db.session.get(BundleItem, verdict.bundle_item_id)
            if item is not None:
                by_structural[item.structural_signal_id] = verdict
    return [
        EvaluationRow(
            rank,
            item,
            current.get(item.id),
            by_structural.get(item.structural_signal_id),
        )
        for rank, item in priorities(evaluation.bundle)
    ]


def verdict_message(evaluation: Evaluation, verdict: VerdictInput) -> str:
    """The line the givers of the linked signals read."""
    label = VERDICTS[verdict.verdict]
    head = _("Evaluatie %(year)d: %(verdict)s", year=evaluation.year, verdict=label)
    return f"{head}\n{verdict.text}" if verdict.text else head


def record_verdicts(
    evaluation: Evaluation,
    verdicts: dict[int, VerdictInput],
    actor,
    now: datetime,
) -> int:
    """Append the changed verdicts; returns how many were added."""
    allowed = {item.id for _rank, item in priorities(evaluation.bundle)}
    if set(verdicts) - allowed:
        raise SignalenError(_("Dit signaal is geen prioriteit van deze bundel."))
    errors = {}
    for item_id, v in verdicts.items():
        if v.verdict not in VERDICTS:
            errors[f"verdict-{item_id}"] = _("Kies een oordeel uit de lijst.")
        elif len(v.text or "") > TEXT_MAX:
            errors[f"text-{item_id}"] = _("Maximaal %(n)d tekens.", n=TEXT_MAX)
    if errors:
        raise FieldErrors(errors)
    check_texts({f"text-{k}": v.text for k, v in verdicts.items()})
    latest = latest_verdicts(evaluation)
    items = {i.id: i for i in evaluation.bundle.items}
    added = 0
    for item_id, v in sorted(verdicts.items()):
        text = (v.text or "").strip()
        old = latest.get(item_id)
        if old is not None and (old.verdict, old.text) == (v.verdict, text):
            continue
        db.session.add(
            EvaluationVerdict(
                evaluation_id=evaluation.id,
                bundle_item_id=item_id,
                verdict=v.verdict,
                text=text,
                author_id=getattr(actor, "id", None),
                created_at=now,
            )
        )
        notify_linked_signals(
            items[item_id],
            verdict_message(evaluation, VerdictInput(v.verdict, text)),
            actor,
            now,
        )
        added += 1
    db.session.flush()
    record_event(
        "evaluation.verdicts_recorded",
        actor=actor,
        obj=evaluation,
        details={"year": evaluation.year, "changed": added},
    )
    return added


# --- the reminder -----------------------------------------------------------


def open_evaluations(today: date) -> list[tuple[Evaluation, int]]:
    """Evaluations due within REMIND_DAYS (or past due) with priorities
    still without a verdict, and how many."""
    due = db.session.scalars(
        select(Evaluation)
        .where(Evaluation.due_date <= today + timedelta(days=REMIND_DAYS))
        .order_by(Evaluation.due_date)
    )
    result = []
    for evaluation in due:
        missing = sum(1 for row in evaluation_rows(evaluation) if row.verdict is None)
        if missing:
            result.append((evaluation, missing))
    return result


def remind(today: date) -> str:
    """Mark today's reminders (the coordinators' banner shows them)."""
    due = open_evaluations(today)
    for evaluation, _missing in due:
        evaluation.reminded_on = today
    db.session.flush()
    if not due:
        return _("Geen evaluatie op komst.")
    return ngettext(
        "%(num)d evaluatie wacht op oordelen.",
        "%(num)d evaluaties wachten op oordelen.",
        len(due),
    )
