"""The live room: the room view, the wave page's live counts and their JSON, the A4 poster.
Live counts must show exactly what a reload shows: a count under the minimum is never
exact, in the page or in the JSON it polls."""

import re
from datetime import date

import pytest

from engage.services import links, responses
from tests.builders import build_world
from tests.pages import checked_page


@pytest.fixture
def world(admin):
    return build_world(admin)


def submit_many(link, count: int, salt: int = 1) -> None:
    for index in range(count):
        token = f"{index + 1:08x}-{salt:04x}-4111-8111-111111111111"
        responses.submit(link, token, [], date.today())


def live(client, world) -> dict:
    response = client.get(f"/manage/p/test/waves/{world.wave.id}/live.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_json()


def stated_counts(text: str) -> set[int]:
    """Every whole number a text states (a headcount "of 20" is one; a rate is another)."""
    return {int(number.replace(",", "")) for number in re.findall(r"\d[\d,]*", text)}


def test_the_room_view_shows_the_qr_code_the_code_and_the_count_against_the_room(staff, world):
    submit_many(world.link, 6)
    page = staff.get(f"/manage/p/test/links/{world.link.id}/room")
    assert page.body.get("class") == ["room-page"]
    assert page.select_one(".room-qr svg title").get_text().endswith(world.link.code)
    code = page.select_one(".fit-code")
    assert code.get_text() == world.link.display_code and "nowrap" in code["class"]
    assert f"engage.example.org/s/{world.link.code}" in page.select_one(".mono").get_text()
    count = page.find(id="room-count")
    assert count.get_text() == "6 of 20"  # the group's headcount is the room's size
    assert count["aria-live"] == "polite"
    assert page.select_one("[data-live-url]")["data-live-url"].endswith("/live.json")
    # Without JavaScript: a Refresh link to this page, and a note saying why.
    refresh = page.select_one("a[data-live-refresh]")
    assert refresh.get_text() == "Refresh" and refresh["href"].endswith("/room")
    assert "JavaScript is off" in page.find("noscript").get_text()
    (script,) = page.find_all("script")
    assert script["src"].endswith("/static/js/live.js") and not script.string


def test_the_organiser_sets_the_expected_attendance(staff, world):
    url = f"/manage/p/test/links/{world.link.id}/room"
    saved = staff.post(url, data={"expected_attendance": "30"})
    assert saved.status_code == 302
    assert staff.get(url).find(id="room-count").get_text() == "0 of 30"
    for bad, message in (("0", "from 1 to 100,000"), ("lots", "whole number")):
        refused = checked_page(staff.post(url, data={"expected_attendance": bad}), 400)
        assert message in refused.select_one(".error-summary").get_text()
    assert staff.post(url, data={"expected_attendance": ""}).status_code == 302
    assert staff.get(url).find(id="room-count").get_text() == "0 of 20"  # headcount again


def test_a_count_under_the_minimum_is_never_exact_live_or_reloaded(staff, client, world):
    submit_many(world.link, 2)
    document = live(client, world)
    texts = document["links"][str(world.link.id)]
    assert texts == {
        "responses": "Fewer than 5",
        "rate": "Shown from 5 responses",
        "room": "Fewer than 5 of 20",
    }
    assert document["total"] == "Fewer than 5 responses so far"
    assert all(2 not in stated_counts(text) for text in [*texts.values(), document["total"]])
    room = staff.get(f"/manage/p/test/links/{world.link.id}/room")
    assert room.find(id="room-count").get_text() == "Fewer than 5 of 20"


@pytest.mark.parametrize(
    ("mine", "theirs"),
    [(0, 0), (1, 9), (3, 4), (5, 6), (7, 2), (12, 0), (5, 5)],
)
def test_the_json_says_exactly_what_the_wave_page_says(staff, client, world, mine, theirs):
    """The live texts are the reloaded page's texts, for counts under, at and over the
    minimum and for a sibling hidden so that the total cannot give a small link away."""
    other = links.create_link(world.wave, world.link.organisation, None)
    submit_many(world.link, mine)
    submit_many(other, theirs, salt=2)
    page = staff.get(f"/manage/p/test/waves/{world.wave.id}/")
    document = live(client, world)
    assert page.find(id="wave-total").get_text() == document["total"]
    assert page.find(id="wave-total")["aria-live"] == "polite"
    for link, count in ((world.link, mine), (other, theirs)):
        texts = document["links"][str(link.id)]
        for field in ("responses", "rate"):
            cell = page.select_one(f'[data-live-link="{link.id}"][data-live-field="{field}"]')
            assert cell.get_text() == texts[field]
        if 0 < count < 5:
            assert count not in stated_counts(texts["responses"] + texts["rate"])
    small = [0 < count < 5 for count in (mine, theirs)]
    if 0 < mine + theirs < 5:
        assert document["total"] == "Fewer than 5 responses so far"
    elif any(small):
        # the total is shown, so every link hidden beside it holds 0 or 5 or more
        hidden_sum = sum(
            count
            for link, count in ((world.link, mine), (other, theirs))
            if not document["links"][str(link.id)]["responses"][0].isdigit()
        )
        assert hidden_sum == 0 or hidden_sum >= 5


def test_the_wave_page_offers_refresh_without_javascript(staff, world):
    page = staff.get(f"/manage/p/test/waves/{world.wave.id}/")
    refresh = page.select_one("a[data-live-refresh]")
    assert refresh.get_text() == "Refresh the counts" and refresh["href"].endswith("#links")
    assert "do not update by themselves" in page.find("noscript").get_text()
    assert page.select_one("a[href$='/room']").get_text().startswith("Room view")
    assert page.find(id="wave-total").get_text() == "No responses yet"


def test_the_poster_is_a4_with_the_code_and_link_unbroken(staff, world):
    page = staff.get(f"/manage/p/test/links/{world.link.id}/poster")
    poster = page.select_one(".poster")
    assert poster.select_one(".poster-qr svg") is not None
    assert "nowrap" in poster.select_one(".fit-code")["class"]
    assert "nowrap" in poster.select_one(".mono")["class"]
    assert poster.select_one(".mono")["class"][-1] == "fit-32"  # "engage.example.org/s/..."
    assert page.find("a", string="room view")["href"].endswith("/room")


def test_the_stylesheet_prints_the_poster_on_a4_with_a_qr_of_at_least_15_cm(client):
    css = client.get("/static/css/engage.css").get_data(as_text=True)
    assert "@page poster{size:A4 portrait" in css and ".poster{page:poster" in css
    width = re.search(r"\.poster-qr svg\{width:(\d+)mm", css)
    assert width and int(width.group(1)) * 29 / 33 >= 150  # a 29-module code, border 2


def test_the_live_script_stops_when_the_tab_is_hidden(client):
    script = client.get("/static/js/live.js").get_data(as_text=True)
    assert "visibilitychange" in script and "document.hidden" in script
    assert "innerHTML" not in script  # texts only: nothing the server sends is parsed as HTML
