"""Checks that need a real PostgreSQL. They run in the default suite when one is reachable
(ENGAGE_POSTGRES_URL, default the local test database) and skip with the reason otherwise.
They use their own schema, so they never touch data of a full PostgreSQL run."""

from __future__ import annotations

import os
import threading
from datetime import date

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from engage import create_app
from engage.domain import AnswerValue
from engage.extensions import db
from engage.models import Link, Response
from engage.services import responses, users
from tests.builders import build_world
from tests.conftest import PASSWORD, migrate

SERVER = os.environ.get("ENGAGE_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
SCHEMA = "engage_check"


def reachable() -> str | None:
    try:
        with psycopg.connect(SERVER, connect_timeout=3) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            connection.execute(f"CREATE SCHEMA {SCHEMA}")
    except psycopg.Error as error:
        return f"PostgreSQL is not reachable at {SERVER}: {str(error).strip()[:120]}"
    return None


@pytest.fixture(scope="module")
def postgres_app():
    reason = reachable()
    if reason:
        pytest.skip(reason)
    url = f"{SERVER}?options=-csearch_path%3D{SCHEMA}"
    migrate(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_migrations_match_the_models_on_postgresql(postgres_app):
    assert db.engine.dialect.name == "postgresql"
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_eight_racing_submissions_of_one_token_store_one_response(postgres_app):
    admin = users.create_user("pg-admin@example.org", "PG", PASSWORD, site_admin=True)
    world = build_world(admin)
    link_id = world.link.id
    question_id = world.wave.version.questions[0].id
    token = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
    barrier, outcomes = threading.Barrier(8), []

    def submit():
        with postgres_app.app_context():
            link = db.session.get(Link, link_id)
            barrier.wait()
            outcomes.append(
                responses.submit(link, token, [AnswerValue(question_id, number=5)], date.today())
            )
            db.session.remove()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcome.value for outcome in outcomes) == ["already_stored"] * 7 + ["stored"]
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
