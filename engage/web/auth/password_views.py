"""Changing a password, and resetting a forgotten one by email."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required, logout_user

from engage import security
from engage.extensions import limiter
from engage.services import accounts, users
from engage.services.errors import FieldError
from engage.web.auth import absolute_url, bp
from engage.web.auth.forms import ChangePasswordForm, NewPasswordForm, ResetRequestForm
from engage.web.auth.views import email_key

SENT = (
    "If there is an account for that email address, we have sent it a link to choose a new "
    "password. The link works once, within 30 minutes."
)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            users.change_password(user, form.current.data, form.password.data)
        except FieldError as error:
            field = form.current if "current" in str(error) else form.password
            field.errors = [str(error)]
        else:
            security.sign_in(user, remember=False)  # every other session has just ended
            flash("Your password has been changed. Other devices have been signed out.", "success")
            return redirect(url_for("manage.home"))
    return render_template(
        "auth/change_password.html",
        form=form,
        forced=current_user.must_change_password,
    ), 400 if form.errors else 200


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("3 per hour", key_func=email_key, methods=["POST"], scope="email")
@limiter.limit("20 per hour", methods=["POST"], scope="client")
def request_reset():
    """Limited per email (nobody's inbox is flooded) and per client."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        accounts.request_reset(
            form.email.data,
            security.now(),
            lambda token: absolute_url("auth.reset_password", token=token),
        )
        return render_template("auth/reset_sent.html", message=SENT)
    return render_template("auth/reset_request.html", form=form), 400 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    if accounts.live_reset(token, security.now()) is None:
        return render_template("auth/link_expired.html", message=accounts.EXPIRED), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(token, form.password.data, security.now())
        except FieldError as error:
            form.password.errors = [str(error)]
        else:
            logout_user()
            security.forget_device()
            flash("Your password has been changed. Sign in with it now.", "success")
            return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset_password.html", form=form), 400 if form.errors else 200
