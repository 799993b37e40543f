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


DEFAULT_LAWFUL_BASIS = (
    "Public task: the councils need staff views to run and improve their services and the "
    "partnership (UK GDPR Article 6(1)(e))."
)


class Programme(db.Model):
    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    min_group_size: Mapped[int] = mapped_column(default=5)
    min_comment_group_size: Mapped[int] = mapped_column(default=10)
    # A roundtable is reported for the session only; its quotes need this many people.
    roundtable_comment_minimum: Mapped[int] = mapped_column(default=5)
    retention_months: Mapped[int] = mapped_column(default=24)
    # The privacy notice every survey page links to (UK GDPR Articles 13 and 14).
    controller: Mapped[str] = mapped_column(String(300), default="")
    lawful_basis: Mapped[str] = mapped_column(Text, default=DEFAULT_LAWFUL_BASIS)
    privacy_contact: Mapped[str] = mapped_column(String(300), default="")
    # Site admins and this programme's admins must sign in with a second factor.
    require_admin_two_factor: Mapped[bool] = mapped_column(default=False)
    # Off by default: programme admins may then download what respondents typed, before
    # redaction, in the raw export (every such download is in the audit log).
    allow_original_comments: Mapped[bool] = mapped_column(default=False)
    # Respondent pages, the notice and the thank-you page may be read in Welsh too.
    welsh_offered: Mapped[bool] = mapped_column(default=False)
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
