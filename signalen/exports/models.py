"""Export runs of bundle workbooks."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from signalen.database import UTCDateTime, utcnow
from signalen.extensions import Model, db

if TYPE_CHECKING:
    from signalen.auth.models import User
    from signalen.bundles.models import Bundle


class ExportRun(Model):
    __tablename__ = "export_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bundle_id: Mapped[int] = mapped_column(ForeignKey("bundles.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    progress: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    file_name: Mapped[str | None] = mapped_column(String(255))
    token: Mapped[str] = mapped_column(String(64))  # written into the workbook
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    error: Mapped[str | None] = mapped_column(Text)
    # The worker process running it (host:pid) and how often one started it:
    # a run whose worker died is retried once, then marked failed.
    runner: Mapped[str | None] = mapped_column(String(120))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The highest CityResponse id when the workbook was written: the answers
    # in the file are the latest up to it. Reading the file back compares each
    # answer cell with that exported answer, not with the current one.
    answers_up_to: Mapped[int | None] = mapped_column(Integer)

    bundle: Mapped[Bundle] = db.relationship("Bundle")


class AnswerImport(Model):
    """An uploaded workbook of city answers, parsed and kept until confirmed.

    The parsed changes live here (server-side), so the confirm step never
    trusts anything the browser sends back except the random key.
    """

    __tablename__ = "answer_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    bundle_id: Mapped[int] = mapped_column(
        ForeignKey("bundles.id", ondelete="CASCADE"), index=True
    )
    export_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("export_runs.id", ondelete="SET NULL")
    )
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    file_name: Mapped[str] = mapped_column(String(255), default="")
    status: Mapped[str] = mapped_column(String(20), default="preview")
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    changes: Mapped[list] = mapped_column(JSON, default=list)
    errors: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    applied_count: Mapped[int] = mapped_column(Integer, default=0)

    bundle: Mapped[Bundle] = db.relationship("Bundle")
    export_run: Mapped[ExportRun | None] = db.relationship("ExportRun")
    uploaded_by: Mapped[User | None] = db.relationship("User")
