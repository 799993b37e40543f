"""Secrets kept encrypted at rest (TOTP keys): Fernet, with a key derived from SECRET_KEY.

A copy of the database alone (a backup, a dump handed to support) then gives nobody the
keys that make second-factor codes. HKDF-SHA256 turns the app's SECRET_KEY into a key for
this one purpose, so the session-signing key is never used for encryption as it is.
Changing SECRET_KEY makes sealed secrets unreadable: people then sign in with a recovery
code (stored as hashes, unaffected) and set up their authenticator again.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PURPOSE = b"engage totp secrets v1"
PREFIX = "gAAAAA"  # every Fernet token starts so (version byte 0x80, then a timestamp)


def fernet(secret_key: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(
        secret_key.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(value: str, secret_key: str) -> str:
    return fernet(secret_key).encrypt(value.encode("utf-8")).decode("ascii")


def unseal(sealed: str, secret_key: str) -> str | None:
    """The value, or None when it was sealed under another key (or is not a token)."""
    try:
        return fernet(secret_key).decrypt(sealed.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError):
        return None


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)
