"""The respondent submit at full speed, against its floor, in the same run (issue 11).

    python -m engage.benchmarks.submit [--database postgresql://postgres@127.0.0.1:5432/DB]
        [--clients 8 32] [--seconds 15] [--client-python PATH] [--bench ../shared/bench]

Serves Engage the way the quickstart does (gunicorn, 2 threaded workers, the folder and the
purger beside it, the demo programme) on a fresh SQLite file, or on the PostgreSQL database given
(its schema is REPLACED), and the bare Flask floor (``bare_flask_any.py``) on the same kind
of database. Then the shared client (``loadgen_any.py``, which needs aiohttp: pass the
Python that has it) runs floor, Engage, floor, Engage at each number of clients and prints
each JSON line and the ratios. Last it waits for the folder to catch up and checks that
every response the client saw stored is stored exactly once. It prints figures; it asserts
nothing about speed.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from sqlalchemy import func, select, text

from engage import create_app
from engage.config import normalise_database_url
from engage.extensions import db
from engage.models import Response
from engage.services import demo

ROOT = Path(__file__).resolve().parent.parent.parent
SUCCESS = {"engage": "your answers have been sent", "bare": "Thank you"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(url: str) -> str:
    """A fresh schema with the demo programme; the open wave's link code."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        if url.startswith("postgresql"):
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        from flask_migrate import upgrade

        upgrade()
        code = demo.load().open_link_code
        db.engine.dispose()
    return code


def serve(
    command: list[str], cwd: Path, url: str, port: int, extra: dict | None = None, stderr=None
) -> subprocess.Popen:
    """Start a server and wait (up to a minute) until it answers."""
    env = {**os.environ, **(extra or {}), "DATABASE_URL": url}
    process = subprocess.Popen(command, cwd=cwd, env=env, stderr=stderr)  # noqa: S603
    wait_for(f"http://127.0.0.1:{port}/")
    return process


def wait_for(url: str, seconds: float = 60) -> None:
    """Until something answers at ``url`` (an HTTP error is an answer)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 (loopback)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answered at {url}")


def gunicorn(port: int, app: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "gunicorn", *extra, "-w", "2", "-b", f"127.0.0.1:{port}", app]


def load(client: list[str], url: str, clients: int, seconds: float, mark: str) -> dict:
    out = subprocess.run(  # noqa: S603 (our own command)
        [*client, url, str(clients), str(seconds), mark],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def compare(
    client: list[str], targets: dict[str, str], counts: list[int], seconds: float, url: str
):
    """Floor, Engage, floor, Engage at each number of clients; print every line. Before
    each floor run the folder has caught up (it works at a lower priority, so it would
    otherwise finish Engage's work during the floor's run and slow the floor down)."""
    stored = 0
    for clients in counts:
        for round_ in (1, 2):
            runs = {}
            for name in ("bare", "engage"):
                runs[name] = load(client, targets[name], clients, seconds, SUCCESS[name])
                print(name, json.dumps(runs[name]), flush=True)
            print(f"the folder caught up {caught_up(url):.1f} s after the load", flush=True)
            stored += runs["engage"]["ok"]
            bare, full = runs["bare"], runs["engage"]
            print(
                f"== {clients} clients, round {round_}: Engage {full['per_s']}/s "
                f"p99 {full['ms']['99']} ms, {full['errors']} errors; floor {bare['per_s']}/s "
                f"p99 {bare['ms']['99']} ms, {bare['errors']} errors; rate ratio "
                f"{full['per_s'] / max(bare['per_s'], 0.1):.2f}, p99 ratio "
                f"{full['ms']['99'] / bare['ms']['99']:.2f}",
                flush=True,
            )
    return stored


def caught_up(url: str, within: float = 120) -> float:
    """Seconds until no response is pending (the figures include every one)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    started = time.monotonic()
    with app.app_context():
        while db.session.scalar(select(func.count()).where(Response.pending)) and (
            time.monotonic() - started < within
        ):
            db.session.rollback()
            time.sleep(0.1)
        db.engine.dispose()
    return time.monotonic() - started


def check_stored(url: str, expected: int, baseline: int) -> None:
    """Wait for the folder, then count: every success stored once, none left pending."""
    waited = caught_up(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        pending = db.session.scalar(select(func.count()).where(Response.pending))
        total = db.session.scalar(select(func.count(Response.id))) - baseline
        print(
            f"stored {total} responses for {expected} successes seen by the client; "
            f"{pending} still pending {waited:.1f} s after the load"
        )
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="", help="PostgreSQL URL (default: SQLite)")
    parser.add_argument("--clients", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--client-python", default=sys.executable)
    parser.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="engage-submit-"))
    url = normalise_database_url(args.database or f"sqlite:///{work / 'engage.sqlite3'}")
    bare_url = url if args.database else f"sqlite:///{work / 'bare.sqlite3'}"
    code = prepare(url)
    baseline = count_responses(url)
    ports = {"engage": free_port(), "bare": free_port()}
    hooks = ("--config", "python:engage.gunicorn_hooks")
    # The floor creates its tables on import: once here, not racing in two workers.
    subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "-c", "import bare_flask_any"],
        cwd=args.bench,
        env={**os.environ, "DATABASE_URL": bare_url},
        check=True,
    )
    servers = [
        serve(gunicorn(ports["engage"], "wsgi:app", *hooks), ROOT, url, ports["engage"]),
        serve(
            gunicorn(ports["bare"], "bare_flask_any:app"), Path(args.bench), bare_url, ports["bare"]
        ),
    ]
    try:
        client = [args.client_python, str(Path(args.bench) / "loadgen_any.py")]
        targets = {
            "engage": f"http://127.0.0.1:{ports['engage']}/s/{code}",
            "bare": f"http://127.0.0.1:{ports['bare']}/s/1",
        }
        print(f"database: {url.split('@')[-1]}; {os.cpu_count()} cores", flush=True)
        stored = compare(client, targets, args.clients, args.seconds, url)
        check_stored(url, stored, baseline)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def count_responses(url: str) -> int:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        total = db.session.scalar(select(func.count(Response.id)))
        db.engine.dispose()
    return total


if __name__ == "__main__":
    main()
