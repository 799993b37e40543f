import json
from datetime import UTC, date, datetime, timedelta

from engage.domain import AnswerValue
from engage.extensions import db
from engage.models import FoldMark, OrganisationKind, Role
from engage.services import programmes, users
from engage.services.links import create_link
from engage.services.responses import submit
from tests.builders import build_world, close, fold
from tests.conftest import PASSWORD, StaffClient, sign_in
from tests.services.test_insights import answer


def test_dashboard_page_charts_and_tables(staff, admin):
    world = build_world(admin)
    for index in range(6):
        answer(world, world.link, index, 4)
    page = staff.get("/insights/p/test/")
    charts = page.select(".chart")
    assert len(charts) >= 5
    for chart in charts:  # drawn on the server, for a wide screen and a phone, and named
        wide, narrow = chart.select("svg")
        assert "chart-wide" in wide["class"] and "chart-narrow" in narrow["class"]
        assert wide["role"] in ("img", "group") and wide["aria-label"].endswith("same figures")
        assert wide.find("text") is not None  # labels are text, not outlines
        assert not chart.select("[style], style, script")  # the policy allows no inline style
    scripts = [tag["src"] for tag in page.select("script[src]")]
    assert [src.rsplit(".", 2)[0] for src in scripts] == [
        "/insights/js/charts",
        "/insights/js/filters",
    ]
    figures = page.select("script[type='application/json'][data-chart]")
    assert [tag["data-chart"] for tag in figures] == [chart["id"] for chart in charts]
    for tag in figures:  # each chart's Plotly figure, for its opt-in interactive view
        assert not set("<>&") & set(tag.string)  # escaped: it cannot close its script element
        assert json.loads(tag.string)["data"] and "layout" in json.loads(tag.string)
    assert len(page.select("section table")) == len(charts)  # a table beside every chart
    filtered = staff.get(f"/insights/p/test/?organisation={world.link.organisation_id}&from=1&to=1")
    assert filtered.find("option", selected=True) is not None
    response = staff.client.get("/insights/p/test/")
    policy = response.headers["Content-Security-Policy"]
    # Plotly, when asked for, styles its own elements: styles only are relaxed, scripts never.
    assert "script-src 'self';" in policy and "style-src 'self' 'unsafe-inline';" in policy
    assert policy.count("unsafe") == 1 and "unsafe-eval" not in policy
    other = staff.client.get("/insights/p/test/comments").headers["Content-Security-Policy"]
    assert "unsafe" not in other
    assert staff.client.get(scripts[0]).status_code == 200


def test_scripts_stay_off_respondent_pages_and_away_from_outsiders(client, admin, app):
    world = build_world(admin)
    respondent = client.get(f"/s/{world.link.code}").get_data(as_text=True)
    assert "<script" not in respondent and "<svg" not in respondent
    name = app.extensions["engage_assets"].assets["filters"].name
    assert client.get(f"/insights/js/{name}").status_code == 302  # staff only
    users.create_user("out@example.org", "Out", PASSWORD)
    outsider = StaffClient(client, sign_in(client, "out@example.org"))
    outsider.get("/insights/p/test/", status=403)


def test_directors_can_see_the_dashboard(client, admin):
    world = build_world(admin)
    director = users.create_user("dir@example.org", "Dee", PASSWORD)
    users.grant_role(director, world.programme, Role.DIRECTOR)
    viewer = StaffClient(client, sign_in(client, "dir@example.org"))
    assert "trends" in viewer.get("/insights/p/test/").h1.get_text()


def partnership_with(admin, council_people: int, partner_people: int):
    world = build_world(admin)
    partner = programmes.save_organisation(
        world.programme, "Partner Ltd", OrganisationKind.PRIVATE_PARTNER
    )
    partner_link = create_link(world.wave, partner, None)
    # More responses than the group's headcount would be withheld as possible stuffing.
    group = world.link.group
    programmes.save_group(group.organisation, group.name, max(20, council_people), group)
    for index in range(council_people):
        answer(world, world.link, index, 4)
    for index in range(100, 100 + partner_people):
        answer(world, partner_link, index, 2)
    close(world.wave)  # read whole, not from the open wave's last release
    return world, partner


def test_theme_and_framing_cells_open_the_comments_behind_them(staff, admin):
    world, _ = partnership_with(admin, 12, 0)
    page = staff.get("/insights/p/test/")
    theme_links = page.select("#themes-heading ~ .table-wrap a")
    assert [a.get_text() for a in theme_links] == ["100"]
    framing_links = page.select("#framing-heading ~ .table-wrap a")
    assert [a.get_text() for a in framing_links] == ["100%"]
    for key, links in (("themes", theme_links), ("framing", framing_links)):
        drawn = page.select(f"#{key}-chart svg.chart-wide a")  # the mark opens it too
        assert [a["href"] for a in drawn] == [links[0]["href"]]
        assert drawn[0].title.get_text() and drawn[0]["tabindex"] == "-1"  # named; the table tabs
    figure = page.find("script", attrs={"data-chart": "themes-chart"}).string
    assert theme_links[0]["href"].replace("&", "\\u0026") in figure  # interactive, it opens too
    behind = staff.get(theme_links[0]["href"])
    assert [row.get_text() for row in behind.select("dd")][:2] == ["Cost cutting", "Pulse: Wave 1"]
    assert len(behind.select("li.comment")) == 12
    assert "Budget cuts, again 11" in behind.get_text()
    chose = staff.get(framing_links[0]["href"])
    assert len(chose.select("li.comment")) == 12 and "Cutting costs" in chose.get_text()


def test_a_side_too_small_hides_the_other_side_too(staff, admin):
    """Programme minus council would give the partner's three people away."""
    world, partner = partnership_with(admin, 12, 3)
    council = world.link.organisation_id
    whole = staff.get("/insights/p/test/comments?theme=Cost+cutting")
    assert len(whole.select("li.comment")) == 15
    for organisation in (council, partner.id):
        page = staff.get(
            f"/insights/p/test/comments?theme=Cost+cutting&organisation={organisation}"
        )
        assert not page.select("li.comment") and "Hidden" in page.get_text()
    dashboard = staff.get(f"/insights/p/test/?organisation={council}")
    responses = dashboard.select("#responses-heading ~ .table-wrap td")
    assert responses[0].get_text() == "hidden"
    assert not dashboard.select("#themes-heading ~ .table-wrap a")


def test_comments_behind_a_cell_are_redacted_and_need_sign_in(client, staff, admin):
    world = build_world(admin)
    questions = {q.code: q for q in world.wave.version.questions}
    for index in range(10):
        submit(
            world.link,
            f"{index:08x}-5555-4444-8444-444444444444",
            [
                AnswerValue(
                    questions["improve"].id,
                    text=f"Sarah Jones ({index}) said email sarah@example.org",
                )
            ],
            date.today(),
        )
    fold()
    page = staff.get(f"/insights/p/test/comments?wave={world.wave.id}")
    text = page.get_text()
    assert "Sarah" not in text and "example.org" not in text
    assert text.count("[name removed]") == 10
    client.post("/auth/sign-out", data={"csrf_token": staff.token})
    assert client.get("/insights/p/test/comments").status_code == 302


def test_comments_behind_a_cell_come_in_pages(staff, admin):
    partnership_with(admin, 27, 0)
    first = staff.get("/insights/p/test/comments?theme=Cost+cutting")
    assert len(first.select("li.comment")) == 25 and "27 comments, page 1 of 2" in first.get_text()
    following = first.find("a", string="Next page")["href"]
    assert "theme=Cost+cutting" in following and "page=2" in following
    second = staff.get(following)
    assert len(second.select("li.comment")) == 2
    assert second.find("a", string="Previous page") and not second.find("a", string="Next page")


def test_the_page_opens_with_the_story_and_offers_the_wave_in_progress(staff, admin):
    """Sentences come before any chart or script and each points at a chart on the page;
    the open wave is left out of the default range, with a link to include it."""
    from datetime import timedelta

    from engage.extensions import db
    from engage.services import waves

    world = build_world(admin)
    world.wave.opens_on = date.today() - timedelta(days=20)
    world.wave.closes_on = date.today() - timedelta(days=14)
    db.session.commit()
    for index in range(12):
        answer(world, world.link, index, 4)
    second = waves.schedule_pulse(world.survey, date.today() - timedelta(days=1), 1, days_open=7)[0]
    page = staff.get("/insights/p/test/")
    story = page.find("section", class_="story")
    assert story is not None and story.find_previous("script") is None
    for link in story.select("a[href^='#']"):
        assert page.find(id=link["href"][1:]) is not None
    offered = page.find("a", string=f"Include Wave {second.number} so far")
    assert offered is not None and f"to={second.number}" in offered["href"]
    included = staff.get(offered["href"])
    assert f"Wave {second.number} (" in included.get_text() and "in progress" in included.get_text()


def test_revised_figures_are_noted_on_the_page(staff, admin):
    from tests.services.test_revisions import parking_reanalysed

    parking_reanalysed(admin)
    notes = [b.get_text(" ", strip=True) for b in staff.get("/insights/p/test/").select(".banner")]
    (note,) = [text for text in notes if text.startswith("Figures revised on")]
    assert "Parking in Wave 1 from 0% to 100%" in note


def test_the_board_pack_downloads_the_view_on_screen_and_is_recorded(staff, admin, client):
    import io

    import docx

    from engage.services import audit, board

    world = build_world(admin)
    for index in range(6):
        answer(world, world.link, index, 4)
    close(world.wave)
    page = staff.get("/insights/p/test/?to=1")
    (word,) = [form["action"] for form in page.select("form[action*='board-pack.docx']")]
    assert "to=1" in word
    response = staff.export(word)
    assert response.status_code == 200
    assert "test-board-pack-to-wave-1-" in response.headers["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.data))
    assert document.paragraphs[0].text == "Test partnership: board pack"
    assert len(document.inline_shapes) >= 3  # the charts, drawn
    printable = staff.export(word.replace(".docx", ".html"))
    assert "img-src data:" in printable.headers["Content-Security-Policy"]
    assert "<script" not in printable.get_data(as_text=True)
    events = audit.events_for(world.programme).events
    assert any(e.subject.endswith("to wave 1") and e.detail == "Format: docx" for e in events)
    assert staff.post("/downloads/p/test/exports/board-pack.exe").status_code == 404
    if board.can_print():  # Chromium prints the same page
        printed = staff.export(word.replace(".docx", ".pdf"))
        assert printed.status_code == 200 and printed.data.startswith(b"%PDF")
        assert page.find("button", string="Make the board pack: PDF") is not None
    else:
        assert printed.status_code == 404 and page.find("a", string="PDF") is None
    client.get("/auth/sign-out")


def test_the_dashboard_says_how_fresh_its_figures_are(staff, admin):
    world = build_world(admin)
    page = staff.get("/insights/p/test/")
    assert "include every answer sent so far" in page.select_one("#freshness").get_text()
    questions = {q.code: q for q in world.wave.version.questions}
    for index in range(2):
        submit(
            world.link,
            f"{index:08x}-7777-4777-8777-777777777777",
            [AnswerValue(questions["tu_understand"].id, number=4)],
            date.today(),
        )
        if index == 0:
            fold()
            mark = db.session.get(FoldMark, 1)
            mark.through = datetime.now(UTC) - timedelta(seconds=40)
            db.session.commit()
    text = staff.get("/insights/p/test/").select_one("#freshness").get_text()
    assert "every answer sent up to 4" in text and "seconds ago" in text
    figures = staff.client.get("/api/v1/programmes/test/dashboard").get_json()
    assert 39 <= figures["figures_behind_seconds"] < 100
