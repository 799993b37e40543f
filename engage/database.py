"""Engine behaviour that keeps answers safe on SQLite.

pysqlite starts transactions lazily and as DEFERRED, so two workers can both read a
submission token as unused and then fight over the write lock ("database is locked").
Taking the write lock at BEGIN (``BEGIN IMMEDIATE``), in WAL mode with a busy timeout,
serialises writers instead of failing them. This is SQLAlchemy's documented recipe.

Pages that only read (the respondent's survey and thank-you pages) would then queue on
the write lock for nothing, so code that knows it only reads, or that ends its reads
before it writes, asks for plain ``BEGIN`` with ``reading()``; WAL readers never wait.
A write inside ``reading()`` must be wrapped in ``writing()`` after ending the read
transaction, or SQLite may refuse it ("database is locked") when its snapshot is stale.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import Blueprint, Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from engage.extensions import db

DEFERRED: ContextVar[bool] = ContextVar("engage_sqlite_deferred", default=False)


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        configure_sqlite(engine, app.config["ENGAGE_SQLITE_BUSY_TIMEOUT_MS"])


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        connection.exec_driver_sql("BEGIN" if DEFERRED.get() else "BEGIN IMMEDIATE")


@contextmanager
def reading() -> Iterator[None]:
    """Transactions begun inside start DEFERRED: reads that never wait for writers."""
    token = DEFERRED.set(True)
    try:
        yield
    finally:
        DEFERRED.reset(token)


@contextmanager
def writing() -> Iterator[None]:
    """Transactions begun inside take the write lock at BEGIN again."""
    token = DEFERRED.set(False)
    try:
        yield
    finally:
        DEFERRED.reset(token)


def read_mostly(blueprint: Blueprint) -> None:
    """Every request of ``blueprint`` reads in DEFERRED transactions; its writes go
    through ``writing()`` (the submission does)."""

    @blueprint.before_request
    def begin_deferred() -> None:
        DEFERRED.set(True)

    @blueprint.teardown_request
    def end_deferred(_error: BaseException | None) -> None:
        DEFERRED.set(False)
