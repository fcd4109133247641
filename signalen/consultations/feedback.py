"""What an account that gave remarks reads: its own remarks with the city's
answers, and the badge of answers it has not seen yet."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, func, select

from signalen.consultations.models import ConsultationRemark, RemarkAnswer
from signalen.database import run_core
from signalen.extensions import db


def remarks_of_author(user_id: int) -> list[ConsultationRemark]:
    """An account's own remarks, newest first, with their answers."""
    return list(
        db.session.scalars(
            select(ConsultationRemark)
            .where(ConsultationRemark.author_id == user_id)
            .order_by(ConsultationRemark.id.desc())
        )
    )


def unseen_answer_count(user_id: int) -> int:
    """How many of an account's remarks got an answer it has not read yet."""
    statement = _unseen_answers_statement()
    return run_core(db.session, statement, {"user_id": user_id}).scalar() or 0


@cache
def _unseen_answers_statement():
    # Built once per process: the menu badge asks on every page of a worker.
    newer = select(RemarkAnswer.id).where(
        RemarkAnswer.remark_id == ConsultationRemark.id,
        (ConsultationRemark.answers_seen_at.is_(None))
        | (RemarkAnswer.created_at > ConsultationRemark.answers_seen_at),
    )
    return select(func.count(ConsultationRemark.id)).where(
        ConsultationRemark.author_id == bindparam("user_id"), newer.exists()
    )


def mark_answers_seen(user_id: int, now: datetime) -> int:
    """The account read its answers: the badge goes back to zero."""
    remarks = remarks_of_author(user_id)
    for remark in remarks:
        remark.answers_seen_at = now
    db.session.flush()
    return len(remarks)
