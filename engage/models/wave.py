"""Waves (one round of a pulse, or one roundtable session) and their anonymous links."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.domain import WaveStatus, wave_accepts
from engage.extensions import db
from engage.models.columns import TIMESTAMP, enum_column_type, utcnow

if TYPE_CHECKING:
    from engage.models.organisation import Group, Organisation
    from engage.models.survey import Survey, SurveyVersion


class Wave(db.Model):
    __tablename__ = "waves"
    __table_args__ = (UniqueConstraint("survey_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("survey_versions.id"))
    number: Mapped[int]
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    status: Mapped[WaveStatus] = mapped_column(
        enum_column_type(WaveStatus), default=WaveStatus.SCHEDULED
    )
    # Frozen from the programme's setting: the period its respondents were shown. A longer
    # period later applies only to waves not yet open; a shorter one to every wave.
    retention_months: Mapped[int] = mapped_column(default=24)
    venue: Mapped[str] = mapped_column(String(200), default="")
    facilitator: Mapped[str] = mapped_column(String(200), default="")

    survey: Mapped[Survey] = relationship(back_populates="waves")
    version: Mapped[SurveyVersion] = relationship()
    links: Mapped[list[Link]] = relationship(
        back_populates="wave", order_by="Link.id", cascade="all, delete-orphan"
    )

    def is_accepting(self, today: date) -> bool:
        return wave_accepts(self.status, self.opens_on, self.closes_on, today)

    def state_label(self, today: date) -> str:
        if self.is_accepting(today):
            return "Open"
        if self.status == WaveStatus.CLOSED or today > self.closes_on:
            return "Closed"
        return "Scheduled"

    @property
    def label(self) -> str:
        return f"{self.survey.kind.round_word.capitalize()} {self.number}"


class Link(db.Model):
    """An anonymous entry point: a respondent never says who they are, only where they work."""

    __tablename__ = "links"

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    group_id: Mapped[int | None] = mapped_column("segment_id", ForeignKey("segments.id"))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(TIMESTAMP, default=utcnow)
    # Only single-use codes open the survey; the plain link and its code are refused.
    codes_only: Mapped[bool] = mapped_column(default=False)
    # The day the link first had more responses than its group has people (the flag is
    # recorded once; whether figures are withheld is worked out from the counts).
    flagged_on: Mapped[date | None]
    # An admin confirmed that this many responses are genuine: withheld only beyond it.
    confirmed_responses: Mapped[int | None]
    # The standing link this wave's link was made for: its responses came through it.
    standing_link_id: Mapped[int | None] = mapped_column(
        ForeignKey("standing_links.id"), index=True
    )
    # How many people the organiser expects in the room: the room view's "of 30" when the
    # link has no group headcount to count against.
    expected_attendance: Mapped[int | None]
    # A roundtable link that asks each respondent which organisation they are from, so a
    # mixed room is counted under each side rather than the link's own organisation.
    asks_organisation: Mapped[bool] = mapped_column(default=False)

    wave: Mapped[Wave] = relationship(back_populates="links")
    organisation: Mapped[Organisation] = relationship()
    group: Mapped[Group | None] = relationship()
    standing_link: Mapped[StandingLink | None] = relationship(back_populates="wave_links")

    @property
    def display_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"

    @property
    def room_size(self) -> int | None:
        """What the live count is out of: the expected attendance the organiser set, else
        the group's headcount, else nothing (the count is then shown on its own)."""
        if self.expected_attendance:
            return self.expected_attendance
        return self.group.headcount if self.group else None


class StandingLink(db.Model):
    """One link, code and poster for a group (or a whole organisation) of a survey, that
    opens whichever wave is open: a poster on the wall outlives the wave it was printed for.

    Each wave gets its own ``Link`` for it (``wave_links``), made when the wave is scheduled
    or the standing link created, so responses, counts, stuffing flags and headcount checks
    stay per wave and group exactly as for a link made for one wave.
    """

    __tablename__ = "standing_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    group_id: Mapped[int | None] = mapped_column("segment_id", ForeignKey("segments.id"))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(TIMESTAMP, default=utcnow)

    survey: Mapped[Survey] = relationship()
    organisation: Mapped[Organisation] = relationship()
    group: Mapped[Group | None] = relationship()
    wave_links: Mapped[list[Link]] = relationship(
        back_populates="standing_link", order_by="Link.id"
    )

    @property
    def display_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"
