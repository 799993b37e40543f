"""A transformation programme or partnership: the unit of access and reporting."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.extensions import db
from engage.models.columns import TIMESTAMP, utcnow

if TYPE_CHECKING:
    from engage.models.organisation import Organisation
    from engage.models.survey import Survey
    from engage.models.user import Membership


class Programme(db.Model):
    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    min_group_size: Mapped[int] = mapped_column(default=5)
    min_comment_group_size: Mapped[int] = mapped_column(default=10)
    retention_months: Mapped[int] = mapped_column(default=24)
    created_at: Mapped[datetime] = mapped_column(TIMESTAMP, default=utcnow)

    organisations: Mapped[list[Organisation]] = relationship(
        back_populates="programme", order_by="Organisation.name", cascade="all, delete-orphan"
    )
    surveys: Mapped[list[Survey]] = relationship(
        back_populates="programme", order_by="Survey.id", cascade="all, delete-orphan"
    )
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="programme", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Programme {self.slug}>"
