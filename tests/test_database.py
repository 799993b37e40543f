"""SQLite's write lock: taken at BEGIN, waited for in short steps, given up after the timeout."""

import sqlite3
import threading

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from engage.database import checkpoint, configure_sqlite


@pytest.fixture
def sqlite_file(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'lock.db'}")
    configure_sqlite(engine, 300)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    holder = sqlite3.connect(tmp_path / "lock.db", isolation_level=None, check_same_thread=False)
    yield engine, holder
    holder.close()
    engine.dispose()


def test_a_writer_waits_for_the_lock_and_gets_it_once_released(sqlite_file):
    engine, holder = sqlite_file
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO t VALUES (1)")
    threading.Timer(0.1, lambda: holder.execute("COMMIT")).start()
    with engine.begin() as connection:  # waits for the commit, well within the 300 ms
        connection.execute(text("INSERT INTO t VALUES (2)"))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT x FROM t ORDER BY x")).scalars().all() == [1, 2]


def test_a_lock_held_past_the_timeout_fails_as_sqlite_would_and_keeps_the_timeout(sqlite_file):
    engine, holder = sqlite_file
    holder.execute("BEGIN IMMEDIATE")
    with (
        pytest.raises(OperationalError, match="database is locked"),
        engine.begin() as connection,
    ):
        connection.execute(text("INSERT INTO t VALUES (1)"))
    holder.execute("ROLLBACK")
    with engine.connect() as connection:  # other statements keep SQLite's own handler
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 300


def test_web_workers_can_leave_checkpoints_to_the_folder(tmp_path, app):
    engine = create_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    configure_sqlite(engine, 300, autocheckpoint=0)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    engine.dispose()
    with app.app_context():
        checkpoint()  # outside any transaction: SQLite refuses one inside
