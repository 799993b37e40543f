"""The roundtable pages: the form says the comment minimum before anyone answers, and the
organiser downloads the "what we heard" summary from the session's page."""

import io

import docx
import pytest

from engage.domain import SurveyKind
from tests.builders import answer_roundtable, build_world, close
from tests.pages import checked_page


@pytest.fixture
def session(admin):
    return build_world(admin, template="roundtable_feedback", kind=SurveyKind.ROUNDTABLE)


def test_the_form_says_quotes_need_the_roundtable_minimum_before_anyone_answers(client, session):
    page = checked_page(client.get(f"/s/{session.link.code}"))
    text = page.get_text(" ", strip=True)
    assert "shown for the whole room" in text
    assert "only do this for a question that 5 or more people answered" in text
    assert text.index("5 or more people answered") < text.index("good use of my time")
    privacy = checked_page(client.get(f"/s/{session.link.code}/privacy"))
    assert "5 or more people answered" in privacy.get_text(" ", strip=True)


def test_the_organiser_downloads_what_we_heard_in_every_format(staff, session):
    for index in range(6):
        answer_roundtable(session, index, useful="Contract management needs an owner.")
    close(session.wave)
    page = staff.get(f"/manage/p/test/waves/{session.wave.id}/")
    assert "What we heard: a summary for the room" in page.get_text()
    assert "Theme summary" not in page.get_text()
    base = f"/downloads/p/test/roundtable/{session.wave.id}/what-we-heard"
    for fmt in ("docx", "html", "xlsx", "csv"):
        response = staff.client.get(f"{base}.{fmt}?next=The+board+meets+on+12+December.")
        assert response.status_code == 200, fmt
        name = response.headers["Content-Disposition"]
        assert f'what-we-heard-pulse-{session.wave.opens_on:%Y-%m-%d}.{fmt}"' in name
    document = docx.Document(io.BytesIO(staff.client.get(f"{base}.docx?next=Meet+again").data))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "6 people at the session answered" in text and "Meet again" in text
    html = staff.client.get(f"{base}.html")
    assert "script-src" not in html.headers["Content-Security-Policy"]
    assert staff.client.get(f"{base}.exe").status_code == 404


def test_a_pulse_wave_has_no_what_we_heard_summary(staff, admin):
    world = build_world(admin)
    url = f"/downloads/p/test/roundtable/{world.wave.id}/what-we-heard.docx"
    assert staff.client.get(url).status_code == 404


def test_the_setting_is_offered_and_never_below_3(staff, session):
    page = staff.get("/manage/p/test/settings")
    assert page.find("input", attrs={"name": "roundtable_comment_minimum", "value": "5"})
    form = {
        "name": "Test partnership",
        "min_group_size": "5",
        "min_comment_group_size": "10",
        "roundtable_comment_minimum": "2",
        "retention_months": "24",
    }
    response = staff.post("/manage/p/test/settings", form)
    checked_page(response, 400)
    assert "between 3 and 100" in response.get_data(as_text=True)
