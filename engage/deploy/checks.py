"""The cross-node checks of ``engage.deploy.cluster``, each printing what it saw.

Every check talks HTTP to the nodes as a browser or a monitoring system would; each returns
True when it failed, after printing a line that says what it measured.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from engage import config
from engage.services import demo

PROGRAMME = demo.DEMO_SLUG


def report(what: str, ok: bool, detail: str = "") -> bool:
    print(f"{'ok' if ok else 'FAILED'}: {what}{f' ({detail})' if detail else ''}", flush=True)
    return not ok


def start_background(env: dict) -> list[subprocess.Popen]:
    """The folder and an RQ worker, as their own services would run them."""
    full = {**os.environ, **env}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    commands = [
        [*flask, "fold", "--forever"],
        [rq_command(), "worker", "--url", env["REDIS_URL"], "engage"],
    ]
    return [subprocess.Popen(command, env=full) for command in commands]  # noqa: S603


def rq_command() -> str:
    return shutil.which("rq", path=os.path.dirname(sys.executable)) or "rq"


class Browser:
    """Cookies kept across requests and across nodes (cookies ignore the port)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, str]:
        return self.send(urllib.request.Request(url))  # noqa: S310 (loopback http)

    def post(self, url: str, fields: dict) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields, doseq=True).encode()
        return self.send(urllib.request.Request(url, data=data, method="POST"))  # noqa: S310

    def send(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    return match.group(1) if match else ""


def node_health(port: int) -> bool:
    node = f"http://127.0.0.1:{port}"
    browser = Browser()
    live, _ = browser.get(f"{node}/healthz")
    ready, body = browser.get(f"{node}/readyz")
    scraped, metrics = browser.get(f"{node}/metrics")
    checks = json.loads(body).get("checks", {}) if body.startswith("{") else {}
    ok = live == 200 and ready == 200 and scraped == 200 and "engage_http_requests_total" in metrics
    return report(f"node {port}: /healthz {live}, /readyz {ready} {checks}, /metrics {scraped}", ok)


def served_per_node(ports: list[int]) -> dict[int, float]:
    """Requests each node has served so far, from its own /metrics."""
    served = {}
    for port in ports:
        _, text = Browser().get(f"http://127.0.0.1:{port}/metrics")
        served[port] = sum(
            float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith("engage_http_requests_total{")
        )
    return served


def signed_in(base: str) -> Browser:
    browser = Browser()
    _, page = browser.get(f"{base}/auth/sign-in")
    fields = {"csrf_token": csrf(page), "email": demo.DEMO_EMAIL, "password": demo.DEMO_PASSWORD}
    browser.post(f"{base}/auth/sign-in", fields)
    return browser


def session_everywhere(base: str, ports: list[int]) -> bool:
    """Signed in through nginx; the same cookie opens staff pages on every node."""
    browser = signed_in(base)
    statuses = {}
    for port in ports:
        status, page = browser.get(f"http://127.0.0.1:{port}/manage/p/{PROGRAMME}/")
        statuses[port] = status if "Sign in" not in page[:2000] else "sign-in page"
    ok = all(status == 200 for status in statuses.values())
    return report("a staff session signed in through nginx works on every node", ok, str(statuses))


def answer(node: str, code: str, fill) -> bool:
    """One respondent, through one node: open the survey, fill it, send it."""
    browser = Browser()
    _, page = browser.get(f"{node}/s/{code}")
    fields = fill(page)
    status, thanks = browser.post(f"{node}/s/{code}", fields)
    return status == 200 and "have been sent" in thanks


def open_wave_count(browser: Browser, node: str, wave_id: int) -> int:
    _, body = browser.get(f"{node}/api/v1/programmes/{PROGRAMME}/dashboard?to={wave_id}")
    document = json.loads(body)
    return document["responses"][-1] or 0


def counts_across_nodes(ports: list[int], wave_id: int, code: str, fill) -> bool:
    """Responses sent through the first node are counted by the last one once folded
    (an open wave's figures move in steps of the minimum group size, so send two steps)."""
    first, last = (f"http://127.0.0.1:{port}" for port in (ports[0], ports[-1]))
    staff = signed_in(last)
    before = open_wave_count(staff, last, wave_id)
    sent = sum(answer(first, code, fill) for _ in range(10))
    deadline, after = time.monotonic() + 60, before
    while time.monotonic() < deadline and after < before + sent - 4:
        time.sleep(0.5)
        after = open_wave_count(staff, last, wave_id)
    detail = f"{sent} sent through node {ports[0]}; node {ports[-1]} counted {before} -> {after}"
    return report("live counts agree across nodes", after >= before + sent - 4, detail)


def rate_limit_shared(ports: list[int]) -> bool:
    """Wrong passwords for one account, sent to the nodes in turn: the limit counts them
    all (Redis), so the refusal comes after the configured number, not that many per node
    or per worker."""
    rule = config.sign_in_settings({})["ENGAGE_SIGN_IN_LIMITS_ACCOUNT"].split(";")[0]
    allowed = int(rule.split()[0])
    email = f"nobody-{time.time_ns()}@example.org"
    statuses = []
    for attempt in range(3 * allowed):
        node = f"http://127.0.0.1:{ports[attempt % len(ports)]}"
        browser = Browser()
        _, page = browser.get(f"{node}/auth/sign-in")
        fields = {"csrf_token": csrf(page), "email": email, "password": "wrong-password-123"}
        status, _ = browser.post(f"{node}/auth/sign-in", fields)
        statuses.append(status)
        if status == 429:
            break
    refused_at = statuses.index(429) + 1 if 429 in statuses else None
    detail = f"limit {rule} per account; first 429 at attempt {refused_at}, statuses {statuses}"
    return report("sign-in limits count across nodes", refused_at == allowed + 1, detail)


JOB = re.compile(r"\(job (\d+)\): <strong>(\w+)</strong>, ([\d,]+) of ([\d,]+)")


def job_across_nodes(ports: list[int]) -> bool:
    """A re-analysis asked for on the first node is run by the RQ worker, and the last node
    shows its progress and its end (job state lives in the database, work in Redis)."""
    first, last = (f"http://127.0.0.1:{port}" for port in (ports[0], ports[-1]))
    staff = signed_in(first)
    _, page = staff.get(f"{first}/manage/p/{PROGRAMME}/codebook")
    staff.post(f"{first}/manage/p/{PROGRAMME}/analysis/run", {"csrf_token": csrf(page)})
    started, seen = time.monotonic(), []
    state = ("", "queued", "0", "0")
    while time.monotonic() - started < 300:
        _, page = staff.get(f"{last}/manage/p/{PROGRAMME}/codebook")
        found = JOB.search(page)
        state = found.groups() if found else state
        if not seen or seen[-1] != state[1:3]:
            seen.append(state[1:3])
        if state[1] in ("done", "failed", "cancelled"):
            break
        time.sleep(1)
    took = time.monotonic() - started
    detail = f"job {state[0]} on node {ports[-1]}: {' -> '.join(' '.join(s) for s in seen)}"
    return report(
        f"a job started on one node ran and was followed on another ({took:.0f} s)",
        state[1] == "done",
        detail,
    )
