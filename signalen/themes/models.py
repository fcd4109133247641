"""Reference data: themes (under social rights), target groups, wijken, levels."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from signalen.database import ReferenceMixin
from signalen.extensions import Model, db


class ThemeGroup(ReferenceMixin, Model):
    """A social right or life domain that groups themes (DOMAIN.md §3.1)."""

    __tablename__ = "theme_groups"

    themes: Mapped[list[Theme]] = db.relationship(
        "Theme", back_populates="group", order_by="Theme.position"
    )


class Theme(ReferenceMixin, Model):
    __tablename__ = "themes"

    description: Mapped[str | None] = mapped_column(Text)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("theme_groups.id"))
    # A merged theme points at the theme that replaces it, so counts stay comparable.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"))

    group: Mapped[ThemeGroup | None] = db.relationship(
        "ThemeGroup", back_populates="themes"
    )
    merged_into: Mapped[Theme | None] = db.relationship("Theme", remote_side="Theme.id")


class TargetGroup(ReferenceMixin, Model):
    __tablename__ = "target_groups"


class Area(ReferenceMixin, Model):
    """One of the 25 wijken of Ghent."""

    __tablename__ = "areas"

    zone: Mapped[str | None] = mapped_column(String(80))


class GovernmentLevel(ReferenceMixin, Model):
    """Bestuursniveau: lokaal, Vlaams, federaal, Europees."""

    __tablename__ = "government_levels"
