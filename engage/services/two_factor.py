"""The optional TOTP second factor (RFC 6238, as authenticator apps use it) and recovery codes.

A code is accepted once only (the last time step used is stored) and within one step either
side of now, for clocks a little apart. Ten recovery codes are shown once when the factor is
set up; only their hashes are stored, and each works once. A programme can require the
second factor of its admins and of site admins (who can reach every programme).
"""

from __future__ import annotations

import secrets
from datetime import datetime

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, select

from engage import sealing
from engage.domain import AuditAction, Role
from engage.extensions import db
from engage.models import Membership, Programme, RecoveryCode, User
from engage.services import audit, users
from engage.services.errors import FieldError
from engage.services.sessions import digest

ISSUER = "Engage"
RECOVERY_CODES = 10
STEP_SECONDS = 30
WRONG_PASSWORD = "Your current password is not correct"  # noqa: S105 (a message)
STILL_REQUIRED = (
    "Your programme requires a second factor of its admins, so it cannot be turned off. "
    "Set up a new one instead if you have changed phone."
)
WRONG_CODE = "Enter the 6-digit code your authenticator app shows now, or a recovery code"


def new_secret() -> str:
    return pyotp.random_base32()


def qr_svg(user: User, secret: str) -> str:
    """The setup QR code as an SVG data URI: drawn here, never fetched from elsewhere."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return segno.make(uri, error="m").svg_data_uri(scale=5)


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step a code belongs to (now, or one either side), or None."""
    code = code.strip().replace(" ", "")
    if not (code.isascii() and code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    step = int(now.timestamp()) // STEP_SECONDS
    for candidate in (step, step - 1, step + 1):
        if secrets.compare_digest(totp.at(candidate * STEP_SECONDS), code):
            return candidate
    return None


def stored_secret(user: User) -> str | None:
    """The user's TOTP secret in clear, or None (none set, or sealed under an old key)."""
    if not user.totp_secret:
        return None
    return sealing.unseal(user.totp_secret, current_app.config["SECRET_KEY"])


def check_password(user: User, password: str) -> None:
    """Changing the second factor needs the password too: a session left open is not enough."""
    if not users.password_matches(user, password):
        audit.record(None, user, AuditAction.SIGN_IN_FAILED, user.email, "Wrong password")
        db.session.commit()
        raise FieldError("current", WRONG_PASSWORD)


def enable(user: User, secret: str, code: str, now: datetime, password: str) -> list[str]:
    """Turn the factor on once the app shows a right code; the recovery codes, shown once."""
    check_password(user, password)
    step = matching_step(secret, code, now)
    if step is None:
        raise FieldError("code", WRONG_CODE)
    sealed = sealing.seal(secret, current_app.config["SECRET_KEY"])
    user.totp_secret, user.totp_last_step = sealed, step
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=digest(c)) for c in codes)
    audit.record(None, user, AuditAction.TWO_FACTOR_ENABLED, user.email)
    db.session.commit()
    return codes


def verify(user: User, code: str, now: datetime) -> bool:
    """A current TOTP code not used before, or an unused recovery code; failures audited."""
    ok = False
    secret = stored_secret(user)
    step = matching_step(secret, code, now) if secret else None
    if step is not None and (user.totp_last_step is None or step > user.totp_last_step):
        user.totp_last_step = step
        ok = True
    elif step is None:
        ok = use_recovery_code(user, code, now)
    if not ok:
        audit.record(None, user, AuditAction.SIGN_IN_FAILED, user.email, "Wrong second factor")
    db.session.commit()
    return ok


def use_recovery_code(user: User, code: str, now: datetime) -> bool:
    row = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == digest(code.strip().lower()),
            RecoveryCode.used_at.is_(None),
        )
    )
    if row is None:
        return False
    row.used_at = now
    return True


def disable(user: User, password: str) -> None:
    """Turn the factor off, and its recovery codes with it; not while it is required."""
    check_password(user, password)
    if required_for(user):
        raise FieldError(STILL_REQUIRED)
    user.totp_secret, user.totp_last_step = None, None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    audit.record(None, user, AuditAction.TWO_FACTOR_DISABLED, user.email)
    db.session.commit()


def required_for(user: User) -> bool:
    """Site admins when any programme asks; a programme's admins when that programme asks."""
    query = select(Programme.id).where(Programme.require_admin_two_factor.is_(True))
    if not user.is_site_admin:
        query = query.join(Membership).where(
            Membership.user_id == user.id, Membership.role == Role.ADMIN
        )
    return db.session.scalar(query.limit(1)) is not None


def set_required(programme: Programme, required: bool, by: User) -> None:
    programme.require_admin_two_factor = required
    audit.record(
        programme,
        by,
        AuditAction.TWO_FACTOR_REQUIRED,
        programme.name,
        "Required of admins" if required else "Optional",
    )
    db.session.commit()
