"""From the dashboard's figures to charts plus the tables that carry the same numbers."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from engage.charts import figures
from engage.charts.notes import welsh_note
from engage.constructs import construct_label

HIDDEN = "hidden"
# Given what a cell shows ({"theme": ..., "wave": id} or {"framing": ...}), the address of
# the comments behind it; the web layer supplies it, so charts stay free of Flask.
CommentLink = Callable[[dict], str]


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    figure: str  # Plotly JSON
    header: list[str]
    rows: list[list[str | Link]]
    note: str = ""


def linked(text: str, value, link: CommentLink | None, cell: dict) -> str | Link:
    """A table cell that opens its comments, when it shows a figure and links are wanted."""
    return Link(text, link(cell)) if link and value is not None else text


def urls(values: list, link: CommentLink | None, cells: list[dict]) -> list[str | None]:
    return [
        link(cell) if link and value is not None else None
        for value, cell in zip(values, cells, strict=True)
    ]


def fmt(value, pattern: str = "{:.0f}") -> str:
    """A figure rounded for display ("hidden" for None), never "-0": every pattern here
    rounds to whole numbers, and a value that rounds to zero is shown as zero."""
    if value is None:
        return HIDDEN
    return pattern.format(0.0 if round(value) == 0 else value)


def interval(estimate) -> str:
    if estimate is None:
        return HIDDEN
    if estimate.n < 2:
        return fmt(estimate.value)
    return f"{fmt(estimate.value)} ({fmt(estimate.low)} to {fmt(estimate.high)})"


def latest_label(dashboard) -> str:
    return wave_label(dashboard.latest) if dashboard.latest else "the latest wave"


def wave_label(wave) -> str:
    progress = ", in progress" if getattr(wave, "in_progress", False) else ""
    return f"{wave.label} ({wave.opens_on:%-d %b}{progress})"


def build_charts(dashboard, link: CommentLink | None = None) -> list[Chart]:
    """Every chart; only the responses chart shows waves with no answers yet, since a
    column of "hidden" for a wave that has just opened would mislead."""
    every = dashboard.waves
    charts = [responses_chart(dashboard, every, [wave_label(wave) for wave in every])]
    waves = [wave for wave in every if dashboard.responses.get(wave.id) != 0]
    labels = [wave_label(wave) for wave in waves]
    charts += [index_chart(dashboard, waves, labels), sentiment_chart(dashboard, waves, labels)]
    if dashboard.framings:
        charts.append(framing_chart(dashboard, waves, labels, link))
    if len(dashboard.framings_by_organisation) > 1:
        charts.append(framing_organisation_chart(dashboard))
    if dashboard.mirror:
        charts.append(mirror_chart(dashboard, waves, labels))
    if any(any(row.values()) for row in dashboard.mirror_items.values()):
        charts.append(mirror_items_chart(dashboard))
    if dashboard.themes:
        charts.append(theme_chart(dashboard, waves, labels, link))
    if dashboard.theme_sentiment:
        charts.append(theme_sentiment_chart(dashboard))
    if dashboard.theme_changes:
        charts.append(theme_change_chart(dashboard))
    if any(dashboard.groups.values()):
        charts.append(group_chart(dashboard))
    return charts


def responses_chart(dashboard, waves, labels) -> Chart:
    values = [dashboard.responses.get(wave.id) for wave in waves]
    rates = [dashboard.rates.get(wave.id) for wave in waves]
    return Chart(
        "responses",
        "Responses by wave",
        figures.bars("Responses by wave", labels, values, "Responses"),
        ["Wave", "Responses", "Response rate"],
        [
            [label, fmt(v), fmt(None if r is None else 100 * r, "{:.0f}%")]
            for label, v, r in zip(labels, values, rates, strict=True)
        ],
    )


def index_chart(dashboard, waves, labels) -> Chart:
    series = {
        construct_label(c): [
            (e.value, e.low, e.high) if e else None
            for e in (dashboard.indices.get(c, {}).get(w.id) for w in waves)
        ]
        for c in dashboard.indices
    }
    rows = [
        [label] + [interval(dashboard.indices[c].get(wave.id)) for c in dashboard.indices]
        for label, wave in zip(labels, waves, strict=True)
    ]
    beyond = [
        f"{name}: {change.value:+.1f} points"
        for name, change in dashboard.changes
        if change.excludes_zero
    ]
    note = (
        "Changed beyond noise since the previous wave: " + "; ".join(beyond)
        if beyond
        else "No index changed beyond noise (95% interval) since the previous wave."
    )
    return Chart(
        "indices",
        "Indices (0 to 100) with 95% intervals",
        figures.line_with_band(
            "Indices with 95% intervals", labels, series, "Index (0-100)", (0, 100)
        ),
        ["Wave"] + [construct_label(c) for c in dashboard.indices],
        rows,
        note,
    )


def sentiment_chart(dashboard, waves, labels) -> Chart:
    values = [dashboard.net_sentiment.get(wave.id) for wave in waves]
    return Chart(
        "sentiment",
        "Net sentiment of comments",
        figures.bars(
            "Net sentiment (% positive minus % negative)", labels, values, "Net sentiment"
        ),
        ["Wave", "Net sentiment"],
        [[label, fmt(v, "{:+.0f}")] for label, v in zip(labels, values, strict=True)],
        welsh_note(dashboard, waves, labels),
    )


def framing_chart(dashboard, waves, labels, link: CommentLink | None = None) -> Chart:
    shares = {
        name: [by_wave.get(wave.id) for wave in waves]
        for name, by_wave in sorted(dashboard.framings.items())
    }
    cells = {name: [{"framing": name, "wave": wave.id} for wave in waves] for name in shares}
    note = (
        "Select a bar, or a share in the table, to read what those respondents wrote."
        if link
        else ""
    )
    return Chart(
        "framing",
        "How transformation is understood",
        figures.stacked_shares(
            "What transformation means to respondents",
            labels,
            shares,
            {name: urls(shares[name], link, cells[name]) for name in shares},
        ),
        ["Wave"] + list(shares),
        [
            [label]
            + [
                linked(
                    fmt(None if s[i] is None else 100 * s[i], "{:.0f}%"), s[i], link, cells[name][i]
                )
                for name, s in shares.items()
            ]
            for i, label in enumerate(labels)
        ],
        note,
    )


def framing_organisation_chart(dashboard) -> Chart:
    sides = list(dashboard.framings_by_organisation)
    options = sorted(
        {option for row in dashboard.framings_by_organisation.values() for option in row}
    )
    shares = {
        option: [dashboard.framings_by_organisation[side].get(option) for side in sides]
        for option in options
    }
    return Chart(
        "framing-organisations",
        "How each organisation understands transformation",
        figures.stacked_shares("What transformation means, by organisation", sides, shares),
        ["Organisation"] + options,
        [
            [side]
            + [
                fmt(None if shares[o][i] is None else 100 * shares[o][i], "{:.0f}%")
                for o in options
            ]
            for i, side in enumerate(sides)
        ],
        f"In {latest_label(dashboard)}. Hidden shares are left out of the bars.",
    )


def mirror_chart(dashboard, waves, labels) -> Chart:
    series = {
        name: [(e.value, e.low, e.high) if e else None for e in (by_wave.get(w.id) for w in waves)]
        for name, by_wave in dashboard.mirror.items()
    }
    gaps = [dashboard.gap.get(wave.id) for wave in waves]
    rows = [
        [label]
        + [interval(dashboard.mirror[n].get(w.id)) for n in dashboard.mirror]
        + [interval(gap)]
        for label, w, gap in zip(labels, waves, gaps, strict=True)
    ]
    return Chart(
        "mirror",
        "Partnership mirror: trust as each side answers",
        figures.line_with_band(
            "Partnership trust by organisation", labels, series, "Index (0-100)", (0, 100)
        ),
        ["Wave"] + list(dashboard.mirror) + ["Trust gap (council minus partner)"],
        rows,
        "A gap whose interval includes 0 cannot be told from noise.",
    )


def mirror_items_chart(dashboard) -> Chart:
    items = list(dashboard.mirror_items)
    sides = list(next(iter(dashboard.mirror_items.values())))
    series = {
        side: [getattr(dashboard.mirror_items[item][side], "value", None) for item in items]
        for side in sides
    }
    return Chart(
        "mirror-items",
        "Partnership mirror: each statement, side by side",
        figures.grouped_bars(
            "Trust statements as each side answers them", items, series, "Score (0-100)"
        ),
        ["Statement"] + sides,
        [
            [item] + [interval(dashboard.mirror_items[item][side]) for side in sides]
            for item in items
        ],
        f"In {latest_label(dashboard)}: 0 is strongly disagree and 100 strongly "
        "agree. A side too small to show is hidden.",
    )


def hidden_label(dashboard) -> str:
    return f"Hidden: fewer than {dashboard.minimum} people, or would reveal a smaller group"


def theme_order(dashboard, waves) -> list[str]:
    """Themes largest first (by their latest shown share), dropping those no one raised
    in any shown wave: a wall of zeros hides the few themes that matter."""

    def latest_share(name: str) -> float:
        shown = [dashboard.themes[name].get(w.id) for w in waves]
        return next((v for v in reversed(shown) if v is not None), 0.0)

    raised = [n for n in dashboard.themes if any(dashboard.themes[n].get(w.id) for w in waves)]
    return sorted(raised, key=lambda n: (-latest_share(n), n))


def theme_chart(dashboard, waves, labels, link: CommentLink | None = None) -> Chart:
    names = theme_order(dashboard, waves)
    z = [
        [
            None if dashboard.themes[n].get(w.id) is None else 100 * dashboard.themes[n][w.id]
            for w in waves
        ]
        for n in names
    ]
    cells = [[{"theme": n, "wave": w.id} for w in waves] for n in names]
    note = "Largest themes first; themes no one raised are left out."
    if link:
        note += " Select a cell, or a figure in the table, to read the comments behind it."
    top = max((v for row in z for v in row if v is not None), default=0)
    return Chart(
        "themes",
        "Themes over waves (% of commenting respondents)",
        figures.heatmap(
            "Theme prevalence",
            labels,
            names,
            z,
            (0, max(top, 10)),
            z_title="%",
            links=[urls(row, link, cell_row) for row, cell_row in zip(z, cells, strict=True)],
            hidden_label=hidden_label(dashboard),
        ),
        ["Theme"] + labels,
        [
            [n] + [linked(fmt(v), v, link, cell) for v, cell in zip(row, cell_row, strict=True)]
            for n, row, cell_row in zip(names, z, cells, strict=True)
        ],
        note,
    )


def theme_sentiment_chart(dashboard) -> Chart:
    names = sorted(dashboard.theme_sentiment)
    values = [dashboard.theme_sentiment[name] for name in names]
    return Chart(
        "theme-sentiment",
        "Sentiment within each theme",
        figures.horizontal_bars(
            "Net sentiment within each theme", names, values, "% positive minus % negative comments"
        ),
        ["Theme", "Net sentiment"],
        [[name, fmt(value, "{:+.0f}")] for name, value in zip(names, values, strict=True)],
        f"In {latest_label(dashboard)}. Hidden where too few people raised the theme.",
    )


def theme_change_chart(dashboard) -> Chart:
    names = [name for name, _change in dashboard.theme_changes]
    changes = [change for _name, change in dashboard.theme_changes]
    finite = [
        (c.low, c.high) if math.isfinite(c.low) and math.isfinite(c.high) else (c.value, c.value)
        for c in changes
    ]
    beyond = [name for name, change in dashboard.theme_changes if change.excludes_zero]
    note = (
        "Rising or falling beyond noise (95% interval excludes 0): " + "; ".join(beyond)
        if beyond
        else "No theme rose or fell beyond noise since the previous wave."
    )
    return Chart(
        "theme-changes",
        "Rising and falling themes since the previous wave",
        figures.horizontal_bars(
            "Change in share of commenting respondents",
            names,
            [c.value for c in changes],
            "Change (points)",
            finite,
        ),
        ["Theme", "Change (points, 95% interval)", "Beyond noise"],
        [
            [
                name,
                f"{c.value:+.0f} ({c.low:+.0f} to {c.high:+.0f})",
                "yes" if c.excludes_zero else "no",
            ]
            for name, c in dashboard.theme_changes
        ],
        note,
    )


def group_chart(dashboard) -> Chart:
    """Every index on one 0-100 sequential scale; a hidden group says why in its table."""
    names = list(dashboard.groups)
    constructs = list(next(iter(dashboard.groups.values())))
    z = [[dashboard.groups[n][c] for c in constructs] for n in names]
    reasons = dashboard.group_reasons
    return Chart(
        "groups",
        "Indices by reporting group",
        figures.heatmap(
            "Indices by reporting group (0 to 100)",
            constructs,
            names,
            z,
            (0, 100),
            z_title="Index",
            hidden_label=hidden_label(dashboard),
        ),
        ["Group"] + constructs + ["Why hidden"],
        [
            [n] + [fmt(v) for v in row] + [reasons.get(n, "")]
            for n, row in zip(names, z, strict=True)
        ],
        "Over the waves shown. A group is hidden when, in any of those waves, it had fewer "
        f"than {dashboard.minimum} people, or when showing it would let a smaller group be "
        "worked out by subtraction.",
    )
