"""Standing links: one link, code and poster per group (or organisation) of a survey.

The issue this answers: every wave needed new links, one group at a time, and a new poster,
so last wave's poster on the staff-room wall was dead. A standing link belongs to the
survey; each wave that can still open gets an ordinary ``Link`` for it (made here when the
standing link is made, and when waves are scheduled or reopened). Responses are stored
through that per-wave link, so counts, stuffing flags and headcount checks work per wave
and group exactly as before, and links made for one wave keep working as they did.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from engage.domain import AuditAction
from engage.extensions import db
from engage.models import Group, Link, Organisation, StandingLink, Survey, User, Wave, WaveStatus
from engage.services import audit
from engage.services.errors import FieldError
from engage.services.links import CODE_LENGTH, canonical_code, new_code


def unused_code() -> str:
    """A code no link and no standing link has: both are typed into the same box at ``/``."""
    while True:
        code = new_code()
        taken = db.session.scalar(select(Link.id).where(Link.code == code)) or db.session.scalar(
            select(StandingLink.id).where(StandingLink.code == code)
        )
        if not taken:
            return code


def by_code(typed: str) -> StandingLink | None:
    code = canonical_code(typed)
    if len(code) != CODE_LENGTH:
        return None
    return db.session.scalar(select(StandingLink).where(StandingLink.code == code))


def describe(standing: StandingLink) -> str:
    """How the audit log names a standing link."""
    target = standing.organisation.name + (
        f": {standing.group.name}" if standing.group else " (whole organisation)"
    )
    return f"{target}, every wave of {standing.survey.title}"


def standing_links_of(survey: Survey) -> list[StandingLink]:
    return list(
        db.session.scalars(
            select(StandingLink)
            .where(StandingLink.survey_id == survey.id)
            .order_by(StandingLink.id)
        )
    )


def wave_link(standing: StandingLink, wave: Wave) -> Link:
    """The wave's own link for a standing link, made if it is missing (not committed)."""
    for link in wave.links:
        if link.standing_link_id == standing.id:
            return link
    link = Link(
        wave=wave,
        organisation_id=standing.organisation_id,
        group_id=standing.group_id,
        code=unused_code(),
        standing_link=standing,
    )
    db.session.add(link)
    db.session.flush()  # so the next unused_code sees this code
    return link


def ensure_wave_links(waves: list[Wave], today: date | None = None) -> None:
    """Give each wave that has not closed its link for every standing link of its survey.
    The caller commits: this runs inside scheduling and reopening."""
    today = today or date.today()
    for wave in waves:
        if wave.state_label(today) == "Closed":
            continue
        for standing in standing_links_of(wave.survey):
            wave_link(standing, wave)


def find(survey: Survey, organisation: Organisation, group: Group | None) -> StandingLink | None:
    query = select(StandingLink).where(
        StandingLink.survey_id == survey.id, StandingLink.organisation_id == organisation.id
    )
    query = query.where(
        StandingLink.group_id == group.id if group else StandingLink.group_id.is_(None)
    )
    return db.session.scalar(query)


def add(
    survey: Survey, organisation: Organisation, group: Group | None, user: User | None
) -> tuple[StandingLink, bool]:
    """The standing link for this target, made (with its wave links) if missing; not
    committed. Returns it and whether it is new, so asking twice makes one link."""
    if organisation.programme_id != survey.programme_id:
        raise FieldError("target", "Choose an organisation in this programme")
    if group is not None and group.organisation_id != organisation.id:
        raise FieldError("target", f"Choose a group inside {organisation.name}")
    existing = find(survey, organisation, group)
    if existing is not None:
        return existing, False
    standing = StandingLink(
        survey=survey, organisation=organisation, group=group, code=unused_code()
    )
    db.session.add(standing)
    db.session.flush()
    today = date.today()
    for wave in survey.waves:
        if wave.state_label(today) != "Closed":
            wave_link(standing, wave)
    audit.record(
        survey.programme,
        user,
        AuditAction.LINK_CREATED,
        describe(standing),
        f"Code {standing.code}",
    )
    return standing, True


def create(
    survey: Survey, organisation: Organisation, group: Group | None, user: User | None = None
) -> tuple[StandingLink, bool]:
    """One standing link; asking for one that exists returns it and makes nothing."""
    result = add(survey, organisation, group, user)
    db.session.commit()
    return result


def for_every_group(survey: Survey, user: User | None = None) -> list[StandingLink]:
    """'Links for every group' in one action: a standing link for every group of every
    organisation (and for each organisation that has no groups). Idempotent: only the
    missing ones are made, and the new ones are returned."""
    made = []
    for organisation in survey.programme.organisations:
        targets = organisation.groups or [None]
        for group in targets:
            standing, new = add(survey, organisation, group, user)
            if new:
                made.append(standing)
    db.session.commit()
    return made


def next_wave(survey_id: int, today: date) -> Wave | None:
    """The next wave still to open, for a standing link's page when none is open."""
    return db.session.scalar(
        select(Wave)
        .where(Wave.survey_id == survey_id, Wave.opens_on > today)
        .where(Wave.status != WaveStatus.CLOSED)
        .order_by(Wave.opens_on)
        .limit(1)
    )
