"""The city's follow-up of a bundle item, appended step by step.

Each step is a row with the whole state after the step (department, route,
status, progress, political status) and, when there is one, a dated entry
(what happened, and a promise with its date). The current state is the last
row; nothing is ever updated or deleted.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from signalen.database import UTCDateTime, utcnow
from signalen.extensions import Model, db

if TYPE_CHECKING:
    from signalen.auth.models import User
    from signalen.bundles.models import Bundle, BundleItem

ROUTES = {
    "stuurgroep": _l("Stuurgroep"),
    "expert": _l("Expert ter zake"),
    "snelle_actie": _l("Snelle actie"),
    "sif": _l("Sociaal Innovatiefonds"),
    "bovenlokaal": _l("Bovenlokaal doorgegeven"),
}
STATUSES = {
    "nog_niet_gestart": _l("Nog niet gestart"),
    "gepland": _l("Gepland"),
    "in_uitvoering": _l("In uitvoering"),
    "afgerond": _l("Afgerond"),
    "stopgezet": _l("Stopgezet"),
}
POLITICAL_STATUSES = {
    "bestuursakkoord": _l("In het bestuursakkoord"),
    "besparingstoets": _l("Besparingstoets doorstaan"),
    "budget": _l("Budget voorzien"),
    "uitgevoerd": _l("Uitgevoerd"),
    "niet_weerhouden": _l("Niet weerhouden"),
}


class FollowUpStep(Model):
    """One step of the follow-up of a bundle item (appended, never edited)."""

    __tablename__ = "follow_up_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bundle_item_id: Mapped[int] = mapped_column(
        ForeignKey("bundle_items.id", ondelete="CASCADE"), index=True
    )
    # the state after this step
    department: Mapped[str | None] = mapped_column(String(160))
    contact_role: Mapped[str | None] = mapped_column(String(160))
    route: Mapped[str | None] = mapped_column(String(30), index=True)
    status: Mapped[str | None] = mapped_column(String(30), index=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    political_status: Mapped[str | None] = mapped_column(String(30))
    political_date: Mapped[date | None] = mapped_column(Date)
    political_source: Mapped[str | None] = mapped_column(String(300))
    budget_amount: Mapped[int | None] = mapped_column(Integer)  # euro
    budget_year: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)  # niet weerhouden: why
    promise: Mapped[str | None] = mapped_column(String(300))
    promise_due: Mapped[date | None] = mapped_column(Date, index=True)
    # the dated entry of this step
    step_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    unchanged: Mapped[bool] = mapped_column(Boolean, default=False)  # "ongewijzigd"
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    bundle_item: Mapped[BundleItem] = db.relationship("BundleItem")
    author: Mapped[User | None] = db.relationship("User")

    @property
    def route_label(self) -> str:
        return str(ROUTES.get(self.route or "", self.route or ""))

    @property
    def status_label(self) -> str:
        return str(STATUSES.get(self.status or "", self.status or ""))

    @property
    def political_label(self) -> str:
        code = self.political_status or ""
        return str(POLITICAL_STATUSES.get(code, code))


#: The scale of the civil-society report card.
VERDICTS = {
    "positief": _l("Positief"),
    "voorzichtig_positief": _l("Voorzichtig positief"),
    "gemengd": _l("Gemengd"),
    "bezorgd": _l("Bezorgd"),
    "negatief": _l("Negatief"),
    "te_vaag": _l("Te vaag"),
}


class Evaluation(Model):
    """The yearly evaluation of a bundle's priorities (one per bundle and year)."""

    __tablename__ = "evaluations"
    __table_args__ = (UniqueConstraint("bundle_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bundle_id: Mapped[int] = mapped_column(
        ForeignKey("bundles.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    reminded_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    bundle: Mapped[Bundle] = db.relationship("Bundle")


class EvaluationVerdict(Model):
    """A verdict on one priority in one evaluation (appended; the last counts)."""

    __tablename__ = "evaluation_verdicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluations.id", ondelete="CASCADE"), index=True
    )
    bundle_item_id: Mapped[int] = mapped_column(
        ForeignKey("bundle_items.id", ondelete="CASCADE"), index=True
    )
    verdict: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    evaluation: Mapped[Evaluation] = db.relationship("Evaluation")

    @property
    def verdict_label(self) -> str:
        return str(VERDICTS.get(self.verdict, self.verdict))
