"""Staff accounts: creating them, checking passwords, granting and removing roles."""

from __future__ import annotations

import secrets
from functools import cache

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from engage import passwords
from engage.domain import AuditAction
from engage.extensions import db
from engage.models import Membership, Programme, Role, User
from engage.services import audit, sessions
from engage.services.errors import FieldError

MIN_PASSWORD_LENGTH = passwords.MIN_LENGTH
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.org"


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def by_id(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def normal_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise FieldError(EMAIL_FORMAT)
    return email


def new_user(email: str, display_name: str, password: str, *, site_admin: bool = False) -> User:
    """An account added to the session, its password checked; the caller commits."""
    email = normal_email(email)
    problem = passwords.problem(password, email)
    if problem:
        raise FieldError(problem)
    if find_by_email(email):
        raise FieldError(f"There is already an account for {email}")
    user = User(
        email=email,
        display_name=display_name.strip() or email,
        password_hash=generate_password_hash(password),
        is_site_admin=site_admin,
    )
    db.session.add(user)
    return user


def create_user(
    email: str,
    display_name: str,
    password: str,
    *,
    site_admin: bool = False,
    must_change_password: bool = False,
) -> User:
    user = new_user(email, display_name, password, site_admin=site_admin)
    user.must_change_password = must_change_password
    db.session.commit()
    return user


@cache
def dummy_hash() -> str:
    """A hash of nothing anyone knows, checked against when no account matches."""
    return generate_password_hash(secrets.token_hex(16))


def authenticate(email: str, password: str) -> User | None:
    """The account, or None; either way one password hash is checked and one event logged,
    so neither the time taken nor the answer tells whether the email has an account."""
    user = find_by_email(email)
    usable = user is not None and user.is_enabled
    matched = check_password_hash(user.password_hash if usable else dummy_hash(), password)
    if usable and matched:
        audit.record(None, user, AuditAction.SIGNED_IN, user.email)
    else:
        audit.record(None, user, AuditAction.SIGN_IN_FAILED, email.strip()[:254])
    db.session.commit()
    return user if usable and matched else None


def set_password(user: User, password: str) -> None:
    """Check and store a new password; the caller ends sessions and commits."""
    problem = passwords.problem(password, user.email)
    if problem:
        raise FieldError(problem)
    if check_password_hash(user.password_hash, password):
        raise FieldError("Choose a password different from the one you have now")
    user.password_hash = generate_password_hash(password)
    user.must_change_password = False


def password_matches(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


def change_password(user: User, current: str, new: str) -> None:
    """A new password ends every session and remembered device; the caller starts one."""
    if not check_password_hash(user.password_hash, current):
        raise FieldError("Your current password is not correct")
    set_password(user, new)
    sessions.end_all(user)
    audit.record(None, user, AuditAction.PASSWORD_CHANGED, user.email)
    db.session.commit()


def membership_of(user: User, programme: Programme) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id, Membership.programme_id == programme.id
        )
    )


def grant_role(
    user: User, programme: Programme, role: Role, by: User | None = None, commit: bool = True
) -> Membership:
    membership = membership_of(user, programme)
    if membership is None:
        membership = Membership(user=user, programme=programme, role=role)
        db.session.add(membership)
    else:
        membership.role = role
    audit.record(programme, by, AuditAction.ROLE_GRANTED, user.email, f"Role: {role.label}")
    if commit:
        db.session.commit()
    return membership


def remove_role(user: User, programme: Programme, by: User | None) -> None:
    """Take a person off a programme and end their sessions, so it holds at once."""
    membership = membership_of(user, programme)
    if membership is None:
        return
    admins = [m for m in programme.memberships if m.role == Role.ADMIN]
    if membership.role == Role.ADMIN and len(admins) == 1:
        raise FieldError("A programme needs at least one programme admin; make another first")
    db.session.delete(membership)
    sessions.end_all(user)
    audit.record(
        programme, by, AuditAction.ROLE_REMOVED, user.email, f"Was: {membership.role.label}"
    )
    db.session.commit()


def disable(user: User, by: User | None) -> None:
    """A disabled account cannot sign in, and every session it had ends now."""
    user.is_enabled = False
    sessions.end_all(user)
    audit.record(None, by, AuditAction.ACCOUNT_DISABLED, user.email)
    db.session.commit()
