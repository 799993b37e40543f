"""Handing background work to something other than the web worker.

The job's row in the database is the queue of record (``engage.services.background``).
With ``REDIS_URL`` its id is also pushed to Redis, where any number of RQ workers
(``rq worker --url "$REDIS_URL" engage``, each building its own app from the environment)
pick it up at once; if Redis is down the row stays queued, and ``requeue_stranded`` pushes
it again later. Without Redis (the embedded default) nothing is pushed: the job runner
process (``flask run-jobs --forever``, started by the quickstart) polls the table. A web
worker never runs a job, except inline under ``ENGAGE_JOBS_INLINE`` (tests, demo loading).
"""

from __future__ import annotations

import importlib
import logging

from flask import current_app

QUEUE = "engage"
log = logging.getLogger(__name__)


def enqueue(target: str, *args) -> None:
    """Run ``module:function(*args)`` in the background, inside an app context."""
    app = current_app._get_current_object()
    if app.config["ENGAGE_JOBS_INLINE"]:
        call(target, *args)
    elif app.config["REDIS_URL"]:
        push(app.config["REDIS_URL"], target, *args)


def push(redis_url: str, target: str, *args) -> bool:
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import Queue

    try:
        queue = Queue(QUEUE, connection=Redis.from_url(redis_url, socket_timeout=2))
        queue.enqueue(run_in_new_app, target, *args, job_timeout=3600)
    except RedisError:  # the row stays queued; requeue_stranded pushes it again later
        log.warning("Redis is unreachable; %s%s stays queued in the database", target, args)
        return False
    return True


def call(target: str, *args):
    module_name, _, function_name = target.partition(":")
    return getattr(importlib.import_module(module_name), function_name)(*args)


def run_in_new_app(target: str, *args) -> None:
    """What an RQ worker runs: a fresh app from the environment, then the job."""
    from engage import create_app

    with create_app().app_context():
        call(target, *args)
