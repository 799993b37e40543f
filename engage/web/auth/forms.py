"""Forms for signing in, passwords and invitations."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class SignInForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired("Enter your email address")])
    password = PasswordField("Password", validators=[DataRequired("Enter your password")])
    remember = BooleanField("Keep me signed in on this device for up to 30 days")


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        validators=[DataRequired("Enter a new password"), Length(max=128)],
    )
    confirm = PasswordField(
        "New password again",
        validators=[
            DataRequired("Enter the new password again"),
            EqualTo("password", "The two new passwords are not the same"),
        ],
    )


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password")]
    )


class ResetRequestForm(FlaskForm):
    email = EmailField(
        "Email address",
        validators=[DataRequired("Enter your email address"), Length(max=254)],
    )


class NewAccountForm(NewPasswordForm):
    display_name = StringField(
        "Your name", validators=[DataRequired("Enter your name"), Length(max=120)]
    )


class AcceptForm(FlaskForm):
    """Only the CSRF token: accepting as the signed-in account."""


class CodeForm(FlaskForm):
    code = StringField("Code", validators=[DataRequired("Enter the code"), Length(max=32)])


class CurrentPasswordForm(FlaskForm):
    """Asked before the second factor changes: an unattended open session is not enough."""

    current = PasswordField(
        "Your current password", validators=[DataRequired("Enter your current password")]
    )


class TwoFactorSetupForm(CurrentPasswordForm):
    code = StringField("Code", validators=[DataRequired("Enter the code"), Length(max=32)])
