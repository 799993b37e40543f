"""Fixtures. The database is built through the migrations, never by ``create_all``.

By default each test gets a copy of a migrated SQLite file. With ENGAGE_TEST_DATABASE_URL
set to a PostgreSQL URL the suite runs against that database instead: it is migrated once
and emptied after each test.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email import policy as email_policy
from pathlib import Path

import pytest
from flask import g
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, text

from engage import create_app
from engage.config import normalise_database_url
from engage.domain import ExportKind
from engage.extensions import db
from engage.services import users
from tests.pages import checked_page

# Property tests never fail on a slow or busy machine (no deadline) and, by default, never on
# luck: the "ci" profile runs the same derandomised examples every time. The "explore"
# profile hunts with random seeds and many more examples (README, Development); whatever it
# finds is added to the test as an explicit @example so that CI keeps checking it.
QUIET = {
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
}
settings.register_profile("ci", deadline=None, derandomize=True, database=None, **QUIET)
settings.register_profile("explore", deadline=None, max_examples=2000, **QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TEST_DATABASE_URL = os.environ.get("ENGAGE_TEST_DATABASE_URL", "")
PASSWORD = "correct-horse-battery"


def migrate(url: str) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory) -> str:
    if TEST_DATABASE_URL:
        url = normalise_database_url(TEST_DATABASE_URL)
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        migrate(url)
        return url
    path = tmp_path_factory.mktemp("template") / "engage.sqlite3"
    migrate(f"sqlite:///{path}")
    return str(path)


@pytest.fixture
def database_url(database_template, tmp_path) -> str:
    if TEST_DATABASE_URL:
        yield database_template
        empty_postgres(database_template)
        return
    path = tmp_path / "engage.sqlite3"
    shutil.copyfile(database_template, path)
    yield f"sqlite:///{path}"


def empty_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        tables = (
            connection.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename <> 'alembic_version'"
                )
            )
            .scalars()
            .all()
        )
        if tables:
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


class TestClient(FlaskClient):
    """Ends the test's own transaction before each request.

    On SQLite every transaction takes the write lock at BEGIN (``BEGIN IMMEDIATE``), so a
    test that has just read something would otherwise make the app wait for it.

    Each request also starts with an empty ``g``, as it would in a server: the test's app
    context is shared by every request, and Flask-Login, Flask-WTF and Flask-Limiter keep
    per-request state there (the signed-in user, the CSRF token, whether limits ran)."""

    def open(self, *args, **kwargs):
        db.session.commit()
        g.__dict__.clear()
        return super().open(*args, **kwargs)


@contextmanager
def running_app(database_url: str, **config):
    """A test app on this database, in its context; ``config`` adds to the defaults."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "TESTING": True,
            "ENGAGE_PUBLIC_URL": "https://engage.example.org",
            "ENGAGE_JOBS_INLINE": True,
            "REDIS_URL": "",
            **config,
        }
    )
    app.test_client_class = TestClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(database_url):
    with running_app(database_url) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def admin(app):
    return users.create_user("admin@example.org", "Ada Admin", PASSWORD, site_admin=True)


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def sign_in(client, email: str, password: str = PASSWORD):
    page = client.get("/auth/sign-in")
    token = csrf_token_from(page.get_data(as_text=True))
    response = client.post(
        "/auth/sign-in", data={"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return token


EXPORT_LABELS = {kind.value: kind.label for kind in ExportKind}


class StaffClient:
    """A signed-in test client whose posts carry the session's CSRF token."""

    def __init__(self, client, token: str):
        self.client = client
        self.token = token

    def get(self, url: str, status: int = 200):
        return checked_page(self.client.get(url), status)

    def post(self, url: str, data: dict | None = None, **kwargs):
        return self.client.post(url, data={"csrf_token": self.token, **(data or {})}, **kwargs)

    def export(self, url: str, data: dict | None = None):
        """Press an export's button (its job runs inline in tests), then follow the exports
        page's Download link: the file's response."""
        queued = self.post(url, data)
        assert queued.status_code == 302, queued.status_code
        page = self.get(queued.headers["Location"].split("#")[0])
        kind = url.rsplit("/", 1)[1].split(".")[0]  # board-pack, theme-summary, responses
        (section,) = [h for h in page.find_all("h3") if h.get_text() == EXPORT_LABELS[kind]]
        paragraph = section.find_next("p")
        links = [a for a in paragraph.find_all("a") if a.get_text().startswith("Download")]
        assert links, paragraph.get_text()
        return self.client.get(links[0]["href"])


@pytest.fixture
def staff(client, admin) -> StaffClient:
    return StaffClient(client, sign_in(client, admin.email))


class Clock:
    """A clock tests move by hand: sessions and links time out without anyone sleeping."""

    def __init__(self):
        self.now = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(app) -> Clock:
    app.config["ENGAGE_CLOCK"] = frozen = Clock()
    return frozen


class Mailbox(list):
    """An aiosmtpd handler keeping every message it is sent."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.append(message_from_bytes(envelope.content, policy=email_policy.default))
        return "250 Message accepted for delivery"

    def links(self) -> list[str]:
        """The paths of the Engage links in every message, oldest first."""
        found = []
        for message in self:
            found += re.findall(r"https://engage\.example\.org(/\S+)", message.get_content())
        return found


@pytest.fixture
def mailbox(app):
    """A real SMTP server on a free local port; the app sends its mail there."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(
        ENGAGE_SMTP_HOST="127.0.0.1", ENGAGE_SMTP_PORT=port, ENGAGE_SMTP_SECURITY="none"
    )
    yield box
    controller.stop()


@pytest.fixture
def root() -> Path:
    return Path(__file__).resolve().parent.parent
