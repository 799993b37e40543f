"""Health, readiness and metrics: what a load balancer and Prometheus read from each node."""

import pytest

from engage import create_app
from tests.builders import build_world


@pytest.fixture
def world(admin):
    return build_world(admin)


def test_a_live_node_says_so(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_a_migrated_node_is_ready(client):
    body = client.get("/readyz").get_json()
    assert body["ready"] is True
    assert body["checks"] == {"database": "ok", "schema": "ok"}


def test_a_node_whose_redis_is_down_is_not_ready(app, database_url):
    other = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "TESTING": True,
            "REDIS_URL": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    )
    response = other.test_client().get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["ready"] is False and body["checks"]["redis"].startswith("unreachable")
    assert body["checks"]["database"] == "ok"


def test_metrics_count_requests_by_route_never_by_survey_code(client, world):
    client.get(f"/s/{world.link.code}")
    client.get("/no/such/page")
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain")
    text = response.get_data(as_text=True)
    assert 'engage_http_requests_total{endpoint="respond.survey",method="GET",status="200"}' in text
    assert 'endpoint="unmatched"' in text
    assert "engage_http_request_duration_seconds_bucket" in text
    assert "engage_responses_pending 0.0" in text
    assert "engage_figures_behind_seconds" in text
    assert world.link.code not in text


def test_metrics_are_refused_through_a_proxy_or_from_elsewhere_without_the_token(app):
    client = app.test_client()
    proxied = {"REMOTE_ADDR": "127.0.0.1"}
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 403
    headers = {"X-Forwarded-For": "203.0.113.9"}
    assert client.get("/metrics", environ_base=proxied, headers=headers).status_code == 403
    app.config["ENGAGE_METRICS_TOKEN"] = "a-long-random-scrape-token"
    bearer = {"Authorization": "Bearer a-long-random-scrape-token"}
    remote = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", environ_base=remote, headers=bearer).status_code == 200
    wrong = {"Authorization": "Bearer guessed"}
    assert client.get("/metrics", environ_base=remote, headers=wrong).status_code == 403
