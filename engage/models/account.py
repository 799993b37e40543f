"""What keeps a member of staff signed in, and the one-time links that set a password.

Only hashes of the secrets are stored (SHA-256 of 32 random bytes): a copy of the database
cannot be replayed as a cookie or a link. Deleting a user's rows ends every session and
every remembered device at once, which is how sign-out, a password change, losing a role
and a disabled account take effect on the very next request.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from engage.domain import Role
from engage.extensions import db
from engage.models.columns import TIMESTAMP, enum_column_type

HASH_LENGTH = 64  # hex SHA-256


class UserSession(db.Model):
    """One signed-in browser; the cookie carries the secret whose hash is ``token_hash``."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), unique=True)
    created_at: Mapped[datetime] = mapped_column(TIMESTAMP)
    last_seen_at: Mapped[datetime] = mapped_column(TIMESTAMP)


class RememberToken(db.Model):
    """One remembered device. Each use replaces the token; the device's expiry never moves.

    The token it replaced is kept: for a few seconds it still works (two tabs reopening at
    once), after that it is a copy being replayed, and the device is forgotten."""

    __tablename__ = "remember_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), unique=True)
    previous_hash: Mapped[str | None] = mapped_column(String(HASH_LENGTH), index=True)
    rotated_at: Mapped[datetime | None] = mapped_column(TIMESTAMP)
    created_at: Mapped[datetime] = mapped_column(TIMESTAMP)
    expires_at: Mapped[datetime] = mapped_column(TIMESTAMP)


class PasswordReset(db.Model):
    """A short-lived, single-use link sent to the account's own email address."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), unique=True)
    expires_at: Mapped[datetime] = mapped_column(TIMESTAMP)
    used_at: Mapped[datetime | None] = mapped_column(TIMESTAMP)


class Invitation(db.Model):
    """A programme admin's offer of a role; nothing is attached until the invitee accepts."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[Role] = mapped_column(enum_column_type(Role))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    token_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), unique=True)
    created_at: Mapped[datetime] = mapped_column(TIMESTAMP)
    expires_at: Mapped[datetime] = mapped_column(TIMESTAMP)
    accepted_at: Mapped[datetime | None] = mapped_column(TIMESTAMP)


class RecoveryCode(db.Model):
    """One single-use code for when the authenticator is lost; only its hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    used_at: Mapped[datetime | None] = mapped_column(TIMESTAMP)
