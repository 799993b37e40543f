"""Anonymous links: short codes a person can type, QR codes, and response counts."""

from __future__ import annotations

import secrets

import segno
from sqlalchemy import select

from engage.domain import AuditAction
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
    wave: Wave, organisation: Organisation, group: Group | None, user: User | None = None
) -> Link:
    """A new way in to a wave: recorded, since anyone holding a link can answer."""
    programme_id = wave.survey.programme_id
    if organisation.programme_id != programme_id:
        raise FieldError("organisation", "Choose an organisation in this programme")
    if group is not None and group.organisation_id != organisation.id:
        raise FieldError("group", f"Choose a group inside {organisation.name}")
    code = new_code()
    while db.session.scalar(select(Link.id).where(Link.code == code)):
        code = new_code()
    link = Link(wave=wave, organisation=organisation, group=group, code=code)
    db.session.add(link)
    audit.record(
        wave.survey.programme, user, AuditAction.LINK_CREATED, describe(link), f"Code {code}"
    )
    db.session.commit()
    return link


def qr_svg(url: str) -> str:
    """An inline SVG QR code, drawn locally, with a quiet zone that projectors keep."""
    return segno.make(url, error="m").svg_inline(
        scale=8, border=4, dark="#0b0c0c", light="#ffffff", title="QR code for " + url
    )
