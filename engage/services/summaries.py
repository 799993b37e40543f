"""Theme summaries for a roundtable, a wave or a whole programme, built through the
confidentiality engine so that no export can show what a page may not."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from engage.analysis import confidentiality as rules
from engage.analysis.redact import redact
from engage.exports.summary import CountRow, ShareRow, ThemeRow, ThemeSummary
from engage.extensions import db
from engage.models import (
    Answer,
    CommentAnalysis,
    CommentTheme,
    CountCell,
    Programme,
    Response,
    Survey,
    Wave,
)

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


def scope_for(slug: str, wave_number: int | None, survey_id: int | None,
              published: bool = False) -> Scope:
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
        raise LookupError(f"{survey.title} has waves 1 to {len(survey.waves)}, "
                          f"not {wave_number}")
    return Scope(programme, wave, published)


@dataclass(frozen=True)
class ThemeCounts:
    people: int  # respondents with the theme in any comment
    comments: int
    positive: int
    negative: int


def in_scope(query, programme: Programme, wave: Wave | None):
    query = query.where(CommentAnalysis.programme_id == programme.id)
    return query if wave is None else query.where(Response.wave_id == wave.id)


def cell_sums(programme: Programme, wave: Wave | None, measure: str) -> dict[str, int]:
    """A measure's pre-aggregated counts by category, over a wave or the programme."""
    query = (select(CountCell.category, func.sum(CountCell.count))
             .join(Wave, Wave.id == CountCell.wave_id)
             .join(Survey, Survey.id == Wave.survey_id)
             .where(Survey.programme_id == programme.id, CountCell.measure == measure)
             .group_by(CountCell.category))
    if wave is not None:
        query = query.where(CountCell.wave_id == wave.id)
    return {category: int(count) for category, count in db.session.execute(query)}


def commenting(programme: Programme, wave: Wave | None) -> tuple[int, int]:
    """Comments and the respondents who wrote them (each respondent is in one wave)."""
    comments = sum(cell_sums(programme, wave, "sentiment").values())
    return comments, cell_sums(programme, wave, "commenters").get("", 0)


def theme_counts(programme: Programme, wave: Wave | None) -> dict[str, ThemeCounts]:
    people = cell_sums(programme, wave, "theme")
    comments = cell_sums(programme, wave, "theme_comments")
    positive = cell_sums(programme, wave, "theme_positive")
    negative = cell_sums(programme, wave, "theme_negative")
    return {theme: ThemeCounts(count, comments.get(theme, 0), positive.get(theme, 0),
                               negative.get(theme, 0))
            for theme, count in people.items() if count}


def previous_wave(wave: Wave | None) -> Wave | None:
    if wave is None:
        return None
    return db.session.scalar(select(Wave).where(Wave.survey_id == wave.survey_id,
                                                Wave.number == wave.number - 1))


def build(scope: Scope) -> ThemeSummary:
    programme, wave = scope.programme, scope.wave
    comments, respondents = commenting(programme, wave)
    previous = previous_wave(wave)
    earlier = ((theme_counts(programme, previous), commenting(programme, previous)[1])
               if previous else ({}, 0))
    themes = theme_rows(scope, theme_counts(programme, wave), respondents, earlier)
    label = (f"{wave.survey.title}, {wave.label} ({wave.opens_on:%-d %B %Y})" if wave
             else "All surveys and waves")
    return ThemeSummary(
        title=f"Theme summary: {programme.name}", scope=label,
        comments=scope.count(comments), respondents=scope.count(respondents), themes=themes,
        framings=framing_rows(scope), responses=response_rows(scope), method=method(scope))


def theme_rows(scope: Scope, counts: dict[str, ThemeCounts], respondents: int,
               earlier: tuple[dict[str, ThemeCounts], int]) -> list[ThemeRow]:
    minimum, quote_minimum = scope.minimum, scope.programme.min_comment_group_size
    before, before_total = earlier
    quotes_allowed = respondents >= max(quote_minimum, minimum)
    names = sorted(counts, key=lambda name: (-counts[name].people, name))
    quoted = quotes_for(scope, [name for name in names if counts[name].people >= quote_minimum]
                        if quotes_allowed else [])
    result = []
    for name in names:
        theme = counts[name]
        if rules.exposes(theme.people, minimum) or rules.exposes(respondents, minimum):
            result.append(ThemeRow(name, None, None, None, None))
            continue
        share = theme.people / respondents
        net = 100 * (theme.positive - theme.negative) / theme.comments
        earlier_count = before[name].people if name in before else 0
        change = (100 * (share - earlier_count / before_total)
                  if before_total and rules.wave_change_safe(earlier_count, theme.people, minimum)
                  and not rules.exposes(before_total, minimum) else None)
        result.append(ThemeRow(name, scope.count(theme.people), share, net, change,
                               quoted.get(name, ())))
    return result


def quotes_for(scope: Scope, themes: list[str]) -> dict[str, tuple[str, ...]]:
    """Per theme, the clearest comments: strongest sentiment, of a readable length,
    redacted. Ranked in SQL, so only the quotes themselves leave the database."""
    if not themes:
        return {}
    length = func.length(Answer.text)
    rank = func.row_number().over(partition_by=CommentTheme.theme,
                                  order_by=(func.abs(CommentAnalysis.score).desc(), Answer.text))
    ranked = in_scope(
        select(CommentTheme.theme, Answer.text, rank.label("rank"))
        .join(CommentAnalysis, CommentAnalysis.answer_id == CommentTheme.answer_id)
        .join(Answer, Answer.id == CommentTheme.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .where(CommentTheme.theme.in_(themes), length >= 25, length <= 400),
        scope.programme, scope.wave).subquery()
    quotes: dict[str, list[str]] = defaultdict(list)
    for theme, text in db.session.execute(
            select(ranked.c.theme, ranked.c.text).where(ranked.c.rank <= QUOTES)
            .order_by(ranked.c.theme, ranked.c.rank)):
        if text not in quotes[theme]:
            quotes[theme].append(text)
    return {theme: tuple(redact(text) for text in texts) for theme, texts in quotes.items()}


def framing_rows(scope: Scope) -> list[ShareRow]:
    counts = {label: count for label, count in
              cell_sums(scope.programme, scope.wave, "framing").items() if count}
    hidden = rules.suppress_siblings(counts, scope.minimum)
    total = sum(counts.values())
    return [ShareRow(label, None if label in hidden else scope.count(count),
                     None if label in hidden else count / total)
            for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def response_rows(scope: Scope) -> list[CountRow]:
    query = (select(Response.organisation_id, Response.segment_id, func.count(Response.id))
             .join(Wave, Wave.id == Response.wave_id)
             .where(Wave.survey_id.in_([s.id for s in scope.programme.surveys]))
             .group_by(Response.organisation_id, Response.segment_id))
    if scope.wave is not None:
        query = query.where(Response.wave_id == scope.wave.id)
    counts = {(org, seg): n for org, seg, n in db.session.execute(query).all()}
    result = []
    for organisation in scope.programme.organisations:
        groups = {seg.id: counts.get((organisation.id, seg.id), 0)
                  for seg in organisation.segments}
        parent = sum(n for (org, _seg), n in counts.items() if org == organisation.id)
        hidden = rules.suppress_siblings(groups, scope.minimum, parent=parent)
        parent_shown = rules.parent_is_safe(parent, groups, hidden, scope.minimum)
        result.append(count_row(scope, organisation.name, parent if parent_shown else None,
                                sum(s.headcount or 0 for s in organisation.segments)))
        for segment in organisation.segments:
            shown = None if segment.id in hidden else groups[segment.id]
            result.append(count_row(scope, f"{organisation.name}: {segment.name}", shown,
                                    segment.headcount))
    return result


def count_row(scope: Scope, group: str, responses: int | None, headcount: int | None):
    rate = responses / headcount if responses is not None and headcount else None
    return CountRow(group, None if responses is None else scope.count(responses),
                    headcount or None, rate)


def method(scope: Scope) -> list[str]:
    versions = db.session.scalars(select(CommentAnalysis.analyser_version).where(
        CommentAnalysis.programme_id == scope.programme.id).distinct()).all()
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
