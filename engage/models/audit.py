"""The audit log: who reopened a wave, made a link, issued codes or took figures away.

Rows are only ever added. They name staff and the things they acted on, never a
respondent: no response, answer, code or time of anyone's submission is referred to.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engage.domain import AuditAction
from engage.extensions import db
from engage.models.columns import TIMESTAMP, enum_column_type, utcnow


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_programme_created", "programme_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for site-level events: sign-ins, sign-outs and password changes.
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE")
    )
    # The member of staff who acted; None when Engage itself did (a link going over).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[AuditAction] = mapped_column(enum_column_type(AuditAction))
    subject: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(TIMESTAMP, default=utcnow)
