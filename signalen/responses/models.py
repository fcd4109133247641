"""The city's answers to bundle items, appended as a timeline."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from signalen.database import UTCDateTime, utcnow
from signalen.extensions import Model, db

if TYPE_CHECKING:
    from signalen.auth.models import User
    from signalen.bundles.models import BundleItem

RESPONSE_TYPES = {
    "doorgegeven": _l("Doorgegeven aan dienst"),
    "opgenomen": _l("Opgenomen in beleid"),
    "bovenlokaal": _l("Bovenlokaal doorgegeven"),
    "onderzoek": _l("In onderzoek"),
    "niet_weerhouden": _l("Niet weerhouden (met reden)"),
}
FOLLOW_UP_ROUTES = {
    "stuurgroep": _l("Stuurgroep"),
    "expert": _l("Expert ter zake"),
    "snelle_actie": _l("Snelle actie"),
    "sif": _l("Sociaal Innovatiefonds"),
    "geen": _l("Geen"),
}
PROGRESS_STATUSES = {
    "nog_niet_gestart": _l("Nog niet gestart"),
    "in_opvolging": _l("In opvolging"),
    "afgerond": _l("Afgerond"),
}


class CityResponse(Model):
    __tablename__ = "city_responses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bundle_item_id: Mapped[int] = mapped_column(
        ForeignKey("bundle_items.id", ondelete="CASCADE"), index=True
    )
    response_type: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    department: Mapped[str | None] = mapped_column(String(160))
    follow_up_route: Mapped[str | None] = mapped_column(String(30))
    political_status: Mapped[str | None] = mapped_column(String(160))
    progress: Mapped[str | None] = mapped_column(String(30))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    source: Mapped[str] = mapped_column(String(20), default="app")  # app, import
    export_run_id: Mapped[int | None] = mapped_column(ForeignKey("export_runs.id"))

    bundle_item: Mapped[BundleItem] = db.relationship(
        "BundleItem", back_populates="responses"
    )
    author: Mapped[User | None] = db.relationship("User")
