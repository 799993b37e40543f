"""Directors' figures, aggregated in SQL and passed through the confidentiality engine.

Every number leaves here either as a value for enough people or as ``None`` (hidden), so
no chart, table or export downstream can show what this module withheld. Figures are read
from the pre-aggregated cells of every organisation and group in the chosen waves, not
only the filtered ones, because whether a slice is safe depends on its siblings: a
viewer can ask for the programme and for one organisation and subtract.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select

from engage.analysis import confidentiality as rules
from engage.analysis import metrics
from engage.analysis.metrics import Estimate
from engage.constructs import construct_label
from engage.domain import Measure
from engage.extensions import db
from engage.models import (
    Group,
    Organisation,
    Programme,
    Question,
    Survey,
    SurveyVersion,
    Wave,
)
from engage.models.reporting import NO_GROUP
from engage.services import folding
from engage.services.reading import themes as dashboard_themes
from engage.services.reading.cells import (
    View,
    last_two_answered,
    load_cells,
)
from engage.services.reporting import ITEM

CONSTRUCTS = ("engagement", "partnership_trust", "transformation_understanding")


@dataclass(frozen=True)
class Filters:
    survey_id: int | None = None
    wave_from: int | None = None
    wave_to: int | None = None
    organisation_id: int | None = None
    group_id: int | None = None


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
    framings_by_organisation: dict[str, dict[str, float | None]] = field(default_factory=dict)
    mirror: dict[str, dict[int, Estimate | None]] = field(default_factory=dict)
    gap: dict[int, Estimate | None] = field(default_factory=dict)
    mirror_items: dict[str, dict[str, Estimate | None]] = field(default_factory=dict)
    themes: dict[str, dict[int, float | None]] = field(default_factory=dict)
    theme_sentiment: dict[str, float | None] = field(default_factory=dict)
    theme_changes: list[tuple[str, Estimate]] = field(default_factory=list)
    latest: Wave | None = None  # the latest wave with answers: the "now" of snapshot charts
    groups: dict[str, dict[str, float | None]] = field(default_factory=dict)
    open_waves: frozenset[int] = frozenset()  # read from their last release
    released_at: datetime | None = None  # when the open waves' figures last moved
    withheld: int = 0  # groups held at their last release: over their headcount
    behind: float = 0.0  # seconds since the figures last held every stored response


def choose_survey(programme: Programme, survey_id: int | None) -> Survey | None:
    surveys = {survey.id: survey for survey in programme.surveys}
    return surveys.get(survey_id) or next(iter(surveys.values()), None)


def build(programme: Programme, filters: Filters) -> Dashboard:
    survey = choose_survey(programme, filters.survey_id)
    today = date.today()
    # Waves not yet open have no answers to show (and "hidden" would be misleading).
    waves = [
        wave
        for wave in (survey.waves if survey else [])
        if wave.opens_on <= today
        and (filters.wave_from or 0) <= wave.number <= (filters.wave_to or 10**6)
    ]
    dashboard = Dashboard(programme, survey, waves, programme.min_group_size)
    dashboard.behind = folding.behind()
    if not waves:
        return dashboard
    view = View(dashboard, filters, load_cells(programme))
    dashboard.open_waves, dashboard.released_at = view.cells.open_waves, view.cells.released_at
    dashboard.withheld = len(view.cells.withheld)
    response_counts(view)
    answered = [wave for wave in waves if dashboard.responses.get(wave.id) != 0]
    dashboard.latest = answered[-1] if answered else None
    dashboard.indices = {
        construct: {wave.id: view.estimate(construct, view.slice(wave.id)) for wave in waves}
        for construct in CONSTRUCTS
        if construct in view.cells.moments
    }
    dashboard.net_sentiment = net_sentiment(view)
    dashboard.changes = changes(dashboard)
    dashboard.framings = framing_shares(view)
    dashboard.framings_by_organisation = framing_by_organisation(view)
    mirror(view)
    dashboard.mirror_items = mirror_items(view)
    dashboard.themes = dashboard_themes.prevalence(view)
    dashboard.theme_sentiment = dashboard_themes.sentiment_within(view)
    dashboard.theme_changes = dashboard_themes.changes(view)
    dashboard.groups = group_heatmap(view)
    return dashboard


def response_counts(view: View) -> None:
    dashboard, filters = view.dashboard, view.filters
    groups = (
        select(func.sum(Group.headcount))
        .join(Organisation)
        .where(Organisation.programme_id == dashboard.programme.id)
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


def changes(dashboard: Dashboard) -> list[tuple[str, Estimate]]:
    """Constructs whose change from the previous wave is beyond noise (95% interval)."""
    answered = last_two_answered(dashboard)
    if answered is None:
        return []
    last, previous = answered
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
    for organisation in view.dashboard.programme.organisations:
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
        for organisation in dashboard.programme.organisations
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
        for organisation in dashboard.programme.organisations
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


def group_heatmap(view: View) -> dict[str, dict[str, float | None]]:
    """Construct indices by reporting group over the chosen waves. A group is hidden when
    any wave's slice of it would expose, and with its siblings when they would give it
    away; the range as a whole is then safe too, since it is a sum of safe waves."""
    dashboard, filters = view.dashboard, view.filters
    result: dict[str, dict[str, float | None]] = {}
    for organisation in dashboard.programme.organisations:
        if filters.organisation_id not in (None, organisation.id):
            continue
        groups = {
            (organisation.id, group.id): group
            for group in organisation.groups
            if filters.group_id in (None, group.id)
        }
        # Respondents on whole-organisation links are siblings too, though never listed.
        siblings = [*groups, (organisation.id, NO_GROUP)]
        chosen = {wave.id for wave in dashboard.waves}
        in_range = {key: n for key, n in view.cells.respondents.items() if key[0] in chosen}
        totals = {group: rules.slice_total(in_range, (None, None, group)) for group in siblings}
        unsafe = {
            group
            for group in siblings
            if any(
                view.total(view.cells.respondents, (wave.id, organisation.id, group)) is None
                for wave in dashboard.waves
            )
        }
        hidden = rules.suppress_siblings(totals, view.minimum, already_hidden=unsafe)
        for key, group in groups.items():
            name = f"{organisation.name}: {group.name}"
            result[name] = {
                construct_label(construct): None
                if key in hidden
                else getattr(view.range_estimate(construct, key, chosen), "value", None)
                for construct in CONSTRUCTS
            }
    return result
