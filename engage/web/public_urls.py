"""The addresses respondents are given: survey links, personal-code links, QR posters.

A request's Host header is whatever the sender typed, so a link built from it could send
respondents (and a printed poster) to someone else's server. With ``ENGAGE_PUBLIC_URL`` set
(production refuses to start without it) that address is used and the request's host never
is. Without it, in development, the request's host is used only when it is this machine's
loopback address; anything else stops with a page saying which setting is missing.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from flask import current_app, request, url_for
from werkzeug.exceptions import HTTPException

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


class PublicAddressMissing(HTTPException):
    code = 503
    name = "Survey links need a public address"
    description = (
        "This server was reached by a name other than 127.0.0.1 or localhost, and "
        "ENGAGE_PUBLIC_URL is not set, so Engage cannot tell which address respondents use. "
        "Set ENGAGE_PUBLIC_URL (for example https://engage.council.gov.uk) and restart."
    )


def is_loopback(host: str) -> bool:
    """``host`` as in a Host header or a bind address (a name or address, maybe a port)."""
    try:
        bare_ipv6 = host.count(":") > 1 and not host.startswith("[")
        name = host if bare_ipv6 else urlsplit("//" + host).hostname or ""
    except ValueError:  # an unclosed bracket, a port that is not a number
        return False
    if name.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def public_base() -> str:
    """The configured base address, or this machine's own loopback address in development."""
    configured = current_app.config.get("ENGAGE_PUBLIC_URL", "")
    if configured:
        return configured
    if is_loopback(request.host):
        return request.host_url.rstrip("/")
    raise PublicAddressMissing()


def public_url(link) -> str:
    """The address respondents open for a link (or anything with its ``code``)."""
    return public_base() + url_for("respond.survey", code=link.code)


def standing_url(standing) -> str:
    """The address of a standing link: it opens whichever wave of its survey is open."""
    return public_base() + url_for("respond.standing", code=standing.code)


def code_url(code: str) -> str:
    """The address a single-use code's slip and mail merge give."""
    return public_base() + url_for("respond.personal", code=code)


def entry_url() -> str:
    """The page where people type a code read off a screen or a poster."""
    return public_base() + url_for("respond.enter_code")
