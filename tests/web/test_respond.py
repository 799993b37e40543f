"""The respondent journey over HTTP: every page checked, every bad input refused cleanly."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from engage.extensions import db
from engage.models import Answer, Response, WaveStatus
from engage.services import programmes, waves
from tests.builders import build_world
from tests.pages import checked_page


@pytest.fixture
def world(admin):
    return build_world(admin)


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def open_form(client, world):
    page = checked_page(client.get(f"/s/{world.link.code}"))
    form = {field["name"]: field.get("value", "") for field in page.select("input[type=hidden]")}
    return page, form


def field(world, code):
    question = next(q for q in world.wave.version.questions if q.code == code)
    return f"q{question.id}"


def complete(world, form, **extra):
    return {
        **form,
        field(world, "tu_understand"): "4",
        field(world, "enps"): "0",
        field(world, "framing"): "New ways of working",
        field(world, "improve"): "Shorter updates, please.",
        **extra,
    }


def test_the_survey_page_explains_confidentiality_before_the_questions(client, world):
    page, form = open_form(client, world)
    text = page.get_text(" ", strip=True)
    assert "groups of 5 or more" in text and "groups of 10 or more" in text
    assert "keep answers for 24 months" in text
    assert "Customer Services" in text and "Testshire Council" in text
    assert re.fullmatch(r"[0-9a-f-]{36}", form["submission_token"])
    legend = page.find("legend", string=re.compile("I understand what transformation"))
    assert legend is not None and legend.parent.name == "fieldset"
    assert len(legend.parent.select("input[type=radio]")) == 6  # five points and don't know


def test_the_page_is_small_needs_no_script_and_loads_nothing_from_elsewhere(client, world, root):
    response = client.get(f"/s/{world.link.code}")
    page = checked_page(response)
    css = client.get("/static/css/engage.css")
    total = len(response.data) + len(css.data)
    assert total < 30_000, f"page and CSS are {total:,} bytes"
    assert page.find("script") is None
    assert [tag["href"] for tag in page.find_all("link")] == ["/static/css/engage.css", "data:,"]
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


def test_a_complete_submission_is_stored_once_and_thanked(client, world):
    _, form = open_form(client, world)
    first = client.post(f"/s/{world.link.code}", data=complete(world, form))
    thanks = checked_page(first)  # the thank-you page itself: no second request
    assert "your answers have been sent" in thanks.h1.get_text()
    again = checked_page(client.post(f"/s/{world.link.code}", data=complete(world, form)))
    assert "your answers have been sent" in again.h1.get_text()  # a refresh re-sends
    assert count(Response) == 1
    bookmarked = checked_page(client.get(f"/s/{world.link.code}/thanks"))
    assert "your answers have been sent" in bookmarked.h1.get_text()
    stored = {
        answer.text or answer.choice or answer.number
        for answer in db.session.scalars(select(Answer))
    }
    assert stored == {4, 0, "New ways of working", "Shorter updates, please."}
    response = db.session.scalar(select(Response))
    assert response.submitted_on == date.today()


def test_a_stale_page_resent_with_new_answers_is_refused(client, world):
    _, form = open_form(client, world)
    client.post(f"/s/{world.link.code}", data=complete(world, form))
    changed = complete(world, form, **{field(world, "tu_understand"): "1"})
    page = checked_page(client.post(f"/s/{world.link.code}", data=changed), 409)
    assert "already sent" in page.h1.get_text()
    assert count(Response) == 1


def test_a_validation_error_shows_a_summary_and_keeps_every_answer(client, world):
    _, form = open_form(client, world)
    long_text = "x" * 5001
    data = {
        **form,
        field(world, "enps"): "7",
        field(world, "framing"): "Cutting costs",
        field(world, "improve"): long_text,
        field(world, "framing_text"): "Savings <b>",
    }
    page = checked_page(client.post(f"/s/{world.link.code}", data=data), 400)
    assert page.title.string.startswith("Error:")
    summary = page.select(".error-summary a")
    assert [link.get_text() for link in summary] == [
        "Question 11: your answer is 5,001 characters long. Make it 5,000 characters or fewer"
    ]
    assert summary[0]["href"] == f"#{field(world, 'improve')}"
    assert page.find(id=f"{field(world, 'improve')}").get_text() == long_text
    enps = page.find("input", attrs={"name": field(world, "enps"), "value": "7"})
    assert enps.has_attr("checked")
    assert page.find("input", attrs={"value": "Cutting costs"}).has_attr("checked")
    assert page.find(id=field(world, "framing_text")).get_text() == "Savings <b>"
    token = page.find("input", attrs={"name": "submission_token"})["value"]
    assert token == form["submission_token"]
    assert count(Response) == 0


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("tu_understand", "6", "choose one of the options shown"),
        ("tu_understand", "-1", "choose one of the options shown"),
        ("tu_understand", "NaN", "choose one of the options shown"),
        ("enps", "1e309", "choose one of the options shown"),
        ("framing", "Something else", "choose one of the options shown"),
        ("improve", "a\x00b", "hidden control characters"),
        ("improve", "\x1b[2J cleared", "hidden control characters"),
        ("framing_text", "y" * 301, "Make it 300 characters or fewer"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(client, world, code, value, message):
    _, form = open_form(client, world)
    page = checked_page(
        client.post(f"/s/{world.link.code}", data={**form, field(world, code): value}), 400
    )
    assert message in page.select_one(".error-summary").get_text()
    assert count(Response) == 0 and count(Answer) == 0


def test_repeated_keys_for_a_single_choice_are_refused(client, world):
    _, form = open_form(client, world)
    name = field(world, "tu_understand")
    body = "&".join(f"{key}={value}" for key, value in form.items()) + f"&{name}=1&{name}=5"
    response = client.post(
        f"/s/{world.link.code}", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert "choose only one option" in checked_page(response, 400).get_text()
    assert count(Response) == 0


def test_a_lone_surrogate_is_refused_not_crashed_on(client, world, app):
    from engage.web.respond.forms import StorableText

    class Field:
        data = "ok \ud800 then"
        raw_data = [data]

    with pytest.raises(Exception, match="could not be read"):
        StorableText(3, 100)(None, Field())


def test_an_expired_session_keeps_the_answers_and_offers_to_send_again(client, world):
    _, form = open_form(client, world)
    stale = complete(world, {**form, "csrf_token": "expired-or-forged"})
    page = checked_page(client.post(f"/s/{world.link.code}", data=stale), 400)
    assert "session timed out, but your answers are still here" in page.get_text()
    assert page.find(id=field(world, "improve")).get_text() == "Shorter updates, please."
    fresh = page.find("input", attrs={"name": "csrf_token"})["value"]
    assert fresh and fresh != "expired-or-forged"
    assert count(Response) == 0
    retry = client.post(f"/s/{world.link.code}", data={**stale, "csrf_token": fresh})
    assert retry.status_code == 200 and count(Response) == 1


def test_an_empty_response_is_not_stored(client, world):
    _, form = open_form(client, world)
    page = checked_page(client.post(f"/s/{world.link.code}", data=form), 400)
    summary = page.select_one(".error-summary a")
    assert summary.get_text() == "Answer at least one question before you send"
    assert summary["href"] == f"#{field(world, 'tu_understand')}-0"
    assert count(Response) == 0


def test_a_missing_csrf_token_stores_nothing(client, world):
    _, form = open_form(client, world)
    del form["csrf_token"]
    assert client.post(f"/s/{world.link.code}", data=complete(world, form)).status_code == 400
    assert count(Response) == 0


def test_a_tampered_submission_token_gets_a_fresh_one(client, world):
    _, form = open_form(client, world)
    page = checked_page(
        client.post(
            f"/s/{world.link.code}", data=complete(world, form, submission_token="1 OR 1=1")
        ),
        400,
    )
    assert "Something went wrong when we sent your answers" in page.get_text()
    assert re.fullmatch(
        r"[0-9a-f-]{36}", page.find("input", attrs={"name": "submission_token"})["value"]
    )
    assert count(Response) == 0


def test_an_oversized_request_is_refused_with_413(client, world):
    _, form = open_form(client, world)
    page = checked_page(
        client.post(f"/s/{world.link.code}", data=complete(world, form, padding="z" * 600_000)), 413
    )
    assert "too long to send" in page.h1.get_text()
    assert count(Response) == 0


def test_closed_and_unknown_links(client, world):
    waves.set_status(world.wave, WaveStatus.CLOSED, date.today())
    closed = checked_page(client.get(f"/s/{world.link.code}"), 410)
    assert "closed" in closed.h1.get_text()
    checked_page(client.post(f"/s/{world.link.code}", data={"x": "1"}), 410)
    checked_page(client.get("/s/ZZZZZZZZ"), 404)
    assert count(Response) == 0


def test_a_wave_not_yet_open_is_not_answerable(client, world):
    world.wave.opens_on = date.today() + timedelta(days=3)
    world.wave.closes_on = date.today() + timedelta(days=6)
    db.session.commit()
    checked_page(client.get(f"/s/{world.link.code}"), 410)


def test_typing_a_code_finds_the_survey(client, world):
    start = checked_page(client.get("/"))
    assert start.find("input", attrs={"name": "code"})
    typed = world.link.code.lower()[:4] + " " + world.link.code[4:]
    found = client.get("/", query_string={"code": typed})
    assert found.status_code == 302 and found.headers["Location"].endswith(world.link.code)
    wrong = checked_page(client.get("/", query_string={"code": "NOPE-NOPE"}), 404)
    assert wrong.select_one(".error-summary a")["href"] == "#code"


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '#"><img src=x onerror=prompt(1)>',
        "{{7*7}}",
        "</textarea><script>alert(1)</script>",
    ],
)
def test_hostile_text_comes_back_as_text(client, world, payload):
    _, form = open_form(client, world)
    data = {**form, field(world, "improve"): payload, field(world, "tu_understand"): "9"}
    response = client.post(f"/s/{world.link.code}", data=data)
    body = response.get_data(as_text=True)
    assert "<script>alert" not in body and "<img src=x" not in body
    page = checked_page(response, 400)
    assert page.find(id=field(world, "improve")).get_text() == payload


def test_back_and_send_again_stores_one_response_unless_the_person_asks(client, world):
    """Before: Back from the thank-you page re-rendered the form with a new token, and
    sending it stored a second response."""
    _, form = open_form(client, world)
    client.post(f"/s/{world.link.code}", data=complete(world, form))
    back = checked_page(client.get(f"/s/{world.link.code}"))  # Back, the page reloaded
    assert "already answered" in back.h1.get_text() and back.find("form") is None
    fresh = {**form, "submission_token": "6f1c1b9e-2a57-4e0b-9a59-0b8f5f4f1d2e"}
    resent = checked_page(client.post(f"/s/{world.link.code}", data=complete(world, fresh)))
    assert "already sent answers" in resent.get_text() and count(Response) == 1
    kept = {tag["name"]: tag.get("value") for tag in resent.select("input[type=hidden]")}
    assert kept["again"] == "1"  # the typed answers are still in the form, too
    improve = resent.find(attrs={"name": field(world, "improve")})
    assert "Shorter updates, please." in (improve.get("value") or improve.get_text())
    new_set = client.post(f"/s/{world.link.code}", data=complete(world, fresh, again="1"))
    assert new_set.status_code == 200 and count(Response) == 2
    again = checked_page(client.get(f"/s/{world.link.code}?again=1"))
    assert again.find("form") is not None


def test_another_device_is_not_told_it_has_answered(client, world, app):
    _, form = open_form(client, world)
    client.post(f"/s/{world.link.code}", data=complete(world, form))
    other = app.test_client()
    page = checked_page(other.get(f"/s/{world.link.code}"))
    assert page.find("form") is not None


def test_every_survey_page_links_to_a_privacy_notice_people_can_read(client, world):
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
    survey = checked_page(client.get(f"/s/{world.link.code}"))
    assert "Everyone in your team gets this same link" in survey.get_text()
    notice_url = survey.find("a", string="Read the privacy notice")["href"]
    notice = checked_page(client.get(notice_url)).get_text(" ", strip=True)
    for expected in (
        "Testshire Council is in charge of your answers",
        "UK GDPR Article 6(1)(e)",
        "dpo@testshire.example.org",
        "24 months after this survey closes",
        "groups of 5 or more",
        "Information Commissioner",
    ):
        assert expected in notice, expected
    checked_page(client.get("/s/NOSUCHCODE/privacy"), 404)


def test_an_edited_question_is_served_at_once_never_a_stale_cached_form(client, world):
    """Blank pages and form classes are cached per worker, keyed on the questions' values:
    an edit to a version nobody has answered yet must show on the very next request."""
    first, _ = open_form(client, world)
    assert first.find("legend", string=re.compile("I understand what transformation"))
    question = next(q for q in world.wave.version.questions if q.code == "tu_understand")
    question.text = "I know what the programme will change for my team"
    question.options, question.required = [], False
    db.session.commit()
    page, form = open_form(client, world)
    assert page.find("legend", string=re.compile("I know what the programme will change"))
    assert not page.find("legend", string=re.compile("I understand what transformation"))
    sent = checked_page(client.post(f"/s/{world.link.code}", data=complete(world, form)))
    assert "your answers have been sent" in sent.h1.get_text()
