"""Participants with an account: who takes part, in which group."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from signalen.audit.services import record_event
from signalen.auth.models import User
from signalen.errors import NotAllowed
from signalen.extensions import db
from signalen.permissions import Role
from signalen.prioritisation.ballots import ballot_of
from signalen.prioritisation.errors import FieldErrors
from signalen.prioritisation.models import (
    ParticipantGroup,
    PrioritisationRound,
    RoundParticipant,
    RoundStatus,
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
