"""Sign-in, sign-out, passwords and invitations."""

from __future__ import annotations

from flask import Blueprint, current_app, request, url_for

bp = Blueprint("auth", __name__, url_prefix="/auth")


def absolute_url(endpoint: str, **values) -> str:
    """A link for an email: on the configured public address, never the request's Host."""
    base = current_app.config["ENGAGE_PUBLIC_URL"] or request.host_url.rstrip("/")
    return base + url_for(endpoint, **values)


from engage.web.auth import (  # noqa: E402,F401
    invitation_views,
    password_views,
    sso_views,
    two_factor_views,
    views,
)
