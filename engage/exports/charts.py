"""Static charts for the Word summary, drawn offline with matplotlib (no browser, no
network). Hidden figures are not drawn as zero: they are left out and the caption says
how many were left out."""

from __future__ import annotations

import io
import textwrap
import warnings

from engage.charts.svg import DRAWING
from engage.exports.summary import CountRow, ThemeRow

BLUE = "#1d70b8"
MAX_BARS = 12


def bar_chart(labels: list[str], values: list[float], axis: str, title: str) -> bytes:
    """Horizontal bars, largest first, full labels (wrapped, never cut), as a PNG. A figure
    of its own (no pyplot), drawn under the lock every drawing in a process shares: web
    workers serve requests in threads, and matplotlib's text caches are not thread-safe."""
    from engage.exports.writers import cell_text

    with DRAWING:
        return draw_bars([cell_text(label) for label in labels], values, axis, title)


def draw_bars(labels: list[str], values: list[float], axis: str, title: str) -> bytes:
    from matplotlib.figure import Figure

    height = 0.9 + 0.42 * len(labels)
    figure = Figure(figsize=(6.3, height), dpi=150)
    axes = figure.subplots()
    wrapped = [textwrap.fill(label, 34) for label in labels]
    positions = range(len(labels))
    axes.barh(list(positions), values, color=BLUE)
    axes.set_yticks(list(positions), wrapped, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel(axis, fontsize=8)
    axes.set_title(title, fontsize=10, loc="left")
    axes.tick_params(axis="x", labelsize=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for position, value in zip(positions, values, strict=True):
        axes.text(value, position, f" {value:.0f}", va="center", fontsize=8)
    axes.set_xlim(0, max([*values, 1]) * 1.15)
    buffer = io.BytesIO()
    with warnings.catch_warnings():  # a glyph the font lacks (an emoji) is drawn as a box
        warnings.simplefilter("ignore", UserWarning)
        figure.tight_layout()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()


def theme_chart(rows: list[ThemeRow]) -> tuple[bytes, str] | None:
    shown = [row for row in rows if row.share is not None]
    if not shown:
        return None
    image = bar_chart(
        [row.theme for row in shown[:MAX_BARS]],
        [row.share * 100 for row in shown[:MAX_BARS]],  # type: ignore[operator]
        "% of people who commented",
        "Themes in the comments",
    )
    notes = [f"The {MAX_BARS} largest themes are drawn; the table lists all."]
    notes = notes if len(shown) > MAX_BARS else []
    hidden = len(rows) - len(shown)
    if hidden:
        notes.append(f"{plural(hidden, 'theme')} hidden to protect anonymity: not drawn.")
    return image, " ".join(notes)


def response_chart(rows: list[CountRow], by_wave: bool) -> tuple[bytes, str] | None:
    shown = [row for row in rows if row.rate is not None and not row.in_progress]
    if not shown:
        return None
    what = "wave" if by_wave else "group"
    image = bar_chart(
        [row.group for row in shown],
        [row.rate * 100 for row in shown],  # type: ignore[operator]
        "Response rate (%)",
        f"Response rate by {what}",
    )
    going = sum(1 for row in rows if row.in_progress)
    left = len(rows) - len(shown) - going
    notes = [f"{plural(going, what)} still open, not drawn."] if going else []
    if left:
        notes.append(
            f"{plural(left, what)} not drawn: hidden to protect anonymity, or no headcount set."
        )
    return image, " ".join(notes)


def plural(count: int, what: str) -> str:
    return f"{count} {what if count == 1 else what + 's'}"
