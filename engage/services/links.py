"""Anonymous links: short codes a person can type, QR codes, and response counts."""

from __future__ import annotations

import secrets

import segno
from sqlalchemy import select

from engage.domain import AuditAction, SurveyKind
from engage.extensions import db
from engage.models import Group, Link, Organisation, User, Wave
from engage.services import audit
from engage.services.errors import FieldError

# No 0/O, 1/I/L: a code read off a projector must survive being typed on a phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def canonical_code(typed: str) -> str:
    """Accept what people actually type: lower case, spaces and dashes."""
    return "".join(ch for ch in typed.upper() if ch.isascii() and ch.isalnum())


def by_code(typed: str) -> Link | None:
    """The link with this code (respondent pages under load use ``respondent.page_for``)."""
    code = canonical_code(typed)
    if len(code) != CODE_LENGTH:
        return None
    return db.session.scalar(select(Link).where(Link.code == code))


def describe(link: Link) -> str:
    """How the audit log and flags name a link: who it is for, and for which wave."""
    group = (
        f"{link.organisation.name}: {link.group.name}"
        if link.group
        else (f"{link.organisation.name} (whole organisation)")
    )
    return f"{group}, {link.wave.label} of {link.wave.survey.title}"


def create_link(
    wave: Wave,
    organisation: Organisation,
    group: Group | None,
    user: User | None = None,
    asks_organisation: bool = False,
) -> Link:
    """A new way in to a wave: recorded, since anyone holding a link can answer."""
    programme_id = wave.survey.programme_id
    if organisation.programme_id != programme_id:
        raise FieldError("organisation", "Choose an organisation in this programme")
    if group is not None and group.organisation_id != organisation.id:
        raise FieldError("group", f"Choose a group inside {organisation.name}")
    if asks_organisation:
        check_can_ask(wave, group)
    code = new_code()
    while db.session.scalar(select(Link.id).where(Link.code == code)):
        code = new_code()
    link = Link(
        wave=wave,
        organisation=organisation,
        group=group,
        code=code,
        asks_organisation=asks_organisation,
    )
    db.session.add(link)
    detail = f"Code {code}" + (", asks which organisation" if asks_organisation else "")
    audit.record(wave.survey.programme, user, AuditAction.LINK_CREATED, describe(link), detail)
    db.session.commit()
    return link


def check_can_ask(wave: Wave, group: Group | None) -> None:
    """Only a roundtable's whole-organisation link asks: a pulse link is pinned to the team
    it was sent to, and a group belongs to one organisation, so asking would contradict it."""
    if wave.survey.kind != SurveyKind.ROUNDTABLE:
        raise FieldError("asks_organisation", "Only a roundtable session's link can ask this")
    if group is not None:
        raise FieldError(
            "asks_organisation",
            "Choose a whole organisation for a link that asks which organisation people are from",
        )
    if len(wave.survey.programme.organisations) < 2:
        raise FieldError(
            "asks_organisation",
            "Add a second organisation to the programme before asking people to choose",
        )


def set_room_size(link: Link, expected: int | None) -> None:
    """How many the organiser expects in the room: the room view counts against it. Not a
    figure about respondents, so it changes nothing that is shown or withheld."""
    if expected is not None and not 1 <= expected <= 100_000:
        raise FieldError("expected_attendance", "Enter a number of people from 1 to 100,000")
    link.expected_attendance = expected
    db.session.commit()


def qr_svg(url: str, border: int = 4) -> str:
    """An inline SVG QR code, drawn locally, with a quiet zone that projectors keep. It has
    a viewBox and no fixed size, so the page's styles scale it to the screen or the sheet
    (with a fixed width and height it stayed 6 cm wide on an A4 poster). The poster asks
    for a border of 2 modules: the sheet's white margin makes up the rest of the quiet
    zone, and the code itself then spans over 15 cm of the page's width."""
    return segno.make(url, error="m").svg_inline(
        scale=8,
        border=border,
        dark="#0b0c0c",
        light="#ffffff",
        title="QR code for " + url,
        omitsize=True,
    )
