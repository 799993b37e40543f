"""Directors' figures, aggregated in SQL and passed through the confidentiality engine.

Every number leaves here either as a value for enough people or as ``None`` (hidden), so
no chart, table or export downstream can show what this module withheld.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, func, select

from engage.analysis import confidentiality as rules
from engage.analysis import metrics
from engage.analysis.metrics import Estimate
from engage.constructs import construct_label
from engage.extensions import db
from engage.models import (
    ConstructCell,
    CountCell,
    Organisation,
    Programme,
    Response,
    Segment,
    Survey,
    Wave,
)

CONSTRUCTS = ("engagement", "partnership_trust", "transformation_understanding")


@dataclass(frozen=True)
class Filters:
    survey_id: int | None = None
    wave_from: int | None = None
    wave_to: int | None = None
    organisation_id: int | None = None
    segment_id: int | None = None


@dataclass
class Dashboard:
    programme: Programme
    survey: Survey | None
    waves: list[Wave]
    minimum: int
    responses: dict[int, int | None] = field(default_factory=dict)  # by wave id
    rates: dict[int, float | None] = field(default_factory=dict)
    indices: dict[str, dict[int, Estimate | None]] = field(default_factory=dict)
    net_sentiment: dict[int, float | None] = field(default_factory=dict)
    changes: list[tuple[str, Estimate]] = field(default_factory=list)
    framings: dict[str, dict[int, float | None]] = field(default_factory=dict)
    mirror: dict[str, dict[int, Estimate | None]] = field(default_factory=dict)
    gap: dict[int, Estimate | None] = field(default_factory=dict)
    themes: dict[str, dict[int, float | None]] = field(default_factory=dict)
    segments: dict[str, dict[str, float | None]] = field(default_factory=dict)


def choose_survey(programme: Programme, survey_id: int | None) -> Survey | None:
    surveys = {survey.id: survey for survey in programme.surveys}
    return surveys.get(survey_id) or next(iter(surveys.values()), None)


def response_filter(dashboard: Dashboard, filters: Filters):
    conditions = [Response.wave_id.in_([wave.id for wave in dashboard.waves])]
    if filters.organisation_id:
        conditions.append(Response.organisation_id == filters.organisation_id)
    if filters.segment_id:
        conditions.append(Response.segment_id == filters.segment_id)
    return and_(*conditions)


def build(programme: Programme, filters: Filters) -> Dashboard:
    survey = choose_survey(programme, filters.survey_id)
    today = date.today()
    # Waves not yet open have no answers to show (and "hidden" would be misleading).
    waves = [wave for wave in (survey.waves if survey else [])
             if wave.opens_on <= today
             and (filters.wave_from or 0) <= wave.number <= (filters.wave_to or 10**6)]
    dashboard = Dashboard(programme, survey, waves, programme.min_group_size)
    if not waves:
        return dashboard
    where = response_filter(dashboard, filters)
    cells = cell_filter(dashboard, filters)
    response_counts(dashboard, where, filters)
    dashboard.indices = construct_indices(dashboard, cells, (ConstructCell.wave_id,),
                                          CONSTRUCTS)
    counted_cells = count_filter(dashboard, filters)
    counted = {measure: counts_of(counted_cells, measure)
               for measure in ("sentiment", "commenters", "framing", "theme")}
    dashboard.net_sentiment = net_sentiment(dashboard, counted)
    dashboard.changes = changes(dashboard)
    dashboard.framings = framing_shares(dashboard, counted)
    mirror(dashboard, cells)
    dashboard.themes = theme_prevalence(dashboard, counted)
    dashboard.segments = segment_heatmap(dashboard, where, cells)
    return dashboard


def hide(count: int, minimum: int) -> bool:
    return count < minimum


def response_counts(dashboard: Dashboard, where, filters: Filters) -> None:
    rows = dict(db.session.execute(select(Response.wave_id, func.count(Response.id))
                                   .where(where).group_by(Response.wave_id)).all())
    segments = select(func.sum(Segment.headcount)).join(Organisation).where(
        Organisation.programme_id == dashboard.programme.id)
    if filters.organisation_id:
        segments = segments.where(Organisation.id == filters.organisation_id)
    if filters.segment_id:
        segments = segments.where(Segment.id == filters.segment_id)
    headcount = db.session.scalar(segments) or 0
    for wave in dashboard.waves:
        count = rows.get(wave.id, 0)
        shown = None if rules.exposes(count, dashboard.minimum) else count
        dashboard.responses[wave.id] = shown
        dashboard.rates[wave.id] = shown / headcount if shown and headcount else None


def cell_filter(dashboard: Dashboard, filters: Filters):
    conditions = [ConstructCell.wave_id.in_([wave.id for wave in dashboard.waves])]
    if filters.organisation_id:
        conditions.append(ConstructCell.organisation_id == filters.organisation_id)
    if filters.segment_id:
        conditions.append(ConstructCell.segment_key == filters.segment_id)
    return and_(*conditions)


def construct_indices(dashboard: Dashboard, cells, group_columns: tuple, constructs) -> dict:
    """Index 0-100 per group and construct (mean per respondent, then over respondents),
    summed from the pre-aggregated moments: a few hundred rows at any volume."""
    rows = db.session.execute(
        select(*group_columns, ConstructCell.construct, func.sum(ConstructCell.respondents),
               func.sum(ConstructCell.total), func.sum(ConstructCell.total_squares))
        .where(cells, ConstructCell.construct.in_(constructs))
        .group_by(*group_columns, ConstructCell.construct)).all()
    width = len(group_columns)
    result: dict[str, dict] = defaultdict(dict)
    for row in rows:
        key = row[0] if width == 1 else tuple(row[:width])
        construct, n, total, squares = row[width:]
        result[construct][key] = (None if hide(n, dashboard.minimum) else
                                  metrics.estimate_from_moments(n, total / n, squares / n))
    return dict(result)


def count_filter(dashboard: Dashboard, filters: Filters):
    conditions = [CountCell.wave_id.in_([wave.id for wave in dashboard.waves])]
    if filters.organisation_id:
        conditions.append(CountCell.organisation_id == filters.organisation_id)
    if filters.segment_id:
        conditions.append(CountCell.segment_key == filters.segment_id)
    return and_(*conditions)


def counts_of(cells, measure: str) -> dict[int, dict[str, int]]:
    """{wave: {category: count}} summed over the groups the filters keep."""
    result: dict[int, dict[str, int]] = defaultdict(dict)
    for wave, category, count in db.session.execute(
            select(CountCell.wave_id, CountCell.category, func.sum(CountCell.count))
            .where(cells, CountCell.measure == measure)
            .group_by(CountCell.wave_id, CountCell.category)):
        result[wave][category] = count
    return result


def net_sentiment(dashboard: Dashboard, counted) -> dict[int, float | None]:
    result = {}
    for wave, labels in counted["sentiment"].items():
        people = counted["commenters"].get(wave, {}).get("", 0)
        total = sum(labels.values())
        result[wave] = (None if hide(people, dashboard.minimum) or not total else
                        100 * (labels.get("positive", 0) - labels.get("negative", 0)) / total)
    return result


def changes(dashboard: Dashboard) -> list[tuple[str, Estimate]]:
    """Constructs whose change from the previous wave is beyond noise (95% interval)."""
    if len(dashboard.waves) < 2:
        return []
    last, previous = dashboard.waves[-1].id, dashboard.waves[-2].id
    found = []
    for construct, by_wave in dashboard.indices.items():
        now, before = by_wave.get(last), by_wave.get(previous)
        if now and before and rules.wave_change_safe(before.n, now.n, dashboard.minimum):
            change = metrics.difference(now, before)
            found.append((construct_label(construct), change))
    return found


def framing_shares(dashboard: Dashboard, counted) -> dict[str, dict[int, float | None]]:
    result: dict[str, dict[int, float | None]] = defaultdict(dict)
    for wave, options in counted["framing"].items():
        hidden = rules.suppress_siblings(options, dashboard.minimum)
        total = sum(options.values())
        for choice, count in options.items():
            result[choice][wave] = None if choice in hidden else count / total
    return dict(result)


def mirror(dashboard: Dashboard, cells) -> None:
    """Partnership trust as each organisation answered it, and the gap between sides."""
    names = dict(db.session.execute(select(Organisation.id, Organisation.name).where(
        Organisation.programme_id == dashboard.programme.id)).all())
    per_wave: dict[str, dict[int, Estimate | None]] = defaultdict(dict)
    by_cell = construct_indices(dashboard, cells,
                                (ConstructCell.wave_id, ConstructCell.organisation_id),
                                ("partnership_trust",)).get("partnership_trust", {})
    for (wave_id, org_id), estimate in by_cell.items():
        per_wave[names[org_id]][wave_id] = estimate
    dashboard.mirror = dict(per_wave)
    kinds = dict(db.session.execute(select(Organisation.name, Organisation.kind).where(
        Organisation.programme_id == dashboard.programme.id)).all())
    council = next((n for n, k in kinds.items() if k.value == "council"), None)
    partner = next((n for n, k in kinds.items() if k.value == "private_partner"), None)
    for wave in dashboard.waves:
        a = dashboard.mirror.get(council, {}).get(wave.id)
        b = dashboard.mirror.get(partner, {}).get(wave.id)
        dashboard.gap[wave.id] = metrics.difference(a, b) if a and b else None


def theme_prevalence(dashboard: Dashboard, counted) -> dict[str, dict[int, float | None]]:
    """Share of commenting respondents per theme and wave."""
    people = {wave: by.get("", 0) for wave, by in counted["commenters"].items()}
    by_theme: dict[str, dict[int, int]] = defaultdict(dict)
    for wave, themes in counted["theme"].items():
        for theme, count in themes.items():
            by_theme[theme][wave] = count
    return {theme: {wave.id: (None if hide(people.get(wave.id, 0), dashboard.minimum)
                              or rules.exposes(by_wave.get(wave.id, 0), dashboard.minimum)
                              else by_wave.get(wave.id, 0) / people[wave.id])
                    for wave in dashboard.waves}
            for theme, by_wave in by_theme.items()}


def segment_heatmap(dashboard: Dashboard, where, cells) -> dict[str, dict[str, float | None]]:
    """Construct indices by reporting group; small groups and their giveaway siblings hidden."""
    counts = dict(db.session.execute(select(Response.segment_id, func.count(Response.id))
                                     .where(where).group_by(Response.segment_id)).all())
    hidden: set[int] = set()
    for organisation in dashboard.programme.organisations:
        siblings = {segment.id: counts.get(segment.id, 0) for segment in organisation.segments}
        hidden |= rules.suppress_siblings(siblings, dashboard.minimum)
    indices = construct_indices(dashboard, cells, (ConstructCell.segment_key,), CONSTRUCTS)
    result: dict[str, dict[str, float | None]] = {}
    for organisation in dashboard.programme.organisations:
        for segment in organisation.segments:
            name = f"{organisation.name}: {segment.name}"
            result[name] = {
                construct_label(construct): (None if segment.id in hidden else
                                             getattr(indices.get(construct, {}).get(segment.id),
                                                     "value", None))
                for construct in CONSTRUCTS}
    return result
