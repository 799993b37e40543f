"""What the fault scripts share: serving Engage as the quickstart does, respondents who
retry the same submission until they are thanked, and the check that every thanked
submission is stored exactly once and whole.

The respondents use the standard library only (threads, ``urllib`` with a cookie jar per
person) and the shared bench's form filler (``../shared/bench/formfill.py``), so that a
retry sends the very same form, submission token included, as a person pressing Send
again after an error would.
"""

from __future__ import annotations

import http.cookiejar
import os
import random
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from engage import create_app
from engage.benchmarks.submit import free_port, wait_for  # noqa: F401 (the scripts' too)
from engage.extensions import db
from engage.models import Answer, Response

ROOT = Path(__file__).resolve().parents[3]
BENCH = ROOT.parent / "shared" / "bench"
THANKS = "your answers have been sent"


def wait_for_port(port: int, seconds: float = 60) -> None:
    wait_for(f"http://127.0.0.1:{port}/", seconds)


def engage_server(url: str, port: int, workers: int, log, **env: str) -> subprocess.Popen:
    """gunicorn with the quickstart's hooks: the folder, the job runner and the purger."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "python:engage.gunicorn_hooks",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "wsgi:app",
    ]
    environment = {**os.environ, "DATABASE_URL": url, **env}
    process = subprocess.Popen(  # noqa: S603 (our own command)
        command, cwd=ROOT, env=environment, stdout=log, stderr=log, start_new_session=True
    )
    wait_for_port(port)
    return process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def filler():
    sys.path.insert(0, str(BENCH))
    from formfill import action, fill  # the shared bench's form filler

    return action, fill


@dataclass
class Tally:
    """What the respondents saw, shared by their threads."""

    thanked: dict[str, int] = field(default_factory=dict)  # token -> answers sent
    failures: Counter = field(default_factory=Counter)  # what a try ended with
    tries: int = 0
    gave_up: int = 0
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def failed(self, reason: str) -> None:
        with self.lock:
            self.failures[reason[:80]] += 1


def respondent(base: str, code: str, stop_at: float, tally: Tally, seed: int, patience: float):
    """One person after another: open the survey, fill it, send it, and on any error send
    the same form again (same token) until thanked or ``patience`` seconds have passed."""
    action, fill = filler()
    rng = random.Random(seed)
    while time.monotonic() < stop_at:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        started = time.monotonic()
        try:
            page = opener.open(f"{base}/s/{code}", timeout=30).read().decode()
        except OSError as error:
            tally.failed(f"GET {error}")
            time.sleep(0.2)
            continue
        data = fill(page, rng)
        token = dict(data).get("submission_token", "")
        answers = sum(1 for name, _ in data if name not in ("csrf_token", "submission_token"))
        target = urllib.parse.urljoin(f"{base}/s/{code}", action(page, f"{base}/s/{code}"))
        if send_until_thanked(opener, target, data, tally, started + patience):
            with tally.lock:
                tally.thanked[token] = answers
                tally.latencies.append(time.monotonic() - started)
        else:
            with tally.lock:
                tally.gave_up += 1


def send_until_thanked(opener, target: str, data, tally: Tally, give_up_at: float) -> bool:
    body = urllib.parse.urlencode(data).encode()
    while time.monotonic() < give_up_at:
        with tally.lock:
            tally.tries += 1
        try:
            reply = opener.open(target, data=body, timeout=30).read().decode()
            if THANKS in reply:
                return True
            tally.failed("200 without thanks")
        except urllib.error.HTTPError as error:
            tally.failed(f"POST {error.code}")
        except OSError as error:
            tally.failed(f"POST {type(error).__name__}")
        time.sleep(0.3)
    return False


def run_respondents(base: str, code: str, clients: int, seconds: float, patience: float = 60):
    tally, stop_at = Tally(), time.monotonic() + seconds
    threads = [
        threading.Thread(target=respondent, args=(base, code, stop_at, tally, i, patience))
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    return tally, threads


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] if ordered else 0.0


def verify(url: str, tally: Tally, baseline: set[str]) -> dict:
    """Every thanked token stored exactly once with the answers sent; nothing stored
    without its answers. Responses stored but never thanked (the reply was lost) are
    counted too: each is a whole response its sender may send again, harmlessly."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        stored = dict(
            db.session.execute(
                select(Response.submission_token, func.count(Answer.id))
                .outerjoin(Answer, Answer.response_id == Response.id)
                .group_by(Response.id, Response.submission_token)
            ).all()
        )
        tokens = db.session.scalars(select(Response.submission_token)).all()
        db.engine.dispose()
    counts = Counter(tokens)
    new = {token: n for token, n in stored.items() if token not in baseline}
    return {
        "thanked": len(tally.thanked),
        "lost": sum(1 for token in tally.thanked if token not in stored),
        "duplicated": sum(1 for n in counts.values() if n > 1),
        "without_answers": sum(1 for n in new.values() if n == 0),
        "answers_differ": sum(
            1 for token, sent in tally.thanked.items() if token in stored and stored[token] != sent
        ),
        "stored_not_thanked": sum(1 for token in new if token not in tally.thanked),
    }


def wait_folded(url: str, seconds: float = 90) -> tuple[int, float]:
    """Wait for the folder to take up every stored response; (left pending, seconds)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    started = time.monotonic()
    with app.app_context():
        while True:
            pending = db.session.scalar(select(func.count()).where(Response.pending))
            db.session.rollback()
            if not pending or time.monotonic() - started > seconds:
                break
            time.sleep(0.5)
        db.engine.dispose()
    return pending, time.monotonic() - started


def stored_tokens(url: str) -> set[str]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        tokens = set(db.session.scalars(select(Response.submission_token)))
        db.engine.dispose()
    return tokens


def report(name: str, tally: Tally, checked: dict, elapsed: float, **extra) -> None:
    print(
        f"== {name}: {len(tally.thanked)} thanked in {elapsed:.1f} s, {tally.tries} posts, "
        f"{tally.gave_up} gave up, p99 {p99(tally.latencies):.2f} s (with retries); "
        f"errors seen and retried: {dict(tally.failures) or 'none'}",
        flush=True,
    )
    print("   " + ", ".join(f"{key} {value}" for key, value in {**checked, **extra}.items()))
