"""The second step of signing in, and setting up an authenticator app."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from engage import security
from engage.extensions import limiter
from engage.services import two_factor
from engage.services.errors import FieldError
from engage.web.auth import bp
from engage.web.auth.forms import CodeForm, CurrentPasswordForm, TwoFactorSetupForm
from engage.web.auth.views import failed, safe_next

SETUP_KEY = "two_factor_setup"


def pending_key() -> str:
    pending = session.get("second_factor") or ["none"]
    return f"second-factor:{pending[0]}"


@bp.route("/two-factor", methods=["GET", "POST"])
@limiter.limit(
    "5 per minute;20 per hour", key_func=pending_key, methods=["POST"], deduct_when=failed
)
def second_factor():
    pending = security.awaiting_second_factor()
    if pending is None:
        return redirect(url_for("auth.sign_in"))
    user, remember = pending
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.verify(user, form.code.data, security.now()):
            session.pop("second_factor", None)
            security.sign_in(user, remember=remember)
            return redirect(safe_next(request.args.get("next")))
        form.code.errors = [two_factor.WRONG_CODE]
    return render_template("auth/second_factor.html", form=form), 400 if form.errors else 200


@bp.route("/two-factor/setup", methods=["GET", "POST"])
@login_required
def two_factor_setup():
    """The secret waits in the signed session until the app shows a right code."""
    secret = session.get(SETUP_KEY) or two_factor.new_secret()
    session[SETUP_KEY] = secret
    form = TwoFactorSetupForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            codes = two_factor.enable(
                user, secret, form.code.data, security.now(), form.current.data
            )
        except FieldError as error:
            getattr(form, error.field or "code").errors = [str(error)]
        else:
            session.pop(SETUP_KEY, None)
            return render_template("auth/recovery_codes.html", codes=codes)
    return render_template(
        "auth/two_factor_setup.html",
        form=form,
        qr=two_factor.qr_svg(current_user, secret),
        secret=secret,
    ), 400 if form.errors else 200


@bp.route("/two-factor/off", methods=["GET", "POST"])
@login_required
def two_factor_off():
    """Turning it off asks for the password, and is refused while it is required."""
    user = current_user._get_current_object()
    form = CurrentPasswordForm()
    error = None
    if user.totp_secret and form.validate_on_submit():
        try:
            two_factor.disable(user, form.current.data)
        except FieldError as refused:
            if refused.field:
                form.current.errors = [str(refused)]
            else:
                error = str(refused)  # still required: the page says so instead of the form
        else:
            flash("The second factor is off. Your recovery codes no longer work.", "success")
            return redirect(url_for("manage.home"))
    return render_template(
        "auth/two_factor_off.html",
        form=form,
        on=bool(user.totp_secret),
        required=two_factor.required_for(user),
    ), 400 if (form.errors or error) else 200
