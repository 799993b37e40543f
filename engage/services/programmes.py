"""Programmes, their organisations and groups."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from engage.domain import MIN_GROUP_FLOOR, AuditAction, WaveStatus
from engage.extensions import db
from engage.group_lines import LEVELS
from engage.models import (
    Group,
    Membership,
    Organisation,
    OrganisationKind,
    Programme,
    Response,
    Role,
    User,
    Wave,
)
from engage.services import analysis, audit
from engage.services.errors import FieldError

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


def set_original_comments(programme: Programme, allowed: bool, by) -> None:
    """Whether programme admins may download comments as typed, before redaction, in the
    raw responses export. Off by default; every change is in the audit log."""
    if programme.allow_original_comments != allowed:
        audit.record(
            programme,
            by,
            AuditAction.ORIGINAL_COMMENTS,
            programme.name,
            "Allowed for programme admins" if allowed else "Not allowed (redacted only)",
        )
    programme.allow_original_comments = allowed
    db.session.commit()


def by_slug(slug: str) -> Programme | None:
    return db.session.scalar(select(Programme).where(Programme.slug == slug))


def every() -> list[Programme]:
    """All programmes, for work done for each of them (drawing their dashboards ahead)."""
    return list(db.session.scalars(select(Programme).order_by(Programme.id)))


def create_programme(name: str, slug: str, description: str, creator: User) -> Programme:
    slug = slug.strip().lower()
    if not SLUG_PATTERN.match(slug):
        raise FieldError("slug", "Short name must use only lower-case letters, numbers and hyphens")
    if by_slug(slug):
        raise FieldError("slug", f"A programme with the short name '{slug}' already exists")
    programme = Programme(name=name.strip(), slug=slug, description=description.strip())
    db.session.add(programme)
    db.session.add(Membership(user=creator, programme=programme, role=Role.ADMIN))
    db.session.flush()
    analysis.seed_codebook(programme)
    db.session.commit()
    return programme


def has_answers(programme: Programme) -> bool:
    query = (
        select(Response.id)
        .join(Wave, Wave.id == Response.wave_id)
        .where(Wave.survey_id.in_([survey.id for survey in programme.surveys]))
        .limit(1)
    )
    return db.session.scalar(query) is not None


def check_roundtable_minimum(programme: Programme, value: int | None) -> int:
    """The roundtable comment minimum asked for (None: the form did not offer it), never
    below the floor: a room of two could tell who wrote what."""
    if value is None:
        return programme.roundtable_comment_minimum
    if value < MIN_GROUP_FLOOR:
        raise FieldError(
            "roundtable_comment_minimum",
            f"The minimum for roundtable comments must be {MIN_GROUP_FLOOR} or more",
        )
    return value


def update_programme(
    programme: Programme,
    *,
    name: str,
    description: str,
    min_group_size: int,
    min_comment_group_size: int,
    retention_months: int,
    roundtable_comment_minimum: int | None = None,
    controller: str | None = None,
    lawful_basis: str | None = None,
    privacy_contact: str | None = None,
    welsh_offered: bool | None = None,
    user: User | None = None,
) -> Programme:
    """``user`` is who changed it, for the audit log (None: the command line or a test)."""
    if min_group_size < MIN_GROUP_FLOOR:
        raise FieldError("min_group_size", f"Minimum group size must be {MIN_GROUP_FLOOR} or more")
    roundtable = check_roundtable_minimum(programme, roundtable_comment_minimum)
    lowering = (
        min_group_size < programme.min_group_size
        or min_comment_group_size < programme.min_comment_group_size
        or roundtable < programme.roundtable_comment_minimum
    )
    if lowering and has_answers(programme):
        # Lowering a threshold after seeing answers would expose groups people were promised
        # would stay hidden.
        raise FieldError(
            "min_group_size",
            "Thresholds cannot be lowered once the programme has answers; they can be raised",
        )
    if min_comment_group_size < min_group_size:
        raise FieldError(
            "min_comment_group_size",
            "The minimum for comments must be at least the minimum for scores",
        )
    before = {field: getattr(programme, field) for field in (*THRESHOLDS, "retention_months")}
    programme.name = name.strip()
    programme.description = description.strip()
    programme.min_group_size = min_group_size
    programme.min_comment_group_size = min_comment_group_size
    programme.roundtable_comment_minimum = roundtable
    set_retention(programme, retention_months, date.today())
    for name, value in (
        ("controller", controller),
        ("lawful_basis", lawful_basis),
        ("privacy_contact", privacy_contact),
    ):
        if value is not None:  # None: the form did not offer it
            setattr(programme, name, value.strip())
    if welsh_offered is not None:
        programme.welsh_offered = welsh_offered
    record_setting_changes(programme, user, before)
    db.session.commit()
    return programme


THRESHOLDS = {
    "min_group_size": "Minimum group size for scores",
    "min_comment_group_size": "Minimum group size for comments",
    "roundtable_comment_minimum": "Minimum people for roundtable comments",
}


def record_setting_changes(programme: Programme, user: User | None, before: dict) -> None:
    """Thresholds decide which groups are shown, retention how long answers are kept:
    the audit log says who changed either, from what to what."""
    moved = [
        f"{label}: {before[field]} to {getattr(programme, field)}"
        for field, label in THRESHOLDS.items()
        if before[field] != getattr(programme, field)
    ]
    if moved:
        audit.record(
            programme, user, AuditAction.THRESHOLDS_CHANGED, "Minimum group sizes", "; ".join(moved)
        )
    if before["retention_months"] != programme.retention_months:
        audit.record(
            programme,
            user,
            AuditAction.RETENTION_CHANGED,
            "Retention period",
            f"{before['retention_months']} months to {programme.retention_months} months",
        )


def set_retention(programme: Programme, months: int, today: date) -> None:
    """Respondents were told how long their answers are kept: a longer period applies
    only to waves that have not opened; a shorter one to every wave."""
    programme.retention_months = months
    for survey in programme.surveys:
        for wave in survey.waves:
            if wave.opens_on > today and wave.status == WaveStatus.SCHEDULED:
                wave.retention_months = months
            else:
                wave.retention_months = min(wave.retention_months, months)


def save_organisation(
    programme: Programme,
    name: str,
    kind: OrganisationKind,
    organisation: Organisation | None = None,
) -> Organisation:
    name = name.strip()
    clash = db.session.scalar(
        select(Organisation).where(
            Organisation.programme_id == programme.id, Organisation.name == name
        )
    )
    if clash is not None and clash is not organisation:
        raise FieldError("name", f"This programme already has an organisation called {name}")
    if organisation is None:
        organisation = Organisation(programme=programme)
        db.session.add(organisation)
    organisation.name = name
    organisation.kind = kind
    db.session.commit()
    return organisation


def save_group(
    organisation: Organisation,
    name: str,
    headcount: int | None,
    group: Group | None = None,
    parent: Group | None = None,
) -> Group:
    name = name.strip()
    check_parent(organisation, group, parent)
    clash = db.session.scalar(
        select(Group).where(Group.organisation_id == organisation.id, Group.name == name)
    )
    if clash is not None and clash is not group:
        raise FieldError("name", f"{organisation.name} already has a group called {name}")
    if group is None:
        group = Group(organisation=organisation)
        db.session.add(group)
    group.name = name
    group.headcount = headcount
    group.parent = parent
    db.session.commit()
    return group


def check_parent(organisation: Organisation, group: Group | None, parent: Group | None) -> None:
    """A parent in the same organisation, never the group itself or one inside it, and no
    deeper than directorate > service > team."""
    if parent is None:
        return
    if parent.organisation_id != organisation.id:
        raise FieldError("parent", f"Choose a group inside {organisation.name}")
    if group is not None and parent.id in group.subtree_ids():
        raise FieldError("parent", f"{group.name} cannot sit inside itself or its own groups")
    above, current = 1, parent
    while current.parent is not None and above < 10:
        above, current = above + 1, current.parent
    below = height(group) if group is not None else 0
    if above + below >= len(LEVELS):
        raise FieldError("parent", "Groups go at most three levels deep: " + " > ".join(LEVELS))


def height(group: Group) -> int:
    """Levels of groups inside this one (0 for a team with none)."""
    return max((1 + height(child) for child in group.children), default=0)
