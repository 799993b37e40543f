"""Health, readiness and request metrics for each node, for the load balancer and Prometheus.

``/healthz`` answers while the process can answer; ``/readyz`` says whether the node can
do its work (503 with the failing check otherwise); ``/metrics`` gives request counts and
durations per endpoint and the folder's backlog in Prometheus's text format. Endpoints are
labelled by route name, never by path: a path holds a survey code, and a label per code
would both leak where answers come from and grow without end.

Under gunicorn, ``engage.gunicorn_hooks`` points ``PROMETHEUS_MULTIPROC_DIR`` at a private
folder so one scrape adds up every worker of the node. ``/metrics`` is for the node's own
host (or a bearer token, ``ENGAGE_METRICS_TOKEN``); anything arriving through a proxy is
refused, so nginx in front never publishes it.
"""

from __future__ import annotations

import hmac
import time

from flask import Blueprint, Flask, Response, abort, current_app, g, jsonify, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.core import GaugeMetricFamily

from engage.extensions import csrf
from engage.services import health

bp = Blueprint("ops", __name__)
REQUESTS = Counter(
    "engage_http_requests_total", "Requests handled", ["endpoint", "method", "status"]
)
DURATION = Histogram(
    "engage_http_request_duration_seconds",
    "Time from request to response, per endpoint",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
LOOPBACK = {"127.0.0.1", "::1"}
# Whether the metrics above went to the shared files: prometheus_client decides when it is
# first imported, so the folder's setting then is the one that counts, not a later one.
MULTIPROCESS = values.ValueClass is not values.MutexValue


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    csrf.exempt(bp)
    app.before_request(start_timer)
    app.after_request(count_request)


def start_timer() -> None:
    g.engage_started = time.perf_counter()


def count_request(response: Response) -> Response:
    started = g.pop("engage_started", None)
    endpoint = request.url_rule.endpoint if request.url_rule is not None else "unmatched"
    REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    if started is not None:
        DURATION.labels(endpoint).observe(time.perf_counter() - started)
    return response


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    state = health.readiness()
    body = {"ready": state.ready, "checks": state.checks, "warnings": state.warnings}
    return jsonify(body), 200 if state.ready else 503


@bp.get("/metrics")
def metrics():
    if not may_scrape():
        abort(403)
    registry = REGISTRY
    if MULTIPROCESS:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    payload = generate_latest(registry) + generate_latest(backlog_registry())
    return Response(payload, content_type=CONTENT_TYPE_LATEST)


def may_scrape() -> bool:
    token = current_app.config.get("ENGAGE_METRICS_TOKEN", "")
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    proxied = "X-Forwarded-For" in request.headers or "Forwarded" in request.headers
    return request.remote_addr in LOOPBACK and not proxied


class BacklogCollector:
    """The folder's backlog, read at scrape time (the same for every worker). Metric
    families, not Gauges: a Gauge would also be written to the multiprocess files."""

    def collect(self):
        backlog = health.folding_backlog()
        yield GaugeMetricFamily(
            "engage_responses_pending", "Stored responses not yet in the figures", backlog.pending
        )
        yield GaugeMetricFamily(
            "engage_figures_behind_seconds",
            "Seconds since the figures last held every stored response",
            backlog.behind_seconds,
        )


def backlog_registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    registry.register(BacklogCollector())
    return registry
