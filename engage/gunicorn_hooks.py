"""Gunicorn settings for the embedded default (``flask quickstart``).

Answers past their retention period are deleted once a day without anyone having to set
up cron: when the server is ready, the master starts ``flask purge-expired --daily`` as a
separate process (a thread in the master would be copied, mid-query, into every forked
worker) and stops it on exit. At scale, run ``flask --app wsgi purge-expired`` daily from
cron or a scheduler instead (README, "Running in production"). The same way, it starts
``flask compress-assets`` once, which makes the best brotli of Plotly if it is missing.
"""

from __future__ import annotations

import subprocess
import sys

accesslog = None  # never an access log: it would record respondents' IP addresses
PURGER = [sys.executable, "-m", "flask", "--app", "wsgi", "purge-expired", "--daily"]
COMPRESSOR = [sys.executable, "-m", "flask", "--app", "wsgi", "compress-assets"]


def when_ready(server) -> None:
    server.engage_purger = subprocess.Popen(PURGER)  # noqa: S603 (our own command)
    # Brotli at its best takes 10-25 s: made once per Plotly version, off the request path.
    server.engage_compressor = subprocess.Popen(COMPRESSOR)  # noqa: S603 (our own command)


def on_exit(server) -> None:
    for name in ("engage_purger", "engage_compressor"):
        process = getattr(server, name, None)
        if process is not None:
            process.terminate()
