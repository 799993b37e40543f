"""Standing links through the real pages: one code per group that opens whichever wave is
open, says when the next opens, and is made for every group in one action."""

from datetime import date, timedelta

from sqlalchemy import event, func, select

from engage.extensions import db
from engage.models import Link, Response, StandingLink, WaveStatus
from engage.services import kept, programmes, standing_links, stuffing, waves
from tests.builders import build_world, fold
from tests.pages import checked_page


def hidden_fields(page) -> dict:
    return {field["name"]: field.get("value", "") for field in page.select("input[type=hidden]")}


def answer(client, code: str) -> int:
    """Answer one question through ``/g/CODE``; the status of the send."""
    page = checked_page(client.get(f"/g/{code}"))
    form = hidden_fields(page)
    radio = page.select_one("input[type=radio]")
    form[radio["name"]] = radio["value"]
    return client.post(f"/g/{code}", data=form).status_code


def responses_through(standing: StandingLink) -> list[tuple[int, int]]:
    """(wave id, link id) of every stored response that came through a standing link."""
    rows = db.session.execute(
        select(Response.wave_id, Response.link_id)
        .join(Link, Response.link_id == Link.id)
        .where(Link.standing_link_id == standing.id)
        .order_by(Response.id)
    )
    return [tuple(row) for row in rows]


def test_links_for_every_group_in_one_action_and_again_makes_nothing(staff, admin):
    world = build_world(admin)
    council = world.link.organisation
    programmes.save_group(council, "Housing", 30)
    partner = programmes.save_organisation(
        world.programme, "Partner Ltd", programmes.OrganisationKind.PRIVATE_PARTNER
    )
    survey_url = f"/manage/p/test/surveys/{world.survey.id}/"
    page = staff.get(survey_url)
    assert "No standing links yet." in page.get_text()
    done = staff.post(survey_url + "standing-links/every-group")
    assert done.status_code == 302
    page = staff.get(survey_url)
    rows = page.select("#standing ~ .table-wrap tbody tr")
    assert sorted(row.td.get_text(" ", strip=True).split(" http")[0] for row in rows) == [
        "Partner Ltd (whole organisation)",
        "Testshire Council: Customer Services",
        "Testshire Council: Housing",
    ]
    assert "3 standing links created." in page.get_text()
    staff.post(survey_url + "standing-links/every-group")
    assert "Every group already has one." in staff.get(survey_url).get_text()
    assert db.session.scalar(select(func.count()).select_from(StandingLink)) == 3
    # the open wave got its own link for each, beside the link made for that wave only
    assert len(world.wave.links) == 4
    assert partner.id in {link.organisation_id for link in world.wave.links}
    wave_page = staff.get(f"/manage/p/test/waves/{world.wave.id}/").get_text(" ", strip=True)
    assert wave_page.count("Also opened by the standing link") == 3


def test_one_code_opens_each_wave_in_turn_and_says_when_the_next_opens(client, admin):
    today = date.today()
    world = build_world(admin)
    standing, _ = standing_links.create(world.survey, world.link.organisation, world.link.group)
    assert answer(client, standing.code) == 200
    waves.set_status(world.wave, WaveStatus.CLOSED, today)
    (later,) = waves.schedule_pulse(world.survey, today + timedelta(days=14), 1, 7)
    page = checked_page(client.get(f"/g/{standing.code.lower()}"))
    text = page.get_text(" ", strip=True)
    assert "Pulse is not open right now" in text
    assert f"opens on {later.opens_on:%-d %B %Y}" in text
    waves.set_status(later, WaveStatus.OPEN, today)
    assert answer(app_client(client), standing.code) == 200
    stored = responses_through(standing)
    assert [wave_id for wave_id, _ in stored] == [world.wave.id, later.id]
    assert len({link_id for _, link_id in stored}) == 2  # one link per wave: counts per wave
    # the link made for the first wave only still opens nothing new, as before
    assert client.get(f"/s/{world.link.code}").status_code == 410


def app_client(client):
    """A fresh browser: the session remembers which waves it answered."""
    return client.application.test_client()


def test_no_wave_planned_says_so_and_codes_typed_at_the_entry_page_work(client, admin):
    world = build_world(admin)
    standing, _ = standing_links.create(world.survey, world.link.organisation, None)
    waves.set_status(world.wave, WaveStatus.CLOSED, date.today())
    typed = client.get("/", query_string={"code": standing.display_code.lower()})
    assert typed.status_code == 302 and typed.headers["Location"].endswith(f"/g/{standing.code}")
    text = checked_page(client.get(f"/g/{standing.code}")).get_text(" ", strip=True)
    assert "No more waves are planned yet." in text
    assert checked_page(client.get("/g/ZZZZZZZZ"), 404)


def test_the_standing_poster_shows_the_code_that_outlives_the_wave(staff, admin):
    world = build_world(admin)
    standing, _ = standing_links.create(world.survey, world.link.organisation, world.link.group)
    page = staff.get(f"/manage/p/test/standing-links/{standing.id}/poster")
    assert standing.display_code in page.get_text()
    assert page.select_one(".qr svg") is not None
    assert "opens every wave of this survey" in page.get_text(" ", strip=True)


def test_a_second_request_for_the_same_target_makes_no_second_link(staff, admin):
    world = build_world(admin)
    url = f"/manage/p/test/surveys/{world.survey.id}/standing-links"
    target = f"s{world.link.group_id}"
    assert staff.post(url, {"target": target}).status_code == 302
    staff.post(url, {"target": target})
    assert "already exists" in staff.get(f"/manage/p/test/surveys/{world.survey.id}/").get_text()
    assert db.session.scalar(select(func.count()).select_from(StandingLink)) == 1


def statements_for(client, url: str, cold: bool = True) -> list[str]:
    """The SQL a request runs (after one warm-up request, as a busy worker would); cold:
    once the worker's kept copy of the page has run out (``services.kept``)."""
    client.get(url)
    if cold:
        kept.forget()
    seen: list[str] = []
    engine = db.engine

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def test_a_standing_link_costs_the_same_statements_as_a_wave_link(app, admin):
    """The respondent path stays as fast: one lookup finds the open wave's link."""
    world = build_world(admin)
    standing, _ = standing_links.create(world.survey, world.link.organisation, world.link.group)
    by_wave = statements_for(app.test_client(), f"/s/{world.link.code}")
    by_standing = statements_for(app.test_client(), f"/g/{standing.code}")
    assert len(by_standing) == len(by_wave)
    assert sum("standing_links" in sql for sql in by_standing) == 1
    # and while the worker keeps the page, neither asks the database anything
    assert statements_for(app.test_client(), f"/g/{standing.code}", cold=False) == []
    assert statements_for(app.test_client(), f"/s/{world.link.code}", cold=False) == []


def test_more_answers_than_the_headcount_flag_the_wave_link_of_a_standing_link(app, admin):
    world = build_world(admin, headcount=2)
    standing, _ = standing_links.create(world.survey, world.link.organisation, world.link.group)
    for _ in range(3):
        assert answer(app.test_client(), standing.code) == 200
    fold()
    flagged = stuffing.flagged_links(world.programme, world.wave)
    assert [row.link.standing_link_id for row in flagged] == [standing.id]
