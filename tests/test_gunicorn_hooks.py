"""The quickstart's gunicorn settings: threaded workers that share the connections, and
web workers that leave SQLite checkpoints to the folder."""

import os

from engage import gunicorn_hooks


def test_workers_serve_requests_in_threads_and_share_the_connections():
    assert gunicorn_hooks.worker_class == "gthread"
    assert gunicorn_hooks.threads >= 2
    assert gunicorn_hooks.reuse_port  # each worker its own socket: the kernel spreads them


def test_a_forked_web_worker_never_checkpoints_sqlite(monkeypatch):
    monkeypatch.delenv("ENGAGE_SQLITE_AUTOCHECKPOINT", raising=False)
    monkeypatch.setattr(os, "environ", dict(os.environ))  # the hook writes the environment
    gunicorn_hooks.post_fork(None, None)
    assert os.environ["ENGAGE_SQLITE_AUTOCHECKPOINT"] == "0"
