"""Theme summaries for a roundtable, a wave or a whole programme, built through the
confidentiality engine so that no export can show what a page may not."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from engage.analysis import confidentiality as rules
from engage.analysis import metrics
from engage.analysis.redact import redact
from engage.domain import Measure
from engage.exports.summary import CountRow, ShareRow, ThemeRow, ThemeSummary
from engage.extensions import db
from engage.models import (
    Answer,
    CommentAnalysis,
    CommentTheme,
    Programme,
    Response,
    Wave,
)
from engage.services.reading.cells import Key, load_cells

QUOTES = 3


@dataclass(frozen=True)
class Scope:
    programme: Programme
    wave: Wave | None = None
    published: bool = False

    @property
    def minimum(self) -> int:
        if self.published:
            return max(rules.PUBLISHED, self.programme.min_group_size)
        return self.programme.min_group_size

    def count(self, value: int) -> int:
        return rules.round_published(value) if self.published else value


def scope_for(
    slug: str, wave_number: int | None, survey_id: int | None, published: bool = False
) -> Scope:
    """Resolve command-line names to a scope, with messages that say what exists."""
    programme = db.session.scalar(select(Programme).where(Programme.slug == slug))
    if programme is None:
        raise LookupError(f"No programme has the short name '{slug}'")
    if wave_number is None:
        return Scope(programme, None, published)
    surveys = {survey.id: survey for survey in programme.surveys}
    survey = surveys.get(survey_id) if survey_id else next(iter(surveys.values()), None)
    if survey is None:
        raise LookupError(f"{programme.name} has no survey {survey_id or ''}".strip())
    wave = next((w for w in survey.waves if w.number == wave_number), None)
    if wave is None:
        raise LookupError(f"{survey.title} has waves 1 to {len(survey.waves)}, not {wave_number}")
    return Scope(programme, wave, published)


class SummaryCells:
    """The dashboard's cells for the whole programme, read at the summary's scope, so every
    figure is a slice the engine's slice rule checks, as on the dashboard: a wave's
    summary beside the programme's, or beside the dashboard, gives nothing away."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.loaded = load_cells(scope.programme, with_moments=False)
        self.respondents, self.measures = self.loaded.respondents, self.loaded.counts

    def cells(self, measure: str, category: str = "") -> dict[Key, int]:
        return self.measures.get(measure, {}).get(category, {})

    def total(
        self,
        cells: dict[Key, int],
        wave: Wave | None,
        organisation: int | None = None,
        group: tuple[int, int] | None = None,
    ) -> int:
        return rules.slice_total(cells, (wave.id if wave else None, organisation, group))

    def shown(
        self,
        cells: dict[Key, int],
        wave: Wave | None,
        organisation: int | None = None,
        group: tuple[int, int] | None = None,
    ) -> int | None:
        """The slice's people, 0, or None when showing it would expose someone."""
        selected = (wave.id if wave else None, organisation, group)
        return self.loaded.shown(cells, selected, self.scope.minimum)


def in_scope(query, programme: Programme, wave: Wave | None):
    query = query.where(CommentAnalysis.programme_id == programme.id, Response.pending.is_(False))
    return query if wave is None else query.where(Response.wave_id == wave.id)


def previous_wave(wave: Wave | None) -> Wave | None:
    if wave is None:
        return None
    return db.session.scalar(
        select(Wave).where(Wave.survey_id == wave.survey_id, Wave.number == wave.number - 1)
    )


def build(scope: Scope) -> ThemeSummary:
    programme, wave = scope.programme, scope.wave
    cells = SummaryCells(scope)
    comments = sum(
        cells.total(by_key, wave) for by_key in cells.measures[Measure.SENTIMENT].values()
    )
    respondents = cells.shown(cells.cells(Measure.COMMENTERS), wave)
    label = (
        f"{wave.survey.title}, {wave.label} ({wave.opens_on:%-d %B %Y})"
        if wave
        else "All surveys and waves"
    )
    return ThemeSummary(
        title=f"Theme summary: {programme.name}",
        scope=label,
        comments=scope.count(comments) if respondents else 0,
        respondents=scope.count(respondents) if respondents else 0,
        themes=theme_rows(scope, cells, respondents),
        framings=framing_rows(scope, cells),
        responses=response_rows(scope, cells),
        method=method(scope),
    )


def theme_rows(scope: Scope, cells: SummaryCells, respondents: int | None) -> list[ThemeRow]:
    wave, before_wave = scope.wave, previous_wave(scope.wave)
    before_total = cells.shown(cells.cells(Measure.COMMENTERS), before_wave) if before_wave else 0
    people = {
        name: cells.total(by_key, wave) for name, by_key in cells.measures[Measure.THEME].items()
    }
    names = sorted(
        (name for name, count in people.items() if count), key=lambda name: (-people[name], name)
    )
    quote_minimum = scope.programme.min_comment_group_size
    quoted = quotes_for(
        scope,
        [name for name in names if people[name] >= quote_minimum]
        if (respondents or 0) >= max(quote_minimum, scope.minimum)
        else [],
    )
    result = []
    for name in names:
        count = cells.shown(cells.cells(Measure.THEME, name), wave)
        if count is None or not respondents:
            result.append(ThemeRow(name, None, None, None, None))
            continue
        comments = cells.total(cells.cells(Measure.THEME_COMMENTS, name), wave)
        net = metrics.net_sentiment(
            cells.total(cells.cells(Measure.THEME_POSITIVE, name), wave),
            cells.total(cells.cells(Measure.THEME_NEGATIVE, name), wave),
            comments,
        )
        earlier = (
            cells.shown(cells.cells(Measure.THEME, name), before_wave) if before_wave else None
        )
        change = (
            metrics.share_change(count, respondents, earlier, before_total).value
            if before_total
            and earlier is not None
            and rules.wave_change_safe(earlier, count, scope.minimum)
            else None
        )
        result.append(
            ThemeRow(
                name,
                scope.count(count),
                metrics.prevalence(count, respondents),
                net,
                change,
                quoted.get(name, ()),
            )
        )
    return result


def quotes_for(scope: Scope, themes: list[str]) -> dict[str, tuple[str, ...]]:
    """Per theme, the clearest comments: strongest sentiment, of a readable length,
    redacted. Ranked in SQL, so only the quotes themselves leave the database."""
    if not themes:
        return {}
    length = func.length(Answer.text)
    rank = func.row_number().over(
        partition_by=CommentTheme.theme,
        order_by=(func.abs(CommentAnalysis.score).desc(), Answer.text),
    )
    ranked = in_scope(
        select(CommentTheme.theme, Answer.text, rank.label("rank"))
        .join(CommentAnalysis, CommentAnalysis.answer_id == CommentTheme.answer_id)
        .join(Answer, Answer.id == CommentTheme.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .where(CommentTheme.theme.in_(themes), length >= 25, length <= 400),
        scope.programme,
        scope.wave,
    ).subquery()
    quotes: dict[str, list[str]] = defaultdict(list)
    for theme, text in db.session.execute(
        select(ranked.c.theme, ranked.c.text)
        .where(ranked.c.rank <= QUOTES)
        .order_by(ranked.c.theme, ranked.c.rank)
    ):
        if text not in quotes[theme]:
            quotes[theme].append(text)
    return {theme: tuple(redact(text) for text in texts) for theme, texts in quotes.items()}


def framing_rows(scope: Scope, cells: SummaryCells) -> list[ShareRow]:
    counts, hidden = rules.option_counts(
        cells.measures.get(Measure.FRAMING, {}),
        (scope.wave.id if scope.wave else None, None, None),
        scope.minimum,
    )
    counts = {label: count for label, count in counts.items() if count}
    total = sum(counts.values())
    return [
        ShareRow(
            label,
            None if label in hidden else scope.count(count),
            None if label in hidden else count / total,
        )
        for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def response_rows(scope: Scope, cells: SummaryCells) -> list[CountRow]:
    result = []
    for organisation in scope.programme.organisations:
        result.append(
            count_row(
                scope,
                organisation.name,
                cells.shown(cells.respondents, scope.wave, organisation.id),
                sum(s.headcount or 0 for s in organisation.groups),
            )
        )
        for group in organisation.groups:
            responses = cells.shown(
                cells.respondents, scope.wave, organisation.id, (organisation.id, group.id)
            )
            result.append(
                count_row(scope, f"{organisation.name}: {group.name}", responses, group.headcount)
            )
    return result


def count_row(scope: Scope, group: str, responses: int | None, headcount: int | None):
    rate = responses / headcount if responses is not None and headcount else None
    return CountRow(
        group, None if responses is None else scope.count(responses), headcount or None, rate
    )


def method(scope: Scope) -> list[str]:
    versions = db.session.scalars(
        select(CommentAnalysis.analyser_version)
        .where(CommentAnalysis.programme_id == scope.programme.id)
        .distinct()
    ).all()
    notes = [
        f"Figures for fewer than {scope.minimum} respondents are hidden, and so is any figure "
        "that would let a hidden one be worked out by subtraction.",
        f"Quotes are shown only where at least {scope.programme.min_comment_group_size} "
        "people commented; names, email addresses and phone numbers are removed.",
        "Sentiment is TextBlob's polarity refined by Engage's rules (and by the programme's "
        "own trained model where it beat the rules); analysts' codes override the machine.",
        "Net sentiment is % positive minus % negative comments within the theme. Change is "
        "the theme's share of respondents minus its share in the previous wave, in points.",
        f"Analyser: {', '.join(sorted(versions)) or 'none yet'}.",
    ]
    if scope.published:
        notes.insert(0, "Prepared for publication: counts are rounded to the nearest 5.")
    return notes
