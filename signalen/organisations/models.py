"""Organisations that give signals (and the city services that answer)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from signalen.database import ReferenceMixin, UTCDateTime, utcnow
from signalen.extensions import Model, db


class OrganisationKind(ReferenceMixin, Model):
    __tablename__ = "organisation_kinds"


class Organisation(Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    kind_id: Mapped[int | None] = mapped_column(ForeignKey("organisation_kinds.id"))
    # Some partners give signals but do not want to be named toward the city.
    anonymous_to_city: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    kind: Mapped[OrganisationKind | None] = db.relationship("OrganisationKind")

    def __str__(self) -> str:
        return self.name
