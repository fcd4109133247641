"""Remarks linked to a structural signal reach the next bundle.

Closing a bundle asks this source (registered on the app by the consultations
blueprint, see signalen.bundles.sources) which structural signals got a remark
or a link in the period, and which remarks to mention with each item: "Ook
gemeld in inspraak: <consultation>, <part>". The bundles package checks the
remark texts for personal data again before it freezes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, or_, select

from signalen.bundles.snapshot import ConsultationMention
from signalen.bundles.sources import MentionSource
from signalen.consultations.models import (
    Consultation,
    ConsultationParticipant,
    ConsultationRemark,
    ConsultationSection,
    RemarkLink,
)
from signalen.extensions import db


def active_structural_ids(start: datetime, end: datetime) -> Select:
    """Structural signals with a remark linked, or a linked remark made, in the
    period [start, end)."""
    return (
        select(RemarkLink.structural_signal_id)
        .join(ConsultationRemark, ConsultationRemark.id == RemarkLink.remark_id)
        .where(
            or_(
                (RemarkLink.linked_at >= start) & (RemarkLink.linked_at < end),
                (ConsultationRemark.created_at >= start)
                & (ConsultationRemark.created_at < end),
            )
        )
    )


def remark_mentions(
    structural_ids: Sequence[int],
) -> dict[int, list[ConsultationMention]]:
    """The linked remarks per structural signal id, oldest first."""
    result: dict[int, list[ConsultationMention]] = {}
    if not structural_ids:
        return result
    rows = db.session.execute(
        select(
            RemarkLink.structural_signal_id,
            Consultation.title,
            ConsultationSection.number,
            ConsultationSection.title,
            ConsultationParticipant.source_code,
            ConsultationRemark.text,
        )
        .join(ConsultationRemark, ConsultationRemark.id == RemarkLink.remark_id)
        .join(
            ConsultationSection, ConsultationSection.id == ConsultationRemark.section_id
        )
        .join(Consultation, Consultation.id == ConsultationRemark.consultation_id)
        .join(
            ConsultationParticipant,
            ConsultationParticipant.id == ConsultationRemark.participant_id,
        )
        .where(RemarkLink.structural_signal_id.in_(list(structural_ids)))
        .order_by(RemarkLink.structural_signal_id, ConsultationRemark.id)
    )
    for sid, title, number, part, code, text in rows:
        result.setdefault(sid, []).append(
            ConsultationMention(
                consultation=title,
                part=f"{number} {part}".strip(),
                source_code=code,
                text=text,
            )
        )
    return result


SOURCE = MentionSource(active_ids=active_structural_ids, mentions=remark_mentions)
