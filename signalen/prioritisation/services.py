"""Prioritisation rounds: setting up, voting, counting and the final choice.

"De score adviseert, mensen beslissen": the aggregation is shown with its
formula and per group of participants; the coordinator records the choice
with a reason per item.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from signalen.audit.services import record_event
from signalen.auth.models import LoginAttempt, User
from signalen.bundles.models import Bundle, BundleStatus
from signalen.errors import NotAllowed, SignalenError
from signalen.extensions import db
from signalen.permissions import Role
from signalen.prioritisation import codes
from signalen.prioritisation.models import (
    Ballot,
    BallotEntry,
    BallotScore,
    ParticipantGroup,
    PrioritisationRound,
    PriorityDecision,
    RoundCriterion,
    RoundMethod,
    RoundParticipant,
    RoundStatus,
)
from signalen.textcheck import check_texts

TITLE_MAX = 200
EXPLANATION_MAX = 4000
COMMENT_MAX = 500
REASON_MAX = 2000
SCORE_MIN, SCORE_MAX = 1, 5
CODES_MAX_PER_BATCH = 100
# Guessing codes: failures per address within the window before refusing.
CODE_MAX_FAILURES = 10
CODE_FAILURE_WINDOW = timedelta(minutes=15)
CODE_ATTEMPT_KEY = "prioritering-code"  # LoginAttempt.email for code attempts

DEFAULT_CRITERIA = [
    "Hoe ernstig?",
    "Hoeveel mensen?",
    "Hoe dringend?",
    "Kan de stad er iets aan doen?",
    "Welke grondrechten staan op het spel?",
]

GROUP_ORDER = [
    ParticipantGroup.CIVIL_SOCIETY,
    ParticipantGroup.CITY,
    ParticipantGroup.EXPERIENCE,
]


def group_label(group: str) -> str:
    return {
        ParticipantGroup.CIVIL_SOCIETY: _("Middenveld"),
        ParticipantGroup.CITY: _("Stad"),
        ParticipantGroup.EXPERIENCE: _("Ervaringsdeskundigen"),
    }.get(group, group)


def status_label(status: str) -> str:
    return {
        RoundStatus.DRAFT: _("In voorbereiding"),
        RoundStatus.OPEN: _("Open"),
        RoundStatus.CLOSED: _("Afgesloten"),
    }.get(status, status)


class FieldErrors(SignalenError):
    """Several fields are wrong at once; `errors` maps field name to message."""

    def __init__(self, errors: dict[str, str], message: str | None = None):
        super().__init__(message or _("Kijk de aangeduide velden na."))
        self.errors = errors


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


def create_round(
    bundle: Bundle, settings: RoundSettings, actor: User, now: datetime
) -> PrioritisationRound:
    """Set up a new round (in preparation) on a closed or published bundle."""
    if not can_have_round(bundle):
        raise NotAllowed(_("Een ronde kan pas op een afgesloten bundel."))
    if not bundle.items:
        raise NotAllowed(_("Deze bundel heeft geen signalen om te prioriteren."))
    _check_settings(settings, len(bundle.items))
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


def default_group(user: User) -> str:
    """City staff vote as 'stad', everyone else with an account as 'middenveld'."""
    kind = user.organisation.kind if user.organisation else None
    if user.role == Role.CITY or (kind is not None and kind.code == "stadsdienst"):
        return ParticipantGroup.CITY
    return ParticipantGroup.CIVIL_SOCIETY


def candidate_users() -> list[User]:
    """Active accounts that can take part (every role except beheerder)."""
    users = db.session.scalars(
        select(User)
        .where(User.active.is_(True), User.role != Role.ADMIN)
        .order_by(User.display_name)
    )
    return [u for u in users if u.is_active]


def set_user_participants(
    round_: PrioritisationRound,
    selection: dict[int, str],
    actor: User,
    now: datetime,
) -> None:
    """Make exactly these users (user id → group) the account participants."""
    if round_.status == RoundStatus.CLOSED:
        raise NotAllowed(_("Deze ronde is afgesloten en kan niet meer veranderen."))
    allowed = {u.id for u in candidate_users()}
    for group in selection.values():
        if group not in {g.value for g in ParticipantGroup}:
            raise FieldErrors({"participants": _("Kies een geldige groep.")})
    current = {p.user_id: p for p in round_.participants if p.user_id is not None}
    added, removed, regrouped = [], [], []
    for user_id, participant in current.items():
        if user_id not in selection:
            if ballot_of(participant) is not None:
                name = participant.user.display_name if participant.user else "?"
                raise FieldErrors(
                    {
                        "participants": _(
                            "%(name)s heeft al gestemd en blijft deelnemer.", name=name
                        )
                    }
                )
            removed.append(user_id)
            round_.participants.remove(participant)
            db.session.delete(participant)
        elif participant.group != selection[user_id]:
            participant.group = selection[user_id]
            regrouped.append(user_id)
    for user_id, group in selection.items():
        if user_id in current:
            continue
        if user_id not in allowed:
            raise FieldErrors({"participants": _("Deze persoon kan niet deelnemen.")})
        round_.participants.append(RoundParticipant(user_id=user_id, group=group))
        added.append(user_id)
    db.session.flush()
    record_event(
        "prioritisation.participants_changed",
        actor=actor,
        obj=round_,
        details={"added": added, "removed": removed, "regrouped": regrouped},
    )


def _unique_code_hash(round_: PrioritisationRound) -> tuple[str, str]:
    secret = current_app.config["SECRET_KEY"]
    taken = {p.code_hash for p in round_.participants if p.code_hash}
    while True:
        code = codes.generate_code()
        digest = codes.hash_code(codes.normalise_code(code), round_.code_salt, secret)
        if digest not in taken:
            return code, digest


def add_code_participants(
    round_: PrioritisationRound,
    count: int,
    actor: User,
    now: datetime,
    group: str = ParticipantGroup.EXPERIENCE,
) -> list[tuple[RoundParticipant, str]]:
    """Make `count` personal codes; returns (participant, code) — shown only once."""
    if round_.status == RoundStatus.CLOSED:
        raise NotAllowed(_("Deze ronde is afgesloten en kan niet meer veranderen."))
    if not 1 <= count <= CODES_MAX_PER_BATCH:
        raise FieldErrors(
            {"count": _("Kies tussen 1 en %(n)d codes.", n=CODES_MAX_PER_BATCH)}
        )
    if round_.code_salt is None:
        round_.code_salt = codes.new_salt()
    numbers = [
        int(p.code_label.split()[-1])
        for p in round_.participants
        if p.code_label and p.code_label.split()[-1].isdigit()
    ]
    start = max(numbers, default=0) + 1
    made = []
    for number in range(start, start + count):
        code, digest = _unique_code_hash(round_)
        participant = RoundParticipant(
            code_hash=digest, code_label=_("Code %(n)d", n=number), group=group
        )
        round_.participants.append(participant)
        made.append((participant, code))
    db.session.flush()
    record_event(
        "prioritisation.codes_added",
        actor=actor,
        obj=round_,
        details={"count": count, "labels": [p.code_label for p, _c in made]},
    )
    return made


def replace_code(
    participant: RoundParticipant, actor: User, now: datetime
) -> tuple[RoundParticipant, str]:
    """A lost code: give the same participant a new code; the old one stops working."""
    round_ = participant.round
    if round_.status == RoundStatus.CLOSED:
        raise NotAllowed(_("Deze ronde is afgesloten en kan niet meer veranderen."))
    if participant.code_hash is None:
        raise NotAllowed(_("Deze deelnemer heeft een account, geen code."))
    ballot = ballot_of(participant)
    if ballot is not None and ballot.submitted:
        raise NotAllowed(
            _("Met deze code is al gestemd; ze kan niet vervangen worden.")
        )
    code, digest = _unique_code_hash(round_)
    participant.code_hash = digest
    participant.code_session = None
    db.session.flush()
    record_event(
        "prioritisation.code_replaced",
        actor=actor,
        obj=participant,
        details={"round_id": round_.id, "label": participant.code_label},
    )
    return participant, code


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


# --- participants and codes --------------------------------------------------


def participant_for(
    round_: PrioritisationRound, user: User | None
) -> RoundParticipant | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(RoundParticipant).where(
            RoundParticipant.round_id == round_.id,
            RoundParticipant.user_id == user.id,
        )
    )


def ballot_of(participant: RoundParticipant) -> Ballot | None:
    if participant.id is None:
        return None
    return db.session.scalar(
        select(Ballot).where(Ballot.participant_id == participant.id)
    )


def submitted_ballot_count(round_: PrioritisationRound) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Ballot)
        .where(Ballot.round_id == round_.id, Ballot.submitted.is_(True))
    )


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
    return bool(
        db.session.scalar(
            select(RoundParticipant.id)
            .join(PrioritisationRound)
            .where(
                RoundParticipant.user_id == user.id,
                PrioritisationRound.status != RoundStatus.DRAFT,
            )
            .limit(1)
        )
    )


def code_failures(ip: str | None, now: datetime) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(LoginAttempt)
        .where(
            LoginAttempt.email == CODE_ATTEMPT_KEY,
            LoginAttempt.ip == ip,
            LoginAttempt.success.is_(False),
            LoginAttempt.at >= now - CODE_FAILURE_WINDOW,
        )
    )


def _find_code(raw: str) -> RoundParticipant | None:
    secret = current_app.config["SECRET_KEY"]
    rounds = db.session.scalars(
        select(PrioritisationRound).where(PrioritisationRound.code_salt.is_not(None))
    )
    for round_ in rounds:
        digest = codes.hash_code(raw, round_.code_salt, secret)
        participant = db.session.scalar(
            select(RoundParticipant).where(
                RoundParticipant.round_id == round_.id,
                RoundParticipant.code_hash == digest,
            )
        )
        if participant is not None:
            return participant
    return None


def login_with_code(
    text: str, ip: str | None, now: datetime
) -> tuple[RoundParticipant, str]:
    """Check a typed code; returns the participant and a new device-session token.

    The code keeps working until its ballot is submitted (so a partial ballot
    can be continued, also on another device: the newest login wins) or the
    round closes. Wrong codes count toward a per-address limit.
    """
    if code_failures(ip, now) >= CODE_MAX_FAILURES:
        db.session.add(
            LoginAttempt(email=CODE_ATTEMPT_KEY, ip=ip, at=now, success=False)
        )
        record_event("prioritisation.code_throttled", actor_label=CODE_ATTEMPT_KEY)
        raise SignalenError(
            _(
                "Te veel foute codes na elkaar. Wacht %(n)d minuten en probeer "
                "opnieuw, of vraag hulp aan je begeleider.",
                n=int(CODE_FAILURE_WINDOW.total_seconds() // 60),
            ),
            field="code",
        )
    raw = codes.normalise_code(text)
    participant = _find_code(raw) if raw else None
    if participant is None:
        db.session.add(
            LoginAttempt(email=CODE_ATTEMPT_KEY, ip=ip, at=now, success=False)
        )
        record_event("prioritisation.code_failed", actor_label=CODE_ATTEMPT_KEY)
        raise SignalenError(
            _(
                "Deze code kennen we niet. Kijk de letters en cijfers na, "
                "bijvoorbeeld K7P-4QX-9MW."
            ),
            field="code",
        )
    round_ = participant.round
    if round_.status == RoundStatus.DRAFT:
        raise SignalenError(
            _("Deze ronde is nog niet open. Probeer later opnieuw."), field="code"
        )
    if round_.status == RoundStatus.CLOSED:
        raise SignalenError(
            _("Deze ronde is afgesloten. Stemmen kan niet meer."), field="code"
        )
    ballot = ballot_of(participant)
    if ballot is not None and ballot.submitted:
        record_event(
            "prioritisation.code_reused",
            actor_label=participant.code_label,
            obj=participant,
        )
        raise SignalenError(
            _(
                "Met deze code is al gestemd. Een code kan maar één keer gebruikt "
                "worden. Vraag je begeleider als er iets niet klopt."
            ),
            field="code",
        )
    token = secrets.token_hex(16)
    participant.code_session = token
    if participant.code_used_at is None:
        participant.code_used_at = now
    db.session.add(LoginAttempt(email=CODE_ATTEMPT_KEY, ip=ip, at=now, success=True))
    record_event(
        "prioritisation.code_login",
        actor_label=participant.code_label,
        obj=participant,
        details={"round_id": round_.id},
    )
    db.session.flush()
    return participant, token


def participant_from_code_session(
    participant_id: int | None, token: str | None
) -> RoundParticipant | None:
    """The code participant bound to this browser session, if still valid."""
    if not participant_id or not token:
        return None
    participant = db.session.get(RoundParticipant, participant_id)
    if (
        participant is None
        or participant.code_hash is None
        or participant.code_session != token
    ):
        return None
    return participant


# --- ballots ---------------------------------------------------------------


@dataclass
class EntryInput:
    points: int | None = None
    rank: int | None = None
    scores: dict[int, int] = field(default_factory=dict)  # criterion id → 1..5
    comment: str | None = None

    def is_empty(self) -> bool:
        return not (self.points or self.rank or self.scores or self.comment)


def ballot_state(ballot: Ballot | None) -> dict[int, EntryInput]:
    """The stored ballot as input values (for the form and for diffs)."""
    if ballot is None:
        return {}
    return {
        e.bundle_item_id: EntryInput(
            points=e.points,
            rank=e.rank,
            scores={s.criterion_id: s.score for s in e.scores},
            comment=e.comment,
        )
        for e in ballot.entries
    }


def voting_is_open(round_: PrioritisationRound, now: datetime) -> bool:
    return round_.status == RoundStatus.OPEN and round_.closes_at > now


def _validate_entries(
    round_: PrioritisationRound, entries: dict[int, EntryInput], submit: bool
) -> None:
    errors: dict[str, str] = {}
    items = {i.id for i in round_.bundle.items}
    unknown = set(entries) - items
    if unknown:
        raise SignalenError(_("Dit signaal hoort niet bij deze ronde."))
    for item_id, entry in entries.items():
        if entry.comment and len(entry.comment) > COMMENT_MAX:
            errors[f"comment-{item_id}"] = _("Maximaal %(n)d tekens.", n=COMMENT_MAX)
    if round_.method == RoundMethod.POINTS:
        total = 0
        for item_id, entry in entries.items():
            points = entry.points or 0
            if points < 0:
                errors[f"points-{item_id}"] = _("Geef 0 of meer punten.")
            elif points > round_.points_max_per_item:
                errors[f"points-{item_id}"] = _(
                    "Maximaal %(n)d punten per signaal.", n=round_.points_max_per_item
                )
            total += max(points, 0)
        if total > round_.points_total:
            errors["ballot"] = _(
                "Je gaf %(given)d punten, maar je hebt er %(n)d. Haal er %(over)d weg.",
                given=total,
                n=round_.points_total,
                over=total - round_.points_total,
            )
        elif submit and total < round_.points_total:
            errors["ballot"] = _(
                "Je hebt nog %(left)d punten over. Verdeel al je punten en dien "
                "dan in, of bewaar om later verder te doen.",
                left=round_.points_total - total,
            )
    elif round_.method == RoundMethod.PICK:
        needed = min(round_.pick_count, len(items))
        seen: dict[int, int] = {}
        for item_id, entry in entries.items():
            if entry.rank is None:
                continue
            if not 1 <= entry.rank <= needed:
                errors[f"rank-{item_id}"] = _(
                    "Kies een plaats van 1 tot %(n)d.", n=needed
                )
            elif entry.rank in seen:
                errors[f"rank-{item_id}"] = _(
                    "Plaats %(r)d gaf je al aan een ander signaal.", r=entry.rank
                )
            else:
                seen[entry.rank] = item_id
        if submit and not errors and len(seen) < needed:
            errors["ballot"] = _(
                "Kies je %(n)d belangrijkste signalen (plaats 1 tot %(n)d). "
                "Je koos er %(k)d.",
                n=needed,
                k=len(seen),
            )
    else:
        criteria = {c.id for c in round_.criteria}
        missing = False
        for item_id in items:
            entry = entries.get(item_id) or EntryInput()
            for crit_id, score in entry.scores.items():
                if crit_id not in criteria:
                    raise SignalenError(_("Dit criterium hoort niet bij deze ronde."))
                if not SCORE_MIN <= score <= SCORE_MAX:
                    errors[f"score-{item_id}-{crit_id}"] = _(
                        "Geef een score van 1 tot 5."
                    )
            if set(entry.scores) != criteria:
                missing = True
        if submit and missing and not errors:
            errors["ballot"] = _(
                "Geef elk signaal een score op elk criterium voor je indient, "
                "of bewaar om later verder te doen."
            )
    if errors:
        raise FieldErrors(errors)


def _diff(
    before: dict[int, EntryInput], after: dict[int, EntryInput]
) -> dict[str, dict]:
    """What changed per item (comment text left out: only whether it changed)."""
    diff: dict[str, dict] = {}
    for item_id in sorted(set(before) | set(after)):
        old = before.get(item_id) or EntryInput()
        new = after.get(item_id) or EntryInput()
        change: dict = {}
        if (old.points or None) != (new.points or None):
            change["points"] = [old.points, new.points]
        if old.rank != new.rank:
            change["rank"] = [old.rank, new.rank]
        if old.scores != new.scores:
            change["scores"] = [
                {str(k): v for k, v in sorted(old.scores.items())},
                {str(k): v for k, v in sorted(new.scores.items())},
            ]
        if (old.comment or "") != (new.comment or ""):
            change["comment_changed"] = True
        if change:
            diff[str(item_id)] = change
    return diff


def save_ballot(
    participant: RoundParticipant,
    entries: dict[int, EntryInput],
    *,
    submit: bool,
    now: datetime,
    actor: User | None = None,
    accepted_findings: list[str] | tuple = (),
) -> Ballot:
    """Save (or submit) a participant's ballot; the server checks every rule.

    A submitted ballot stays submitted: a later change must be complete too.
    Only submitted ballots count in the results.
    """
    round_ = participant.round
    if not voting_is_open(round_, now):
        if round_.status == RoundStatus.DRAFT:
            raise NotAllowed(_("Deze ronde is nog niet open."))
        raise NotAllowed(
            _("Deze ronde is afgesloten. Je stem kan niet meer veranderen.")
        )
    ballot = ballot_of(participant)
    if ballot is not None and ballot.submitted:
        submit = True
    entries = {
        item_id: EntryInput(
            points=e.points if e.points else None,
            rank=e.rank,
            scores=dict(e.scores),
            comment=(e.comment or "").strip() or None,
        )
        for item_id, e in entries.items()
    }
    entries = {k: v for k, v in entries.items() if not v.is_empty()}
    _validate_entries(round_, entries, submit)
    check_texts(
        {f"comment-{k}": v.comment for k, v in entries.items() if v.comment},
        accepted_findings,
    )
    before = ballot_state(ballot)
    if ballot is None:
        ballot = Ballot(round_id=round_.id, participant=participant, updated_at=now)
        db.session.add(ballot)
    by_item = {e.bundle_item_id: e for e in ballot.entries}
    for item_id, entry in by_item.items():
        if item_id not in entries:
            ballot.entries.remove(entry)
    for item_id, value in entries.items():
        entry = by_item.get(item_id)
        if entry is None:
            entry = BallotEntry(bundle_item_id=item_id)
            ballot.entries.append(entry)
        entry.points = value.points
        entry.rank = value.rank
        entry.comment = value.comment
        scores = {s.criterion_id: s for s in entry.scores}
        for crit_id, score_row in scores.items():
            if crit_id not in value.scores:
                entry.scores.remove(score_row)
        for crit_id, score in value.scores.items():
            if crit_id in scores:
                scores[crit_id].score = score
            else:
                entry.scores.append(BallotScore(criterion_id=crit_id, score=score))
    was_submitted = bool(ballot.submitted)
    ballot.submitted = submit
    ballot.updated_at = now
    db.session.flush()
    record_event(
        "prioritisation.ballot_submitted" if submit else "prioritisation.ballot_saved",
        actor=actor,
        actor_label=None if actor else participant.code_label,
        obj=ballot,
        details={
            "round_id": round_.id,
            "participant_id": participant.id,
            "submitted": submit,
            "was_submitted": was_submitted,
            "changes": _diff(before, entries),
        },
    )
    return ballot


# --- results -----------------------------------------------------------------


@dataclass
class ItemResult:
    bundle_item_id: int
    reference: str
    title: str
    position: int
    evidence: dict
    score: float
    rank: int
    tied: bool
    by_group: dict[str, float]
    by_group_rank: dict[str, int]
    equal_weight_score: float
    equal_weight_rank: int
    comments: list[tuple[str, str]]  # (group, text)


@dataclass
class RoundResults:
    method: str
    formula: str
    ballots_by_group: dict[str, int]
    items: list[ItemResult]
    groups: list[str]  # groups with at least one ballot, in a fixed order

    @property
    def ballots(self) -> int:
        return sum(self.ballots_by_group.values())


def formula_for(round_: PrioritisationRound) -> str:
    if round_.method == RoundMethod.POINTS:
        return _(
            "Puntentelling: elk signaal krijgt de som van alle punten die de "
            "deelnemers eraan gaven (elke deelnemer verdeelde %(n)d punten, "
            "maximaal %(m)d per signaal).",
            n=round_.points_total,
            m=round_.points_max_per_item,
        )
    if round_.method == RoundMethod.PICK:
        return _(
            "Borda-telling: wie een signaal op plaats 1 zet, geeft het %(n)d punten, "
            "plaats 2 geeft %(n2)d punten, … en plaats %(n)d geeft 1 punt. "
            "De score is de som van die punten.",
            n=round_.pick_count,
            n2=max(round_.pick_count - 1, 1),
        )
    weights = ", ".join(f"{c.label} × {c.weight:g}" for c in round_.criteria)
    return _(
        "Gewogen gemiddelde: per deelnemer tellen we de scores (1 tot 5) op met "
        "hun gewicht en delen door de som van de gewichten (%(w)s). De score van "
        "een signaal is het gemiddelde over alle deelnemers.",
        w=weights,
    )


EQUAL_WEIGHT_EXPLANATION = (
    "Gelijk gewogen per groep: eerst het gemiddelde per deelnemer binnen elke "
    "groep, daarna het gemiddelde van die groepen. Zo weegt elke groep even "
    "zwaar, hoe groot ze ook is."
)


def _ballot_values(round_: PrioritisationRound) -> list[tuple[int, int, float]]:
    """(ballot id, item id, value) for every submitted entry, under the method.

    Read as plain rows (the weighted mean per entry is computed by the
    database): a round with thousands of ballots counts in well under a second.
    """
    submitted = (Ballot.round_id == round_.id, Ballot.submitted.is_(True))
    if round_.method == RoundMethod.CRITERIA:
        rows = db.session.execute(
            select(
                BallotEntry.ballot_id,
                BallotEntry.bundle_item_id,
                func.sum(RoundCriterion.weight * BallotScore.score),
                func.sum(RoundCriterion.weight),
            )
            .join(Ballot, Ballot.id == BallotEntry.ballot_id)
            .join(BallotScore, BallotScore.entry_id == BallotEntry.id)
            .join(RoundCriterion, RoundCriterion.id == BallotScore.criterion_id)
            .where(*submitted)
            .group_by(BallotEntry.id, BallotEntry.ballot_id, BallotEntry.bundle_item_id)
        )
        return [(b, i, float(num) / float(den)) for b, i, num, den in rows if den]
    column = (
        BallotEntry.points if round_.method == RoundMethod.POINTS else BallotEntry.rank
    )
    rows = db.session.execute(
        select(BallotEntry.ballot_id, BallotEntry.bundle_item_id, column)
        .join(Ballot, Ballot.id == BallotEntry.ballot_id)
        .where(*submitted, column.is_not(None))
    )
    if round_.method == RoundMethod.POINTS:
        return [(b, i, float(v)) for b, i, v in rows if v]
    return [(b, i, float(round_.pick_count + 1 - v)) for b, i, v in rows]


def competition_ranks(scores: dict[int, float]) -> tuple[dict[int, int], set[int]]:
    """Ranks 1, 2, 2, 4 … for scores (higher is better); and the tied keys."""
    rounded = {k: round(v, 9) for k, v in scores.items()}
    ordered = sorted(rounded.values(), reverse=True)
    first_index: dict[float, int] = {}
    for index, value in enumerate(ordered):
        first_index.setdefault(value, index)
    counts: dict[float, int] = defaultdict(int)
    for value in rounded.values():
        counts[value] += 1
    ranks = {k: first_index[v] + 1 for k, v in rounded.items()}
    tied = {k for k, v in rounded.items() if counts[v] > 1}
    return ranks, tied


def compute_results(round_: PrioritisationRound) -> RoundResults:
    """Count the submitted ballots; the same ballots always give the same result."""
    items = list(round_.bundle.items)
    ballot_groups = dict(
        db.session.execute(
            select(Ballot.id, RoundParticipant.group)
            .join(RoundParticipant, RoundParticipant.id == Ballot.participant_id)
            .where(Ballot.round_id == round_.id, Ballot.submitted.is_(True))
        ).all()
    )
    ballots_by_group = {str(g): 0 for g in GROUP_ORDER}
    for group in ballot_groups.values():
        ballots_by_group[group] = ballots_by_group.get(group, 0) + 1
    sums: dict[int, float] = {i.id: 0.0 for i in items}
    group_sums: dict[str, dict[int, float]] = defaultdict(
        lambda: {i.id: 0.0 for i in items}
    )
    # Sorted, so that float sums are added in the same order every time.
    for ballot_id, item_id, value in sorted(_ballot_values(round_)):
        if item_id in sums:
            sums[item_id] += value
            group_sums[ballot_groups[ballot_id]][item_id] += value
    comments: dict[int, list[tuple[str, str]]] = defaultdict(list)
    comment_rows = db.session.execute(
        select(BallotEntry.bundle_item_id, BallotEntry.comment, Ballot.id)
        .join(Ballot, Ballot.id == BallotEntry.ballot_id)
        .where(
            Ballot.round_id == round_.id,
            Ballot.submitted.is_(True),
            BallotEntry.comment.is_not(None),
        )
        .order_by(Ballot.id, BallotEntry.id)
    )
    for item_id, text, ballot_id in comment_rows:
        comments[item_id].append((ballot_groups[ballot_id], text))
    total = len(ballot_groups)
    if round_.method == RoundMethod.CRITERIA:
        # A mean per participant: an item nobody scored stays 0.
        scores = {k: (v / total if total else 0.0) for k, v in sums.items()}
    else:
        scores = dict(sums)
    groups = [g for g in ballots_by_group if ballots_by_group[g]]
    by_group = {
        g: {k: v / ballots_by_group[g] for k, v in group_sums[g].items()}
        for g in groups
    }
    equal = {
        i.id: (sum(by_group[g][i.id] for g in groups) / len(groups) if groups else 0.0)
        for i in items
    }
    ranks, tied = competition_ranks(scores)
    equal_ranks, _equal_tied = competition_ranks(equal)
    group_ranks = {g: competition_ranks(by_group[g])[0] for g in groups}
    results = [
        ItemResult(
            bundle_item_id=i.id,
            reference=i.reference,
            title=(i.snapshot or {}).get("title") or i.title,
            position=i.position,
            evidence=dict((i.snapshot or {}).get("evidence") or {}),
            score=round(scores[i.id], 4),
            rank=ranks[i.id],
            tied=i.id in tied,
            by_group={g: round(by_group[g][i.id], 4) for g in groups},
            by_group_rank={g: group_ranks[g][i.id] for g in groups},
            equal_weight_score=round(equal[i.id], 4),
            equal_weight_rank=equal_ranks[i.id],
            comments=comments.get(i.id, []),
        )
        for i in items
    ]
    results.sort(key=lambda r: (r.rank, r.position, r.bundle_item_id))
    return RoundResults(
        method=round_.method,
        formula=formula_for(round_),
        ballots_by_group=ballots_by_group,
        items=results,
        groups=groups,
    )


def place_label(rank: int, tied: bool) -> str:
    """'3e plaats', or 'gedeelde 3e plaats' for a tie."""
    if tied:
        return _("gedeelde %(n)de plaats", n=rank)
    return _("%(n)de plaats", n=rank)


# --- the final choice -----------------------------------------------------


@dataclass
class DecisionInput:
    chosen: bool
    rank: int | None
    reason: str


def latest_decisions(round_: PrioritisationRound) -> dict[int, PriorityDecision]:
    """The latest decision per bundle item of this round (decisions are appended)."""
    latest: dict[int, PriorityDecision] = {}
    rows = db.session.scalars(
        select(PriorityDecision)
        .where(PriorityDecision.round_id == round_.id)
        .order_by(PriorityDecision.id)
    )
    for decision in rows:
        latest[decision.bundle_item_id] = decision
    return latest


def record_decisions(
    round_: PrioritisationRound,
    decisions: dict[int, DecisionInput],
    actor: User,
    now: datetime,
    accepted_findings: list[str] | tuple = (),
) -> int:
    """Record the final choice: chosen or not, a rank, and always a reason.

    Items left out stay undecided. Only changed decisions are appended.
    Returns the number of new decision rows.
    """
    if round_.status != RoundStatus.CLOSED:
        raise NotAllowed(_("De keuze maak je na het sluiten van de ronde."))
    item_ids = {i.id for i in round_.bundle.items}
    if set(decisions) - item_ids:
        raise SignalenError(_("Dit signaal hoort niet bij deze ronde."))
    errors: dict[str, str] = {}
    ranks: dict[int, int] = {}
    for item_id, d in decisions.items():
        if not (d.reason or "").strip():
            errors[f"reason-{item_id}"] = _(
                "Schrijf kort waarom: de score adviseert, mensen beslissen."
            )
        elif len(d.reason) > REASON_MAX:
            errors[f"reason-{item_id}"] = _("Maximaal %(n)d tekens.", n=REASON_MAX)
        if d.chosen:
            if d.rank is None or d.rank < 1:
                errors[f"rank-{item_id}"] = _("Geef een plaats (1, 2, 3 …).")
            elif d.rank in ranks:
                errors[f"rank-{item_id}"] = _(
                    "Plaats %(r)d gaf je al aan een ander signaal.", r=d.rank
                )
            else:
                ranks[d.rank] = item_id
    if errors:
        raise FieldErrors(errors)
    check_texts(
        {f"reason-{k}": d.reason for k, d in decisions.items()}, accepted_findings
    )
    latest = latest_decisions(round_)
    added = 0
    for item_id, d in sorted(decisions.items()):
        rank = d.rank if d.chosen else None
        reason = d.reason.strip()
        old = latest.get(item_id)
        if old and (old.chosen, old.rank, old.reason) == (d.chosen, rank, reason):
            continue
        db.session.add(
            PriorityDecision(
                round_id=round_.id,
                bundle_item_id=item_id,
                chosen=d.chosen,
                rank=rank,
                reason=reason,
                decided_by_id=actor.id,
                decided_at=now,
            )
        )
        added += 1
    db.session.flush()
    record_event(
        "prioritisation.decisions_recorded",
        actor=actor,
        obj=round_,
        details={
            "changed": added,
            "chosen": [ranks[r] for r in sorted(ranks)],
        },
    )
    return added


def latest_closed_round(bundle: Bundle) -> PrioritisationRound | None:
    return db.session.scalar(
        select(PrioritisationRound)
        .where(
            PrioritisationRound.bundle_id == bundle.id,
            PrioritisationRound.status == RoundStatus.CLOSED,
        )
        .order_by(PrioritisationRound.closed_at.desc(), PrioritisationRound.id.desc())
        .limit(1)
    )


def final_choice(bundle: Bundle) -> list[PriorityDecision]:
    """The latest decision per item of the bundle's latest closed round.

    Chosen items first, ordered by rank; then the items not chosen, in bundle
    order. Empty when there is no closed round or no decision yet.
    """
    round_ = latest_closed_round(bundle)
    if round_ is None:
        return []
    positions = {i.id: i.position for i in bundle.items}
    decisions = list(latest_decisions(round_).values())
    chosen = sorted(
        (d for d in decisions if d.chosen), key=lambda d: (d.rank or 0, d.id)
    )
    other = sorted(
        (d for d in decisions if not d.chosen),
        key=lambda d: (positions.get(d.bundle_item_id, 0), d.id),
    )
    return chosen + other


def rounds_of_bundle(bundle: Bundle) -> list[PrioritisationRound]:
    return list(
        db.session.scalars(
            select(PrioritisationRound)
            .where(PrioritisationRound.bundle_id == bundle.id)
            .order_by(PrioritisationRound.created_at.desc(), PrioritisationRound.id)
        )
    )
