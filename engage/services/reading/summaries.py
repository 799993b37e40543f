"""Theme summaries for a roundtable, a wave or a whole programme, built through the
confidentiality engine so that no export can show what a page may not."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select

from engage.analysis import confidentiality as rules
from engage.analysis import metrics
from engage.domain import Measure
from engage.exports import names
from engage.exports.summary import ShareRow, ThemeRow, ThemeSummary
from engage.extensions import db
from engage.models import (
    Answer,
    CommentAnalysis,
    CommentTheme,
    Programme,
    Response,
    Wave,
)
from engage.services.reading import responses
from engage.services.reading.cells import Key, load_cells

QUOTES = 3


@dataclass(frozen=True)
class Scope:
    """What a summary covers, as plain values built by ``scope_of``: pages, files and the
    command line read names and ids from it, never database rows."""

    programme_id: int
    programme: str
    slug: str
    score_minimum: int
    comment_minimum: int
    wave_id: int | None = None
    survey: str = ""
    wave_label: str = ""  # "Wave 3"
    opened_on: date | None = None
    previous_wave_id: int | None = None
    published: bool = False

    @property
    def minimum(self) -> int:
        if self.published:
            return max(rules.PUBLISHED, self.score_minimum)
        return self.score_minimum

    def count(self, value: int) -> int:
        return rules.round_published(value) if self.published else value

    def share(self, part: int | None, whole: int | None) -> float | None:
        """A percentage of published counts is worked out from the rounded counts, so it
        cannot give the exact ones back."""
        if part is None or not whole:
            return None
        return self.count(part) / self.count(whole) if self.count(whole) else None

    @property
    def label(self) -> str:
        if self.wave_id is None:
            return "All surveys and waves"
        return f"{self.survey}, {self.wave_label} ({self.opened_on:%-d %B %Y})"

    def file_name(self, fmt: str, today: date) -> str:
        """Says which wave, its date, and whether it is the version for publication."""
        published = "published" if self.published else ""
        if self.wave_id is None:
            return names.file_name(
                self.slug, "all waves theme summary", published, today.isoformat(), fmt=fmt
            )
        return names.file_name(
            self.slug,
            self.survey,
            self.wave_label,
            self.opened_on.isoformat() if self.opened_on else "",
            "theme summary",
            published,
            fmt=fmt,
        )


def scope_of(programme: Programme, wave: Wave | None, published: bool = False) -> Scope:
    base = Scope(
        programme.id,
        programme.name,
        programme.slug,
        programme.min_group_size,
        programme.min_comment_group_size,
        published=published,
    )
    if wave is None:
        return base
    before = previous_wave(wave)
    return replace(
        base,
        wave_id=wave.id,
        survey=wave.survey.title,
        wave_label=wave.label,
        opened_on=wave.opens_on,
        previous_wave_id=before.id if before else None,
    )


def scope_for(
    slug: str, wave_number: int | None, survey_id: int | None, published: bool = False
) -> Scope:
    """Resolve command-line names to a scope, with messages that say what exists."""
    programme = db.session.scalar(select(Programme).where(Programme.slug == slug))
    if programme is None:
        raise LookupError(f"No programme has the short name '{slug}'")
    if wave_number is None:
        return scope_of(programme, None, published)
    surveys = {survey.id: survey for survey in programme.surveys}
    survey = surveys.get(survey_id) if survey_id else next(iter(surveys.values()), None)
    if survey is None:
        raise LookupError(f"{programme.name} has no survey {survey_id or ''}".strip())
    wave = next((w for w in survey.waves if w.number == wave_number), None)
    if wave is None:
        raise LookupError(f"{survey.title} has waves 1 to {len(survey.waves)}, not {wave_number}")
    return scope_of(programme, wave, published)


class SummaryCells:
    """The dashboard's cells for the whole programme, read at the summary's scope, so every
    figure is a slice the engine's slice rule checks, as on the dashboard: a wave's
    summary beside the programme's, or beside the dashboard, gives nothing away."""

    def __init__(self, scope: Scope, programme: Programme) -> None:
        self.scope = scope
        self.loaded = load_cells(programme, with_moments=False)
        self.respondents, self.measures = self.loaded.respondents, self.loaded.counts

    def cells(self, measure: str, category: str = "") -> dict[Key, int]:
        return self.measures.get(measure, {}).get(category, {})

    def total(self, cells: dict[Key, int], wave: int | None) -> int:
        return rules.slice_total(cells, (wave, None, None))

    def shown(
        self,
        cells: dict[Key, int],
        wave: int | None,
        organisation: int | None = None,
        group: tuple[int, int] | None = None,
    ) -> int | None:
        """The slice's people, 0, or None when showing it would expose someone."""
        return self.loaded.shown(cells, (wave, organisation, group), self.scope.minimum)


def previous_wave(wave: Wave) -> Wave | None:
    return db.session.scalar(
        select(Wave).where(Wave.survey_id == wave.survey_id, Wave.number == wave.number - 1)
    )


def build(scope: Scope) -> ThemeSummary:
    programme = db.session.get_one(Programme, scope.programme_id)
    cells = SummaryCells(scope, programme)
    wave = scope.wave_id
    comments = sum(
        cells.total(by_key, wave) for by_key in cells.measures[Measure.SENTIMENT].values()
    )
    respondents = cells.shown(cells.cells(Measure.COMMENTERS), wave)
    return ThemeSummary(
        title=f"Theme summary: {scope.programme}",
        scope=scope.label,
        comments=scope.count(comments) if respondents else 0,
        respondents=scope.count(respondents) if respondents else 0,
        themes=theme_rows(scope, cells, respondents),
        framings=framing_rows(scope, cells),
        responses=responses.rows(
            scope, programme, lambda *where: cells.shown(cells.respondents, *where)
        ),
        method=method(scope),
        has_previous=scope.previous_wave_id is not None,
        by_wave=wave is None,
    )


def theme_rows(scope: Scope, cells: SummaryCells, respondents: int | None) -> list[ThemeRow]:
    wave, before_wave = scope.wave_id, scope.previous_wave_id
    before_total = cells.shown(cells.cells(Measure.COMMENTERS), before_wave) if before_wave else 0
    people = {
        name: cells.total(by_key, wave) for name, by_key in cells.measures[Measure.THEME].items()
    }
    names_ = sorted(
        (name for name, count in people.items() if count), key=lambda name: (-people[name], name)
    )
    quoted = quotes_for(
        scope,
        [name for name in names_ if people[name] >= scope.comment_minimum]
        if (respondents or 0) >= max(scope.comment_minimum, scope.minimum)
        else [],
    )
    result = []
    for name in names_:
        count = cells.shown(cells.cells(Measure.THEME, name), wave)
        if count is None or not respondents:
            result.append(ThemeRow(name, None, None, None, None))
            continue
        change = change_from(scope, cells, name, (count, respondents), before_total)
        result.append(
            ThemeRow(
                name,
                scope.count(count),
                scope.share(count, respondents),
                net_sentiment(scope, cells, name),
                change,
                quoted.get(name, ()),
            )
        )
    return result


def change_from(
    scope: Scope, cells: SummaryCells, theme: str, now: tuple[int, int], before_total: int | None
) -> float | None:
    """The theme's share now minus in the previous wave, when both waves may be shown."""
    before_wave = scope.previous_wave_id
    if not before_wave or not before_total:
        return None
    earlier = cells.shown(cells.cells(Measure.THEME, theme), before_wave)
    if earlier is None or not rules.wave_change_safe(earlier, now[0], scope.minimum):
        return None
    return metrics.share_change(now[0], now[1], earlier, before_total).value


def net_sentiment(scope: Scope, cells: SummaryCells, theme: str) -> float | None:
    """% positive minus % negative comments of the theme; for publication, of the rounded
    counts, so the percentage cannot give the exact counts back."""
    positive, negative, comments = (
        scope.count(cells.total(cells.cells(measure, theme), scope.wave_id))
        for measure in (Measure.THEME_POSITIVE, Measure.THEME_NEGATIVE, Measure.THEME_COMMENTS)
    )
    return metrics.net_sentiment(positive, negative, comments)


def quotes_for(scope: Scope, themes: list[str]) -> dict[str, tuple[str, ...]]:
    """Per theme, the clearest comments: strongest sentiment, of a readable length,
    redacted. Ranked in SQL, so only the quotes themselves leave the database."""
    if not themes:
        return {}
    length = func.length(Answer.redacted)
    rank = func.row_number().over(
        partition_by=CommentTheme.theme,
        order_by=(func.abs(CommentAnalysis.score).desc(), Answer.redacted),
    )
    query = (
        select(CommentTheme.theme, Answer.redacted.label("text"), rank.label("rank"))
        .join(CommentAnalysis, CommentAnalysis.answer_id == CommentTheme.answer_id)
        .join(Answer, Answer.id == CommentTheme.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .where(CommentTheme.theme.in_(themes), length >= 25, length <= 400)
        .where(CommentAnalysis.programme_id == scope.programme_id)
        .where(Response.pending.is_(False))  # not yet added to the figures
    )
    if scope.wave_id is not None:
        query = query.where(Response.wave_id == scope.wave_id)
    ranked = query.subquery()
    quotes: dict[str, list[str]] = defaultdict(list)
    for theme, text in db.session.execute(
        select(ranked.c.theme, ranked.c.text)
        .where(ranked.c.rank <= QUOTES)
        .order_by(ranked.c.theme, ranked.c.rank)
    ):
        if text not in quotes[theme]:
            quotes[theme].append(text)
    return {theme: tuple(texts) for theme, texts in quotes.items()}


def framing_rows(scope: Scope, cells: SummaryCells) -> list[ShareRow]:
    counts, hidden = rules.option_counts(
        cells.measures.get(Measure.FRAMING, {}), (scope.wave_id, None, None), scope.minimum
    )
    counts = {label: count for label, count in counts.items() if count}
    total = sum(counts.values())
    return [
        ShareRow(
            label,
            None if label in hidden else scope.count(count),
            None if label in hidden else scope.share(count, total),
        )
        for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def method(scope: Scope) -> list[str]:
    """How to read the figures, for a reader who is not an analyst."""
    notes = [
        f"To protect anonymity, a figure is hidden when it covers fewer than {scope.minimum} "
        "people, and so is any figure that would let a hidden one be worked out by "
        "subtraction. Hidden is not the same as none.",
        "Response rate is the responses to a wave divided by the number of staff its links "
        "were sent to, as the organisers recorded them.",
        "Comments are sorted into the programme's themes and read as positive, neutral or "
        "negative by Engage's text analysis; where an analyst reviewed a comment, their "
        "reading replaces the machine's.",
        "Comments written in Welsh are kept and counted, but the text analysis reads English "
        "only, so it gives them no theme and no sentiment (not analysed: Welsh) unless an "
        "analyst codes them.",
        "Net sentiment is the percentage of a theme's comments that read as positive minus "
        "the percentage that read as negative, from -100 to +100.",
        f"Quotes appear only for themes at least {scope.comment_minimum} people wrote about. "
        "Names, contact details, postcodes, dates and ID numbers are taken out of them.",
    ]
    if scope.previous_wave_id is not None:
        notes.append(
            "Change is the theme's share of commenters now minus its share in the previous "
            "wave, in percentage points."
        )
    if scope.published:
        notes.insert(
            0,
            "Prepared for publication: counts are rounded to the nearest 5 and percentages "
            "are worked out from the rounded counts.",
        )
    return notes
