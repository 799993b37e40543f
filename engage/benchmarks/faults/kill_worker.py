"""``kill -9`` of gunicorn web workers while respondents submit: nothing half-stored.

    python -m engage.benchmarks.faults.kill_worker [--clients 8] [--seconds 30] [--kills 6]
        [--database postgresql://...]

Serves Engage as the quickstart does (gunicorn with 2 workers, the folder and the job
runner) on a fresh SQLite file (or the PostgreSQL database given, whose schema it
replaces), and while respondents submit, and retry the same form when a reply never
comes, it sends SIGKILL to a web worker every few seconds (gunicorn starts another).
Then it checks that every thanked submission is stored once with every answer sent, and
that no response is stored without its answers.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import tempfile
import time
from pathlib import Path

from engage.benchmarks.faults import common
from engage.benchmarks.submit import prepare
from engage.config import normalise_database_url


def web_workers(master: int) -> list[int]:
    """The master's children that are gunicorn workers (not the folder or job runner)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    workers = []
    for pid in map(int, children):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except FileNotFoundError:
            continue
        if b"gunicorn" in command:
            workers.append(pid)
    return workers


def kill_workers(master: int, kills: int, every: float) -> int:
    rng = random.Random(11)  # noqa: S311 (which worker to kill, not security)
    killed = 0
    for _ in range(kills):
        time.sleep(every)
        workers = web_workers(master)
        if workers:
            os.kill(rng.choice(workers), signal.SIGKILL)
            killed += 1
    return killed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--kills", type=int, default=6)
    parser.add_argument("--database", default="", help="PostgreSQL URL (default: SQLite)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="engage-kill-"))
    url = normalise_database_url(args.database or f"sqlite:///{work / 'engage.sqlite3'}")
    code = prepare(url)
    baseline = common.stored_tokens(url)
    port = common.free_port()
    with open(work / "servers.log", "w") as log:
        server = common.engage_server(url, port, 2, log)
    try:
        started = time.monotonic()
        tally, threads = common.run_respondents(
            f"http://127.0.0.1:{port}", code, args.clients, args.seconds
        )
        killed = kill_workers(server.pid, args.kills, args.seconds / (args.kills + 1))
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        pending, _ = common.wait_folded(url)
    finally:
        common.stop(server)
    checked = common.verify(url, tally, baseline)
    common.report(
        "web workers killed with SIGKILL during load",
        tally,
        checked,
        elapsed,
        workers_killed=killed,
        left_pending=pending,
    )


if __name__ == "__main__":
    main()
