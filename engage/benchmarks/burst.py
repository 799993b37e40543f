"""A roundtable burst: many respondents through one link within a minute (issue 11).

    python -m engage.benchmarks.burst [--people 300] [--within 60] [--database URL]

Serves Engage the way the quickstart does (gunicorn, 2 workers, the folder and the purger
beside it, the demo programme, a fresh SQLite file unless a PostgreSQL URL is given, whose
schema is REPLACED). Each person arrives at a random moment within the window, with their
own cookies: GET the survey, fill every question, POST it, follow the redirect to the
thank-you page. Prints arrivals, errors, p50/p95/p99 of GET+POST, and, once the folder
has caught up, how many responses the link stored (each person exactly once). Standard
library only; it prints figures and asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import html
import http.cookiejar
import random
import re
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from sqlalchemy import func, select

from engage import create_app
from engage.benchmarks.submit import ROOT, free_port, gunicorn, prepare, serve
from engage.config import normalise_database_url
from engage.extensions import db
from engage.models import Link, Response

FIELD = re.compile(r"<(input|textarea)\b([^>]*)>", re.I)
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
DONE = "your answers have been sent"


def fill(page: str, rng: random.Random) -> list[tuple[str, str]]:
    """Hidden fields as given, one option per radio group, a sentence per text box."""
    data, radios = [], {}
    for tag, attributes in FIELD.findall(page):
        found = {key: html.unescape(value) for key, value in ATTRIBUTE.findall(attributes)}
        name, kind = found.get("name"), found.get("type", "text")
        if not name:
            continue
        if tag.lower() == "textarea" or kind == "text":
            data.append((name, "The partnership board listens more than it did."))
        elif kind == "hidden":
            data.append((name, found.get("value", "")))
        elif kind in ("radio", "checkbox"):
            radios.setdefault(name, []).append(found.get("value", ""))
    data += [(name, rng.choice(values)) for name, values in radios.items()]
    return data


def respondent(url: str, delay: float, seed: int, results: list) -> None:
    time.sleep(delay)
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    started = time.monotonic()
    try:
        page = opener.open(url, timeout=60).read().decode()
        body = urllib.parse.urlencode(fill(page, random.Random(seed))).encode()
        reply = opener.open(url, data=body, timeout=60)
        ok = reply.status == 200 and DONE in reply.read().decode()
        results.append((ok, time.monotonic() - started, "" if ok else f"status {reply.status}"))
    except Exception as error:  # noqa: BLE001 (every failure is a figure to print)
        results.append((False, time.monotonic() - started, repr(error)[:120]))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def burst(url: str, people: int, within: float) -> list:
    rng = random.Random(11)
    results: list = []
    threads = [
        threading.Thread(target=respondent, args=(url, rng.uniform(0, within), i, results))
        for i in range(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def stored_for(database: str, code: str) -> tuple[int, int]:
    """(responses through the link, still pending) once the folder has caught up."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database})
    with app.app_context():
        link_id = db.session.scalar(select(Link.id).where(Link.code == code))
        count = select(func.count(Response.id)).where(Response.link_id == link_id)
        for _ in range(600):
            if not db.session.scalar(count.where(Response.pending)):
                break
            db.session.rollback()
            time.sleep(0.1)
        found = db.session.scalar(count), db.session.scalar(count.where(Response.pending))
        db.engine.dispose()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--within", type=float, default=60.0)
    parser.add_argument("--database", default="")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="engage-burst-"))
    database = normalise_database_url(args.database or f"sqlite:///{work / 'engage.sqlite3'}")
    code = prepare(database)
    before, _ = stored_for(database, code)
    port = free_port()
    hooks = ("--config", "python:engage.gunicorn_hooks")
    server = serve(gunicorn(port, "wsgi:app", *hooks), ROOT, database, port)
    try:
        started = time.monotonic()
        results = burst(f"http://127.0.0.1:{port}/s/{code}", args.people, args.within)
        took = time.monotonic() - started
        stored, pending = stored_for(database, code)
    finally:
        server.terminate()
        server.wait(timeout=30)
    times = [seconds for ok, seconds, _ in results if ok]
    errors = [why for ok, _, why in results if not ok]
    print(
        f"{args.people} people within {args.within:.0f} s (all done in {took:.1f} s): "
        f"{len(times)} thanked, {len(errors)} errors; GET+POST p50 "
        f"{percentile(times, 0.5) * 1000:.0f} ms, p95 {percentile(times, 0.95) * 1000:.0f} ms, "
        f"p99 {percentile(times, 0.99) * 1000:.0f} ms; the link stored {stored - before} "
        f"responses ({pending} still pending after the folder caught up)"
    )
    if errors:
        print("sample errors:", errors[:3], file=sys.stderr)


if __name__ == "__main__":
    main()
