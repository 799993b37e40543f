"""Staff accounts: creating them, checking passwords, granting roles."""

from __future__ import annotations

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from engage.extensions import db
from engage.models import Membership, Programme, Role, User
from engage.services.errors import FieldError

MIN_PASSWORD_LENGTH = 12


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(email: str, display_name: str, password: str, *, site_admin: bool = False) -> User:
    email = email.strip().lower()
    if "@" not in email:
        raise FieldError("Enter an email address in the correct format, like name@example.org")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise FieldError(f"Password must be {MIN_PASSWORD_LENGTH} characters or more")
    if find_by_email(email):
        raise FieldError(f"There is already an account for {email}")
    user = User(
        email=email,
        display_name=display_name.strip() or email,
        password_hash=generate_password_hash(password),
        is_site_admin=site_admin,
    )
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_by_email(email)
    if user is None or not user.is_enabled:
        # Hash anyway so that a missing account takes as long as a wrong password.
        check_password_hash(generate_password_hash("x"), password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def grant_role(user: User, programme: Programme, role: Role) -> Membership:
    membership = db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id, Membership.programme_id == programme.id
        )
    )
    if membership is None:
        membership = Membership(user=user, programme=programme, role=role)
        db.session.add(membership)
    else:
        membership.role = role
    db.session.commit()
    return membership
