"""Organisations in a programme and the reporting groups (groups) inside them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.domain import OrganisationKind
from engage.extensions import db
from engage.models.columns import enum_column_type

if TYPE_CHECKING:
    from engage.models.programme import Programme


class Organisation(db.Model):
    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("programme_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganisationKind] = mapped_column(enum_column_type(OrganisationKind))
    # The logo as re-encoded PNG bytes (never the upload itself), loaded only when served;
    # its hash names it in the address, so a new logo is a new address.
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    logo_hash: Mapped[str | None] = mapped_column(String(16))

    programme: Mapped[Programme] = relationship(back_populates="organisations")
    groups: Mapped[list[Group]] = relationship(
        back_populates="organisation", order_by="Group.name", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.name}>"

    def groups_in_tree(self) -> list[tuple[Group, int]]:
        """Its groups with how deep each sits, parents first: the order pages list them."""
        result: list[tuple[Group, int]] = []

        def visit(group: Group, depth: int) -> None:
            result.append((group, depth))
            for child in group.children:
                visit(child, depth + 1)

        for group in self.groups:
            if group.parent_id is None:
                visit(group, 0)
        return result


class Group(db.Model):
    """A reporting group: directorate, service area, site or role."""

    __tablename__ = "segments"  # its first name; code, addresses and pages say "group"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    # How many people the organiser expects to answer: the denominator of the response rate.
    headcount: Mapped[int | None]
    # The group this one is part of (a team in a service, a service in a directorate):
    # figures for a parent are the union of its own and its children's.
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("segments.id", ondelete="SET NULL"), index=True
    )

    organisation: Mapped[Organisation] = relationship(back_populates="groups")
    parent: Mapped[Group | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Group]] = relationship(back_populates="parent", order_by="Group.name")

    def __repr__(self) -> str:
        return f"<Group {self.name}>"

    def subtree_ids(self) -> set[int]:
        """Its id and those of every group inside it: a parent's figures are theirs."""
        ids = {self.id}
        for child in self.children:
            ids |= child.subtree_ids()
        return ids
