"""Redis stops while respondents submit and background work is queued: submissions still
succeed, and the queued work runs once Redis is back.

    python -m engage.benchmarks.faults.redis_stop [--clients 8] [--seconds 40]

Starts a redis-server of its own on a free port (never the shared one), and Engage in its
production layout on a fresh SQLite file: gunicorn (2 workers), the folder and an RQ
worker, with ``REDIS_URL`` pointing at that Redis and no job runner. During the load it
queues a re-analysis (Redis up), stops Redis, queues an import of a small coded file (made
up here; training and a re-analysis follow it), starts Redis again, and reports what the
respondents saw and when each job ran. An RQ worker that exits when Redis goes away is
restarted after Redis is back, as a service manager would.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from engage import create_app
from engage.benchmarks.faults import common
from engage.benchmarks.submit import prepare
from engage.extensions import db
from engage.models import AnalysisJob
from engage.services import analysis, imports, programmes
from engage.services.demo import DEMO_SLUG

CODED = "id,text,question,sentiment,themes\n" + "\n".join(
    f"{n},Bins collected late again ({n}),Why?,negative,Bins"
    if n % 2
    else f"{n},Friendly and helpful staff ({n}),Why?,positive,Staff"
    for n in range(60)
)


class Redis:
    def __init__(self, folder: Path) -> None:
        self.folder, self.port = folder, common.free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.folder),
            "--appendonly",
            "yes",
            "--save",
            "",
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)  # noqa: S603 S607
        time.sleep(0.5)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


def app_for(url: str, redis_url: str):
    return create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "ENGAGE_JOBS_INLINE": False, "REDIS_URL": redis_url}
    )


def queue(url: str, redis_url: str, what: str) -> None:
    with app_for(url, redis_url).app_context():
        programme = programmes.by_slug(DEMO_SLUG)
        started = time.monotonic()
        if what == "reanalysis":
            job, _ = analysis.start_reanalysis(programme)
        else:
            job, _ = imports.confirm_adding_unknown(programme, CODED.encode())
        print(f"{what} queued as job {job.id} in {time.monotonic() - started:.2f} s", flush=True)
        db.engine.dispose()


def jobs(url: str) -> list[tuple]:
    with create_app({"SQLALCHEMY_DATABASE_URI": url}).app_context():
        rows = db.session.execute(
            select(
                AnalysisJob.id, AnalysisJob.kind, AnalysisJob.status, AnalysisJob.worker
            ).order_by(AnalysisJob.id)
        ).all()
        db.engine.dispose()
    return [tuple(row) for row in rows]


def background(url: str, redis: Redis, log) -> dict[str, subprocess.Popen]:
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": redis.url}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    folder = [*flask, "fold", "--forever"]
    return {
        "folder": subprocess.Popen(folder, cwd=common.ROOT, env=env, stderr=log),  # noqa: S603
        "rq": rq_worker(url, redis, log),
    }


def rq_worker(url: str, redis: Redis, log) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": redis.url}
    rq = [sys.executable, "-m", "rq.cli", "worker", "--url", redis.url, "engage"]
    return subprocess.Popen(rq, cwd=common.ROOT, env=env, stdout=log, stderr=log)  # noqa: S603


def web(url: str, redis: Redis, port: int, log) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": redis.url}
    command = [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"]
    process = subprocess.Popen(command, cwd=common.ROOT, env=env, stderr=log)  # noqa: S603
    common.wait_for_port(port)
    return process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=40)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="engage-redis-"))
    url = f"sqlite:///{work / 'engage.sqlite3'}"
    code = prepare(url)
    baseline = common.stored_tokens(url)
    redis, port = Redis(work), common.free_port()
    redis.start()
    log = open(work / "servers.log", "w")  # noqa: SIM115 (kept for the servers)
    helpers = background(url, redis, log)
    server = web(url, redis, port, log)
    try:
        run(args, url, code, baseline, redis, port, helpers, log)
    finally:
        for process in [server, *helpers.values()]:
            common.stop(process)
        redis.stop()
        log.close()


def run(args, url, code, baseline, redis, port, helpers, log) -> None:
    step = args.seconds / 5
    started = time.monotonic()
    tally, threads = common.run_respondents(
        f"http://127.0.0.1:{port}", code, args.clients, args.seconds
    )
    time.sleep(step)
    queue(url, redis.url, "reanalysis")
    time.sleep(step)
    before = len(tally.thanked)
    redis.stop()
    down_at = time.monotonic()
    print(f"Redis stopped at {down_at - started:.1f} s", flush=True)
    queue(url, redis.url, "import")
    time.sleep(2 * step)
    during = len(tally.thanked) - before
    redis.start()
    print(
        f"Redis back at {time.monotonic() - started:.1f} s; {during} submissions thanked while "
        f"it was down; RQ worker {'alive' if helpers['rq'].poll() is None else 'had exited'}",
        flush=True,
    )
    if helpers["rq"].poll() is not None:
        helpers["rq"] = rq_worker(url, redis, log)
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    resumed = wait_for_jobs(url, 120)
    print(f"every job ended {resumed:.1f} s after the load: {jobs(url)}")
    pending, _ = common.wait_folded(url)
    checked = common.verify(url, tally, baseline)
    common.report("Redis stopped during load", tally, checked, elapsed, left_pending=pending)


def wait_for_jobs(url: str, seconds: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if all(status in ("done", "failed", "cancelled") for _, _, status, _ in jobs(url)):
            break
        time.sleep(1)
    return time.monotonic() - started


if __name__ == "__main__":
    main()
