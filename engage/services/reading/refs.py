"""Plain descriptions of the programme, surveys, waves, organisations and groups that the
read side's results refer to.

Results leave the read side as plain values, never database objects: a template or an
export that held a ``Wave`` could follow its relationships to responses the engine never
saw, and would fail once the session that loaded it is gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engage.domain import OrganisationKind, SurveyKind


@dataclass(frozen=True)
class WaveRef:
    id: int
    number: int
    opens_on: date
    closes_on: date
    in_progress: bool = False  # still taking answers: read from its last release

    @property
    def label(self) -> str:
        return f"Wave {self.number}"


@dataclass(frozen=True)
class SurveyRef:
    id: int
    title: str
    one_session: bool = False  # a roundtable: its room, not a headcount, is who was asked


@dataclass(frozen=True)
class OrganisationRef:
    id: int
    name: str
    kind: OrganisationKind


@dataclass(frozen=True)
class GroupRef:
    id: int
    name: str
    organisation_id: int
    label: str = ""  # with the groups it sits in: "Housing > Repairs"

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", self.name)


@dataclass(frozen=True)
class Choices:
    """What the dashboard's filters offer: every survey, organisation and group."""

    surveys: tuple[SurveyRef, ...] = ()
    organisations: tuple[OrganisationRef, ...] = ()
    groups: tuple[GroupRef, ...] = ()

    def organisation_name(self, organisation_id: int) -> str:
        return next((o.name for o in self.organisations if o.id == organisation_id), "")


def lineage(group) -> list[str]:
    """The group's name after those it sits in: a filter at each level names its place."""
    names = [group.name]
    while group.parent is not None and len(names) < 10:
        group = group.parent
        names.insert(0, group.name)
    return names


def wave_ref(wave, open_ids: frozenset[int] | set[int]) -> WaveRef:
    return WaveRef(wave.id, wave.number, wave.opens_on, wave.closes_on, wave.id in open_ids)


def survey_ref(survey) -> SurveyRef:
    return SurveyRef(survey.id, survey.title, survey.kind == SurveyKind.ROUNDTABLE)


def choices_of(programme) -> Choices:
    return Choices(
        tuple(survey_ref(survey) for survey in programme.surveys),
        tuple(OrganisationRef(o.id, o.name, o.kind) for o in programme.organisations),
        tuple(
            GroupRef(group.id, group.name, organisation.id, " > ".join(lineage(group)))
            for organisation in programme.organisations
            for group, _depth in organisation.groups_in_tree()
        ),
    )
