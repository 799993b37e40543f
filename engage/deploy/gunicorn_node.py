"""Gunicorn settings for a web node in production: ``--config python:engage.deploy.gunicorn_node``.

A node serves requests only; the folder, the purger and RQ workers run as their own services.
One scrape of ``/metrics`` adds up every worker of the node: prometheus_client keeps each
worker's figures in files in ``PROMETHEUS_MULTIPROC_DIR``, set here before the workers import
the app, in a fresh folder per start so that a previous run's figures are never added in.
"""

from __future__ import annotations

import os
import tempfile

accesslog = None  # never an access log: it would record respondents' IP addresses
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="engage-metrics-"))


def child_exit(server, worker) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
