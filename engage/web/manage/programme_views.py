"""Programmes, their settings, organisations, groups and members."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from engage import security
from engage.models import Group, Organisation, OrganisationKind, Role
from engage.services import access, accounts, logos, programmes, stuffing, two_factor, users
from engage.services.access import Action
from engage.services.errors import FieldError
from engage.web.auth import absolute_url
from engage.web.manage import bp, form_errors_from, found_in, load_programme
from engage.web.manage.forms import (
    GroupForm,
    MemberForm,
    OrganisationForm,
    OriginalCommentsForm,
    ProgrammeForm,
    ProgrammeSettingsForm,
    TwoFactorRequirementForm,
)


@bp.get("/")
def home():
    return render_template("manage/home.html", programmes=access.programmes_for(current_user))


@bp.route("/programmes/new", methods=["GET", "POST"])
def new_programme():
    if not current_user.is_site_admin:
        abort(403)
    form = ProgrammeForm()
    if form.validate_on_submit():
        try:
            programme = programmes.create_programme(
                form.name.data, form.slug.data, form.description.data or "", current_user
            )
        except FieldError as error:
            form_errors_from(form, error)
        else:
            flash(f"{programme.name} created. Add the organisations taking part.", "success")
            return redirect(url_for("manage.programme", slug=programme.slug))
    return render_template("manage/programme_new.html", form=form), 400 if form.errors else 200


@bp.get("/p/<slug>/")
def programme(slug: str):
    item = load_programme(slug, Action.VIEW)
    can_organise = access.can(current_user, Action.ORGANISE, item)
    return render_template(
        "manage/programme.html",
        programme=item,
        can_admin=access.can(current_user, Action.ADMINISTER, item),
        can_organise=can_organise,
        flagged=stuffing.flagged_links(item) if can_organise else [],
    )


@bp.route("/p/<slug>/settings", methods=["GET", "POST"])
def programme_settings(slug: str):
    item = load_programme(slug, Action.ADMINISTER)
    form = ProgrammeSettingsForm(obj=item)
    if form.validate_on_submit():
        try:
            programmes.update_programme(
                item,
                name=form.name.data,
                description=form.description.data or "",
                min_group_size=form.min_group_size.data,
                min_comment_group_size=form.min_comment_group_size.data,
                retention_months=form.retention_months.data,
                roundtable_comment_minimum=form.roundtable_comment_minimum.data,
                controller=form.controller.data or "",
                lawful_basis=form.lawful_basis.data or "",
                privacy_contact=form.privacy_contact.data or "",
                welsh_offered=form.welsh_offered.data,
                user=current_user,
            )
        except FieldError as error:
            form_errors_from(form, error)
        else:
            flash("Settings saved.", "success")
            return redirect(url_for("manage.programme", slug=slug))
    return render_template(
        "manage/programme_settings.html",
        programme=item,
        form=form,
        two_factor_form=TwoFactorRequirementForm(required=item.require_admin_two_factor),
        originals_form=OriginalCommentsForm(allowed=item.allow_original_comments),
    ), 400 if form.errors else 200


@bp.post("/p/<slug>/settings/original-comments")
def programme_original_comments(slug: str):
    item = load_programme(slug, Action.ADMINISTER)
    form = OriginalCommentsForm()
    if form.validate_on_submit():
        programmes.set_original_comments(item, form.allowed.data, current_user)
        flash(
            "Original comments: "
            + ("programme admins may download them." if form.allowed.data else "not offered.")
        )
    return redirect(url_for("manage.programme_settings", slug=slug))


@bp.post("/p/<slug>/settings/two-factor")
def programme_two_factor(slug: str):
    item = load_programme(slug, Action.ADMINISTER)
    form = TwoFactorRequirementForm()
    if form.validate_on_submit():
        two_factor.set_required(item, form.required.data, current_user)
        flash("Second factor for admins: " + ("required." if form.required.data else "optional."))
    return redirect(url_for("manage.programme_settings", slug=slug))


def organisation_in(programme, organisation_id: int) -> Organisation:
    return found_in(programme, Organisation, organisation_id)


@bp.route("/p/<slug>/organisations/new", methods=["GET", "POST"], defaults={"org_id": None})
@bp.route("/p/<slug>/organisations/<int:org_id>/edit", methods=["GET", "POST"])
def edit_organisation(slug: str, org_id: int | None):
    item = load_programme(slug, Action.ADMINISTER)
    organisation = organisation_in(item, org_id) if org_id else None
    form = OrganisationForm(obj=organisation)
    if organisation and not form.is_submitted():
        form.kind.data = organisation.kind.value
    if form.validate_on_submit():
        try:
            upload = form.logo_upload.data.read() if form.logo_upload.data else b""
            logo = logos.checked(upload) if upload else None  # checked before anything is saved
            organisation = programmes.save_organisation(
                item, form.name.data, OrganisationKind(form.kind.data), organisation
            )
            if logo or form.remove_logo.data:
                logos.attach(organisation, logo)
        except FieldError as error:
            form_errors_from(form, error)
        else:
            flash(f"{form.name.data} saved.", "success")
            return redirect(url_for("manage.programme", slug=slug))
    return render_template(
        "manage/organisation_form.html", programme=item, form=form, organisation=organisation
    ), 400 if form.errors else 200


@bp.route(
    "/p/<slug>/organisations/<int:org_id>/groups/new",
    methods=["GET", "POST"],
    defaults={"group_id": None},
)
@bp.route(
    "/p/<slug>/organisations/<int:org_id>/groups/<int:group_id>/edit", methods=["GET", "POST"]
)
def edit_group(slug: str, org_id: int, group_id: int | None):
    item = load_programme(slug, Action.ADMINISTER)
    organisation = organisation_in(item, org_id)
    group = found_in(item, Group, group_id) if group_id else None
    if group is not None and group.organisation_id != organisation.id:
        abort(404)
    form = GroupForm(obj=group)
    form.parent.choices = [("", "No other group")] + [
        (str(other.id), "— " * depth + other.name)
        for other, depth in organisation.groups_in_tree()
        if other is not group
    ]
    if not form.is_submitted():
        form.parent.data = str(group.parent_id) if group and group.parent_id else ""
    if form.validate_on_submit():
        parent = found_in(item, Group, form.parent.data) if form.parent.data else None
        try:
            programmes.save_group(organisation, form.name.data, form.headcount.data, group, parent)
        except FieldError as error:
            form_errors_from(form, error)
        else:
            flash(f"{form.name.data} saved.", "success")
            return redirect(url_for("manage.programme", slug=slug))
    return render_template(
        "manage/group_form.html",
        programme=item,
        form=form,
        organisation=organisation,
        group=group,
    ), 400 if form.errors else 200


@bp.route("/p/<slug>/people", methods=["GET", "POST"])
def members(slug: str):
    """People join only by accepting an invitation; members' roles change here directly."""
    item = load_programme(slug, Action.ADMINISTER)
    form = MemberForm()
    if form.validate_on_submit():
        role = Role(form.role.data)
        member = users.find_by_email(form.email.data)
        try:
            if member is not None and member.role_in(item) is not None:
                users.grant_role(member, item, role, by=current_user)
                flash(f"{member.email} is now {role.label.lower()}.", "success")
            else:
                accounts.invite(
                    item, form.email.data, role, current_user, security.now(), invitation_link
                )
                flash(
                    f"We have sent an invitation to {form.email.data.strip()}. They join when "
                    "they accept it.",
                    "success",
                )
        except FieldError as error:
            form.email.errors = [str(error)]
        else:
            return redirect(url_for("manage.members", slug=slug))
    return render_template(
        "manage/members.html",
        programme=item,
        form=form,
        invitations=accounts.pending_invitations(item, security.now()),
    ), 400 if form.errors else 200


def invitation_link(token: str) -> str:
    return absolute_url("auth.accept_invitation", token=token)


@bp.post("/p/<slug>/people/<int:user_id>/remove")
def remove_member(slug: str, user_id: int):
    """Removing a role signs the person out everywhere, so it holds on their next click."""
    item = load_programme(slug, Action.ADMINISTER)
    membership = next((m for m in item.memberships if m.user_id == user_id), None)
    if membership is None:
        abort(404)
    try:
        users.remove_role(membership.user, item, current_user)
    except FieldError as error:
        flash(str(error), "error")
    else:
        flash(f"{membership.user.email} no longer has a role in {item.name}.", "success")
    return redirect(url_for("manage.members", slug=slug))
