"""The dashboard's own Plotly figures drawn as PNG images with matplotlib, offline, for the
board pack: one definition of every chart, so the paper and the page cannot disagree.

Only the trace kinds the dashboard makes are drawn: lines with 95% bands (scatter), bars
(vertical, horizontal, stacked or grouped, with error bars) and heatmaps. Hidden values
are gaps, never zeros; a heatmap's hidden cells are hatched grey as on the page.
"""

from __future__ import annotations

import html
import io
import json
import textwrap
import warnings

WIDTH_INCHES = 6.3
COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#b58840", "#5694ca"]


def plotting():
    """matplotlib's pyplot on its file-only backend, imported on first use: the web
    workers import this module with the board pack, and most never draw a chart."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    return pyplot


def label(text: object, width: int = 30) -> str:
    """Plotly labels are escaped HTML with <br> breaks; matplotlib wants plain lines."""
    plain = html.unescape(str(text).replace("<br>", " "))
    return "\n".join(textwrap.wrap(plain, width)) or plain


def png(figure_json: str) -> bytes | None:
    """The figure as a PNG, or None when it has nothing to draw."""
    figure = json.loads(figure_json)
    traces = [t for t in figure["data"] if t.get("showlegend", True) or t["type"] == "heatmap"]
    if not traces:
        return None
    kind = traces[0]["type"]
    if kind == "heatmap" and not any(traces[0].get("z") or []):
        return None  # a filter that leaves no group: a table says so, no empty image
    rows = len(traces[0].get("y") or []) if kind == "heatmap" else 0
    height = max(2.6, 0.42 * rows + 1.6) if kind == "heatmap" else 3.4
    if kind == "bar" and traces[0].get("orientation") == "h":
        height = max(2.6, 0.34 * len(traces[0]["y"]) * len(traces) + 1.2)
    pyplot = plotting()
    plot, axes = pyplot.subplots(figsize=(WIDTH_INCHES, height), dpi=150)
    draw = {"heatmap": heatmap, "bar": bars, "scatter": lines}[kind]
    draw(axes, figure)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=8)
    buffer = io.BytesIO()
    with warnings.catch_warnings():  # a glyph the font lacks is drawn as a box
        warnings.simplefilter("ignore", UserWarning)
        plot.tight_layout()
        plot.savefig(buffer, format="png")
    pyplot.close(plot)
    return buffer.getvalue()


def lines(axes, figure: dict) -> None:
    """Each series a line with markers; its 95% band (a closed polygon) shaded behind."""
    colour = 0
    for trace in figure["data"]:
        x = [label(v, 12) for v in trace["x"]]
        y = [float("nan") if v is None else v for v in trace["y"]]
        if trace.get("fill") == "toself":
            half = len(x) // 2
            axes.fill_between(
                x[:half], y[:half], y[half:][::-1], color=COLOURS[colour % 7], alpha=0.15
            )
            continue
        axes.plot(x, y, marker="o", color=COLOURS[colour % 7], label=label(trace.get("name", "")))
        colour += 1
    axis = figure["layout"].get("yaxis", {})
    if axis.get("range"):
        axes.set_ylim(*axis["range"])
    axes.set_ylabel(label(axis.get("title", {}).get("text", "")), fontsize=8)
    if colour > 1:
        legend_below(axes, colour)


def bars(axes, figure: dict) -> None:
    """Bars as the page draws them: stacked, grouped or single, across or along."""
    traces = [t for t in figure["data"] if t.get("showlegend", True)]
    across = traces[0].get("orientation") == "h"
    names = [label(v, 34 if across else 12) for v in traces[0]["y" if across else "x"]]
    stacked = figure["layout"].get("barmode") == "stack"
    width = 0.8 / (1 if stacked else len(traces))
    base = [0.0] * len(names)
    for index, trace in enumerate(traces):
        values = [0.0 if v is None else v for v in trace["x" if across else "y"]]
        offset = 0 if stacked else (index - (len(traces) - 1) / 2) * width
        spots = [p + offset for p in range(len(names))]
        draw = axes.barh if across else axes.bar
        draw(
            spots,
            values,
            width if not across else width,
            base if stacked else None,
            color=COLOURS[index % 7],
            label=label(trace.get("name", "")),
            **error_bars(trace, across),
        )
        if stacked:
            base = [b + v for b, v in zip(base, values, strict=True)]
    if across:
        axes.set_yticks(range(len(names)), names, fontsize=8)
        axes.invert_yaxis()
    else:
        axes.set_xticks(range(len(names)), names, fontsize=8)
    if len(traces) > 1:
        legend_below(axes, len(traces))


def legend_below(axes, entries: int) -> None:
    """Below the plot, never over the bars or lines it names."""
    axes.legend(
        fontsize=7,
        frameon=False,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        ncol=min(3, entries),
    )


def error_bars(trace: dict, across: bool) -> dict:
    errors = trace.get("error_x" if across else "error_y")
    if not errors:
        return {}
    spread = [errors.get("arrayminus", errors["array"]), errors["array"]]
    return {"xerr" if across else "yerr": spread, "ecolor": "#505a5f", "capsize": 2}


def heatmap(axes, figure: dict) -> None:
    """0 lightest on a sequential scale; hidden cells hatched grey and written "hidden"."""
    trace = figure["data"][0]
    z = trace["z"]
    grid = [[float("nan") if v is None else v for v in row] for row in z]
    from matplotlib.colors import LinearSegmentedColormap
    from matplotlib.patches import Rectangle

    colours = LinearSegmentedColormap.from_list(
        "sequential", [colour for _stop, colour in trace["colorscale"]]
    )
    axes.imshow(grid, cmap=colours, vmin=trace["zmin"], vmax=trace["zmax"], aspect="auto")
    for row, values in enumerate(z):
        for column, value in enumerate(values):
            if value is None:
                axes.add_patch(
                    Rectangle(
                        (column - 0.5, row - 0.5),
                        1,
                        1,
                        facecolor="#f3f2f1",
                        hatch="///",
                        edgecolor="#6f777b",
                        linewidth=0,
                    )
                )
            dark = value is not None and value > (trace["zmin"] + trace["zmax"]) / 2
            axes.text(
                column,
                row,
                "hidden" if value is None else f"{value:.0f}",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if dark else "#0b0c0c",
            )
    axes.set_xticks(range(len(trace["x"])), [label(v, 12) for v in trace["x"]], fontsize=7)
    axes.set_yticks(range(len(trace["y"])), [label(v, 34) for v in trace["y"]], fontsize=7)
