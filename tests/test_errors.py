from engage.services import users
from tests.conftest import PASSWORD, sign_in
from tests.web.test_insights import partnership_with

PROBLEM = "application/problem+json"


def test_api_errors_are_json_problems_not_pages(client, admin):
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404 and missing.mimetype == PROBLEM
    assert missing.get_json() == {"status": 404, "title": "Page not found"}
    partnership_with(admin, 6, 0)
    users.create_user("out@example.org", "Out", PASSWORD)
    sign_in(client, "out@example.org")
    refused = client.get("/api/v1/programmes/test/dashboard")
    assert refused.status_code == 403 and refused.mimetype == PROBLEM
    assert refused.get_json()["status"] == 403 and refused.get_json()["title"]
    wrong_method = client.delete("/api/v1/programmes/test/dashboard")
    assert wrong_method.status_code in {400, 405} and wrong_method.mimetype == PROBLEM


def test_an_unexpected_api_failure_is_a_json_500(app, client):
    def failing():
        raise RuntimeError("boom")

    app.add_url_rule("/api/failing", "failing", failing)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/api/failing")
    assert response.status_code == 500 and response.mimetype == PROBLEM
    assert response.get_json()["status"] == 500
    assert "boom" not in response.get_data(as_text=True)


def test_other_errors_stay_pages(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and response.mimetype == "text/html"
