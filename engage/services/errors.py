"""The services' one error vocabulary, beside the service interface (as Warehouse does).

A service refuses a request with ``FieldError``: a message for the person, and the form
field it is about (empty when it is about the whole request), so every view shows it the
same way beside the field. ``NotFound`` says a row is not in this programme.
"""

from __future__ import annotations


class FieldError(ValueError):
    """A message for the person, naming the field it is about ("" for the whole form)."""

    def __init__(self, field: str, message: str = "") -> None:
        if not message:  # FieldError("message") for a request-wide problem
            field, message = "", field
        super().__init__(message)
        self.field = field


class NotFound(LookupError):
    """No such row in this programme."""


class SignInRefused(PermissionError):
    """Someone proved who they are elsewhere (single sign-on) but may not come in here."""
