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
from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from signalen.database import UTCDateTime, utcnow
from signalen.extensions import Model, db

if TYPE_CHECKING:
    from signalen.auth.models import User
    from signalen.bundles.models import BundleItem

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
