"""Password resets and invitations: one-time links sent by email.

Asking for a reset, or inviting someone, looks and takes the same whether or not the email
has an account: the mail goes out from a background job, and the answer is always "if
there is an account, we have sent a link". A link is single-use and expires (reset: 30
minutes; invitation: 7 days). An invitation attaches nobody until its invitee accepts it:
as a new account, with a password they choose, or signed in to the account it was sent to.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select, update

from engage.domain import AuditAction, Role
from engage.extensions import db
from engage.models import Invitation, PasswordReset, Programme, User
from engage.services import audit, mail, sessions, users
from engage.services.errors import FieldError
from engage.services.sessions import aware, digest

RESET_LIFETIME = timedelta(minutes=30)
INVITATION_LIFETIME = timedelta(days=7)
EXPIRED = "This link has expired or has already been used. Ask for a new one."

LinkMaker = Callable[[str], str]


def request_reset(email: str, now: datetime, link_for: LinkMaker) -> None:
    """Send a reset link if the email has an enabled account; say nothing either way."""
    token = secrets.token_urlsafe(32)
    user = users.find_by_email(email)
    if user is None or not user.is_enabled:
        return
    db.session.add(
        PasswordReset(user_id=user.id, token_hash=digest(token), expires_at=now + RESET_LIFETIME)
    )
    db.session.commit()
    minutes = int(RESET_LIFETIME.total_seconds() // 60)
    mail.send(
        user.email,
        "Reset your Engage password",
        f"Someone asked to reset the password of your Engage account.\n\n"
        f"To choose a new password, open this link within {minutes} minutes:\n"
        f"{link_for(token)}\n\nIf it was not you, ignore this email: nothing has changed.\n",
    )


def live_reset(token: str, now: datetime) -> PasswordReset | None:
    row = db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == digest(token)))
    if row is None or row.used_at is not None or now >= aware(row.expires_at):
        return None
    return row


def reset_password(token: str, password: str, now: datetime) -> User:
    """Use a reset link once: every other link, session and remembered device ends too."""
    row = live_reset(token, now)
    if row is None:
        raise FieldError(EXPIRED)
    user = db.session.get(User, row.user_id)
    users.set_password(user, password)
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    sessions.end_all(user)
    audit.record(None, user, AuditAction.PASSWORD_RESET, user.email)
    db.session.commit()
    return user


def invite(
    programme: Programme, email: str, role: Role, by: User, now: datetime, link_for: LinkMaker
) -> None:
    """Email an offer of ``role``; the same whether or not ``email`` has an account."""
    email = users.normal_email(email)
    token = secrets.token_urlsafe(32)
    db.session.add(
        Invitation(
            programme_id=programme.id,
            email=email,
            role=role,
            invited_by_id=by.id,
            token_hash=digest(token),
            created_at=now,
            expires_at=now + INVITATION_LIFETIME,
        )
    )
    audit.record(programme, by, AuditAction.INVITATION_SENT, email, f"Role: {role.label}")
    db.session.commit()
    mail.send(
        email,
        f"You are invited to {programme.name} on Engage",
        f"{by.display_name} invites you to {programme.name} on Engage as "
        f"{role.label.lower()}.\n\nTo accept, open this link within "
        f"{INVITATION_LIFETIME.days} days:\n{link_for(token)}\n\n"
        "If you were not expecting this, ignore this email: nothing happens until you accept.\n",
    )


def pending_invitations(programme: Programme, now: datetime) -> list[Invitation]:
    query = (
        select(Invitation)
        .where(Invitation.programme_id == programme.id, Invitation.accepted_at.is_(None))
        .order_by(Invitation.created_at.desc())
    )
    return [row for row in db.session.scalars(query) if now < aware(row.expires_at)]


def live_invitation(token: str, now: datetime) -> Invitation | None:
    row = db.session.scalar(select(Invitation).where(Invitation.token_hash == digest(token)))
    if row is None or row.accepted_at is not None or now >= aware(row.expires_at):
        return None
    return row


def invitation_has_account(invitation: Invitation) -> bool:
    """Told only to whoever holds the link, that is the invitee."""
    return users.find_by_email(invitation.email) is not None


def accept_as_new(token: str, name: str, password: str, now: datetime) -> User:
    invitation = live_invitation(token, now)
    if invitation is None:
        raise FieldError(EXPIRED)
    user = users.new_user(invitation.email, name, password)
    return accepted(invitation, user, now)


def accept_as(token: str, user: User, now: datetime) -> User:
    invitation = live_invitation(token, now)
    if invitation is None:
        raise FieldError(EXPIRED)
    if invitation.email.lower() != user.email.lower():
        raise FieldError(
            "This invitation was sent to another email address: sign out, then open the "
            "link again and sign in with that address"
        )
    return accepted(invitation, user, now)


def accepted(invitation: Invitation, user: User, now: datetime) -> User:
    programme = db.session.get(Programme, invitation.programme_id)
    db.session.flush()
    users.grant_role(user, programme, invitation.role, by=user, commit=False)
    invitation.accepted_at = now
    audit.record(
        programme, user, AuditAction.INVITATION_ACCEPTED, user.email, invitation.role.label
    )
    db.session.commit()
    return user


def programme_of(invitation: Invitation) -> Programme:
    return db.session.get(Programme, invitation.programme_id)
