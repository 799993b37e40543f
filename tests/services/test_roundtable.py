from engage.domain import DONT_KNOW, SurveyKind
from engage.services import programmes
from engage.services.errors import FieldError
from engage.services.reading import roundtable
from tests.builders import answer_roundtable, build_world, close

USEFUL = "The point that contract management needs to be somebody's actual job, said Jane Smith."


def roundtable_world(admin):
    return build_world(admin, template="roundtable_feedback", kind=SurveyKind.ROUNDTABLE)


def test_the_room_reads_its_ratings_votes_and_grouped_quotes(admin):
    world = roundtable_world(admin)
    for index in range(8):
        answer_roundtable(
            world,
            index,
            rating=(5, 4, 4, 3, 2, 5, 4, DONT_KNOW)[index],
            priorities=("Procurement", "Room to innovate") if index < 5 else ("Room to innovate",),
            useful=USEFUL if index < 6 else "",
            next_step="Meet again in three months" if index < 2 else "",
        )
    close(world.wave)
    summary = roundtable.build(world.programme, world.wave, "The board meets in December.")
    assert summary.people == 8 and summary.title == "What we heard"
    good = summary.agreement[0]
    assert (good.agreed, good.neither, good.disagreed, good.dont_know) == (5, 1, 1, 1)
    assert [(v.option, v.votes) for v in summary.votes] == [
        ("Room to innovate", 8),
        ("Procurement", 5),
    ]
    useful = next(q for q in summary.questions if "most useful" in q.question)
    assert not useful.held_back and useful.groups[0].theme == "Contract management"
    assert useful.groups[0].people == 6 and len(useful.groups[0].quotes) == 1  # said once
    assert "Jane Smith" not in useful.groups[0].quotes[0]  # redacted
    # Two people wrote what should happen next: held back, with the reason in words.
    assert summary.next_question is not None
    assert summary.next_question.held_back.startswith("Fewer than 5 people answered")
    assert summary.next_steps == ["The board meets in December."]
    assert "8 people at the session" in summary.opening
    assert "5 of 7 agreed that the session was a good use of their time" in summary.opening
    assert "room to innovate (8 votes) first" in summary.opening
    # Questions nobody answered do not appear at all.
    assert all("define transformation" not in q.question for q in summary.questions)


def test_below_the_score_minimum_the_summary_says_why_and_shows_nothing(admin):
    world = roundtable_world(admin)
    for index in range(3):
        answer_roundtable(world, index, useful=USEFUL)
    close(world.wave)
    summary = roundtable.build(world.programme, world.wave)
    assert summary.people is None and not summary.agreement and not summary.questions
    assert summary.opening.startswith("Fewer than 5 people have answered")


def test_an_open_session_moves_only_in_released_steps(admin):
    world = roundtable_world(admin)
    for index in range(5):
        answer_roundtable(world, index, useful=USEFUL)
    first = roundtable.build(world.programme, world.wave)
    answer_roundtable(world, 5, rating=1, useful=USEFUL)
    assert roundtable.build(world.programme, world.wave) == first
    assert first.people == 5


def test_the_roundtable_comment_minimum_is_a_setting_never_below_3(admin):
    world = roundtable_world(admin)
    settings = dict(
        name="Test partnership",
        description="",
        min_group_size=5,
        min_comment_group_size=10,
        retention_months=24,
    )
    try:
        programmes.update_programme(world.programme, roundtable_comment_minimum=2, **settings)
    except FieldError as error:
        assert error.field == "roundtable_comment_minimum"
    else:
        raise AssertionError("expected a FieldError")
    programmes.update_programme(world.programme, roundtable_comment_minimum=3, **settings)
    for index in range(5):
        answer_roundtable(world, index, next_step="Meet again" if index < 3 else "")
    close(world.wave)
    summary = roundtable.build(world.programme, world.wave)
    assert summary.next_question is not None and not summary.next_question.held_back
    try:  # lowering it once there are answers would break a promise made on the form
        programmes.update_programme(world.programme, roundtable_comment_minimum=3, **settings)
        programmes.update_programme(
            world.programme, roundtable_comment_minimum=4, **settings
        )  # raising is fine
        programmes.update_programme(world.programme, roundtable_comment_minimum=3, **settings)
    except FieldError:
        pass
    else:
        raise AssertionError("lowering after answers should be refused")


def test_only_a_roundtable_has_a_what_we_heard_summary(admin):
    world = build_world(admin)
    try:
        roundtable.build(world.programme, world.wave)
    except LookupError:
        pass
    else:
        raise AssertionError("a pulse wave is not a roundtable")
