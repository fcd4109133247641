"""Signal counts per month, kept beside the signals so a dashboard need not
count 100,000 signals on every cold request (see aggregate.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from signalen.database import UTCDateTime
from signalen.extensions import Model


class DashboardCount(Model):
    """Submitted signals of one month (yyyymm, UTC) per `dim` and its keys.

    `dim` says what k1 and k2 are, e.g. "theme" (k1 = theme id) or "area_org"
    (k1 = area id, k2 = organisation id); an unused key is 0.
    """

    __tablename__ = "dashboard_counts"
    __table_args__ = {"sqlite_with_rowid": False}  # kept in key order

    dim: Mapped[str] = mapped_column(String(16), primary_key=True)
    k1: Mapped[int] = mapped_column(Integer, primary_key=True)
    k2: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, nullable=False)


class DashboardCountState(Model):
    """One row: the fingerprint of the signal data the counts were built from."""

    __tablename__ = "dashboard_count_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stamp: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    built_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
