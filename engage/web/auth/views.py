"""Staff sign-in and sign-out, limited per account and per client."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, logout_user

from engage import security
from engage.extensions import limiter
from engage.services import sessions, users
from engage.web.auth import bp
from engage.web.auth.forms import ResetRequestForm, SignInForm

WRONG = "Enter a correct email address and password"


def safe_next(target: str | None) -> str:
    """Only same-site paths: ``//evil.example`` and ``/\\evil.example`` are refused."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return url_for("manage.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return url_for("manage.home")
    return target


def account_key() -> str:
    """The account being tried, known or not: unknown emails are limited the same way."""
    return "sign-in-account:" + request.form.get("email", "").strip().lower()[:254]


def email_key() -> str:
    return "reset:" + request.form.get("email", "").strip().lower()[:254]


@bp.context_processor
def single_sign_on_button() -> dict:
    """The sign-in page's second button, when a provider is configured."""
    on = "engage_sso" in current_app.extensions
    return {"sso_label": current_app.config["ENGAGE_OIDC_BUTTON_LABEL"] if on else ""}


def failed(response) -> bool:
    """Only failures count: a successful sign-in redirects."""
    return response.status_code != 302


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["ENGAGE_SIGN_IN_LIMITS_ACCOUNT"],
    key_func=account_key,
    methods=["POST"],
    deduct_when=failed,
    scope="account",
)
@limiter.limit(
    lambda: current_app.config["ENGAGE_SIGN_IN_LIMITS_CLIENT"],
    methods=["POST"],
    deduct_when=failed,
    scope="client",
)
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        user = users.authenticate(form.email.data, form.password.data)
        if user is not None and user.totp_secret:
            security.await_second_factor(user, remember=form.remember.data)
            return redirect(url_for("auth.second_factor", next=request.args.get("next")))
        if user is not None:
            security.sign_in(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")))
        form.email.errors.append(WRONG)
    return render_template("auth/sign_in.html", form=form), 400 if form.errors else 200


@bp.errorhandler(429)
def too_many_attempts(_error):
    """Say how long to wait, the same for every email, and offer the way round it."""
    limit = limiter.current_limit
    wait = max(1, round((limit.reset_at - time.time()) / 60)) if limit else 1
    message = f"Too many attempts. Wait {wait} minute{'s' if wait != 1 else ''}, then try again"
    if request.endpoint == "auth.request_reset":
        form = ResetRequestForm()
        form.email.errors = [message]
        return render_template("auth/reset_request.html", form=form), 429
    form = SignInForm()
    form.email.errors = [f"{message}, or reset your password"]
    # Flask-Limiter adds Retry-After (in seconds) to this response.
    return render_template("auth/sign_in.html", form=form), 429


@bp.post("/sign-out")
@login_required
def sign_out():
    sessions.sign_out(current_user._get_current_object())
    logout_user()
    security.forget_device()
    flash("You have signed out on every device.", "success")
    return redirect(url_for("auth.sign_in"))
