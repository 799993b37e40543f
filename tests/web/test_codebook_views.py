"""Theme phrases are previewed before saving, through the read side's comment rules."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from engage.domain import AnswerValue, AuditAction
from engage.extensions import db
from engage.models import AnalysisJob, CodebookTheme
from engage.services import audit, responses
from tests.builders import build_world, fold
from tests.pages import checked_page

# Ten people write about the car park (four of them kindly), three about the lift.
TEXTS = [
    *["The car park barrier is broken again and nobody fixes it"] * 6,
    *["The car park is lovely now, thank you"] * 4,
    *["The lift is broken"] * 3,
]


@pytest.fixture
def world(admin):
    world = build_world(admin, headcount=40)
    question = next(q for q in world.wave.version.questions if q.code == "improve")
    for index, text in enumerate(TEXTS):
        responses.submit(
            world.link,
            f"{index + 1:08x}-3333-4333-8333-333333333333",
            [AnswerValue(question.id, text=text)],
            date.today(),
        )
    fold()
    return world


def jobs() -> int:
    return db.session.scalar(select(func.count(AnalysisJob.id)))


def sentiment_cells(page) -> dict[str, str]:
    table = page.find(id="preview").find("table")
    heads = [th.get_text() for th in table.find_all("th")]
    return dict(zip(heads, [td.get_text() for td in table.find_all("td")], strict=True))


def test_the_editor_previews_phrases_with_counts_mix_and_examples_and_saves_nothing(staff, world):
    theme = db.session.scalar(select(CodebookTheme).where(CodebookTheme.name == "Workload"))
    before, started = list(theme.phrases), jobs()
    url = f"/manage/p/test/codebook/{theme.id}"
    page = checked_page(
        staff.post(url, data={"name": "Workload", "phrases": "car park*", "action": "preview"})
    )
    preview = page.find(id="preview").get_text()
    assert "10 comments from 10 people" in preview
    cells = sentiment_cells(page)
    assert cells["Negative"].startswith("6 ") and cells["Positive"].startswith("4 ")
    assert len(page.find(id="preview").select("ul li")) == 5  # examples: ten people wrote them
    assert page.find("textarea", attrs={"name": "phrases"}).get_text() == "car park*"
    db.session.refresh(theme)
    assert theme.phrases == before and jobs() == started
    read = audit.rows(world.programme)[0]
    assert (read.action, read.subject) == (AuditAction.COMMENTS_VIEWED, "Theme phrases previewed")
    assert "barrier" not in read.detail


def test_below_the_comment_minimum_the_preview_gives_counts_only(staff, world):
    page = checked_page(
        staff.post("/manage/p/test/codebook", data={"phrases": "lift", "action": "preview"})
    )
    preview = page.find(id="preview")
    assert "3 comments from 3 people" in preview.get_text()
    assert "Examples held back: fewer than 10 people" in preview.get_text()
    assert "The lift is broken" not in preview.get_text() and not preview.select("ul li")
    assert db.session.scalar(select(CodebookTheme).where(CodebookTheme.name == "")) is None


def test_a_discovered_group_is_edited_previewed_then_saved(staff, world):
    # (The discovery page's own form, textarea and Preview button: test_analysis_views.)
    page = checked_page(
        staff.post(
            "/manage/p/test/codebook",
            data={
                "name": "Car parking",
                "description": "Discovered in comments",
                "phrases": "car park barrier",
                "action": "preview",
            },
        )
    )
    assert "6 comments from 6 people" in page.find(id="preview").get_text()
    assert page.find(id="name")["value"] == "Car parking"
    saved = staff.post(
        "/manage/p/test/codebook/discover",
        data={"name": "Car parking", "phrases": "car park barrier, car park*", "action": "save"},
    )
    assert saved.status_code == 302
    theme = db.session.scalar(select(CodebookTheme).where(CodebookTheme.name == "Car parking"))
    assert theme.phrases == ["car park barrier", "car park*"]
