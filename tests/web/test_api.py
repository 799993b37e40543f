from engage.services import users
from tests.conftest import PASSWORD, sign_in
from tests.web.test_insights import partnership_with


def test_the_api_gives_the_dashboard_figures_with_hidden_as_null(client, staff, admin):
    world, partner = partnership_with(admin, 12, 3)
    response = client.get("/api/v1/programmes/test/dashboard")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    assert [wave["id"] for wave in document["waves"]] == [world.wave.id]
    assert document["responses"] == [15]
    assert document["themes"]["Cost cutting"] == [1.0]
    assert document["indices"]["partnership_trust"][0]["value"] > 0
    assert "null" in document["hidden"]
    # One side has three people: both sides are hidden, in the mirror and when filtered.
    assert document["partnership_mirror"] == {} and document["trust_gap"] == [None]
    one_side = client.get(f"/api/v1/programmes/test/dashboard?organisation={partner.id}")
    assert one_side.get_json()["responses"] == [None]


def test_the_api_refuses_strangers_in_json(client, admin):
    partnership_with(admin, 6, 0)
    anonymous = client.get("/api/v1/programmes/test/dashboard")
    assert anonymous.status_code == 401 and "Sign in" in anonymous.get_json()["error"]
    users.create_user("out@example.org", "Out", PASSWORD)
    sign_in(client, "out@example.org")
    assert client.get("/api/v1/programmes/test/dashboard").status_code == 403
    missing = client.get("/api/v1/programmes/nothing-here/dashboard")
    assert missing.status_code == 404 and "nothing-here" in missing.get_json()["error"]
