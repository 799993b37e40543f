"""Directors' insights: the trend dashboard, its charts drawn on the server as inline SVG
(``engage.charts.svg``), so they show as the page arrives, with no script to wait for."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user, login_required

from engage.charts.dashboard import build_charts
from engage.charts.svg import drawn
from engage.services import access, audit, board, programmes
from engage.services.access import Action
from engage.services.reading import comments
from engage.services.reading import dashboard as insights
from engage.web.assets import compressed, send_script
from engage.web.params import number_arg

bp = Blueprint("insights", __name__, url_prefix="/insights")
# Scripts stay strictly our own files. Plotly, once a director asks for an interactive
# chart, sets style attributes and fills <style> elements of its own (blocked under
# style-src 'self', which leaves its hover labels and mode bar unstyled), so styles alone
# are relaxed, and only on the dashboard page: every chart that arrives is an SVG with none.
DASHBOARD_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


@bp.before_request
@login_required
def require_sign_in():
    """Dashboards are for signed-in staff."""


@bp.get("/js/<name>")
def script(name: str):
    """The dashboard's scripts (filters, charts, Plotly), for signed-in staff only, by
    content-named URL."""
    return send_script(name)


def viewable(slug: str):
    programme = programmes.by_slug(slug)
    if programme is None:
        abort(404)
    if not access.can(current_user, Action.VIEW, programme):
        abort(403)
    return programme


def comment_link(slug: str, filters: insights.Filters):
    """Chart cells open their comments under the dashboard's own organisation and group."""
    kept = {
        name: value
        for name, value in (
            ("organisation", filters.organisation_id),
            ("group", filters.group_id),
        )
        if value
    }
    return lambda cell: url_for("insights.cell_comments", slug=slug, **kept, **cell)


def chart_folder() -> str:
    """Where drawn charts are kept for every worker: set, or the instance folder's charts/."""
    folder = current_app.config.get("ENGAGE_CHART_CACHE")
    return str(folder or Path(current_app.instance_path) / "charts")


def view_of(programme, filters: insights.Filters):
    """One view's figures, its charts and their SVG drawings (drawn now, or kept); the
    folder calls it too, to draw each programme's default view before anyone asks."""
    data = insights.build(programme, filters)
    insights.finished_reading()  # drawing may take a second: hold no transaction through it
    charts = build_charts(data, comment_link(programme.slug, data.filters))
    return data, charts, {chart.key: drawn(chart, chart_folder()) for chart in charts}


@bp.get("/p/<slug>/")
@compressed
def dashboard(slug: str):
    programme = viewable(slug)
    filters = insights.Filters(
        number_arg("survey"),
        number_arg("from"),
        number_arg("to"),
        number_arg("organisation"),
        number_arg("group"),
    )
    data, charts, drawings = view_of(programme, filters)
    page = render_template(
        "insights/dashboard.html",
        programme=programme,
        data=data,
        filters=data.filters,
        charts=charts,
        drawings=drawings,
        can_print=board.can_print(),
    )
    return page, {"Content-Security-Policy": DASHBOARD_POLICY}


@bp.get("/p/<slug>/comments")
def cell_comments(slug: str):
    """The comments behind one dashboard cell, when enough people wrote them."""
    programme = viewable(slug)
    filters = comments.Filters(
        number_arg("wave"),
        number_arg("organisation"),
        number_arg("group"),
        theme=request.args.get("theme", "")[:120],
        framing=request.args.get("framing", "")[:200],
    )
    page = comments.page_of(programme, filters, number_arg("page") or 1)
    described = comments.describe(programme, filters)
    subject = "Comments behind a dashboard figure"
    audit.record_comment_view(
        programme, current_user, subject, audit.describe_slice(described, page.page)
    )
    return render_template(
        "insights/comments.html",
        programme=programme,
        filters=filters,
        page=page,
        described=described,
    )
