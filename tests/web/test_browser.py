"""A real phone-sized browser answers a survey: fails validation once, fixes it, submits."""

from __future__ import annotations

import shutil
import threading

import pytest
from werkzeug.serving import make_server

from engage.extensions import db
from tests.builders import build_world

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="Chromium is not installed (apt-get install chromium); .ci/run installs it",
    ),
]


@pytest.fixture
def browser():
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_phone_answers_a_survey_after_fixing_an_error(app, admin, live_server, tmp_path, browser):
    world = build_world(admin)
    questions = world.wave.version.questions
    questions[0].required = True
    code, first_id, text_id = world.link.code, f"q{questions[0].id}", f"q{questions[-1].id}"
    db.session.commit()  # and touch the database no more: the server needs SQLite's lock
    requests_elsewhere: list[str] = []
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(live_server) else requests_elsewhere.append(request.url)
        ),
    )
    page.goto(f"{live_server}/s/{code}")
    page.fill(f"#{text_id}", "Clearer updates would help.")
    page.click("#submit")

    assert page.title().startswith("Error:")
    summary = page.locator(".error-summary a")
    assert summary.count() == 1 and "select an answer" in summary.inner_text()
    assert page.input_value(f"#{text_id}") == "Clearer updates would help."
    summary.click()
    assert page.evaluate("document.activeElement.id") == f"{first_id}-0"

    page.check(f"#{first_id}-1")
    page.screenshot(path=str(tmp_path / "fixed.png"), full_page=True)
    page.click("#submit")
    page.wait_for_selector("h1:has-text('your answers have been sent')")
    page.screenshot(path=str(tmp_path / "thanks.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    assert requests_elsewhere == []
    assert (tmp_path / "thanks.png").stat().st_size > 1000


def test_the_dashboard_draws_every_chart_from_local_files(
    app, admin, live_server, tmp_path, browser
):
    from tests.conftest import PASSWORD
    from tests.services.test_insights import answer

    world = build_world(admin)
    for index in range(12):  # enough commenters for the comments behind a cell
        answer(world, world.link, index, 4 if index % 2 else 3)
    wave_id = world.wave.id
    db.session.commit()  # and touch the database no more: the server needs SQLite's lock
    outside: list[str] = []
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith((live_server, "data:")) else outside.append(request.url)
        ),
    )
    page.goto(f"{live_server}/auth/sign-in")
    page.fill("#email", "admin@example.org")
    page.fill("#password", PASSWORD)
    page.click("button.button")
    page.goto(f"{live_server}/insights/p/test/")
    page.wait_for_selector(".chart svg.chart-wide", state="visible", timeout=20000)
    charts = page.locator(".chart").count()
    drawn = page.evaluate(
        "Array.from(document.querySelectorAll('.chart'))"
        ".filter(c => c.querySelector('svg.chart-wide path, svg.chart-wide rect')).length"
    )
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
    # On a phone the phone's drawing shows, and nothing scrolls sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.locator("#themes-chart svg.chart-narrow").is_visible()
    assert not page.locator("#themes-chart svg.chart-wide").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1366, "height": 900})
    # One theme in one wave: the heatmap is a single cell, and selecting it opens its comments.
    page.locator("#themes-chart svg.chart-wide a").click()
    page.wait_for_url("**/insights/p/test/comments?**", timeout=10000)
    assert page.locator("li.comment").count() == 12
    page.goto(f"{live_server}/downloads/p/test/theme-summary.html?wave={wave_id}")
    assert "Theme summary" in page.locator("h1").inner_text()
    page.screenshot(path=str(tmp_path / "theme-summary.png"), full_page=True)
    assert charts >= 5 and drawn == charts
    assert outside == []
    assert (tmp_path / "dashboard.png").stat().st_size > 10_000


def test_the_dashboard_filters_cascade(app, admin, live_server, browser):
    """Choosing an organisation leaves only its groups; choosing "All" brings them back."""
    from engage.models import OrganisationKind
    from engage.services import programmes
    from tests.conftest import PASSWORD

    world = build_world(admin)
    partner = programmes.save_organisation(
        world.programme, "Partner Ltd", OrganisationKind.PRIVATE_PARTNER
    )
    programmes.save_group(partner, "Contact Centre", 30)
    email, partner_id = admin.email, str(partner.id)
    db.session.commit()  # and touch the database no more: the server needs SQLite's lock
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(f"{live_server}/auth/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server}/insights/p/test/")
    groups = page.locator("#group option")
    assert groups.count() == 3  # All, and one group of each organisation
    page.select_option("#organisation", partner_id)
    assert page.locator("#group option").all_inner_texts() == ["All", "Partner Ltd: Contact Centre"]
    page.select_option("#organisation", "")
    assert page.locator("#group option").count() == 3


def test_the_dashboard_shows_every_chart_on_a_phone_without_javascript(
    app, admin, live_server, browser
):
    """The server draws the charts into the page: nothing waits for a script, and a phone
    with scripts off sees every chart, drawn for its width, with its table."""
    from tests.conftest import PASSWORD
    from tests.services.test_insights import answer

    world = build_world(admin)
    for index in range(12):
        answer(world, world.link, index, 4 if index % 2 else 3)
    db.session.commit()  # and touch the database no more: the server needs SQLite's lock
    context = browser.new_context(
        viewport={"width": 390, "height": 700}, is_mobile=True, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{live_server}/auth/sign-in")
    page.fill("#email", "admin@example.org")
    page.fill("#password", PASSWORD)
    page.click("button.button")
    page.goto(f"{live_server}/insights/p/test/")
    charts = page.locator(".chart")
    assert charts.count() >= 5
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.locator("svg.chart-narrow").is_visible(), index
        box = chart.locator("svg.chart-narrow").bounding_box()
        assert box and 300 <= box["width"] <= 390 and box["height"] > 100
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_a_chart_turns_interactive_only_when_asked(app, admin, live_server, browser):
    """No Plotly on arrival; the button loads it once and draws that chart, whose cell
    still opens its comments."""
    from tests.conftest import PASSWORD
    from tests.services.test_insights import answer

    world = build_world(admin)
    for index in range(12):
        answer(world, world.link, index, 4 if index % 2 else 3)
    db.session.commit()  # and touch the database no more: the server needs SQLite's lock
    requested: list[str] = []
    refused: list[str] = []
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security" in message.text else None
        ),
    )
    page.goto(f"{live_server}/auth/sign-in")
    page.fill("#email", "admin@example.org")
    page.fill("#password", PASSWORD)
    page.click("button.button")
    page.goto(f"{live_server}/insights/p/test/")
    page.wait_for_load_state("networkidle")
    buttons = page.locator("button.chart-switch")
    assert buttons.count() == page.locator(".chart").count() >= 5
    assert not [url for url in requested if "plotly" in url]
    button = page.get_by_role("button", name="Interactive chart: Themes over waves")
    button.focus()
    page.keyboard.press("Enter")  # a keyboard reaches it as a mouse does
    page.wait_for_selector("#themes-chart svg.main-svg", timeout=30000)
    assert not page.locator("#themes-chart svg.chart-wide").count()
    assert page.get_by_role("button", name="Static chart: Themes over waves").count() == 1
    page.get_by_role("button", name="Interactive chart: Responses by wave").click()
    page.wait_for_selector("#responses-chart svg.main-svg", timeout=30000)
    assert len([url for url in requested if "plotly" in url]) == 1  # loaded once
    page.get_by_role("button", name="Static chart: Responses by wave").click()  # and back
    assert page.locator("#responses-chart svg.chart-wide").is_visible()
    assert not page.locator("#responses-chart svg.main-svg").count()
    assert refused == []
    page.locator("#themes-chart .nsewdrag").click()  # the one cell: its comments open
    page.wait_for_url("**/insights/p/test/comments?**", timeout=10000)
    assert page.locator("li.comment").count() == 12


def test_the_room_counts_answers_without_a_reload(app, admin, live_server, browser):
    """The room view's count follows answers sent through the link (no reload), says
    "Fewer than 5" in between, and without JavaScript offers its Refresh link instead."""
    world = build_world(admin)
    code, link_id, first = world.link.code, world.link.id, world.wave.version.questions[0].id
    email = admin.email
    db.session.commit()  # and touch the database no more: the server needs SQLite's lock
    room = f"{live_server}/manage/p/test/links/{link_id}/room"
    staff = browser.new_context(viewport={"width": 1366, "height": 768})
    page = signed_in(staff.new_page(), live_server, email)
    page.goto(room)
    count = page.locator("#room-count")
    assert count.inner_text() == "0 of 20"
    assert not page.locator("a[data-live-refresh]").is_visible()  # polling instead
    respondents = browser.new_context()
    seen = []
    for sent in range(1, 7):
        form = respondents.new_page()
        form.goto(f"{live_server}/s/{code}?again=1")
        form.check(f"#q{first}-1")
        form.click("#submit")
        form.wait_for_selector("h1:has-text('your answers have been sent')")
        form.close()
        if sent in (2, 6):
            expected = "Fewer than 5 of 20" if sent == 2 else "6 of 20"
            page.wait_for_function(  # the page's own script, not a reload, changes it
                "text => document.getElementById('room-count').textContent === text",
                arg=expected,
                timeout=30000,
            )
            seen.append(count.inner_text())
    assert seen == ["Fewer than 5 of 20", "6 of 20"]
    quiet = browser.new_context(java_script_enabled=False)
    static = signed_in(quiet.new_page(), live_server, email)
    static.goto(room)
    assert static.locator("a[data-live-refresh]").is_visible()
    assert static.locator("#room-count").inner_text() == "6 of 20"


def signed_in(page, live_server: str, email: str):
    from tests.conftest import PASSWORD

    page.goto(f"{live_server}/auth/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button.button")
    return page


def test_a_phone_switches_to_welsh_and_answers_without_javascript(
    app, admin, live_server, tmp_path, browser
):
    """At 390 px, with scripts off: the logo and the Cymraeg link fit, the link switches the
    page, the choice holds through sending, and nothing scrolls sideways in either language."""
    from engage.models import Organisation
    from engage.services import logos
    from tests.builders import png_bytes

    world = build_world(admin)
    world.programme.welsh_offered = True
    world.survey.title_cy = "Arolwg byr"
    organisation = db.session.get(Organisation, world.link.organisation_id)
    logos.attach(organisation, logos.checked(png_bytes((900, 300))))
    code, first = world.link.code, world.wave.version.questions[0].id
    db.session.commit()  # and touch the database no more: the server needs SQLite's lock
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{live_server}/s/{code}")
    assert page.locator("img.organisation-logo").get_attribute("alt") == "Testshire Council"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "survey-en.png"), full_page=True)
    page.click("a.language-switch")
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.locator("h1").inner_text() == "Arolwg byr"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "survey-cy.png"), full_page=True)
    page.check(f"#q{first}-0")
    page.click("#submit")
    assert "Diolch" in page.locator("h1").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "thanks-cy.png"), full_page=True)
    for shot in ("survey-en", "survey-cy", "thanks-cy"):
        assert (tmp_path / f"{shot}.png").stat().st_size > 1000
    context.close()
