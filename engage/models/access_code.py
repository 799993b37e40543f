"""Single-use codes for small groups.

A code knows its link and whether it has been used, and on which day: nothing more. A
response never refers to the code it was sent with, so a used code says that someone
answered, never what they answered.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.extensions import db
from engage.models.columns import TIMESTAMP, utcnow

if TYPE_CHECKING:
    from engage.models.wave import Link


class AccessCode(db.Model):
    __tablename__ = "access_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("links.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(TIMESTAMP, default=utcnow)
    # The day only: a time would let a used code be matched to a response's position.
    used_on: Mapped[date | None]

    link: Mapped[Link] = relationship()

    @property
    def display_code(self) -> str:
        return f"{self.code[:5]}-{self.code[5:]}"
