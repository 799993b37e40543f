"""Comments open only through a slice that may be shown: the list, the recode page and
its address. Regression tests for the attacks in the read-side issue."""

import re
from datetime import date

from sqlalchemy import select

from engage.domain import AnswerValue
from engage.extensions import db
from engage.models import Answer, CommentAnalysis, Question, SurveyKind
from engage.services import links, responses, surveys, waves
from tests.builders import build_world, close, fold
from tests.web.test_analysis_views import seed_comments


def small_roundtable(world, people: int = 3):
    """A roundtable in the same programme, each attendee writing on three questions."""
    survey = surveys.create_survey(
        world.programme,
        kind=SurveyKind.ROUNDTABLE,
        title="Roundtable",
        template_key="roundtable_feedback",
    )
    session = waves.add_session(survey, date.today(), "Room 2", "Host")
    council = world.programme.organisations[0]
    link = links.create_link(session, council, None)
    codes = {q.code: q.id for q in session.version.questions}
    for index in range(people):
        responses.submit(
            link,
            f"{index + 1:08x}-2222-4222-8222-222222222222",
            [
                AnswerValue(codes["rt_definition"], text=f"Definition {index} from Ola"),
                AnswerValue(codes["rt_useful"], text=f"Useful point {index}"),
                AnswerValue(codes["rt_next"], text=f"Next step {index}"),
            ],
            date.today(),
        )
    fold()
    return survey


def refs_of(code: str) -> list[tuple[int, str]]:
    return db.session.execute(
        select(CommentAnalysis.answer_id, CommentAnalysis.ref)
        .join(Answer, Answer.id == CommentAnalysis.answer_id)
        .join(Question, Question.id == Answer.question_id)
        .where(Question.code == code)
    ).all()


def test_a_small_roundtables_comments_open_neither_in_the_list_nor_by_address(staff, admin):
    world = build_world(admin)
    seed_comments(world, 12)  # a pulse of 12 makes the programme's list visible
    roundtable = small_roundtable(world, 3)
    close(world.wave)
    close(roundtable.waves[0])  # closed: read whole, not from a release
    listed = staff.get("/manage/p/test/comments").get_text()
    assert "12 comments" in listed and "Useful point" not in listed
    assert "Comments on 3 questions are held back" in listed
    hidden = [row for code in ("rt_definition", "rt_useful", "rt_next") for row in refs_of(code)]
    assert len(hidden) == 9
    for answer_id, ref in hidden:  # before: all nine opened by sequential answer id
        staff.get(f"/manage/p/test/comments/{ref}", status=404)
        staff.get(f"/manage/p/test/comments/{answer_id}", status=404)
        assert (
            staff.post(f"/manage/p/test/comments/{ref}", data={"sentiment": "positive"}).status_code
            == 404
        )
    staff.get("/insights/p/test/comments?question=rt_useful")  # the slice itself: hidden
    assert "Useful point" not in staff.get("/insights/p/test/comments").get_text()


def test_comment_lists_follow_random_references_not_arrival(staff, admin):
    world = build_world(admin)
    seed_comments(world, 12)
    page = staff.get("/manage/p/test/comments")
    shown = [a["href"].rsplit("/", 1)[1] for a in page.select("a[data-open]")]
    stored = dict((ref, answer_id) for answer_id, ref in refs_of("improve"))
    assert shown == sorted(stored) and len(shown) == 12
    assert all(len(ref) == 16 for ref in shown)


def submit_texts(world, texts, salt="3333"):
    question = next(q for q in world.wave.version.questions if q.code == "improve")
    for index, text in enumerate(texts):
        responses.submit(
            world.link,
            f"{index + 1:08x}-{salt}-4333-8333-333333333333",
            [AnswerValue(question.id, text=text)],
            date.today(),
        )
    fold()


def test_discovery_shows_no_comment_of_a_programme_whose_list_is_hidden(staff, admin):
    world = build_world(admin)
    submit_texts(
        world, ["The car park barrier is broken again", "Car park barrier stuck for days"] * 3
    )  # six people
    page = staff.get("/manage/p/test/codebook/discover")
    assert "barrier" not in page.get_text().lower()  # before: verbatim comments shown


def test_discovery_holds_back_examples_of_a_group_fewer_people_wrote(staff, admin):
    world = build_world(admin, headcount=40)
    submit_texts(
        world,
        [
            "The car park barrier is broken again",
            "Car park barrier stuck for days",
            "The canteen food is cold",
            "Canteen food could be warmer",
        ]
        * 5
        + ["The civic centre lift is broken", "Civic centre lift out of order"] * 2,
    )
    page = staff.get("/manage/p/test/codebook/discover")
    sections = page.select("section")
    assert sections
    for section in sections:  # each person wrote one comment here: comments are people
        people = int(re.search(r"(\d+) comments", section.h2.get_text()).group(1))
        shown = bool(section.select("li.user-text"))
        assert shown == (people >= 10), section.h2.get_text()
        assert shown or "held back" in section.get_text()
    assert any(
        "civic centre" in s.h2.get_text().lower() and not s.select("li.user-text") for s in sections
    )
