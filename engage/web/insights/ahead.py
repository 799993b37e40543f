"""Each programme's default dashboard drawn ahead, so the first director to open it after
its figures move does not wait for matplotlib.

Drawing a view's 22 SVGs takes seconds on a busy 2-core machine, and the page is sent only
once they are drawn. Most visits are to a programme's default view (every survey, every
wave, the whole partnership), so the folder (``flask fold --forever``) draws that view when
it starts and again after folding moves figures (and every few minutes, for figures that
move by other paths: a wave closing, a headcount confirmed). Drawings are kept by content
on disk (``ENGAGE_CHART_CACHE``), where every web worker finds them; a view whose figures
did not move costs its figures' reading and a file lookup per chart.
"""

from __future__ import annotations

import logging

from flask import Flask

from engage.services import programmes
from engage.services.reading import dashboard as insights
from engage.web.insights.views import view_of

log = logging.getLogger(__name__)
DEFAULT_VIEW = insights.Filters(None, None, None, None, None)


def draw_default_views(app: Flask) -> int:
    """Draw (or find kept) every programme's default view; returns how many programmes.
    Comment links are made as a request to the site's root would make them; an app context
    of its own gives it a session of its own, closed on leaving, so no read lingers."""
    done = 0
    with app.app_context(), app.test_request_context("/"):
        for programme in programmes.every():
            try:
                view_of(programme, DEFAULT_VIEW)
                done += 1
            except Exception:  # one programme's trouble must not stop the folder
                log.exception("drawing %s's dashboard ahead failed", programme.slug)
    return done
