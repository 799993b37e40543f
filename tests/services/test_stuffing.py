"""Stuffing: a link answered more often than its group has people is flagged, and its
group's figures are withheld until an admin confirms; nothing sent is refused."""

from datetime import date

import pytest
from sqlalchemy import func, select

from engage.domain import AnswerValue, AuditAction
from engage.extensions import db
from engage.models import AuditEvent, Response
from engage.services import programmes, stuffing
from engage.services.errors import FieldError
from engage.services.links import create_link
from engage.services.reading import comments as reading_comments
from engage.services.reading import dashboard as insights
from engage.services.responses import Outcome, submit
from tests.builders import build_world, fold


def send(world, link, index: int, agree: int, comment: str = "") -> Outcome:
    questions = {q.code: q for q in world.wave.version.questions}
    values = [
        AnswerValue(questions[code].id, number=agree)
        for code in ("tu_understand", "tu_beyond_cost", "pt_together")
    ]
    if comment:
        values.append(AnswerValue(questions["improve"].id, text=comment))
    outcome = submit(link, f"{index:08x}-5555-4555-8555-555555555555", values, date.today())
    fold()  # the folder notes a link going over its headcount
    return outcome


@pytest.fixture
def attacked(admin):
    """Ten people in Customer Services; a hidden team of 4 who all strongly agree; then one
    submission of known answers (strongly disagree) on the team's link."""
    world = build_world(admin)
    team = programmes.save_group(world.link.organisation, "Hidden team", 4)
    team_link = create_link(world.wave, world.link.organisation, team)
    for index in range(10):
        send(world, world.link, index, 3, "More training please, it would help")
    for index in range(10, 14):
        send(world, team_link, index, 5, "The team is too small to be heard here")
    outcome = send(world, team_link, 99, 1, "Known answer from the attacker")
    return world, team, team_link, outcome


def team_view(world, team):
    return insights.build(world.programme, insights.Filters(group_id=team.id))


def test_the_stuffing_attack_leaves_the_group_withheld_and_the_response_stored(attacked):
    world, team, team_link, outcome = attacked
    assert outcome is Outcome.STORED
    stored = db.session.scalar(
        select(func.count(Response.id)).where(Response.link_id == team_link.id)
    )
    assert stored == 5
    wave = world.wave.id
    key = (wave, team.organisation_id, team.id)
    assert stuffing.withheld_groups(world.programme) == {key}
    data = team_view(world, team)
    assert data.responses[wave] is None  # withheld, never 0
    assert data.indices["transformation_understanding"][wave] is None
    # The organisation's figures hold none of the team's answers: nothing to subtract.
    whole = insights.build(world.programme, insights.Filters())
    assert whole.indices["transformation_understanding"][wave].n == 10
    assert whole.indices["transformation_understanding"][wave].value == 50
    # The team's answers are in no figure, so its sibling has nothing to give away.
    assert all(v is None for v in whole.groups["Testshire Council: Hidden team"].values())
    assert whole.groups["Testshire Council: Customer Services"]


def test_the_flag_is_recorded_once_by_engage_on_the_day_only(attacked):
    world, _team, team_link, _ = attacked
    send(world, team_link, 100, 1)
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == AuditAction.LINK_FLAGGED)
    ).all()
    assert len(events) == 1
    assert events[0].user_id is None
    created = events[0].created_at
    assert (created.hour, created.minute, created.second, created.microsecond) == (0, 0, 0, 0)
    assert "Hidden team" in events[0].subject
    assert team_link.flagged_on == date.today()


def test_comments_of_a_withheld_group_are_not_shown(attacked):
    world, team, _link, _ = attacked
    # As if the programme had asked for comments from 5 people before anyone answered.
    world.programme.min_comment_group_size = 5
    db.session.commit()
    filters = reading_comments.Filters(world.wave.id, None, team.id)
    page = reading_comments.page_of(world.programme, filters, 1)
    assert page.hidden and page.comments == []


def test_confirming_the_headcount_releases_the_figures(attacked, admin):
    world, team, team_link, _ = attacked
    stuffing.confirm(team_link, admin)
    assert stuffing.withheld_groups(world.programme) == set()
    assert team_link.flagged_on is None
    data = team_view(world, team)
    assert data.responses[world.wave.id] == 5
    assert data.indices["transformation_understanding"][world.wave.id].n == 5
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == AuditAction.HEADCOUNT_CONFIRMED)
    )
    assert event.user_id == admin.id and "5 responses" in event.detail
    # Going over again, beyond what was confirmed, withholds again and flags again.
    send(world, team_link, 101, 1)
    assert stuffing.withheld_groups(world.programme)
    assert team_link.flagged_on == date.today()


def test_correcting_the_headcount_releases_the_figures(attacked, admin):
    world, team, team_link, _ = attacked
    stuffing.confirm(team_link, admin, headcount=6)
    assert team.headcount == 6
    send(world, team_link, 102, 2)  # 6 of 6: still within the corrected headcount
    assert stuffing.withheld_groups(world.programme) == set()


def test_a_whole_organisation_link_is_checked_against_the_organisation_total(admin):
    world = build_world(admin)  # one group, Customer Services, of 20
    council = world.link.organisation
    whole = create_link(world.wave, council, None)
    assert stuffing.headcount_for(whole) == 20
    programmes.save_group(council, "Unknown size", None)
    assert stuffing.headcount_for(whole) is None  # no total: no flag
    with pytest.raises(FieldError):
        stuffing.confirm(whole, admin, headcount=30)
