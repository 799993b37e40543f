"""Blueprints, one per audience: respondents, organisers (manage) and sign-in."""

from __future__ import annotations

from datetime import date

from flask import Flask

from engage.constructs import construct_label
from engage.domain import SurveyKind
from engage.web.error_summary import error_summary_items


def round_word(kind: SurveyKind | str, plural: bool = False, capital: bool = False) -> str:
    """The one word for a round of this kind of survey ("wave" or "session"), so no page
    spells it out on its own."""
    kind = SurveyKind(kind)
    word = kind.rounds_word if plural else kind.round_word
    return word.capitalize() if capital else word


def register_blueprints(app: Flask) -> None:
    from engage.web import assets, language, ops
    from engage.web.api.views import bp as api_bp
    from engage.web.auth import bp as auth_bp
    from engage.web.auth import sso_views
    from engage.web.downloads import export_views  # noqa: F401 (its routes are on downloads_bp)
    from engage.web.downloads.views import bp as downloads_bp
    from engage.web.insights.views import bp as insights_bp
    from engage.web.manage import bp as manage_bp
    from engage.web.respond.views import bp as respond_bp

    app.register_blueprint(respond_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(downloads_bp)
    app.register_blueprint(insights_bp)
    app.register_blueprint(api_bp)
    sso_views.init_app(app)
    language.init_app(app)
    assets.init_app(app)
    ops.init_app(app)
    app.jinja_env.globals.update(
        error_summary_items=error_summary_items,
        construct_label=construct_label,
        today=date.today,
    )
    app.jinja_env.filters["round_word"] = round_word
    app.jinja_env.filters["zip_pairs"] = lambda values: [(value, value) for value in values]
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
