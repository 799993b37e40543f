"""Gunicorn settings for the embedded default (``flask quickstart``).

Answers past their retention period are deleted once a day without anyone having to set
up cron: when the server is ready, the master starts ``flask purge-expired --daily`` as a
separate process (a thread in the master would be copied, mid-query, into every forked
worker) and stops it on exit. At scale, run ``flask --app wsgi purge-expired`` daily from
cron or a scheduler instead (README, "Running in production"). The same way, it starts
``flask compress-assets`` once, which makes the best brotli of the dashboard script if missing.

Request metrics from every worker are added up per node, as on a production web node
(``engage.deploy.gunicorn_node``).

The same way, the master starts the folder, ``flask fold --forever``: the one writer that
adds new responses to the figures and analyses their comments, so that a submission only
stores its answers (``engage.services.folding``), and the job runner,
``flask run-jobs --forever``: training, re-analysis and imports run there, never in a web
worker, committing in small batches (``engage.services.background``).
"""

from __future__ import annotations

import os
import subprocess
import sys

from engage.deploy.gunicorn_node import child_exit  # noqa: F401 (a gunicorn hook)

accesslog = None  # never an access log: it would record respondents' IP addresses
# Threads, not one request per process: the quickstart has no buffering proxy in front,
# and a sync worker sits idle while a phone on a slow network sends its answers, reads
# the page or closes the connection (gunicorn keeps each connection until the client
# closes it). Each worker serves ``threads`` requests at once and keeps connections alive.
# Each worker listens on its own socket (SO_REUSEPORT) and the kernel spreads new
# connections across them: on one shared socket, a worker that woke first could take
# every connection while the other idled (the GIL gives one process one core).
worker_class = "gthread"
threads = 4
reuse_port = True
PURGER = [sys.executable, "-m", "flask", "--app", "wsgi", "purge-expired", "--daily"]
COMPRESSOR = [sys.executable, "-m", "flask", "--app", "wsgi", "compress-assets"]
FOLDER = [sys.executable, "-m", "flask", "--app", "wsgi", "fold", "--forever"]
RUNNER = [sys.executable, "-m", "flask", "--app", "wsgi", "run-jobs", "--forever"]


def when_ready(server) -> None:
    # Brotli at its best is slow for a large file: made once per version, off the request path.
    server.engage_helpers = [
        subprocess.Popen(command)  # noqa: S603 (our own commands)
        for command in (PURGER, FOLDER, RUNNER, COMPRESSOR)
    ]


def post_fork(server, worker) -> None:
    # The folder started above checkpoints the SQLite WAL after its batches, so a web
    # worker never does (a checkpoint syncs the disk inside the commit that crosses the
    # mark: most often a respondent's submit). Set before the worker loads the app.
    os.environ["ENGAGE_SQLITE_AUTOCHECKPOINT"] = "0"


def on_exit(server) -> None:
    for helper in getattr(server, "engage_helpers", []):
        helper.terminate()
