"""Who may do what in a programme. One table, so every view asks the same question."""

from __future__ import annotations

import enum

from sqlalchemy import select

from engage.extensions import db
from engage.models import Membership, Programme, Role, User


class Action(enum.Enum):
    ADMINISTER = "administer"  # organisations, groups, people, thresholds
    ORGANISE = "organise"  # surveys, questions, waves, links
    VIEW = "view"  # see the programme at all


ALLOWED: dict[Action, set[Role]] = {
    Action.ADMINISTER: {Role.ADMIN},
    Action.ORGANISE: {Role.ADMIN, Role.ORGANISER},
    Action.VIEW: {Role.ADMIN, Role.ORGANISER, Role.DIRECTOR},
}


def can(user: User, action: Action, programme: Programme) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_site_admin:
        return True
    role = user.role_in(programme)
    return role is not None and role in ALLOWED[action]


def programmes_for(user: User) -> list[Programme]:
    query = select(Programme).order_by(Programme.name)
    if not user.is_site_admin:
        query = query.join(Membership).where(Membership.user_id == user.id)
    return list(db.session.scalars(query))
