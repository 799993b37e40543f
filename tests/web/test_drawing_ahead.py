"""The folder draws each programme's default dashboard ahead, so no director waits for it."""

from __future__ import annotations

from engage import cli
from engage.charts import svg
from engage.web.insights.ahead import draw_default_views
from tests.builders import build_world
from tests.services.test_insights import answer


def test_a_view_drawn_ahead_is_served_without_drawing(app, staff, admin, tmp_path, monkeypatch):
    world = build_world(admin)
    for index in range(6):
        answer(world, world.link, index, 4)
    app.config["ENGAGE_CHART_CACHE"] = str(tmp_path / "charts")
    svg.cached.cache_clear()
    assert draw_default_views(app) == 1
    kept = list((tmp_path / "charts").glob("*.svg"))
    assert len(kept) >= 10  # a wide and a phone drawing of each chart

    def no_drawing(*args):
        raise AssertionError("the view was drawn again")

    svg.cached.cache_clear()  # another worker: only the disk is shared
    monkeypatch.setattr(svg, "save", no_drawing)
    page = staff.get("/insights/p/test/")
    charts = page.select(".chart")
    assert len(charts) >= 5 and all(chart.select("svg.chart-wide path") for chart in charts)


def test_the_folder_draws_on_starting_after_figures_move_and_now_and_then(app, monkeypatch):
    clock = [1000.0]
    drawn: list[float] = []
    monkeypatch.setattr(cli.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(cli, "draw_default_views", lambda app: drawn.append(clock[0]))
    ahead = cli.DrawingAhead()
    quiet, soon, anyway = (cli.DrawingAhead.QUIET, cli.DrawingAhead.SOON, cli.DrawingAhead.ANYWAY)
    with app.app_context():
        ahead.when_due()  # starting: 1000
        ahead.note(0)
        clock[0] += 60
        ahead.when_due()  # nothing moved, not yet time
        ahead.note(3)  # answers folded at 1060
        clock[0] += 1
        ahead.when_due()  # moved, but answers are still coming
        clock[0] = 1060 + quiet
        ahead.when_due()  # a lull: drawn
        ahead.note(2)
        clock[0] += 1
        ahead.when_due()  # moved again, drawn a second ago and answers coming: waits
        clock[0] = 1060 + quiet + soon
        ahead.when_due()
        clock[0] += anyway
        ahead.when_due()  # nothing moved, but a while has passed
    assert drawn == [1000.0, 1060 + quiet, 1060 + quiet + soon, clock[0]]


def test_the_folder_does_not_draw_while_answers_keep_coming(app, monkeypatch):
    """A room answering for a minute: the folder folds and draws nothing until a lull."""
    clock = [1000.0]
    drawn: list[float] = []
    monkeypatch.setattr(cli.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(cli, "draw_default_views", lambda app: drawn.append(clock[0]))
    ahead = cli.DrawingAhead()
    with app.app_context():
        ahead.when_due()  # starting
        for _second in range(60):
            clock[0] += 1
            ahead.note(4)
            ahead.when_due()
        clock[0] += cli.DrawingAhead.QUIET
        ahead.when_due()
    assert drawn == [1000.0, 1060.0 + cli.DrawingAhead.QUIET]
