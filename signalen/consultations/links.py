"""Remarks counted with a structural signal: found by its reference, linked
and unlinked by a coordinator, listed on the structural signal's page (and
read by the next bundle through bundle_source.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from signalen.audit.services import record_event
from signalen.consultations.models import ConsultationRemark, RemarkLink
from signalen.coordination.models import StructuralSignal
from signalen.errors import SignalenError
from signalen.extensions import db


def find_structural(reference: str | None) -> StructuralSignal:
    """A structural signal by its reference (SS-…), or an error on the field."""
    reference = (reference or "").strip().upper()
    found = db.session.scalar(
        select(StructuralSignal).where(StructuralSignal.reference == reference)
    )
    if found is None:
        raise SignalenError(
            _("Geen structureel signaal met deze referentie."), field="reference"
        )
    return found


def link_remark(
    remark: ConsultationRemark, structural: StructuralSignal, actor: Any, now: datetime
) -> RemarkLink:
    """Count a remark with a structural signal, so it goes along to the next bundle."""
    if any(link.structural_signal_id == structural.id for link in remark.links):
        raise SignalenError(
            _("Deze opmerking hoort al bij %(ref)s.", ref=structural.reference),
            field="reference",
        )
    link = RemarkLink(
        remark=remark,
        structural_signal=structural,
        linked_by_id=getattr(actor, "id", None),
        linked_at=now,
    )
    db.session.add(link)
    db.session.flush()
    record_event(
        "consultation.remark_linked",
        actor=actor,
        obj=remark,
        details={"structural": structural.reference},
    )
    return link


def unlink_remark(link: RemarkLink, actor: Any) -> None:
    """Undo a link (the audit log keeps that it existed)."""
    record_event(
        "consultation.remark_unlinked",
        actor=actor,
        obj=link.remark,
        details={"structural": link.structural_signal.reference},
    )
    db.session.delete(link)
    db.session.flush()


def linked_remarks(structural: StructuralSignal) -> list[ConsultationRemark]:
    """The remarks counted with a structural signal, oldest first."""
    return list(
        db.session.scalars(
            select(ConsultationRemark)
            .join(RemarkLink, RemarkLink.remark_id == ConsultationRemark.id)
            .where(RemarkLink.structural_signal_id == structural.id)
            .order_by(ConsultationRemark.id)
        )
    )
