"""The dashboard's figures drawn with matplotlib: one drawing for the page and the paper.

The chart builders describe every chart once (``engage.charts.figures``, Plotly's schema as
plain data); this module draws that description on a matplotlib figure, which the page
saves as SVG (``engage.charts.svg``) and the board pack as PNG. Only the trace kinds the
dashboard makes are drawn: lines with 95% bands, bars (vertical, horizontal, stacked or
grouped, with error bars) and heatmaps. Hidden values are gaps, never zeros; a heatmap's
hidden cells are hatched grey, written "hidden" and named in a legend entry that says why.

Each drawn mark may carry a *tip* (its label and value, a hover text on the page) and a
*link* (the comments behind it); a PNG ignores both.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field

COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#b58840", "#5694ca"]
HIDDEN_FILL, HIDDEN_LINE, INK, MUTED = "#f3f2f1", "#6f777b", "#0b0c0c", "#505a5f"


@dataclass(frozen=True)
class Size:
    """Where a chart is shown: its width (inches at 72 per inch, so one unit is one CSS
    pixel when an SVG is shown at its own width), its type size and how labels wrap."""

    name: str
    width: float
    font: float
    wrap: int  # characters per line for a long category label
    row: float  # inches per heatmap row or horizontal bar
    height: float  # inches for lines and vertical bars


WIDE = Size("wide", 928 / 72, 12, 34, 0.56, 5.6)
NARROW = Size("narrow", 358 / 72, 11, 16, 0.62, 4.6)
PRINT = Size("print", 6.3, 8, 34, 0.42, 3.4)


@dataclass
class Marks:
    """Hover texts and links of the marks drawn, by the id given to each mark."""

    tips: dict[str, str] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)

    def tag(self, artist, tip: str, link: str | None = None) -> None:
        gid = f"mark{len(self.tips)}"
        artist.set_gid(gid)
        self.tips[gid] = tip
        if link:
            artist.set_url(link)


def new_figure(width: float, height: float):
    """A matplotlib figure of its own, outside pyplot: no global figure list to keep or
    clear, and nothing shared between threads but the lock the callers hold. Imported on
    first use: a worker that never draws a chart never pays for matplotlib."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height))


def label(text: object, width: int = 30) -> str:
    """Plotly labels are escaped HTML with <br> breaks; matplotlib wants plain lines, and a
    "$" must not start mathtext."""
    plain = html.unescape(str(text).replace("<br>", " ")).replace("$", r"\$")
    return "\n".join(textwrap.wrap(plain, width, break_long_words=False)) or plain


def category(text: object) -> str:
    """A wave's label with its date on a line of its own ("Wave 6" over "(11 Nov)")."""
    head, bracket, rest = label(text, 200).partition(" (")
    return f"{head}\n({rest}" if bracket else label(text, 16)


def traces_of(figure: dict) -> list[dict]:
    """The traces that draw something (a legend-only trace draws nothing)."""
    return [t for t in figure["data"] if t.get("showlegend", True) or t["type"] == "heatmap"]


def height_of(figure: dict, size: Size) -> float:
    traces = traces_of(figure)
    first = traces[0]
    if first["type"] == "heatmap":
        lines = max((label(v, size.wrap).count("\n") + 1 for v in first["y"]), default=1)
        row = max(size.row, (lines * 1.3 * size.font + 8) / 72)  # a wrapped label fits its row
        return max(2.6, row * len(first["y"]) + 2.2)
    if first["type"] == "bar" and first.get("orientation") == "h":
        rows = len(first["y"]) * (1 if figure["layout"].get("barmode") == "stack" else len(traces))
        return max(2.6, size.row * 0.8 * rows + 1.6)
    return size.height


def draw(figure: dict, size: Size, marks: Marks | None = None):
    """The figure drawn on a new matplotlib figure, or None when it has nothing to draw."""
    traces = traces_of(figure)
    if not traces:
        return None
    kind = traces[0]["type"]
    if kind == "heatmap" and not any(traces[0].get("z") or []):
        return None  # a filter that leaves no group: a table says so, no empty image
    height = height_of(figure, size)
    plot = new_figure(size.width, height)
    axes = plot.subplots()
    plot.subplots_adjust(**margins(figure, size, height))
    drawer = {"heatmap": heatmap, "bar": bars, "scatter": lines}[kind]
    drawer(axes, figure, size, marks or Marks())
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=size.font, colors=INK)
    return plot


def margins(figure: dict, size: Size, height: float) -> dict[str, float]:
    """Room for the labels, worked out from their lengths rather than measured: measuring
    (matplotlib's tight layout) lays every label out twice and doubles the drawing time."""
    traces = traces_of(figure)
    first, em = traces[0], size.font * 0.62  # a DejaVu Sans character, on average
    across = first["type"] == "heatmap" or first.get("orientation") == "h"
    # Category labels, or the numbers and the axis title beside them.
    left = longest(first["y"], size.wrap) * em + 12 if across else 3.5 * em + 2.2 * size.font + 6
    columns = len(first["x"] if not across or first["type"] == "heatmap" else [])
    turned = columns and turns(figure, columns, size)
    ticks = longest_line(first["x"]) if columns else 4
    slant = 1.0 if turned and size is NARROW and first["type"] == "heatmap" else 0.7
    lines = max((category(v).count("\n") + 1 for v in first["x"]), default=1) if columns else 1
    bottom = (ticks * em * slant + size.font if turned else 1.3 * size.font * lines) + 10
    if first["type"] == "bar" and first.get("orientation") == "h":
        bottom += 1.6 * size.font  # the axis title
    entries = legend_entries(figure)
    per_row = 1 if size is NARROW else 3
    rows = sum(1 + len(name) // legend_wrap(size) for name in entries[::per_row])
    top = (rows * size.font * 1.7 + 18) if entries else 18
    if first["type"] == "heatmap" and size is not NARROW:
        top += 1.5 * size.font  # the colour scale's title
    right = 5 * em + 24 if first["type"] == "heatmap" and size is not NARROW else 2 * em + 8
    width, tall = size.width * 72, height * 72
    left = min(left, width * 0.55)
    return {
        "left": left / width,
        "right": 1 - right / width,
        "bottom": min(bottom / tall, 0.45),
        "top": 1 - min(top / tall, 0.4),
    }


def longest(labels: list, wrap: int) -> int:
    return max((len(line) for v in labels for line in label(v, wrap).split("\n")), default=1)


def legend_entries(figure: dict) -> list[str]:
    """The names a legend lists: the hidden-cells entry, or the series when there are two
    or more."""
    traces = traces_of(figure)
    if traces[0]["type"] == "heatmap":
        has_hidden = any(v is None for row in traces[0]["z"] for v in row)
        return [label(t["name"], 200) for t in figure["data"][1:2]] if has_hidden else []
    named = [t for t in traces if t.get("name")]
    return [label(t["name"], 200) for t in named] if len(named) > 1 else []


def turns(figure: dict, columns: int, size: Size) -> bool:
    """Whether the labels along the bottom are turned, so they never overlap."""
    first = traces_of(figure)[0]
    room = size.width * 72 * 0.8
    if first["type"] == "heatmap":
        room -= longest(first["y"], size.wrap) * size.font * 0.62 + (0 if size is NARROW else 60)
    return columns * (longest_line(first["x"]) + 1) * size.font * 0.6 > room


def longest_line(categories: list) -> int:
    return max((len(line) for v in categories for line in category(v).split("\n")), default=1)


def legend_wrap(size: Size) -> int:
    """Characters on a legend line: the hidden cells' reason is a sentence."""
    return int(size.width * 72 * 0.8 / (size.font * 0.62))


def lines(axes, figure: dict, size: Size, marks: Marks) -> None:
    """Each series a line with markers; its 95% band (a closed polygon) shaded behind."""
    colour = 0
    for trace in figure["data"]:
        x = [category(v) for v in trace["x"]]
        y = [float("nan") if v is None else v for v in trace["y"]]
        if trace.get("fill") == "toself":
            half = len(x) // 2
            axes.fill_between(
                x[:half], y[:half], y[half:][::-1], color=COLOURS[colour % 7], alpha=0.15, lw=0
            )
            continue
        name = label(trace.get("name", ""), 200)
        axes.plot(x, y, marker="o", color=COLOURS[colour % 7], label=name)
        colour += 1
    axis = figure["layout"].get("yaxis", {})
    if axis.get("range"):
        axes.set_ylim(*axis["range"])
    axes.set_ylabel(label(axis.get("title", {}).get("text", "")), fontsize=size.font)
    axes.grid(axis="y", color="#e5e5e5", linewidth=0.8)
    axes.set_axisbelow(True)
    if turns(figure, len(figure["data"][-1]["x"]), size):
        turn(axes)
    if colour > 1:
        legend_above(axes, colour, size)


def turn(axes, angle: int = 40) -> None:
    """Labels along the bottom turned, as Plotly turns them when they would overlap."""
    for tick in axes.get_xticklabels():
        tick.set_rotation(angle)
        tick.set_horizontalalignment("right")
        tick.set_rotation_mode("anchor")


def bars(axes, figure: dict, size: Size, marks: Marks) -> None:
    """Bars as the page drew them: stacked, grouped or single, across or along."""
    traces = traces_of(figure)
    across = traces[0].get("orientation") == "h"
    raw = traces[0]["y" if across else "x"]
    names = [label(v, size.wrap) if across else category(v) for v in raw]
    stacked = figure["layout"].get("barmode") == "stack"
    width = 0.8 / (1 if stacked else len(traces))
    base = [0.0] * len(names)
    for index, trace in enumerate(traces):
        values = [0.0 if v is None else v for v in trace["x" if across else "y"]]
        offset = 0 if stacked else (index - (len(traces) - 1) / 2) * width
        spots = [p + offset for p in range(len(names))]
        draw_bars = axes.barh if across else axes.bar
        drawn = draw_bars(
            spots,
            values,
            width,
            base if stacked else None,
            color=COLOURS[index % 7],
            label=label(trace.get("name", ""), 200),
            **error_bars(trace, across),
        )
        tag_bars(drawn.patches, raw, trace, across, marks)
        if stacked:
            base = [b + v for b, v in zip(base, values, strict=True)]
    if stacked and not across:  # shares of respondents: the whole scale, so no bar meets the top
        axes.set_ylim(0, max(100.0, *base))
    bar_axes(axes, figure, names, size)


def tag_bars(patches, names: list, trace: dict, across: bool, marks: Marks) -> None:
    """Each bar's hover text (category, series: value) and its link, if any."""
    series = label(trace.get("name", ""), 200)
    links = trace.get("customdata") or [None] * len(names)
    values = trace["x" if across else "y"]
    for patch, name, value, link in zip(patches, names, values, links, strict=True):
        what = f"{label(name, 200)}{', ' + series if series else ''}"
        marks.tag(patch, f"{what}: {'hidden' if value is None else f'{value:.0f}'}", link)


def bar_axes(axes, figure: dict, names: list[str], size: Size) -> None:
    """Labels, the zero line, hidden bars named, a grid and the legend."""
    traces = traces_of(figure)
    across = traces[0].get("orientation") == "h"
    ticks = axes.set_yticks if across else axes.set_xticks
    ticks(range(len(names)), names, fontsize=size.font)
    if across:
        axes.invert_yaxis()
        axes.axvline(0, color=INK, linewidth=0.8)
        hidden_bars(axes, traces[0], size)
        axes.set_xlabel(label(axis_title(figure, "xaxis"), 60), fontsize=size.font)
        if figure["layout"].get("xaxis", {}).get("range"):
            axes.set_xlim(*figure["layout"]["xaxis"]["range"])
    else:
        axes.set_ylabel(label(axis_title(figure, "yaxis"), 40), fontsize=size.font)
        if any(v is not None and v < 0 for t in traces for v in t["y"]):
            axes.axhline(0, color=INK, linewidth=0.8)
        if turns(figure, len(names), size):
            turn(axes)
    axes.grid(axis="x" if across else "y", color="#e5e5e5", linewidth=0.8)
    axes.set_axisbelow(True)
    if len(traces) > 1:
        legend_above(axes, len(traces), size)


def axis_title(figure: dict, axis: str) -> str:
    return figure["layout"].get(axis, {}).get("title", {}).get("text", "")


def hidden_bars(axes, trace: dict, size: Size) -> None:
    """A hidden bar is written "hidden" where it would stand, so it never reads as zero."""
    for row, value in enumerate(trace["x"]):
        if value is None:
            axes.text(0, row, " hidden", va="center", fontsize=size.font - 1, color=MUTED)


def legend_above(axes, entries: int, size: Size, handles=None) -> None:
    """Above the plot, as the page had it, never over the bars or lines it names."""
    columns = 1 if size is NARROW else min(3, entries)
    axes.legend(
        handles=handles,
        fontsize=size.font - 1,
        frameon=False,
        loc="lower left",
        bbox_to_anchor=(0, 1.02),
        ncol=columns,
        borderaxespad=0,
    )


def error_bars(trace: dict, across: bool) -> dict:
    errors = trace.get("error_x" if across else "error_y")
    if not errors:
        return {}
    spread = [errors.get("arrayminus", errors["array"]), errors["array"]]
    return {"xerr" if across else "yerr": spread, "ecolor": MUTED, "capsize": 2}


def heatmap(axes, figure: dict, size: Size, marks: Marks) -> None:
    """0 lightest on a sequential scale; hidden cells hatched grey, written "hidden" and
    named in a legend entry. Each cell is its own rectangle, so it can carry its link."""
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import LinearSegmentedColormap, Normalize
    from matplotlib.patches import Patch

    trace = figure["data"][0]
    # 40 steps: under matplotlib's 50 a colour bar is drawn as shapes, not a raster image.
    stops = [c for _s, c in trace["colorscale"]]
    scale = LinearSegmentedColormap.from_list("sequential", stops, N=40)
    norm = Normalize(trace["zmin"], trace["zmax"])
    links = trace.get("customdata") or [[None] * len(row) for row in trace["z"]]
    small = size.font - (3 if size is NARROW else 1)
    for row, values in enumerate(trace["z"]):
        for column, value in enumerate(values):
            fill = None if value is None else scale(norm(value))
            drawn = cell(axes, (row, column), value, fill)
            where = f"{label(trace['y'][row], 200)}, {label(trace['x'][column], 200)}"
            text = "hidden" if value is None else f"{value:.0f}"
            marks.tag(drawn, f"{where}: {text}", links[row][column])
            colour = INK if fill is None else ink_on(fill)
            axes.text(column, row, text, ha="center", va="center", fontsize=small, color=colour)
    axes.set_xlim(-0.5, len(trace["x"]) - 0.5)
    axes.set_ylim(len(trace["y"]) - 0.5, -0.5)
    axes.set_xticks(range(len(trace["x"])), [category(v) for v in trace["x"]], fontsize=size.font)
    axes.set_yticks(range(len(trace["y"])), [label(v, size.wrap) for v in trace["y"]])
    axes.tick_params(length=0)
    axes.spines[["left", "bottom"]].set_visible(False)
    if turns(figure, len(trace["x"]), size):
        turn(axes, 90 if size is NARROW else 40)
    if size is not NARROW:  # on a phone the cells' own numbers say it, in the room it takes
        scale_beside(axes, ScalarMappable(norm, scale), trace, size)
    if any(value is None for row in trace["z"] for value in row):
        name = label(next(t["name"] for t in figure["data"][1:]), legend_wrap(size))
        hidden = Patch(facecolor=HIDDEN_FILL, edgecolor=HIDDEN_LINE, hatch="///", label=name)
        legend_above(axes, 1, size, handles=[hidden])


def ink_on(fill) -> str:
    """Black or white, whichever contrasts more with the cell (WCAG's luminance)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in fill[:3])
    light = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return INK if (light + 0.05) / 0.0537 >= 1.05 / (light + 0.05) else "white"


def scale_beside(axes, mappable, trace: dict, size: Size) -> None:
    bar = axes.figure.colorbar(mappable, ax=axes, fraction=0.04, pad=0.02, aspect=30)
    bar.ax.tick_params(labelsize=size.font - 1)
    bar.ax.set_title(label(trace["colorbar"]["title"]["text"]), fontsize=size.font - 1)
    bar.outline.set_visible(False)
    bar.solids.set_edgecolor("face")  # no hairlines between the steps


def cell(axes, where: tuple[int, int], value: float | None, colour):
    from matplotlib.patches import Rectangle

    row, column = where
    box = (column - 0.5, row - 0.5)
    if value is None:
        patch = Rectangle(
            box, 1, 1, facecolor=HIDDEN_FILL, hatch="///", edgecolor=HIDDEN_LINE, linewidth=0
        )
    else:
        patch = Rectangle(box, 1, 1, facecolor=colour, edgecolor="white", linewidth=0.5)
    return axes.add_artist(patch)  # not add_patch: the limits are set once, not per cell
