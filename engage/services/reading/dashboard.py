"""Directors' figures, aggregated in SQL and passed through the confidentiality engine.

Every number leaves here either as a value for enough people or as ``None`` (hidden), so
no chart, table or export downstream can show what this module withheld. Figures are read
from the pre-aggregated cells of every organisation and group in the chosen waves, not
only the filtered ones, because whether a slice is safe depends on its siblings: a
viewer can ask for the programme and for one organisation and subtract.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy import func, select

from engage.analysis import confidentiality as rules
from engage.analysis import metrics
from engage.analysis.engine import NOT_ANALYSED
from engage.analysis.metrics import Estimate
from engage.constructs import DASHBOARD_INDICES, construct_label
from engage.domain import Measure
from engage.extensions import db
from engage.models import (
    Group,
    Organisation,
    Programme,
    Question,
    Survey,
    SurveyVersion,
)
from engage.services import folding
from engage.services.reading import groups, revisions, story
from engage.services.reading import themes as dashboard_themes
from engage.services.reading.cells import View, load_cells
from engage.services.reading.refs import (
    Choices,
    SurveyRef,
    WaveRef,
    choices_of,
    survey_ref,
    wave_ref,
)
from engage.services.reading.story import Sentence
from engage.services.reporting import ITEM


@dataclass(frozen=True)
class Filters:
    survey_id: int | None = None
    wave_from: int | None = None
    wave_to: int | None = None
    organisation_id: int | None = None
    group_id: int | None = None

    def described(self, nothing: str = "default view") -> str:
        """The filters in words, as the audit log records an export of them."""
        chosen = [
            f"{name} {value}"
            for name, value in (
                ("survey", self.survey_id),
                ("from wave", self.wave_from),
                ("to wave", self.wave_to),
                ("organisation", self.organisation_id),
                ("group", self.group_id),
            )
            if value
        ]
        return ", ".join(chosen) or nothing


@dataclass
class Dashboard:
    """Plain figures by wave id; ``None`` is hidden. Waves in progress are marked and never
    drive the "latest" snapshot or a change: their figures move in release steps."""

    slug: str
    survey: SurveyRef | None
    waves: list[WaveRef]
    minimum: int
    choices: Choices = field(default_factory=Choices)
    filters: Filters = field(default_factory=Filters)  # as applied, after ``cascade``
    later: list[WaveRef] = field(default_factory=list)  # in progress, after the default range
    responses: dict[int, int | None] = field(default_factory=dict)  # by wave id
    rates: dict[int, float | None] = field(default_factory=dict)
    indices: dict[str, dict[int, Estimate | None]] = field(default_factory=dict)
    net_sentiment: dict[int, float | None] = field(default_factory=dict)
    # People who commented in Welsh, by wave: counted and listed, never given an English
    # sentiment, so left out of net sentiment. Only waves where the count may be shown.
    welsh_comments: dict[int, int] = field(default_factory=dict)
    changes: list[tuple[str, Estimate]] = field(default_factory=list)
    framings: dict[str, dict[int, float | None]] = field(default_factory=dict)
    framings_by_organisation: dict[str, dict[str, float | None]] = field(default_factory=dict)
    mirror: dict[str, dict[int, Estimate | None]] = field(default_factory=dict)
    gap: dict[int, Estimate | None] = field(default_factory=dict)
    mirror_items: dict[str, dict[str, Estimate | None]] = field(default_factory=dict)
    themes: dict[str, dict[int, float | None]] = field(default_factory=dict)
    theme_sentiment: dict[str, float | None] = field(default_factory=dict)
    theme_changes: list[tuple[str, Estimate]] = field(default_factory=list)
    latest: WaveRef | None = None  # the latest closed wave with answers: snapshots' "now"
    groups: dict[str, dict[str, float | None]] = field(default_factory=dict)
    group_reasons: dict[str, str] = field(default_factory=dict)  # why a group is hidden
    released_at: datetime | None = None  # when the open waves' figures last moved
    withheld: int = 0  # groups held at their last release: over their headcount
    behind: float = 0.0  # seconds since the figures last held every stored response
    previous: WaveRef | None = None  # the closed wave before ``latest``
    first: WaveRef | None = None  # the first closed wave with answers in the range
    since_first: list[tuple[str, Estimate]] = field(default_factory=list)
    story: list[Sentence] = field(default_factory=list)
    revised: list[revisions.Revision] = field(default_factory=list)  # by re-analysis

    def latest_index(self, label: str) -> float | None:
        """An index's value in the latest closed wave, by its label."""
        for construct, by_wave in self.indices.items():
            estimate = by_wave.get(self.latest.id) if self.latest else None
            if construct_label(construct) == label and estimate is not None:
                return estimate.value
        return None


def choose_survey(programme: Programme, survey_id: int | None) -> Survey | None:
    surveys = {survey.id: survey for survey in programme.surveys}
    return surveys.get(survey_id) or next(iter(surveys.values()), None)


def chosen_waves(survey: Survey | None, filters: Filters, open_ids) -> list[WaveRef]:
    """The waves in the filters' range. Without an end, the range ends at the latest
    closed wave, so a wave with a few early answers never leads the page; waves not yet
    open have no answers to show (and "hidden" would mislead)."""
    today = date.today()
    started = [
        wave_ref(wave, open_ids)
        for wave in (survey.waves if survey else [])
        if wave.opens_on <= today
    ]
    closed = [wave.number for wave in started if not wave.in_progress]
    last = filters.wave_to or (max(closed) if closed else 10**6)
    return [wave for wave in started if (filters.wave_from or 0) <= wave.number <= last]


def cascade(filters: Filters, choices: Choices) -> Filters:
    """Filters that agree with each other: a group outside the chosen organisation (left
    from an earlier choice) is dropped rather than read as an empty slice of zeros."""
    group = next((g for g in choices.groups if g.id == filters.group_id), None)
    if filters.group_id and (
        group is None or filters.organisation_id not in (None, group.organisation_id)
    ):
        return replace(filters, group_id=None)
    return filters


def finished_reading() -> None:
    """End the transaction the figures were read in. Drawing them can take a second or
    more, and on SQLite every transaction holds the write lock (``BEGIN IMMEDIATE``) that
    respondents' answers wait for; the figures are plain values by now."""
    db.session.commit()


def build(programme: Programme, filters: Filters) -> Dashboard:
    choices = choices_of(programme)
    filters = cascade(filters, choices)
    survey = choose_survey(programme, filters.survey_id)
    cells = load_cells(programme)
    waves = chosen_waves(survey, filters, cells.open_waves)
    dashboard = Dashboard(
        programme.slug,
        survey_ref(survey) if survey else None,
        waves,
        programme.min_group_size,
        choices,
        filters,
    )
    dashboard.behind = folding.behind()
    if survey and not filters.wave_to:
        dashboard.later = [
            wave_ref(wave, cells.open_waves)
            for wave in survey.waves
            if wave.id in cells.open_waves and waves and wave.number > waves[-1].number
        ]
    if not waves:
        return dashboard
    view = View(dashboard, filters, cells, programme)
    dashboard.released_at = cells.released_at
    dashboard.withheld = len(cells.withheld)
    response_counts(view)
    answered = [w for w in waves if dashboard.responses.get(w.id) != 0 and not w.in_progress]
    dashboard.latest = answered[-1] if answered else None
    dashboard.previous = answered[-2] if len(answered) > 1 else None
    dashboard.first = answered[0] if len(answered) > 1 else None
    dashboard.indices = {
        construct: {wave.id: view.estimate(construct, view.slice(wave.id)) for wave in waves}
        for construct in DASHBOARD_INDICES
        if construct in cells.moments
    }
    dashboard.net_sentiment = net_sentiment(view)
    dashboard.welsh_comments = welsh_comments(view)
    dashboard.changes = changes(dashboard, dashboard.previous)
    dashboard.since_first = changes(dashboard, dashboard.first)
    dashboard.framings = framing_shares(view)
    dashboard.framings_by_organisation = framing_by_organisation(view)
    mirror(view)
    dashboard.mirror_items = mirror_items(view)
    dashboard.themes = dashboard_themes.prevalence(view)
    dashboard.theme_sentiment = dashboard_themes.sentiment_within(view)
    dashboard.theme_changes = dashboard_themes.changes(view)
    dashboard.groups = groups.heatmap(view)
    dashboard.story = story.tell(dashboard)
    dashboard.revised = revisions.notes(programme.id, waves)
    return dashboard


def response_counts(view: View) -> None:
    dashboard, filters = view.dashboard, view.filters
    groups = (
        select(func.sum(Group.headcount))
        .join(Organisation)
        .where(Organisation.programme_id == view.programme.id)
    )
    if filters.organisation_id:
        groups = groups.where(Organisation.id == filters.organisation_id)
    if filters.group_id:
        groups = groups.where(Group.id == filters.group_id)
    headcount = db.session.scalar(groups) or 0
    for wave in dashboard.waves:
        shown = view.total(view.cells.respondents, view.slice(wave.id))
        dashboard.responses[wave.id] = shown
        dashboard.rates[wave.id] = shown / headcount if shown and headcount else None


def net_sentiment(view: View) -> dict[int, float | None]:
    result = {}
    for wave in view.dashboard.waves:
        selected = view.slice(wave.id)
        labels = {
            label: rules.slice_total(view.counted(Measure.SENTIMENT, label), selected)
            for label in ("positive", "neutral", "negative")
        }
        result[wave.id] = (
            metrics.net_sentiment(labels["positive"], labels["negative"], sum(labels.values()))
            if view.total(view.counted(Measure.COMMENTERS, ""), selected)
            else None
        )
    return result


def welsh_comments(view: View) -> dict[int, int]:
    """Per wave, the people whose comments were in Welsh, where that count may be shown
    (the same minimum as every count): what net sentiment leaves out."""
    counted = view.counted(Measure.SENTIMENT, NOT_ANALYSED)
    shown = {wave.id: view.total(counted, view.slice(wave.id)) for wave in view.dashboard.waves}
    return {wave_id: people for wave_id, people in shown.items() if people}


def changes(dashboard: Dashboard, since: WaveRef | None) -> list[tuple[str, Estimate]]:
    """Each index's change from ``since`` to the latest closed wave, with its 95%
    interval, where both waves and the change are safe to show."""
    if since is None or dashboard.latest is None:
        return []
    last, previous = dashboard.latest.id, since.id
    found = []
    for construct, by_wave in dashboard.indices.items():
        now, before = by_wave.get(last), by_wave.get(previous)
        if now and before and rules.wave_change_safe(before.n, now.n, dashboard.minimum):
            change = metrics.difference(now, before)
            found.append((construct_label(construct), change))
    return found


def option_shares(view: View, selected) -> dict[str, float | None] | None:
    """Each framing option's share of a slice, hidden where small, where its slice could
    be worked out from another view, or where it would give a hidden option away; None
    when no one in the slice chose."""
    counts, hidden = rules.option_counts(
        view.cells.counts.get(Measure.FRAMING, {}), selected, view.minimum
    )
    total = sum(counts.values())
    if not total:
        return None
    return {option: None if option in hidden else count / total for option, count in counts.items()}


def framing_shares(view: View) -> dict[str, dict[int, float | None]]:
    result: dict[str, dict[int, float | None]] = defaultdict(dict)
    for wave in view.dashboard.waves:
        for option, share in (option_shares(view, view.slice(wave.id)) or {}).items():
            result[option][wave.id] = share
    return dict(result)


def framing_by_organisation(view: View) -> dict[str, dict[str, float | None]]:
    """Each organisation's framing shares in the latest wave with answers."""
    latest = view.dashboard.latest
    result = {}
    for organisation in view.programme.organisations:
        if latest is None or view.slice(None, organisation.id)[1] != organisation.id:
            continue
        shares = option_shares(view, view.slice(latest.id, organisation.id))
        if shares is not None:
            result[organisation.name] = shares
    return result


def mirror(view: View) -> None:
    """Partnership trust as each organisation answered it, and the gap between sides."""
    dashboard = view.dashboard
    organisations = [
        organisation
        for organisation in view.programme.organisations
        if view.slice(None, organisation.id)[1] == organisation.id
    ]
    for organisation in organisations:
        by_wave = {
            wave.id: view.estimate("partnership_trust", view.slice(wave.id, organisation.id))
            for wave in dashboard.waves
        }
        if any(by_wave.values()):
            dashboard.mirror[organisation.name] = by_wave
    kinds = {organisation.name: organisation.kind.value for organisation in organisations}
    council = next((n for n, k in kinds.items() if k == "council"), None)
    partner = next((n for n, k in kinds.items() if k == "private_partner"), None)
    for wave in dashboard.waves:
        a = dashboard.mirror.get(council, {}).get(wave.id)
        b = dashboard.mirror.get(partner, {}).get(wave.id)
        dashboard.gap[wave.id] = metrics.difference(a, b) if a and b else None


def mirror_items(view: View) -> dict[str, dict[str, Estimate | None]]:
    """Each partnership-trust statement as each organisation answered it in the latest wave
    with answers, where that organisation's slice is safe to show."""
    dashboard = view.dashboard
    if dashboard.latest is None:
        return {}
    texts = dict(
        db.session.execute(
            select(Question.code, Question.text)
            .join(SurveyVersion)
            .where(SurveyVersion.survey_id == dashboard.survey.id)
            .order_by(SurveyVersion.number)
        ).all()
    )
    organisations = [
        organisation
        for organisation in view.programme.organisations
        if view.slice(None, organisation.id)[1] == organisation.id
    ]
    result: dict[str, dict[str, Estimate | None]] = {}
    for construct in sorted(view.cells.moments):
        if not construct.startswith(ITEM) or construct[len(ITEM) :] not in texts:
            continue
        result[texts[construct[len(ITEM) :]]] = {
            organisation.name: view.estimate(
                construct, view.slice(dashboard.latest.id, organisation.id)
            )
            for organisation in organisations
        }
    return result


def snapshot(programme: Programme) -> revisions.Figures:
    """Every closed wave's net sentiment and theme shares, as the dashboard shows them."""
    figures: revisions.Figures = {}
    for survey in programme.surveys:
        data = build(programme, Filters(survey.id, wave_to=10**6))
        for wave in data.waves:
            if wave.in_progress:
                continue
            figures[(wave.id, revisions.NET_SENTIMENT)] = data.net_sentiment.get(wave.id)
            for theme, by_wave in data.themes.items():
                share = by_wave.get(wave.id)
                figures[(wave.id, theme)] = None if share is None else 100 * share
    return figures
