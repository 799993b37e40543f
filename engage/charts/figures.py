"""The dashboard's chart descriptions, as plain data.

Each figure is a dict in Plotly's schema (a well-known, documented shape for traces and
layout), which ``engage.charts.drawing`` draws with matplotlib: as inline SVG for the page
and as PNG for the board pack. No Plotly code runs anywhere. Labels are HTML-escaped here
(the drawing unescapes them, and the SVG writer escapes them again); hidden values are gaps
(None), never zeros. The JSON also escapes < > &, so it is safe wherever it is carried.
"""

from __future__ import annotations

import json
import textwrap

from markupsafe import escape

COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#b58840", "#5694ca"]
LAYOUT = {
    "margin": {"l": 60, "r": 20, "t": 130, "b": 90},
    "height": 440,
    "font": {"family": "system-ui, Arial, sans-serif", "size": 13},
    "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
    "hovermode": "x unified",
}


def safe(label: object) -> str:
    return str(escape(str(label)))


def wrapped(label: object, width: int = 38) -> str:
    """An escaped label broken over lines (Plotly's <br>), for long statements on an axis."""
    return "<br>".join(safe(line) for line in textwrap.wrap(str(label), width) or [""])


def as_json(data: list[dict], layout: dict) -> str:
    text = json.dumps({"data": data, "layout": layout}, ensure_ascii=False, allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def layout(title: str, **extra) -> dict:
    return {**LAYOUT, "title": {"text": safe(title)}, **extra}


def line_with_band(
    title: str,
    x: list[str],
    series: dict[str, list[tuple]],
    y_title: str,
    y_range: tuple[float, float] | None = None,
) -> str:
    """Lines with 95% bands: each series is a list of (value, low, high) or None."""
    data = []
    x = [safe(v) for v in x]
    for index, (name, points) in enumerate(series.items()):
        colour = COLOURS[index % len(COLOURS)]
        lows = [p[1] if p else None for p in points]
        highs = [p[2] if p else None for p in points]
        data.append(
            {
                "type": "scatter",
                "x": x + x[::-1],
                "y": highs + lows[::-1],
                "fill": "toself",
                "mode": "lines",
                "fillcolor": colour,
                "opacity": 0.15,
                "line": {"width": 0},
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
        data.append(
            {
                "type": "scatter",
                "x": x,
                "y": [p[0] if p else None for p in points],
                "name": safe(name),
                "mode": "lines+markers",
                "line": {"color": colour},
                "connectgaps": False,
            }
        )
    yaxis = {"title": {"text": safe(y_title)}}
    if y_range:
        yaxis["range"] = list(y_range)
    return as_json(data, layout(title, yaxis=yaxis))


def bars(title: str, x: list[str], values: list[float | None], y_title: str) -> str:
    data = [
        {"type": "bar", "x": [safe(v) for v in x], "y": values, "marker": {"color": COLOURS[0]}}
    ]
    return as_json(data, layout(title, yaxis={"title": {"text": safe(y_title)}}))


def stacked_shares(
    title: str,
    x: list[str],
    shares: dict[str, list[float | None]],
    links: dict[str, list[str | None]] | None = None,
) -> str:
    """Stacked bars; ``links`` (same shape) are addresses a click on a bar opens."""
    data = [
        {
            "type": "bar",
            "x": [safe(v) for v in x],
            "name": safe(name),
            "y": [None if v is None else 100 * v for v in values],
            "marker": {"color": COLOURS[index % len(COLOURS)]},
            **({"customdata": links[name]} if links else {}),
        }
        for index, (name, values) in enumerate(shares.items())
    ]
    return as_json(
        data, layout(title, barmode="stack", yaxis={"title": {"text": "% of respondents"}})
    )


SEQUENTIAL = [[0.0, "#f7fbff"], [0.5, "#6baed6"], [1.0, "#08306b"]]  # 0 is lightest
HIDDEN_FILL, HIDDEN_LINE = "#f3f2f1", "#6f777b"


def heatmap(
    title: str,
    x: list[str],
    y: list[str],
    z: list[list[float | None]],
    z_range: tuple[float, float],
    z_title: str = "",
    links: list[list[str | None]] | None = None,
    hidden_label: str = "Hidden",
) -> str:
    """A sequential scale from 0 (lightest) over ``z_range``; rows read top to bottom in
    the order given, with labels wrapped, never cut. Hidden cells are hatched grey, with a
    legend entry that says why, so they never read as the lightest value. ``links``
    (same shape as ``z``) are addresses a click on a cell opens."""
    text = [["hidden" if value is None else f"{value:.0f}" for value in row] for row in z]
    data = [
        {
            "type": "heatmap",
            "x": [wrapped(v, 16) for v in x],
            "y": [wrapped(v, 26) for v in y],
            "z": z,
            "zmin": z_range[0],
            "zmax": z_range[1],
            "text": text,
            "texttemplate": "%{text}",
            "colorscale": SEQUENTIAL,
            "hovertemplate": "%{y}<br>%{x}: %{text}<extra></extra>",
            "hoverongaps": True,
            "showlegend": False,
            "colorbar": {"title": {"text": safe(z_title)}},
            **({"customdata": links} if links else {}),
        }
    ]
    hatched = hatching(z)
    if hatched:
        data.append(hidden_legend(hidden_label))
    return as_json(
        data,
        layout(
            title,
            height=max(300, 44 * len(y) + 160),
            margin={"l": 20, "r": 20, "t": 100, "b": 80},
            yaxis={"autorange": "reversed", "automargin": True},
            xaxis={"automargin": True},
            shapes=hatched,
            showlegend=bool(hatched),
        ),
    )


def hatching(z: list[list[float | None]]) -> list[dict]:
    """Grey cells with diagonal lines where a value is hidden (Plotly has no heatmap
    pattern; shapes at category positions draw one)."""
    shapes = []
    for row, values in enumerate(z):
        for column, value in enumerate(values):
            if value is not None:
                continue
            x0, y0 = column - 0.5, row - 0.5
            shapes.append(
                {
                    "type": "rect",
                    "x0": x0,
                    "x1": x0 + 1,
                    "y0": y0,
                    "y1": y0 + 1,
                    "fillcolor": HIDDEN_FILL,
                    "line": {"width": 0},
                    "layer": "below",
                }
            )
            for start, end in (((0, 0.5), (0.5, 1)), ((0, 0), (1, 1)), ((0.5, 0), (1, 0.5))):
                shapes.append(
                    {
                        "type": "line",
                        "x0": x0 + start[0],
                        "y0": y0 + start[1],
                        "x1": x0 + end[0],
                        "y1": y0 + end[1],
                        "line": {"color": HIDDEN_LINE, "width": 1},
                        "layer": "below",
                    }
                )
    return shapes


def hidden_legend(label: str) -> dict:
    """A legend entry drawn with the same hatching as the hidden cells."""
    return {
        "type": "bar",
        "x": [None],
        "y": [None],
        "name": safe(label),
        "marker": {
            "color": HIDDEN_FILL,
            "pattern": {"shape": "/", "fgcolor": HIDDEN_LINE, "bgcolor": HIDDEN_FILL},
        },
        "hoverinfo": "skip",
        "showlegend": True,
    }


def horizontal_bars(
    title: str,
    names: list[str],
    values: list[float | None],
    x_title: str,
    intervals: list[tuple[float, float]] | None = None,
) -> str:
    """One bar per name, longest names readable; optional 95% intervals as error bars."""
    bar: dict = {
        "type": "bar",
        "orientation": "h",
        "y": [wrapped(n) for n in names],
        "x": values,
        "marker": {"color": COLOURS[0]},
    }
    if intervals:
        bar["error_x"] = {
            "type": "data",
            "symmetric": False,
            "array": [high - v for v, (_low, high) in zip(values, intervals, strict=True)],
            "arrayminus": [v - low for v, (low, _high) in zip(values, intervals, strict=True)],
        }
    return as_json(
        [bar],
        layout(
            title,
            height=max(300, 32 * len(names) + 140),
            margin={"l": 260, "r": 20, "t": 60, "b": 60},
            xaxis={"title": {"text": safe(x_title)}},
            yaxis={"autorange": "reversed"},
            annotations=hidden_marks(names, values),
        ),
    )


def hidden_marks(names: list[str], values: list[float | None]) -> list[dict]:
    """A hidden bar is labelled "hidden" where it would stand, so it never reads as zero."""
    return [
        {
            "x": 0,
            "y": wrapped(name),
            "text": "hidden",
            "showarrow": False,
            "xanchor": "left",
            "font": {"color": "#505a5f", "size": 12},
        }
        for name, value in zip(names, values, strict=True)
        if value is None
    ]


def grouped_bars(
    title: str, categories: list[str], series: dict[str, list[float | None]], x_title: str
) -> str:
    """Horizontal bars, one group per category and one colour per series."""
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": safe(name),
            "y": [wrapped(c) for c in categories],
            "x": values,
            "marker": {"color": COLOURS[index % len(COLOURS)]},
        }
        for index, (name, values) in enumerate(series.items())
    ]
    return as_json(
        data,
        layout(
            title,
            barmode="group",
            height=max(300, 28 * len(categories) * len(series) + 160),
            margin={"l": 280, "r": 20, "t": 130, "b": 60},
            xaxis={"title": {"text": safe(x_title)}, "range": [0, 100]},
            yaxis={"autorange": "reversed"},
        ),
    )
