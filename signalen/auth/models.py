"""Accounts and login attempts."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from signalen.database import UTCDateTime, utcnow
from signalen.extensions import Model, db
from signalen.permissions import Role

if TYPE_CHECKING:
    from signalen.organisations.models import Organisation


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        db.Enum(
            Role,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Changing it logs out every session of this user (password change, deactivation).
    session_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Moves whenever the menu badge of this user may change (news on an own
    # signal, a signal read, a signal deleted): each web process keeps the
    # count per version (notifications.models, notifications.services).
    news_version: Mapped[int] = mapped_column(
        Integer, nullable=False, default=0, server_default="0"
    )

    organisation: Mapped[Organisation] = db.relationship("Organisation", lazy="joined")

    @property
    def is_active(self) -> bool:
        return self.active and self.organisation.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def __str__(self) -> str:
        return self.display_name


class LoginAttempt(Model):
    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    ip: Mapped[str | None] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    success: Mapped[bool] = mapped_column(Boolean, default=False)
