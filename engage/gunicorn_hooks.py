"""Gunicorn settings for the embedded default (``flask quickstart``).

Answers past their retention period are deleted once a day without anyone having to set
up cron: when the server is ready, the master starts ``flask purge-expired --daily`` as a
separate process (a thread in the master would be copied, mid-query, into every forked
worker) and stops it on exit. At scale, run ``flask --app wsgi purge-expired`` daily from
cron or a scheduler instead (README, "Running in production").
"""

from __future__ import annotations

import subprocess
import sys

accesslog = None  # never an access log: it would record respondents' IP addresses
PURGER = [sys.executable, "-m", "flask", "--app", "wsgi", "purge-expired", "--daily"]


def when_ready(server) -> None:
    server.engage_purger = subprocess.Popen(PURGER)  # noqa: S603 (our own command)


def on_exit(server) -> None:
    purger = getattr(server, "engage_purger", None)
    if purger is not None:
        purger.terminate()
