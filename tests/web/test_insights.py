from engage.models import Role
from engage.services import users
from tests.builders import build_world
from tests.conftest import PASSWORD, StaffClient, sign_in
from tests.services.test_insights import answer


def test_dashboard_page_charts_and_tables(staff, admin):
    world = build_world(admin)
    for index in range(6):
        answer(world, world.link, index, 4)
    page = staff.get("/insights/p/test/")
    charts = page.select("script[type='application/json'][data-chart]")
    assert len(charts) >= 5
    scripts = [tag["src"] for tag in page.select("script[src]")]
    assert scripts == ["/insights/plotly.min.js", "/static/js/charts.js"]
    assert all(page.find(id=tag["data-chart"]) for tag in charts)
    assert len(page.select("section table")) == len(charts)  # a table beside every chart
    filtered = staff.get(f"/insights/p/test/?organisation={world.link.organisation_id}&from=1&to=1")
    assert filtered.find("option", selected=True) is not None
    response = staff.client.get("/insights/p/test/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-eval" not in policy
    assert staff.client.get("/insights/plotly.min.js").status_code == 200


def test_plotly_stays_off_respondent_pages_and_away_from_outsiders(client, admin):
    world = build_world(admin)
    respondent = client.get(f"/s/{world.link.code}").get_data(as_text=True)
    assert "plotly" not in respondent and "<script" not in respondent
    assert client.get("/insights/plotly.min.js").status_code == 302  # staff only
    users.create_user("out@example.org", "Out", PASSWORD)
    outsider = StaffClient(client, sign_in(client, "out@example.org"))
    outsider.get("/insights/p/test/", status=403)


def test_directors_can_see_the_dashboard(client, admin):
    world = build_world(admin)
    director = users.create_user("dir@example.org", "Dee", PASSWORD)
    users.grant_role(director, world.programme, Role.DIRECTOR)
    viewer = StaffClient(client, sign_in(client, "dir@example.org"))
    assert "trends" in viewer.get("/insights/p/test/").h1.get_text()
