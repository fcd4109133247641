"""Rounds: setting one up, changing it, opening and closing it, finding them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select

from signalen.audit.services import record_event
from signalen.auth.models import User
from signalen.bundles.models import Bundle, BundleItem, BundleStatus
from signalen.database import run_core
from signalen.errors import NotAllowed
from signalen.extensions import db
from signalen.prioritisation import codes
from signalen.prioritisation.ballots import submitted_ballot_count
from signalen.prioritisation.errors import FieldErrors
from signalen.prioritisation.models import (
    PrioritisationRound,
    RoundCriterion,
    RoundMethod,
    RoundParticipant,
    RoundStatus,
)
from signalen.textcheck import check_texts

TITLE_MAX = 200
EXPLANATION_MAX = 4000

DEFAULT_CRITERIA = [
    "Hoe ernstig?",
    "Hoeveel mensen?",
    "Hoe dringend?",
    "Kan de stad er iets aan doen?",
    "Welke grondrechten staan op het spel?",
]


# --- setting up a round ----------------------------------------------------


@dataclass
class RoundSettings:
    title: str
    explanation: str
    method: str
    opens_at: datetime
    closes_at: datetime
    points_total: int = 10
    points_max_per_item: int = 3
    pick_count: int = 5
    criteria: list[tuple[str, float]] = field(default_factory=list)
    accepted_findings: list[str] = field(default_factory=list)


def can_have_round(bundle: Bundle) -> bool:
    return bundle.status in (BundleStatus.CLOSED, BundleStatus.PUBLISHED)


def _check_settings(settings: RoundSettings, item_count: int) -> None:
    errors: dict[str, str] = {}
    if not settings.title:
        errors["title"] = _("Geef de ronde een titel.")
    elif len(settings.title) > TITLE_MAX:
        errors["title"] = _("Maximaal %(n)d tekens.", n=TITLE_MAX)
    if len(settings.explanation or "") > EXPLANATION_MAX:
        errors["explanation"] = _("Maximaal %(n)d tekens.", n=EXPLANATION_MAX)
    if settings.method not in set(RoundMethod):
        errors["method"] = _("Kies een manier van prioriteren.")
    if settings.closes_at <= settings.opens_at:
        errors["closes_at"] = _("Het einde moet na het begin liggen.")
    if settings.method == RoundMethod.POINTS:
        if not 1 <= settings.points_total <= 100:
            errors["points_total"] = _("Kies een aantal punten tussen 1 en 100.")
        elif not 1 <= settings.points_max_per_item <= settings.points_total:
            errors["points_max_per_item"] = _(
                "Kies een maximum tussen 1 en het aantal punten."
            )
    if settings.method == RoundMethod.PICK and not (
        1 <= settings.pick_count <= max(1, item_count)
    ):
        errors["pick_count"] = _(
            "Kies een aantal tussen 1 en %(n)d (het aantal signalen).", n=item_count
        )
    if settings.method == RoundMethod.CRITERIA:
        criteria = [(label, weight) for label, weight in settings.criteria if label]
        if not criteria:
            errors["criteria"] = _("Geef minstens één criterium.")
        elif any(not (0 < weight <= 10) for _label, weight in criteria):
            errors["criteria"] = _("Elk gewicht ligt tussen 0 (niet inbegrepen) en 10.")
        elif any(len(label) > 160 for label, _w in criteria):
            errors["criteria"] = _("Een criterium heeft maximaal 160 tekens.")
    if errors:
        raise FieldErrors(errors)
    check_texts(
        {"title": settings.title, "explanation": settings.explanation},
        settings.accepted_findings,
    )


def _set_criteria(round_: PrioritisationRound, settings: RoundSettings) -> None:
    existing = list(round_.criteria)
    wanted = [(label, weight) for label, weight in settings.criteria if label]
    if settings.method != RoundMethod.CRITERIA:
        wanted = []
    for position, (label, weight) in enumerate(wanted):
        if position < len(existing):
            crit = existing[position]
            crit.label, crit.weight, crit.position = label, float(weight), position
        else:
            round_.criteria.append(
                RoundCriterion(label=label, weight=float(weight), position=position)
            )
    for crit in existing[len(wanted) :]:
        round_.criteria.remove(crit)
        db.session.delete(crit)


def item_count(bundle: Bundle) -> int:
    """How many items the bundle has, counted in the database (a bundle can
    hold thousands; loading them to count is what made the page slow)."""
    return (
        db.session.scalar(
            select(func.count(BundleItem.id)).where(BundleItem.bundle_id == bundle.id)
        )
        or 0
    )


def create_round(
    bundle: Bundle, settings: RoundSettings, actor: User, now: datetime
) -> PrioritisationRound:
    """Set up a new round (in preparation) on a closed or published bundle."""
    if not can_have_round(bundle):
        raise NotAllowed(_("Een ronde kan pas op een afgesloten bundel."))
    count = item_count(bundle)
    if not count:
        raise NotAllowed(_("Deze bundel heeft geen signalen om te prioriteren."))
    _check_settings(settings, count)
    round_ = PrioritisationRound(
        bundle=bundle,
        title=settings.title,
        explanation=settings.explanation or "",
        method=settings.method,
        status=RoundStatus.DRAFT,
        opens_at=settings.opens_at,
        closes_at=settings.closes_at,
        points_total=settings.points_total,
        points_max_per_item=settings.points_max_per_item,
        pick_count=settings.pick_count,
        created_by_id=actor.id,
        created_at=now,
        code_salt=codes.new_salt(),
    )
    db.session.add(round_)
    _set_criteria(round_, settings)
    db.session.flush()
    record_event(
        "prioritisation.round_created",
        actor=actor,
        obj=round_,
        details={"bundle_id": bundle.id, "method": settings.method},
    )
    return round_


def update_round(
    round_: PrioritisationRound, settings: RoundSettings, actor: User, now: datetime
) -> None:
    """Change a round: everything while in preparation; text and end while open."""
    if round_.status == RoundStatus.CLOSED:
        raise NotAllowed(_("Deze ronde is afgesloten en kan niet meer veranderen."))
    if round_.status == RoundStatus.OPEN:
        # The way of voting and the opening are fixed once people can vote.
        settings.method = round_.method
        settings.opens_at = round_.opens_at
        settings.points_total = round_.points_total
        settings.points_max_per_item = round_.points_max_per_item
        settings.pick_count = round_.pick_count
        settings.criteria = [(c.label, c.weight) for c in round_.criteria]
        if settings.closes_at <= now:
            raise FieldErrors(
                {"closes_at": _("Kies een einde in de toekomst, of sluit de ronde.")}
            )
    _check_settings(settings, len(round_.bundle.items))
    before = {
        "title": round_.title,
        "method": round_.method,
        "opens_at": round_.opens_at.isoformat(),
        "closes_at": round_.closes_at.isoformat(),
    }
    round_.title = settings.title
    round_.explanation = settings.explanation or ""
    round_.method = settings.method
    round_.opens_at = settings.opens_at
    round_.closes_at = settings.closes_at
    round_.points_total = settings.points_total
    round_.points_max_per_item = settings.points_max_per_item
    round_.pick_count = settings.pick_count
    _set_criteria(round_, settings)
    db.session.flush()
    record_event(
        "prioritisation.round_changed",
        actor=actor,
        obj=round_,
        details={"before": before},
    )


# --- opening and closing ------------------------------------------------------


def open_round(round_: PrioritisationRound, actor: User | None, now: datetime) -> None:
    """Open a round for voting (by hand, or by the scheduler when it is time)."""
    if round_.status != RoundStatus.DRAFT:
        raise NotAllowed(_("Alleen een ronde in voorbereiding kan open."))
    if not round_.participants:
        raise NotAllowed(_("Voeg eerst deelnemers toe."))
    if round_.closes_at <= now:
        raise NotAllowed(_("Het einde van deze ronde ligt al voorbij. Pas het aan."))
    if round_.opens_at > now:
        round_.opens_at = now
    round_.status = RoundStatus.OPEN
    db.session.flush()
    record_event(
        "prioritisation.round_opened",
        actor=actor,
        actor_label=None if actor else "scheduler",
        obj=round_,
    )


def close_round(round_: PrioritisationRound, actor: User | None, now: datetime) -> None:
    """Close a round: no more voting; results become visible to participants."""
    if round_.status != RoundStatus.OPEN:
        raise NotAllowed(_("Alleen een open ronde kan gesloten worden."))
    round_.status = RoundStatus.CLOSED
    round_.closed_at = now
    if round_.closes_at > now:
        round_.closes_at = now
    db.session.flush()
    record_event(
        "prioritisation.round_closed",
        actor=actor,
        actor_label=None if actor else "scheduler",
        obj=round_,
        details={"ballots": submitted_ballot_count(round_)},
    )


def open_and_close_due_rounds(now: datetime) -> tuple[list[int], list[int]]:
    """Open rounds whose time has come; close those whose time is up (idempotent)."""
    opened, closed = [], []
    due_open = db.session.scalars(
        select(PrioritisationRound)
        .where(
            PrioritisationRound.status == RoundStatus.DRAFT,
            PrioritisationRound.opens_at <= now,
            PrioritisationRound.closes_at > now,
        )
        .order_by(PrioritisationRound.id)
    )
    for round_ in due_open:
        if round_.participants:  # a round without participants waits
            open_round(round_, None, now)
            opened.append(round_.id)
    due_close = db.session.scalars(
        select(PrioritisationRound)
        .where(
            PrioritisationRound.status == RoundStatus.OPEN,
            PrioritisationRound.closes_at <= now,
        )
        .order_by(PrioritisationRound.id)
    )
    for round_ in due_close:
        close_round(round_, None, now)
        closed.append(round_.id)
    return opened, closed


# --- finding rounds -----------------------------------------------------------


def rounds_for_user(user: User) -> list[tuple[PrioritisationRound, RoundParticipant]]:
    """The rounds (not in preparation) this account takes part in, newest first."""
    rows = db.session.execute(
        select(PrioritisationRound, RoundParticipant)
        .join(RoundParticipant, RoundParticipant.round_id == PrioritisationRound.id)
        .where(
            RoundParticipant.user_id == user.id,
            PrioritisationRound.status != RoundStatus.DRAFT,
        )
        .order_by(PrioritisationRound.closes_at.desc())
    )
    return [(r, p) for r, p in rows]


def has_rounds(user: User) -> bool:
    """Whether the account takes part in an open or closed round (for the menu)."""
    if not getattr(user, "is_authenticated", False):
        return False
    result = run_core(db.session, _has_rounds_statement(), {"user_id": user.id})
    return result.first() is not None


@cache
def _has_rounds_statement():
    # Built once per process: the menu asks on every page.
    return (
        select(RoundParticipant.id)
        .join(PrioritisationRound)
        .where(
            RoundParticipant.user_id == bindparam("user_id"),
            PrioritisationRound.status != RoundStatus.DRAFT,
        )
        .limit(1)
    )


def rounds_of_bundle(bundle: Bundle) -> list[PrioritisationRound]:
    return list(
        db.session.scalars(
            select(PrioritisationRound)
            .where(PrioritisationRound.bundle_id == bundle.id)
            .order_by(PrioritisationRound.created_at.desc(), PrioritisationRound.id)
        )
    )
