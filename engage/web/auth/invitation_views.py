"""Accepting an invitation to a programme: as a new account, or as the one it was sent to."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from engage import security
from engage.services import accounts
from engage.services.errors import FieldError
from engage.web.auth import bp
from engage.web.auth.forms import AcceptForm, NewAccountForm


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    invitation = accounts.live_invitation(token, security.now())
    if invitation is None:
        return render_template("auth/link_expired.html", message=accounts.EXPIRED), 404
    if accounts.invitation_has_account(invitation):
        return accept_existing(token, invitation)
    form = NewAccountForm()
    if form.validate_on_submit():
        try:
            user = accounts.accept_as_new(
                token, form.display_name.data, form.password.data, security.now()
            )
        except FieldError as error:
            form.password.errors = [str(error)]
        else:
            security.sign_in(user, remember=False)
            flash(f"Welcome to {invitation_programme_name(invitation)}.", "success")
            return redirect(url_for("manage.home"))
    return render_template(
        "auth/invitation_new.html",
        form=form,
        invitation=invitation,
        programme_name=invitation_programme_name(invitation),
    ), 400 if form.errors else 200


def accept_existing(token: str, invitation):
    """Nothing is attached until the account's owner, signed in, says yes."""
    if not current_user.is_authenticated:
        flash("Sign in to accept the invitation.", "info")
        return redirect(url_for("auth.sign_in", next=request.path))
    form = AcceptForm()
    error = None
    if form.validate_on_submit():
        try:
            accounts.accept_as(token, current_user._get_current_object(), security.now())
        except FieldError as refused:
            error = str(refused)
        else:
            flash(f"You have joined {invitation_programme_name(invitation)}.", "success")
            return redirect(url_for("manage.home"))
    return render_template(
        "auth/invitation_existing.html",
        form=form,
        invitation=invitation,
        programme_name=invitation_programme_name(invitation),
        page_errors=[("accept", error)] if error else [],
    ), 400 if error else 200


def invitation_programme_name(invitation) -> str:
    return accounts.programme_of(invitation).name
