"""Welsh beside English: offered per programme, chosen with a plain link, kept in the
session, and never mixed up by the per-worker caches of forms and blank questions."""

import pytest
from sqlalchemy import select

from engage.extensions import db
from engage.models import Answer
from engage.services import programmes
from tests.builders import build_world, fold
from tests.pages import checked_page

WELSH_FRAMING = [
    "Torri costau",
    "Gwell gwasanaethau i breswylwyr",
    "Ffyrdd newydd o weithio",
    "Digidol a thechnoleg",
    "Ailstrwythuro a newid swyddi",
    "Dydw i ddim yn siŵr",
]


@pytest.fixture
def world(admin):
    return build_world(admin)


def offer_welsh(world, offered=True):
    programmes.update_programme(
        world.programme,
        name=world.programme.name,
        description="",
        min_group_size=5,
        min_comment_group_size=10,
        retention_months=24,
        welsh_offered=offered,
    )
    world.survey.title_cy = "Arolwg byr"
    framing = question(world, "framing")
    framing.text_cy = "Pa un o'r rhain sydd agosaf at ystyr 'trawsnewid' i chi?"
    framing.options_cy = WELSH_FRAMING
    db.session.commit()


def question(world, code):
    return next(q for q in world.wave.version.questions if q.code == code)


def hidden_fields(page):
    return {field["name"]: field.get("value", "") for field in page.select("input[type=hidden]")}


def test_welsh_is_off_by_default_and_asking_for_it_changes_nothing(client, world):
    assert world.programme.welsh_offered is False
    page = checked_page(client.get(f"/s/{world.link.code}?lang=cy"))
    assert page.html["lang"] == "en" and page.select(".language-switch") == []
    assert "Send my answers" in page.get_text()
    browser = {"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"}
    assert checked_page(client.get(f"/s/{world.link.code}", headers=browser)).html["lang"] == "en"


def test_the_switch_is_a_plain_link_and_the_choice_is_kept_across_pages(client, world):
    offer_welsh(world)
    english = checked_page(client.get(f"/s/{world.link.code}"))
    switch = english.select_one("a.language-switch")
    assert switch.get_text() == "Cymraeg" and switch["hreflang"] == "cy"
    welsh = checked_page(client.get(switch["href"]))
    assert welsh.html["lang"] == "cy"
    assert welsh.h1.get_text() == "Arolwg byr"
    assert welsh.find("button", id="submit").get_text(strip=True) == "Anfon fy atebion"
    assert welsh.find("label", string="Cytuno’n gryf") is not None
    assert welsh.find("label", string="Ffyrdd newydd o weithio") is not None
    assert "Pa un o'r rhain" in welsh.get_text()
    # a question nobody translated is shown in English rather than left blank
    assert "How likely are you to recommend" in welsh.get_text()
    notice = checked_page(client.get(f"/s/{world.link.code}/privacy"))  # no lang= this time
    assert notice.html["lang"] == "cy" and "Sut rydym yn defnyddio" in notice.h1.get_text()
    back = checked_page(client.get(welsh.select_one("a.language-switch")["href"]))
    assert back.html["lang"] == "en" and back.h1.get_text() == "Pulse"


def test_a_welsh_browser_gets_welsh_first(client, world):
    offer_welsh(world)
    browser = {"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"}
    page = checked_page(client.get(f"/s/{world.link.code}", headers=browser))
    assert (
        page.html["lang"] == "cy" and page.select_one("a.language-switch").get_text() == "English"
    )


def test_an_answer_in_welsh_is_stored_under_the_english_option(client, world):
    offer_welsh(world)
    page = checked_page(client.get(f"/s/{world.link.code}?lang=cy"))
    form = hidden_fields(page)
    framing = question(world, "framing")
    radio = page.find("label", string="Ffyrdd newydd o weithio").find_previous("input")
    assert radio["value"] == "New ways of working"
    comment = "Mae'r system newydd yn well na'r hen un, diolch."
    improve = question(world, "improve")
    data = {**form, f"q{framing.id}": radio["value"], f"q{improve.id}": comment}
    thanks = checked_page(client.post(f"/s/{world.link.code}", data=data))
    assert thanks.html["lang"] == "cy" and "Diolch" in thanks.h1.get_text()
    stored = db.session.scalars(select(Answer.choice).where(Answer.question_id == framing.id))
    assert list(stored) == ["New ways of working"]
    fold()


def test_errors_are_in_the_page_language(client, world):
    offer_welsh(world)
    page = checked_page(client.get(f"/s/{world.link.code}?lang=cy"))
    sent = checked_page(client.post(f"/s/{world.link.code}", data=hidden_fields(page)), 400)
    assert sent.title.string.startswith("Gwall:")
    assert sent.select_one(".error-summary h2").get_text() == "Mae problem"
    assert "Atebwch o leiaf un cwestiwn" in sent.select_one(".error-summary").get_text()


def test_cached_blank_questions_and_forms_are_kept_per_language(client, world):
    """The blank questions and the form class are cached per worker: asking in turn in
    English, Welsh and English must give each its own language, never the other's."""
    offer_welsh(world)
    for language, label in (("en", "Strongly agree"), ("cy", "Cytuno’n gryf")) * 2:
        page = checked_page(client.get(f"/s/{world.link.code}?lang={language}"))
        assert page.find("label", string=label) is not None, language
        other = "Cytuno’n gryf" if language == "en" else "Strongly agree"
        assert page.find("label", string=other) is None, language


def test_a_choice_made_for_one_programme_does_not_leak_into_staff_pages(client, world, admin):
    offer_welsh(world)
    checked_page(client.get(f"/s/{world.link.code}?lang=cy"))
    assert checked_page(client.get("/auth/sign-in")).html["lang"] == "en"


def test_pasted_control_characters_are_explained_in_welsh(client, world):
    offer_welsh(world)
    page = checked_page(client.get(f"/s/{world.link.code}?lang=cy"))
    improve = question(world, "improve")
    data = {**hidden_fields(page), f"q{improve.id}": "Gwell\x07 cyfathrebu"}
    sent = checked_page(client.post(f"/s/{world.link.code}", data=data), 400)
    summary = sent.select_one(".error-summary").get_text()
    assert "nodau rheoli cudd" in summary and "hidden control" not in summary


def test_the_default_lawful_basis_is_in_welsh_and_an_organisers_own_is_marked_english(
    client, world
):
    offer_welsh(world)
    notice = checked_page(client.get(f"/s/{world.link.code}/privacy?lang=cy"))
    assert "Tasg gyhoeddus" in notice.get_text() and "Public task" not in notice.get_text()
    world.programme.lawful_basis = "Legitimate interests of the partnership."
    db.session.commit()
    notice = checked_page(client.get(f"/s/{world.link.code}/privacy?lang=cy"))
    own = notice.find("p", string="Legitimate interests of the partnership.")
    assert own is not None and own["lang"] == "en"


def test_a_standing_link_with_no_wave_open_says_so_in_welsh(client, world):
    from datetime import date, timedelta

    from engage.domain import WaveStatus
    from engage.services import standing_links, waves

    offer_welsh(world)
    today = date.today()
    standing, _ = standing_links.create(world.survey, world.link.organisation, world.link.group)
    waves.set_status(world.wave, WaveStatus.CLOSED, today)
    waves.schedule_pulse(world.survey, today + timedelta(days=14), 1, 7)
    db.session.commit()
    page = checked_page(client.get(f"/g/{standing.code}?lang=cy"))
    assert page.html["lang"] == "cy"
    assert page.h1.get_text() == "Nid yw Arolwg byr ar agor ar hyn o bryd"
    assert "Mae’r don nesaf yn agor ar" in page.get_text()
