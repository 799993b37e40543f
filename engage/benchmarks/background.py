"""Respondents while the platform works in the background (issue 11, point 3).

    python -m engage.benchmarks.background --client-python PATH [--coded ../shared/data/fft-dev.csv]
        [--clients 8] [--window 10] [--database postgresql://...]

Serves Engage as the quickstart does (gunicorn with 2 workers, and beside it the folder,
the purger and the job runner) on a fresh SQLite file with the demo programme, measures
the shared client for one window with nothing in the background, then imports the coded
file (read here, at run time; its rows are never copied into the repository), which
starts training on it, and a full re-analysis of the programme, and keeps measuring in
windows until every job has ended. It prints each window (successes per s, errors, p99 of
GET+POST), the jobs' progress and outcome, how many "database is locked" lines the
servers logged, and whether every response the client saw thanked is stored once.
It prints figures; it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from engage import create_app
from engage.benchmarks.submit import (
    ROOT,
    SUCCESS,
    check_stored,
    count_responses,
    free_port,
    gunicorn,
    load,
    prepare,
    serve,
)
from engage.config import normalise_database_url
from engage.extensions import db
from engage.models import AnalysisJob
from engage.services import analysis, imports, programmes
from engage.services.demo import DEMO_SLUG


def start_jobs(url: str, coded: Path) -> None:
    """What an organiser does: import a coded file (training follows), re-analyse all."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "ENGAGE_JOBS_INLINE": False})
    with app.app_context():
        programme = programmes.by_slug(DEMO_SLUG)
        job, _ = imports.confirm_adding_unknown(programme, coded.read_bytes())
        print(f"queued import job {job.id}: {job.total:,} coded comments", flush=True)
        job, _ = analysis.start_reanalysis(programme)
        print(f"queued re-analysis job {job.id}: {job.total:,} comments", flush=True)
        db.engine.dispose()


def job_states(url: str) -> list[tuple]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        rows = db.session.execute(
            select(
                AnalysisJob.id,
                AnalysisJob.kind,
                AnalysisJob.status,
                AnalysisJob.done,
                AnalysisJob.total,
                AnalysisJob.started_at,
                AnalysisJob.finished_at,
                AnalysisJob.message,
            ).order_by(AnalysisJob.id)
        ).all()
        db.engine.dispose()
    return [tuple(row) for row in rows]


def describe(states: list[tuple]) -> str:
    return "; ".join(
        f"job {job_id} {kind} {status} {done}/{total}"
        for job_id, kind, status, done, total, *_ in states
    )


def window(client: list[str], target: str, clients: int, seconds: float, label: str) -> dict:
    run = load(client, target, clients, seconds, SUCCESS["engage"])
    print(
        f"{label}: {run['per_s']}/s, {run['ok']} ok, {run['errors']} errors, "
        f"p50 {run['ms']['50']} ms, p99 {run['ms']['99']} ms; sample errors "
        f"{run['sample_errors']}",
        flush=True,
    )
    return run


def measure(args, url: str, code: str, log: Path) -> None:
    port = free_port()
    hooks = ("--config", "python:engage.gunicorn_hooks")
    with open(log, "w") as errors:
        server = serve_logged(gunicorn(port, "wsgi:app", *hooks), url, port, errors)
    client = [args.client_python, str(Path(args.bench) / "loadgen_any.py")]
    target = f"http://127.0.0.1:{port}/s/{code}"
    baseline = count_responses(url)
    runs = []
    try:
        quiet = window(client, target, args.clients, args.window, "nothing in the background")
        start_jobs(url, Path(args.coded))
        started = time.monotonic()
        while True:
            states = job_states(url)
            if all(state[2] in ("done", "failed", "cancelled") for state in states):
                break
            if time.monotonic() - started > args.max_seconds:
                print(f"stopped measuring after {args.max_seconds:.0f} s", flush=True)
                break
            print(f"  {time.monotonic() - started:5.1f} s: {describe(states)}", flush=True)
            runs.append(window(client, target, args.clients, args.window, "during jobs"))
        summarise(quiet, runs, states, time.monotonic() - started)
        check_stored(url, quiet["ok"] + sum(run["ok"] for run in runs), baseline)
    finally:
        server.terminate()
        server.wait(timeout=60)
    locked = log.read_text(errors="replace").count("database is locked")
    print(f'"database is locked" in the servers\' log: {locked}')


def serve_logged(command: list[str], url: str, port: int, errors) -> subprocess.Popen:
    """Like ``submit.serve``, with the servers' log kept, to count lock errors in it."""
    return serve(command, ROOT, url, port, stderr=errors)


def summarise(quiet: dict, runs: list[dict], states: list[tuple], seconds: float) -> None:
    ok = sum(run["ok"] for run in runs)
    errors = sum(run["errors"] for run in runs)
    worst = max((run["ms"]["99"] for run in runs), default=float("nan"))
    print(f"jobs ran for {seconds:.1f} s:")
    for job_id, kind, status, done, total, began, ended, message in states:
        took = (ended - began).total_seconds() if began and ended else float("nan")
        print(f"  job {job_id} {kind}: {status}, {done}/{total} in {took:.1f} s; {message[:120]}")
    print(
        f"== during the jobs: {ok} submissions, {errors} errors, worst window p99 {worst} ms "
        f"(with nothing in the background: p99 {quiet['ms']['99']} ms, {quiet['errors']} errors)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="", help="PostgreSQL URL (default: SQLite)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--window", type=float, default=10, help="seconds per measurement")
    parser.add_argument("--max-seconds", type=float, default=900, help="measure no longer")
    parser.add_argument("--client-python", default=sys.executable)
    parser.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    parser.add_argument("--coded", default=str(ROOT.parent / "shared" / "data" / "fft-dev.csv"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="engage-background-"))
    url = normalise_database_url(args.database or f"sqlite:///{work / 'engage.sqlite3'}")
    code = prepare(url)
    print(f"database: {url.split('@')[-1]}; {os.cpu_count()} cores", flush=True)
    measure(args, url, code, work / "servers.log")
    print(json.dumps({"work": str(work)}))


if __name__ == "__main__":
    main()
