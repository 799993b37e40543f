"""Plotly figures for the directors' dashboard.

Labels are escaped before they reach Plotly, whose hover and legend text accept a subset
of HTML; hidden values are gaps (None), never zeros, and are marked as hidden in the
tables beside each chart. Figures are returned as JSON that escapes "</".
"""

from __future__ import annotations

import plotly.graph_objects as go
from markupsafe import escape

COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#b58840", "#5694ca"]
LAYOUT = {"margin": {"l": 60, "r": 20, "t": 90, "b": 90}, "height": 420,
          "font": {"family": "system-ui, Arial, sans-serif", "size": 13},
          "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
          "hovermode": "x unified"}


def safe(label: object) -> str:
    return str(escape(str(label)))


def as_json(figure: go.Figure) -> str:
    return figure.to_json()


def line_with_band(title: str, x: list[str], series: dict[str, list[tuple]],
                   y_title: str, y_range: tuple[float, float] | None = None) -> str:
    """Lines with 95% bands: each series is a list of (value, low, high) or None."""
    figure = go.Figure()
    for index, (name, points) in enumerate(series.items()):
        colour = COLOURS[index % len(COLOURS)]
        values = [p[0] if p else None for p in points]
        lows = [p[1] if p else None for p in points]
        highs = [p[2] if p else None for p in points]
        figure.add_scatter(x=x + x[::-1], y=highs + lows[::-1], fill="toself", mode="lines",
                           fillcolor=colour, opacity=0.15, line={"width": 0},
                           hoverinfo="skip", showlegend=False, connectgaps=False)
        figure.add_scatter(x=x, y=values, name=safe(name), mode="lines+markers",
                           line={"color": colour}, connectgaps=False)
    figure.update_layout(title=safe(title), yaxis_title=safe(y_title), **LAYOUT)
    if y_range:
        figure.update_yaxes(range=list(y_range))
    return as_json(figure)


def bars(title: str, x: list[str], values: list[float | None], y_title: str) -> str:
    figure = go.Figure(go.Bar(x=[safe(v) for v in x], y=values, marker_color=COLOURS[0]))
    figure.update_layout(title=safe(title), yaxis_title=safe(y_title), **LAYOUT)
    return as_json(figure)


def stacked_shares(title: str, x: list[str], shares: dict[str, list[float | None]]) -> str:
    figure = go.Figure()
    for index, (name, values) in enumerate(shares.items()):
        figure.add_bar(x=x, y=[None if v is None else 100 * v for v in values],
                       name=safe(name), marker_color=COLOURS[index % len(COLOURS)])
    figure.update_layout(title=safe(title), barmode="stack", yaxis_title="% of respondents",
                         **LAYOUT)
    return as_json(figure)


def heatmap(title: str, x: list[str], y: list[str], z: list[list[float | None]],
            scale: str = "Blues", z_title: str = "") -> str:
    """Hidden cells stay empty (NaN-like gaps) with "hidden" in the hover text."""
    text = [["hidden" if value is None else f"{value:.0f}" for value in row] for row in z]
    figure = go.Figure(go.Heatmap(
        x=[safe(v) for v in x], y=[safe(v) for v in y], z=z, text=text,
        texttemplate="%{text}", hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
        colorscale=scale, colorbar={"title": {"text": safe(z_title)}}, hoverongaps=True))
    figure.update_layout(title=safe(title), **{**LAYOUT, "height": max(300, 40 * len(y) + 140),
                                              "margin": {"l": 260, "r": 20, "t": 40,
                                                         "b": 80}})
    return as_json(figure)
