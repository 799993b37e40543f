"""Engage: pulse surveys and roundtable feedback for transformation programmes."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from engage import config as engage_config
from engage import database
from engage.extensions import csrf, db, limiter, login_manager, migrate
from engage.services import kept

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Wire configuration, extensions, blueprints, error pages and commands; nothing else."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update(engage_config.from_environment())
    app.config.update(config or {})
    engage_config.finalise(app.config)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    database.init_app(app)
    kept.init_app(app)

    from engage import cli, errors, security
    from engage.web import register_blueprints

    security.init_app(app)
    register_blueprints(app)
    errors.init_app(app)
    cli.init_app(app)
    return app
