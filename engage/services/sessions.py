"""Sessions and remembered devices kept on the server, so that they can be ended.

The browser holds only random secrets; the database holds their SHA-256. A session dies
after ``idle`` without a request or ``absolute`` after sign-in, whichever comes first. A
remembered device gets a new token on every use (a copied cookie works once at most) and is
forgotten ``remember`` after the password sign-in that made it, however often it is used.
Every function takes ``now`` so that tests can move the clock instead of sleeping.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select

from engage.domain import AuditAction
from engage.extensions import db
from engage.models import RememberToken, User, UserSession
from engage.services import audit

# Writing last_seen_at on every request would make every page a write; a minute is plenty
# against a 30-minute idle limit.
TOUCH_EVERY = timedelta(minutes=1)
# How long a replaced remember-me token still works: requests already on their way.
ROTATION_GRACE = timedelta(seconds=30)


@dataclass(frozen=True)
class Limits:
    idle: timedelta
    absolute: timedelta
    remember: timedelta


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def start(user: User, now: datetime) -> str:
    """A new session after a sign-in; the caller puts the returned secret in the cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(user_id=user.id, token_hash=digest(token), created_at=now, last_seen_at=now)
    )
    db.session.commit()
    return token


def resume(token: str | None, user_id: int, now: datetime, limits: Limits) -> User | None:
    """The user of a live session, or None when it was ended, timed out or is not theirs."""
    if not token:
        return None
    row = db.session.scalar(select(UserSession).where(UserSession.token_hash == digest(token)))
    if row is None or row.user_id != user_id:
        return None
    idle = now - aware(row.last_seen_at) > limits.idle
    if idle or now - aware(row.created_at) > limits.absolute:
        db.session.delete(row)
        db.session.commit()
        return None
    user = db.session.get(User, row.user_id)
    if user is None or not user.is_enabled:
        return None
    if now - aware(row.last_seen_at) > TOUCH_EVERY:
        row.last_seen_at = now
        db.session.commit()
    return user


def end_all(user: User) -> None:
    """End every session and remembered device of ``user``; the caller commits."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    db.session.execute(delete(RememberToken).where(RememberToken.user_id == user.id))


def sign_out(user: User) -> None:
    """Signing out anywhere signs out everywhere: a forgotten shared computer is closed too."""
    end_all(user)
    audit.record(None, user, AuditAction.SIGNED_OUT, user.email)
    db.session.commit()


def remember(user: User, now: datetime, limits: Limits) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(
        RememberToken(
            user_id=user.id,
            token_hash=digest(token),
            created_at=now,
            expires_at=now + limits.remember,
        )
    )
    db.session.commit()
    return token


def use_remembered(token: str | None, now: datetime) -> tuple[User, str | None] | None:
    """The remembered user and the device's next token (None: keep the cookie as it is);
    None if the token is unknown, ended, expired or a replayed copy."""
    if not token:
        return None
    hashed = digest(token)
    row = db.session.scalar(select(RememberToken).where(RememberToken.token_hash == hashed))
    replayed = None
    if row is None:
        replayed = db.session.scalar(
            select(RememberToken).where(RememberToken.previous_hash == hashed)
        )
        if replayed is None:
            return None
    current = row or replayed
    user = db.session.get(User, current.user_id)
    late = replayed is not None and now - aware(replayed.rotated_at) > ROTATION_GRACE
    if late or now >= aware(current.expires_at) or user is None or not user.is_enabled:
        db.session.delete(current)  # a stale copy in use: someone else holds the device
        db.session.commit()
        return None
    if replayed is not None:
        return user, None  # the other tab's request already has the new token
    fresh = secrets.token_urlsafe(32)
    row.previous_hash, row.token_hash, row.rotated_at = hashed, digest(fresh), now
    db.session.commit()
    return user, fresh


def forget_all_devices(user: User) -> None:
    db.session.execute(delete(RememberToken).where(RememberToken.user_id == user.id))
    db.session.commit()


def forget(token: str | None) -> None:
    if token:
        db.session.execute(delete(RememberToken).where(RememberToken.token_hash == digest(token)))
        db.session.commit()
