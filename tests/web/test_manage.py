"""Organisers' pages: every page checked, every action through the real forms."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from engage.extensions import db
from engage.models import Group, Link, Organisation, Question, Role, Survey, Wave
from engage.services import programmes, responses, users
from engage.services.links import create_link
from tests.builders import build_world
from tests.conftest import PASSWORD, StaffClient, csrf_token_from, sign_in
from tests.pages import checked_page


@pytest.fixture
def world(admin):
    return build_world(admin)


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/manage/p/test/")
    assert response.status_code == 302 and "/auth/sign-in" in response.headers["Location"]


def test_every_organiser_page_renders_cleanly(staff, world):
    survey, wave, link = world.survey, world.wave, world.link
    question = survey.current_version.questions[0]
    org = link.organisation
    for url in [
        "/manage/",
        "/manage/programmes/new",
        "/manage/p/test/",
        "/manage/p/test/settings",
        "/manage/p/test/people",
        "/manage/p/test/organisations/new",
        f"/manage/p/test/organisations/{org.id}/edit",
        f"/manage/p/test/organisations/{org.id}/groups/new",
        f"/manage/p/test/organisations/{org.id}/groups/{link.group_id}/edit",
        "/manage/p/test/surveys/new",
        f"/manage/p/test/surveys/{survey.id}/",
        f"/manage/p/test/surveys/{survey.id}/edit",
        f"/manage/p/test/surveys/{survey.id}/questions/new",
        f"/manage/p/test/surveys/{survey.id}/questions/{question.code}/edit",
        f"/manage/p/test/surveys/{survey.id}/waves/new",
        f"/manage/p/test/waves/{wave.id}/",
        f"/manage/p/test/links/{link.id}/poster",
    ]:
        staff.get(url)


def test_create_a_programme_with_organisations_and_groups(staff):
    page = staff.post("/manage/programmes/new", data={"name": "North", "slug": "north"})
    assert page.status_code == 302
    bad = staff.post("/manage/programmes/new", data={"name": "North", "slug": "north"})
    assert bad.status_code == 400 and "already exists" in bad.get_data(as_text=True)
    assert (
        staff.post(
            "/manage/p/north/organisations/new", data={"name": "North Council", "kind": "council"}
        ).status_code
        == 302
    )
    council = db.session.scalar(select(Organisation))
    assert (
        staff.post(
            f"/manage/p/north/organisations/{council.id}/groups/new",
            data={"name": "ICT", "headcount": "30"},
        ).status_code
        == 302
    )
    assert db.session.scalar(select(Group)).headcount == 30
    overview = staff.get("/manage/p/north/")
    assert "North Council" in overview.get_text() and "ICT" in overview.get_text()


def test_form_errors_are_summarised_and_keep_what_was_typed(staff):
    response = staff.post("/manage/programmes/new", data={"name": "Kept name", "slug": "Bad Slug"})
    checked = checked_page(response, 400)
    assert checked.select_one(".error-summary a")["href"] == "#slug"
    assert checked.find(id="name")["value"] == "Kept name"
    control = staff.post("/manage/programmes/new", data={"name": "a\x00b", "slug": "ok"})
    assert "control characters" in checked_page(control, 400).get_text()
    lookalike = staff.post(
        "/manage/programmes/new", data={"name": "North\u200bbrook", "slug": "north"}
    )
    assert "invisible characters" in checked_page(lookalike, 400).get_text()


def test_build_a_survey_from_a_template_and_edit_questions(staff, world):
    created = staff.post(
        "/manage/p/test/surveys/new",
        data={
            "kind": "roundtable",
            "template": "roundtable_feedback",
            "title": "Session one",
            "cadence": "fortnightly",
        },
    )
    assert created.status_code == 302
    survey = db.session.scalar(select(Survey).where(Survey.title == "Session one"))
    assert len(survey.current_version.questions) == 7
    base = f"/manage/p/test/surveys/{survey.id}"
    added = staff.post(
        f"{base}/questions/new",
        data={
            "text": "Which day suits?",
            "kind": "single_choice",
            "options": "Monday\nTuesday\n",
            "construct": "",
        },
    )
    assert added.status_code == 302
    bad = staff.post(
        f"{base}/questions/new",
        data={"text": "Pick", "kind": "single_choice", "options": "Only one", "construct": ""},
    )
    assert bad.status_code == 400 and "at least two options" in bad.get_data(as_text=True)
    assert (
        staff.post(f"{base}/questions/which_day_suits/move", data={"direction": "up"}).status_code
        == 302
    )
    codes = [q.code for q in db.session.get(Survey, survey.id).current_version.questions]
    assert codes[-2] == "which_day_suits"
    confirm = staff.get(f"{base}/questions/which_day_suits/delete")
    assert "Which day suits" in confirm.get_text() and confirm.find(
        "a", string="Cancel and keep it"
    )
    assert "which_day_suits" in [
        q.code for q in db.session.get(Survey, survey.id).current_version.questions
    ]
    assert staff.post(f"{base}/questions/which_day_suits/delete").status_code == 302
    assert "which_day_suits" not in [
        q.code for q in db.session.get(Survey, survey.id).current_version.questions
    ]
    assert (
        staff.post(
            f"{base}/questions/rt_next/edit",
            data={"text": "What next?", "kind": "long_text", "max_length": "800", "construct": ""},
        ).status_code
        == 302
    )
    edited = db.session.scalar(select(Question).where(Question.code == "rt_next"))
    assert (edited.text, edited.max_length) == ("What next?", 800)


def test_editing_an_answered_survey_shows_and_makes_a_new_version(staff, world):
    responses.submit(world.link, "12345678-1234-4234-8234-123456789abc", [], date.today())
    base = f"/manage/p/test/surveys/{world.survey.id}"
    assert "makes version 2" in staff.get(f"{base}/").get_text()
    staff.post(
        f"{base}/questions/tu_understand/edit",
        data={"text": "New wording", "kind": "agreement", "construct": ""},
    )
    db.session.expire_all()
    survey = db.session.get(Survey, world.survey.id)
    assert survey.current_version.number == 2
    assert db.session.get(Wave, world.wave.id).version.number == 1


def test_schedule_open_and_close_waves(staff, world):
    base = f"/manage/p/test/surveys/{world.survey.id}"
    start = (date.today() + timedelta(days=30)).isoformat()
    assert (
        staff.post(
            f"{base}/waves/new", data={"first_opens_on": start, "count": "3", "days_open": "5"}
        ).status_code
        == 302
    )
    assert len(db.session.scalars(select(Wave)).all()) == 4
    wrong = staff.post(
        f"{base}/waves/new", data={"first_opens_on": "", "count": "3", "days_open": "20"}
    )
    assert wrong.status_code == 400
    later = db.session.scalars(select(Wave).order_by(Wave.number)).all()[-1]
    staff.post(f"/manage/p/test/waves/{later.id}/status", data={"status": "open"})
    assert db.session.get(Wave, later.id).is_accepting(date.today())
    staff.post(f"/manage/p/test/waves/{later.id}/status", data={"status": "closed"})
    assert not db.session.get(Wave, later.id).is_accepting(date.today())
    assert (
        staff.post(f"/manage/p/test/waves/{later.id}/status", data={"status": "bogus"}).status_code
        == 400
    )


def test_links_show_counts_rates_and_a_printable_qr_code(staff, world):
    responses.submit(world.link, "12345678-1234-4234-8234-123456789abc", [], date.today())
    page = staff.get(f"/manage/p/test/waves/{world.wave.id}/")
    row = page.find("span", string=world.link.display_code).find_parent("tr")
    assert "Fewer than 5" in row.find_all("td")[2].get_text()  # one person: not "1"
    for index in range(5):
        responses.submit(world.link, f"{index:08x}-1234-4234-8234-123456789abc", [], date.today())
    page = staff.get(f"/manage/p/test/waves/{world.wave.id}/")
    row = page.find("span", string=world.link.display_code).find_parent("tr")
    assert "6" in row.find_all("td")[2].get_text() and "30% of 20" in row.get_text()
    assert (
        staff.post(
            f"/manage/p/test/waves/{world.wave.id}/",
            data={"target": f"o{world.link.organisation_id}"},
        ).status_code
        == 302
    )
    assert len(db.session.scalars(select(Link)).all()) == 2
    poster = staff.get(f"/manage/p/test/links/{world.link.id}/poster")
    assert poster.find("svg") is not None
    assert world.link.display_code in poster.get_text()
    assert f"https://engage.example.org/s/{world.link.code}" in poster.get_text()


def test_people_are_given_roles_and_roles_limit_access(staff, world, client, mailbox):
    response = staff.post(
        "/manage/p/test/people", data={"email": "dora@example.org", "role": "director"}
    )
    assert response.status_code == 302
    staff.post("/auth/sign-out")
    (link,) = mailbox.links()
    token = csrf_token_from(client.get(link).get_data(as_text=True))
    accepted = client.post(
        link,
        data={
            "display_name": "Dora",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "csrf_token": token,
        },
    )
    assert accepted.status_code == 302
    dora = users.find_by_email("dora@example.org")
    assert dora.role_in(world.programme) == Role.DIRECTOR
    client.post("/auth/sign-out", data={"csrf_token": token})
    director = StaffClient(client, sign_in(client, "dora@example.org"))
    director.get("/manage/p/test/")
    director.get("/manage/p/test/settings", status=403)
    director.get(f"/manage/p/test/surveys/{world.survey.id}/", status=403)
    assert (
        director.post(
            "/manage/p/test/organisations/new", data={"name": "X", "kind": "other"}
        ).status_code
        == 403
    )


def test_another_programme_is_out_of_reach(staff, world, client):
    outsider = users.create_user("out@example.org", "Out", PASSWORD)
    assert outsider.id
    staff.post("/auth/sign-out")
    other = StaffClient(client, sign_in(client, "out@example.org"))
    other.get("/manage/p/test/", status=403)
    assert "do not have a role" in other.get("/manage/").get_text()
    other.get("/manage/p/nope/", status=404)


def test_staff_forms_refuse_posts_without_csrf(staff, world):
    response = staff.client.post(
        "/manage/p/test/organisations/new", data={"name": "X", "kind": "other"}
    )
    assert response.status_code == 400
    assert "session timed out" in response.get_data(as_text=True)
    assert not re.search(r">X<", staff.get("/manage/p/test/").decode_contents())


def test_small_groups_on_shared_links_are_pointed_to_single_use_codes(staff, world):
    tiny = programmes.save_group(world.link.organisation, "Tiny", 6)
    small = create_link(world.wave, world.link.organisation, tiny)
    page = staff.get(f"/manage/p/test/waves/{world.wave.id}/")
    row = page.find("span", string=small.display_code).find_parent("tr")
    assert "Use single-use codes" in row.get_text()
    big = page.find("span", string=world.link.display_code).find_parent("tr")
    assert "Use single-use codes" not in big.get_text()  # a headcount of 20
