"""Staff accounts and their role in each programme. Respondents never have accounts."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.domain import Role
from engage.extensions import db
from engage.models.columns import TIMESTAMP, enum_column_type, utcnow

if TYPE_CHECKING:
    from engage.models.programme import Programme


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    # Site admins create programmes and see all of them; everyone else works through roles.
    is_site_admin: Mapped[bool] = mapped_column(default=False)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    # Set when someone else chose the password: the first sign-in asks for a new one.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # TOTP second factor: the base32 secret once confirmed, sealed (engage.sealing), and the
    # last time step used (a code is accepted once only).
    totp_secret: Mapped[str | None] = mapped_column(String(255))
    totp_last_step: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(TIMESTAMP, default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in to disabled accounts
        return self.is_enabled

    def role_in(self, programme: Programme) -> Role | None:
        for membership in self.memberships:
            if membership.programme_id == programme.id:
                return membership.role
        return None

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "programme_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(enum_column_type(Role))

    user: Mapped[User] = relationship(back_populates="memberships")
    programme: Mapped[Programme] = relationship(back_populates="memberships")
