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

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import Blueprint, Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from engage.extensions import db

BUSY_STEP = 0.0005  # seconds between tries for the SQLite write lock (begin_immediate)
DEFERRED: ContextVar[bool] = ContextVar("engage_sqlite_deferred", default=False)


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        configure_sqlite(
            engine,
            app.config["ENGAGE_SQLITE_BUSY_TIMEOUT_MS"],
            app.config["ENGAGE_SQLITE_AUTOCHECKPOINT"],
        )


def configure_sqlite(engine: Engine, busy_timeout_ms: int, autocheckpoint: int = 1000) -> None:
    """``autocheckpoint``: WAL pages after which a commit in this process copies the WAL
    into the database (SQLite's default, 1000). The quickstart's web workers use 0: a
    checkpoint syncs the disk inside whichever commit crosses the mark, a respondent's
    submit most often; the folder checkpoints after its batches instead (``checkpoint``)."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute(f"PRAGMA wal_autocheckpoint = {int(autocheckpoint)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        # Straight to the driver: through SQLAlchemy's execution this cost as much as the
        # respondent's INSERT, on every transaction.
        driver = connection.connection.driver_connection
        if DEFERRED.get():
            driver.execute("BEGIN")
        else:
            begin_immediate(driver, busy_timeout_ms)


def begin_immediate(driver: sqlite3.Connection, busy_timeout_ms: int) -> None:
    """``BEGIN IMMEDIATE``, waiting for the write lock in short steps. SQLite's own busy
    handler sleeps 1, 2, 5, 10, 15, 20, 25 ms and so on between tries, so a submit that
    found the lock held for 12 ms by the folder slept 18: its worker sat idle for the
    difference, at the busiest moments. Tries every ``BUSY_STEP`` seconds instead, up to
    the same timeout, then fails as SQLite would ("database is locked"). Other statements
    keep SQLite's own handler: the connection's timeout is set back before returning."""
    deadline = time.monotonic() + busy_timeout_ms / 1000
    driver.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                driver.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                    raise OperationalError("BEGIN IMMEDIATE", None, error) from error
            time.sleep(BUSY_STEP)
    finally:
        driver.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")


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


def checkpoint() -> None:
    """Copy the SQLite WAL into the database without waiting for anyone (``PASSIVE``), so
    the WAL stays short while web workers never checkpoint; nothing on PostgreSQL."""
    if db.engine.dialect.name != "sqlite":
        return
    connection = db.engine.raw_connection()  # outside any transaction, as SQLite requires
    try:
        connection.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    finally:
        connection.close()
