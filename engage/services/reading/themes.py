"""The themes sections of the directors' dashboard: prevalence over waves, sentiment
within each theme, and the themes rising or falling since the previous wave."""

from __future__ import annotations

from engage.analysis import confidentiality as rules
from engage.analysis import metrics
from engage.analysis.metrics import Estimate
from engage.domain import Measure
from engage.services.reading.cells import View


def prevalence(view: View) -> dict[str, dict[int, float | None]]:
    """Share of commenting respondents per theme and wave."""
    result = {}
    for theme in view.cells.counts.get(Measure.THEME, {}):
        by_wave: dict[int, float | None] = {}
        for wave in view.dashboard.waves:
            selected = view.slice(wave.id)
            people = view.total(view.counted(Measure.COMMENTERS, ""), selected)
            count = view.total(view.counted(Measure.THEME, theme), selected)
            by_wave[wave.id] = metrics.prevalence(count, people)
        result[theme] = by_wave
    return result


def sentiment_within(view: View) -> dict[str, float | None]:
    """Net sentiment of the comments within each theme, in the latest wave with answers;
    hidden where the theme's people in that slice are too few or would give others away."""
    result: dict[str, float | None] = {}
    if view.dashboard.latest is None:
        return result
    selected = view.slice(view.dashboard.latest.id)
    for theme in view.cells.counts.get(Measure.THEME, {}):
        people = view.total(view.counted(Measure.THEME, theme), selected)
        comments = rules.slice_total(view.counted(Measure.THEME_COMMENTS, theme), selected)
        if people == 0:
            continue
        if people is None or not comments:
            result[theme] = None
            continue
        positive = rules.slice_total(view.counted(Measure.THEME_POSITIVE, theme), selected)
        negative = rules.slice_total(view.counted(Measure.THEME_NEGATIVE, theme), selected)
        result[theme] = metrics.net_sentiment(positive, negative, comments)
    return result


def changes(view: View) -> list[tuple[str, Estimate]]:
    """Each theme's change in share of commenting respondents from the previous wave to
    the last, with a 95% interval, where both waves and the change are safe to show."""
    latest, before = view.dashboard.latest, view.dashboard.previous
    if latest is None or before is None:
        return []
    last, previous = view.slice(latest.id), view.slice(before.id)
    commenters = view.counted(Measure.COMMENTERS, "")
    now_people, before_people = view.total(commenters, last), view.total(commenters, previous)
    if not now_people or not before_people:
        return []
    found = []
    for theme in view.cells.counts.get(Measure.THEME, {}):
        cells = view.counted(Measure.THEME, theme)
        now, before = view.total(cells, last), view.total(cells, previous)
        if now is None or before is None or not rules.wave_change_safe(before, now, view.minimum):
            continue
        found.append(
            (
                theme,
                metrics.share_change(now, now_people, before, before_people),
            )
        )
    return sorted(found, key=lambda item: -item[1].value)
