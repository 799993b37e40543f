"""PostgreSQL restarts while respondents submit; each retries the same form (same
submission token) until thanked. Prints how many were lost and how many duplicated.

    python -m engage.benchmarks.faults.pg_restart [--clients 8] [--seconds 30] [--restarts 2]

It starts a PostgreSQL of its own (``initdb`` in a temporary folder, on a free port, run
as the ``postgres`` user) rather than restarting the machine's shared one, which other
people's test suites use; ``pg_ctl restart -m fast`` then drops every connection as a
real restart does. Engage is served as the quickstart serves it (gunicorn with 2 workers,
the folder and the job runner) on that database.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from engage.benchmarks.faults import common
from engage.benchmarks.submit import prepare

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def as_postgres(*command: str) -> None:
    subprocess.run(["su", "postgres", "-c", " ".join(command)], check=True)  # noqa: S603 S607


class PrivatePostgres:
    """A throwaway cluster: nobody else's connections are dropped when it restarts."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="engage-pg-"))
        shutil.chown(self.folder, "postgres", "postgres")
        self.data, self.port = self.folder / "data", common.free_port()
        as_postgres(
            str(PG_BIN / "initdb"), "-A trust -U postgres -D", str(self.data), "> /dev/null"
        )
        self.pg_ctl("start")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        as_postgres(
            str(PG_BIN / "pg_ctl"),
            action,
            "-w -D",
            str(self.data),
            "-l",
            str(self.folder / "log"),
            f"-o '{options}'",
            *extra,
            "> /dev/null",
        )

    def restart(self) -> float:
        started = time.monotonic()
        self.pg_ctl("restart", "-m fast")
        return time.monotonic() - started

    def remove(self) -> None:
        self.pg_ctl("stop", "-m fast")
        shutil.rmtree(self.folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--restarts", type=int, default=2)
    args = parser.parse_args()
    postgres = PrivatePostgres()
    log = open(postgres.folder / "servers.log", "w")  # noqa: SIM115 (kept for the servers)
    try:
        code = prepare(postgres.url)
        baseline = common.stored_tokens(postgres.url)
        port = common.free_port()
        server = common.engage_server(postgres.url, port, 2, log)
        try:
            started = time.monotonic()
            tally, threads = common.run_respondents(
                f"http://127.0.0.1:{port}", code, args.clients, args.seconds
            )
            downtimes = []
            for number in range(args.restarts):
                time.sleep(args.seconds / (args.restarts + 1))
                downtimes.append(postgres.restart())
                print(
                    f"restart {number + 1}: PostgreSQL down for {downtimes[-1]:.1f} s", flush=True
                )
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
            pending, _ = common.wait_folded(postgres.url)  # the folder survived the restarts
        finally:
            common.stop(server)
        checked = common.verify(postgres.url, tally, baseline)
        common.report(
            "PostgreSQL restarted during load", tally, checked, elapsed, left_pending=pending
        )
    finally:
        log.close()
        postgres.remove()


if __name__ == "__main__":
    main()
