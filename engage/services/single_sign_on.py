"""Signing in with an organisation's OpenID Connect provider (Entra ID, Google Workspace).

The provider proves who someone is; Engage decides whether they may come in. Only an
existing, enabled account whose email the provider says it has verified is signed in:
nobody is ever created here (staff join through invitations, which a programme admin
sends), and an unverified email is refused, because some providers let anyone put any
address on their own account. Every answer, yes or no, is in the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping

from engage.domain import AuditAction
from engage.extensions import db
from engage.models import User
from engage.services import audit, users
from engage.services.errors import SignInRefused

NO_EMAIL = (
    "Your organisation's sign-in did not tell Engage your email address, so Engage cannot "
    "find your account. Sign in with your email address and password instead."
)
UNVERIFIED = (
    "Your organisation's sign-in did not confirm that {email} is your email address, so "
    "Engage cannot sign you in with it. Sign in with your email address and password instead."
)
NO_ACCOUNT = (
    "There is no Engage account for {email}. Engage accounts are made by invitation: ask a "
    "programme admin of your programme to invite you."
)
DISABLED = "The Engage account for {email} is disabled. Ask a programme admin if you need it."


def account_for(claims: Mapping[str, object], provider: str) -> User:
    """The account the provider's verified email names; ``SignInRefused`` otherwise."""
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email or len(email) > 254:
        refuse(None, "(no email)", provider, "no email address", NO_EMAIL)
    email = email.strip()
    # Strictly true: a missing claim, false or anything else is "not verified".
    if claims.get("email_verified") not in (True, "true"):
        refuse(None, email, provider, "email not verified", UNVERIFIED.format(email=email))
    user = users.find_by_email(email)
    if user is None:
        refuse(None, email, provider, "no account", NO_ACCOUNT.format(email=email))
    if not user.is_enabled:
        refuse(user, email, provider, "account disabled", DISABLED.format(email=email))
    audit.record(None, user, AuditAction.SIGNED_IN, user.email, f"Single sign-on: {provider}")
    db.session.commit()
    return user


def refuse(user: User | None, subject: str, provider: str, why: str, message: str) -> None:
    audit.record(
        None, user, AuditAction.SIGN_IN_FAILED, subject[:254], f"Single sign-on: {provider}: {why}"
    )
    db.session.commit()
    raise SignInRefused(message)


def record_failure(provider: str, why: str) -> None:
    """A flow that broke before anyone was named (wrong state, a refused token)."""
    audit.record(
        None, None, AuditAction.SIGN_IN_FAILED, "(unknown)", f"Single sign-on: {provider}: {why}"
    )
    db.session.commit()
