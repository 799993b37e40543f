"""Staff sign-in and sign-out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired

from engage.services import users

bp = Blueprint("auth", __name__, url_prefix="/auth")


class SignInForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired("Enter your email address")])
    password = PasswordField("Password", validators=[DataRequired("Enter your password")])
    remember = BooleanField("Keep me signed in on this device")


def safe_next(target: str | None) -> str:
    """Only same-site paths: ``//evil.example`` and ``/\\evil.example`` are refused."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return url_for("manage.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return url_for("manage.home")
    return target


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        user = users.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")))
        form.email.errors.append("Enter a correct email address and password")
    return render_template("auth/sign_in.html", form=form), 400 if form.errors else 200


@bp.post("/sign-out")
@login_required
def sign_out():
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.sign_in"))
