"""Responses and response rates for theme summaries: each wave over the headcount of the
groups its links were sent to, never the responses of several waves over one headcount
(which once read 433%)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from sqlalchemy import select

from engage.domain import SurveyKind
from engage.exports.summary import CountRow
from engage.extensions import db
from engage.models import Link, Programme
from engage.models.reporting import NO_GROUP

Shown = Callable[..., int | None]  # (wave, organisation, group) -> people, or None


def reached(programme: Programme, wave_id: int) -> dict[int, dict[int, int]]:
    """Per organisation, the groups a wave's links were sent to and their headcounts. A
    link for a whole organisation reaches all its groups."""
    groups = {
        organisation.id: {group.id: group.headcount or 0 for group in organisation.groups}
        for organisation in programme.organisations
    }
    result: dict[int, dict[int, int]] = {}
    for organisation_id, group_id in db.session.execute(
        select(Link.organisation_id, Link.group_id).where(Link.wave_id == wave_id)
    ):
        known = groups.get(organisation_id, {})
        chosen = known if group_id in (None, NO_GROUP) else {group_id: known.get(group_id, 0)}
        result.setdefault(organisation_id, {}).update(chosen)
    return result


def rows(scope, programme: Programme, shown: Shown) -> list[CountRow]:
    """For one wave, each organisation and group it reached; for the whole programme,
    each wave's total: the rate of a wave is its own responses over its own headcount."""
    if scope.wave_id is None:
        today = date.today()
        return [
            replace(
                row(scope, wave_label(survey, wave), shown(wave.id), headcount(programme, wave.id)),
                in_progress=wave.is_accepting(today),
            )
            for survey in programme.surveys
            for wave in survey.waves
            if reached(programme, wave.id)
        ]
    names = {organisation.id: organisation for organisation in programme.organisations}
    result = []
    for organisation_id, groups in sorted(
        reached(programme, scope.wave_id).items(), key=lambda item: names[item[0]].name
    ):
        organisation = names[organisation_id]
        result.append(
            row(
                scope,
                organisation.name,
                shown(scope.wave_id, organisation_id),
                sum(groups.values()),
            )
        )
        for group in organisation.groups:
            if group.id in groups:
                result.append(
                    row(
                        scope,
                        f"{organisation.name}: {group.name}",
                        shown(scope.wave_id, organisation_id, (organisation_id, group.id)),
                        group.headcount,
                    )
                )
    return result


def wave_label(survey, wave) -> str:
    if survey.kind == SurveyKind.ROUNDTABLE:
        return f"{survey.title} ({wave.opens_on:%-d %b %Y})"
    return f"{survey.title}, {wave.label}" + (
        " (still open)" if wave.is_accepting(date.today()) else ""
    )


def headcount(programme: Programme, wave_id: int) -> int:
    return sum(sum(groups.values()) for groups in reached(programme, wave_id).values())


def row(scope, label: str, responses: int | None, headcount: int | None) -> CountRow:
    """A published rate is worked out from the rounded count."""
    shown_count = None if responses is None else scope.count(responses)
    rate = shown_count / headcount if shown_count is not None and headcount else None
    return CountRow(label, shown_count, headcount or None, rate)
