"""Bring the production layout up on loopback and show that it works across nodes.

    python -m engage.deploy.cluster [--database postgresql://postgres@127.0.0.1:5432/DB]
        [--redis redis://127.0.0.1:6379/9] [--nodes 2] [--clients 8] [--seconds 10]
        [--client-python PATH] [--bench ../shared/bench]

nginx in front of N gunicorn nodes (each its own master and workers, as on separate
machines), PostgreSQL (its schema is REPLACED), Redis with an RQ worker, and one folder.
It then prints, as figures: each node's health, readiness and metrics; the shared load
client through nginx and how many requests each node served; a staff session used on every
node; sign-in rate limits counted across nodes; a response sent through one node counted
by another; and a background job asked for on one node, run by the worker and reported by
another. It asserts nothing; it exits 1 if a check printed "FAILED".
"""

from __future__ import annotations

import argparse
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from engage import create_app
from engage.benchmarks.submit import ROOT, free_port, load, prepare, serve, wait_for
from engage.config import normalise_database_url
from engage.deploy import checks
from engage.extensions import db
from engage.models import Group, Link, Response

NGINX = Path(__file__).with_name("nginx.conf")


def node_command(port: int) -> list[str]:
    return [
        *[sys.executable, "-m", "gunicorn", "--config", "python:engage.deploy.gunicorn_node"],
        *["-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
    ]


def start_nginx(work: Path, port: int, nodes: list[int]) -> subprocess.Popen:
    """nginx from the shipped config, with this run's ports and its own prefix folder."""
    upstream = "\n".join(f"        server 127.0.0.1:{node};" for node in nodes)
    config = NGINX.read_text(encoding="utf-8")
    config = config.replace(
        "        server 127.0.0.1:8001;\n        server 127.0.0.1:8002;", upstream
    )
    config = config.replace("listen 80;", f"listen 127.0.0.1:{port};")
    config = config.replace("user www-data;", "")
    for folder in ("logs", "tmp"):
        (work / folder).mkdir(exist_ok=True)
    path = work / "nginx.conf"
    path.write_text(config, encoding="utf-8")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    command = [nginx, "-p", str(work), "-c", str(path), "-g", "daemon off; pid nginx.pid;"]
    return subprocess.Popen(command)  # noqa: S603 (our own command)


def spare_link(url: str, code: str) -> tuple[int, str]:
    """The open wave, and another of its links whose group has room for ten more people:
    the load's link went far over its headcount, so its figures are rightly withheld."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        wave_id = db.session.scalar(select(Link.wave_id).where(Link.code == code))
        answered = (
            select(func.count(Response.id)).where(Response.link_id == Link.id).scalar_subquery()
        )
        spare = db.session.scalar(
            select(Link.code)
            .join(Group, Link.group_id == Group.id)
            .where(Link.wave_id == wave_id, Link.code != code, Group.headcount - answered >= 12)
            .order_by(Link.id)
        )
        db.engine.dispose()
    return wave_id, spare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/engage_cluster")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--nodes", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--client-python", default=sys.executable)
    parser.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    args = parser.parse_args()
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        sys.exit("nginx is not installed (Debian: apt-get install nginx)")
    work = Path(tempfile.mkdtemp(prefix="engage-cluster-"))
    url = normalise_database_url(args.database)
    code = prepare(url)
    front = free_port()
    env = {
        "DATABASE_URL": url,
        "REDIS_URL": args.redis,
        "SECRET_KEY": secrets.token_hex(32),  # one key for every node: sessions move freely
        "ENGAGE_PUBLIC_URL": f"http://127.0.0.1:{front}",
        "ENGAGE_PROXY_HOPS": "1",
    }
    ports = [free_port() for _ in range(args.nodes)]
    processes = checks.start_background(env)
    try:
        for port in ports:
            processes.append(serve(node_command(port), ROOT, url, port, env))
        processes.append(start_nginx(work, front, ports))
        wait_for(f"http://127.0.0.1:{front}/healthz")
        base = f"http://127.0.0.1:{front}"
        print(f"nginx on {base} in front of nodes {ports}; database {url.split('@')[-1]}")
        failed = run_checks(args, base, ports, code, spare_link(url, code))
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    sys.exit(1 if failed else 0)


def run_checks(args, base: str, ports: list[int], code: str, spare: tuple[int, str]) -> bool:
    failed = False
    for port in ports:
        failed |= checks.node_health(port)
    before = checks.served_per_node(ports)
    client = [args.client_python, str(Path(args.bench) / "loadgen_any.py")]
    result = load(client, f"{base}/s/{code}", args.clients, args.seconds, "have been sent")
    print(
        f"load through nginx, {args.clients} clients: {result['per_s']}/s, "
        f"p99 {result['ms']['99']} ms, {result['errors']} errors, {result['ok']} stored"
    )
    after = checks.served_per_node(ports)
    shares = {port: after[port] - before[port] for port in ports}
    print(f"requests served per node during the load: {shares}")
    failed |= checks.report("every node served", all(shares.values()))
    failed |= checks.session_everywhere(base, ports)
    failed |= checks.rate_limit_shared(ports)
    sys.path.insert(0, args.bench)
    import formfill  # the shared client's form filler: the same answers as the load

    rng = random.Random(7)
    failed |= checks.counts_across_nodes(ports, *spare, lambda page: formfill.fill(page, rng))
    failed |= checks.job_across_nodes(ports)
    return failed


if __name__ == "__main__":
    time.tzset()
    main()
