"""Whether this node can serve: what a load balancer's health and readiness checks ask.

Liveness is only "the process answers"; readiness asks what a node needs to be useful: the
database reachable with the schema this code expects, Redis reachable when background work
goes through it, and the folder keeping the figures up to date. A node that is alive but
not ready is taken out of rotation instead of restarted.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import func, select, text

from engage.extensions import db
from engage.models import Response
from engage.services import folding

MIGRATIONS = Path(__file__).resolve().parent.parent.parent / "migrations"
# Figures further behind than this mean the folder has stopped: say so, but stay ready
# (respondents can still answer; only the figures are late).
FOLDER_STALLED_SECONDS = 300


@dataclass(frozen=True)
class Readiness:
    ready: bool
    checks: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Backlog:
    """What the folder has still to do, for the metrics endpoint."""

    pending: int
    behind_seconds: float


@functools.cache
def expected_revision() -> str:
    """The newest migration this code ships (read once per process)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head() or ""


def readiness() -> Readiness:
    checks: dict[str, str] = {}
    try:
        revision = db.session.scalar(text("SELECT version_num FROM alembic_version"))
        db.session.rollback()
    except Exception as error:  # any failure here means "not ready", with the reason
        db.session.rollback()
        return Readiness(False, {"database": f"unreachable: {type(error).__name__}"})
    checks["database"] = "ok"
    expected = expected_revision()
    checks["schema"] = "ok" if revision == expected else f"at {revision}, expected {expected}"
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        checks["redis"] = redis_state(redis_url)
    warnings = []
    backlog = folding_backlog()
    if backlog.behind_seconds > FOLDER_STALLED_SECONDS:
        warnings.append(
            f"figures are {backlog.behind_seconds:.0f} s behind: is the folder running?"
        )
    return Readiness(all(state == "ok" for state in checks.values()), checks, warnings)


def redis_state(url: str) -> str:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except RedisError as error:
        return f"unreachable: {type(error).__name__}"
    return "ok"


def folding_backlog() -> Backlog:
    pending = db.session.scalar(select(func.count()).where(Response.pending)) or 0
    behind = folding.behind()
    db.session.rollback()
    return Backlog(pending, behind)
