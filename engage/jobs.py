"""Background work: on Redis-backed RQ workers when ``REDIS_URL`` is set, otherwise on a
thread in the web process (the embedded default), or inline when ``ENGAGE_JOBS_INLINE``.

Workers run ``rq worker --url "$REDIS_URL" engage`` from the repository root; each job
builds its own app from the environment, so workers are as stateless as web nodes.
"""

from __future__ import annotations

import importlib
import logging
import threading

from flask import Flask, current_app

QUEUE = "engage"
log = logging.getLogger(__name__)


def enqueue(target: str, *args) -> None:
    """Run ``module:function(*args)`` in the background, inside an app context."""
    app = current_app._get_current_object()
    if app.config["ENGAGE_JOBS_INLINE"]:
        call(target, *args)
    elif app.config["REDIS_URL"]:
        from redis import Redis
        from rq import Queue

        queue = Queue(QUEUE, connection=Redis.from_url(app.config["REDIS_URL"]))
        queue.enqueue(run_in_new_app, target, *args, job_timeout=3600)
    else:
        threading.Thread(target=run_in_app, args=(app, target, *args), daemon=True).start()


def call(target: str, *args):
    module_name, _, function_name = target.partition(":")
    return getattr(importlib.import_module(module_name), function_name)(*args)


def run_in_app(app: Flask, target: str, *args) -> None:
    with app.app_context():
        try:
            call(target, *args)
        except Exception:  # a thread has no one to raise to; the job row records failure
            log.exception("background job %s failed", target)


def run_in_new_app(target: str, *args) -> None:
    """What an RQ worker runs: a fresh app from the environment, then the job."""
    from engage import create_app

    with create_app().app_context():
        call(target, *args)
