"""Sign-in wiring and the headers every response carries.

Flask-Login keeps the user's id in the (signed) session cookie; Engage adds the secret of
a server-side session (``services.sessions``), and the user loader accepts the cookie only
while that session lives. Flask-Login's own remember cookie (``id|HMAC(id)``, the same on
every device and impossible to revoke) is never set: remember-me is a per-device token,
read by the request loader and replaced on every use.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Flask, Response, current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user, login_user
from werkzeug.middleware.proxy_fix import ProxyFix

from engage.extensions import login_manager
from engage.models import User
from engage.services import sessions, two_factor, users

# No inline script or style anywhere: a comment that slips past escaping still cannot run.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SESSION_KEY = "engage_sid"
# Where someone who must change their password may still go.
OPEN_WHILE_CHANGING = {
    "auth.change_password",
    "auth.sign_out",
    "auth.two_factor_setup",
    "static",
}
SECOND_FACTOR_MINUTES = 5


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)
    login_manager.request_loader(load_remembered_user)
    app.before_request(require_password_change)
    app.after_request(write_remember_cookie)
    app.after_request(add_security_headers)
    hops = app.config["ENGAGE_PROXY_HOPS"]
    if hops:
        # Behind a load balancer: the client's address (for sign-in limits) and HTTPS.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def now() -> datetime:
    return current_app.config["ENGAGE_CLOCK"]()


def limits() -> sessions.Limits:
    config = current_app.config
    return sessions.Limits(
        idle=timedelta(minutes=config["ENGAGE_SESSION_IDLE_MINUTES"]),
        absolute=timedelta(hours=config["ENGAGE_SESSION_MAX_HOURS"]),
        remember=timedelta(days=config["ENGAGE_REMEMBER_DAYS"]),
    )


def load_user(user_id: str) -> User | None:
    if not (user_id.isascii() and user_id.isdigit()) or len(user_id) > 18:
        return None
    return sessions.resume(session.get(SESSION_KEY), int(user_id), now(), limits())


def sign_in(user: User, remember: bool) -> None:
    """Start a fresh session (never carry one over from before sign-in) and, if asked,
    remember this device."""
    fresh_session(user)
    if remember and not two_factor.required_for(user):
        g.remember_token = sessions.remember(user, now(), limits())


def fresh_session(user: User) -> None:
    """Nothing from before survives but the CSRF secret (so an open form still posts): the
    server-side session that makes the cookie valid is new."""
    csrf = session.get("csrf_token")
    session.clear()
    if csrf:
        session["csrf_token"] = csrf
    session[SESSION_KEY] = sessions.start(user, now())
    login_user(user)


def load_remembered_user(_request) -> User | None:
    """A remembered device signs in again: a new session, and the device's next token.

    Not for someone who must use a second factor (their programme asks it of admins): a
    remembered device would let a stolen laptop skip it for 30 days, so they sign in again
    with password and code. Others chose their second factor; the device they remembered
    had passed it."""
    found = sessions.use_remembered(remember_cookie(), now())
    if found is not None and two_factor.required_for(found[0]):
        sessions.forget_all_devices(found[0])
        found = None
    if found is None:
        if remember_cookie():
            g.remember_token = ""  # unknown or ended: clear it
        return None
    user, fresh = found
    if fresh is not None:
        g.remember_token = fresh
    fresh_session(user)
    return user


def remember_cookie() -> str | None:
    return request.cookies.get(current_app.config["ENGAGE_REMEMBER_COOKIE_NAME"])


def forget_device() -> None:
    g.remember_token = ""


def write_remember_cookie(response: Response) -> Response:
    token = g.pop("remember_token", None)
    if token is None:
        return response
    config = current_app.config
    name = config["ENGAGE_REMEMBER_COOKIE_NAME"]
    if token == "":
        response.delete_cookie(
            name, path="/", secure=config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax"
        )
        return response
    response.set_cookie(
        name,
        token,
        max_age=int(limits().remember.total_seconds()),
        path="/",
        secure=config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response


def require_password_change():
    """Someone whose password another person chose changes it before doing anything else;
    an admin whose programme requires a second factor sets one up first."""
    if request.endpoint in OPEN_WHILE_CHANGING or not current_user.is_authenticated:
        return None
    if current_user.must_change_password:
        flash("Choose a new password before you go on.", "info")
        return redirect(url_for("auth.change_password"))
    if not current_user.totp_secret and two_factor.required_for(current_user):
        flash("Your programme asks admins to sign in with a second factor. Set it up.", "info")
        return redirect(url_for("auth.two_factor_setup"))
    return None


def await_second_factor(user: User, remember: bool) -> None:
    """Password right: hold the sign-in for a few minutes until the code comes."""
    csrf = session.get("csrf_token")
    session.clear()
    if csrf:
        session["csrf_token"] = csrf
    until = now() + timedelta(minutes=SECOND_FACTOR_MINUTES)
    session["second_factor"] = [user.id, until.timestamp(), bool(remember)]


def awaiting_second_factor() -> tuple[User, bool] | None:
    pending = session.get("second_factor")
    if not pending or now().timestamp() > pending[1]:
        return None
    user = users.by_id(pending[0])
    return (user, pending[2]) if user is not None and user.is_enabled else None


def add_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers.setdefault("Cache-Control", "no-store")
    if current_app.config.get("ENGAGE_ENV") == "production":
        # Served over HTTPS in production: browsers must never fall back to plain HTTP.
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return response
