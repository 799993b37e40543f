"""SQLite with 4 gunicorn workers, respondents at full tilt and a re-analysis running:
how many "database is locked" errors (the answer should be 0).

    python -m engage.benchmarks.faults.sqlite_workers [--clients 16] [--seconds 30]

Serves Engage as the quickstart does (the folder and the job runner beside gunicorn) but
with 4 web workers, on a fresh SQLite file with the demo programme; starts a full
re-analysis (the job runner writes in batches beside the folder and the web workers);
counts the errors respondents saw and every "database is locked" in the servers' log.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from engage import create_app
from engage.benchmarks.faults import common
from engage.benchmarks.submit import prepare
from engage.extensions import db
from engage.services import analysis, programmes
from engage.services.demo import DEMO_SLUG


def start_reanalysis(url: str) -> int:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "ENGAGE_JOBS_INLINE": False})
    with app.app_context():
        job, _ = analysis.start_reanalysis(programmes.by_slug(DEMO_SLUG))
        total = job.total
        db.engine.dispose()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="engage-sqlite-"))
    url = f"sqlite:///{work / 'engage.sqlite3'}"
    code = prepare(url)
    baseline = common.stored_tokens(url)
    port = common.free_port()
    log_path = work / "servers.log"
    with open(log_path, "w") as log:
        server = common.engage_server(url, port, args.workers, log)
    try:
        started = time.monotonic()
        tally, threads = common.run_respondents(
            f"http://127.0.0.1:{port}", code, args.clients, args.seconds
        )
        comments = start_reanalysis(url)
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        pending, _ = common.wait_folded(url)
    finally:
        common.stop(server)
    locked = log_path.read_text(errors="replace").count("database is locked")
    checked = common.verify(url, tally, baseline)
    common.report(
        f"SQLite, {args.workers} web workers, {args.clients} clients, re-analysing "
        f"{comments} comments",
        tally,
        checked,
        elapsed,
        database_is_locked_in_logs=locked,
        left_pending=pending,
    )


if __name__ == "__main__":
    main()
