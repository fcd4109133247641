"""An import of a signal list: the remembered mapping, each upload, each row."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from signalen.database import UTCDateTime, utcnow
from signalen.extensions import Model, db

if TYPE_CHECKING:
    from signalen.auth.models import User
    from signalen.organisations.models import Organisation
    from signalen.signals.models import Signal

SOURCE_MAX = 120
KEY_MAX = 64


class ImportMapping(Model):
    """The column and value choices an organisation made last time, offered again."""

    __tablename__ = "import_mappings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), unique=True
    )
    #: field name -> column header, e.g. {"title": "Onderwerp"}
    columns: Mapped[dict] = mapped_column(JSON, default=dict)
    #: "themes" / "target_groups" / "areas" -> {folded text: id or 0 (refuse)}
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ImportBatch(Model):
    """One uploaded file, from preview to applied (or discarded).

    The file itself waits in the instance folder under `key` until it is
    applied or discarded; the confirm step never trusts the browser for more
    than that random key.
    """

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_MAX), unique=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    file_name: Mapped[str] = mapped_column(String(255), default="")
    file_kind: Mapped[str] = mapped_column(String(8), default="csv")
    source: Mapped[str] = mapped_column(String(SOURCE_MAX), default="")
    # uploaded -> previewed -> running -> applied | failed | discarded
    status: Mapped[str] = mapped_column(String(20), default="uploaded")
    headers: Mapped[list] = mapped_column(JSON, default=list)
    #: the mapping the preview used, applied as is on confirmation
    columns: Mapped[dict] = mapped_column(JSON, default=dict)
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    default_theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("themes.id", ondelete="SET NULL")
    )
    #: counts and examples (row numbers and reasons only, never a row's text)
    report: Mapped[dict] = mapped_column(JSON, default=dict)
    message: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    applied_count: Mapped[int] = mapped_column(Integer, default=0)

    organisation: Mapped[Organisation] = db.relationship("Organisation")
    created_by: Mapped[User | None] = db.relationship("User")


class ImportedSignal(Model):
    """A signal that came from a list: where from, its own date, its row key.

    The key is stable per row (the old reference, or the row's text and date),
    so importing the same file again finds every row here and adds nothing.
    """

    __tablename__ = "imported_signals"
    __table_args__ = (
        UniqueConstraint("organisation_id", "row_key", name="uq_imported_signals_row"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signal_id: Mapped[int] = mapped_column(
        ForeignKey("signals.id", ondelete="CASCADE"), unique=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE")
    )
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batches.id", ondelete="SET NULL"), index=True
    )
    row_key: Mapped[str] = mapped_column(String(KEY_MAX))
    source: Mapped[str] = mapped_column(String(SOURCE_MAX))
    original_reference: Mapped[str | None] = mapped_column(String(80))
    original_date: Mapped[date | None] = mapped_column(Date)

    signal: Mapped[Signal] = db.relationship("Signal")
