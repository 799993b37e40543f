"""The dashboard's own charts drawn as PNG images with matplotlib, offline, for the board
pack: the same drawing (``engage.charts.drawing``) as the page's SVG, so the paper and the
page cannot disagree."""

from __future__ import annotations

import io
import json
import warnings

from engage.charts import drawing
from engage.charts.svg import DRAWING

DPI = 150


def png(figure_json: str) -> bytes | None:
    """The figure as a PNG, or None when it has nothing to draw."""
    with DRAWING:
        plot = drawing.draw(json.loads(figure_json), drawing.PRINT)
        if plot is None:
            return None
        buffer = io.BytesIO()
        with warnings.catch_warnings():  # a glyph the font lacks is drawn as a box
            warnings.simplefilter("ignore", UserWarning)
            plot.tight_layout()
            plot.savefig(buffer, format="png", dpi=DPI)
        return buffer.getvalue()
