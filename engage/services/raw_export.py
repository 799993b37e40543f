"""Raw anonymised responses, for programme admins: one row per response.

Nothing identifies a respondent: no time, no IP, no token. Free text is redacted of
names, email addresses and phone numbers. A group with fewer respondents than the minimum is
reported as its organisation only (and an organisation that small as "small groups"),
so a row can never be tied to a handful of people.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import select

from engage.analysis.redact import redact
from engage.domain import DONT_KNOW
from engage.extensions import db
from engage.models import Answer, Organisation, Programme, Question, Response, Segment, Wave

SMALL = "small groups"


def table(programme: Programme) -> tuple[list[str], list[list[object]]]:
    survey_ids = [survey.id for survey in programme.surveys]
    responses = db.session.execute(
        select(
            Response.id,
            Wave.number,
            Wave.survey_id,
            Response.organisation_id,
            Response.segment_id,
            Response.submitted_on,
        )
        .join(Wave, Wave.id == Response.wave_id)
        .where(Wave.survey_id.in_(survey_ids))
        .order_by(Wave.survey_id, Wave.number, Response.id)
    ).all()
    questions = db.session.execute(
        select(Question.id, Question.code, Question.text)
        .join(Answer)
        .join(Response)
        .join(Wave, Wave.id == Response.wave_id)
        .where(Wave.survey_id.in_(survey_ids))
        .distinct()
    ).all()
    codes = sorted({(code, text) for _id, code, text in questions})
    column_of = {question_id: codes.index((code, text)) for question_id, code, text in questions}
    values: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for response_id, question_id, number, choice, text in db.session.execute(
        select(
            Answer.response_id, Answer.question_id, Answer.number, Answer.choice, Answer.text
        ).where(Answer.response_id.in_([r[0] for r in responses]))
    ):
        value = (
            redact(text)
            if text
            else "Don't know"
            if choice == DONT_KNOW
            else choice
            if choice
            else number
        )
        values[response_id][column_of[question_id]].append(value)
    groups = group_labels(programme, responses)
    titles = {survey.id: survey.title for survey in programme.surveys}
    header = ["Survey", "Wave", "Organisation and group", "Week of"] + [
        f"{text} [{code}]" for code, text in codes
    ]
    rows = []
    for response_id, number, survey_id, org_id, segment_id, submitted_on in responses:
        cells = values[response_id]
        week = submitted_on.isocalendar()
        rows.append(
            [
                titles[survey_id],
                number,
                groups[(number, survey_id, org_id, segment_id)],
                f"{week.year}-W{week.week:02d}",
            ]
            + [join(cells.get(index, [])) for index in range(len(codes))]
        )
    return header, rows


def join(values: list) -> object:
    if len(values) == 1:
        return values[0]
    return "; ".join(str(value) for value in values)


def group_labels(programme: Programme, responses) -> dict[tuple, str]:
    """Label per wave and group: the group if big enough, else its organisation, else none."""
    names = {org.id: org.name for org in programme.organisations}
    segments = dict(
        db.session.execute(
            select(Segment.id, Segment.name)
            .join(Organisation)
            .where(Organisation.programme_id == programme.id)
        ).all()
    )
    in_group = Counter((number, survey, org, seg) for _r, number, survey, org, seg, _d in responses)
    in_org = Counter((number, survey, org) for _r, number, survey, org, _s, _d in responses)
    minimum = programme.min_group_size
    labels = {}
    for (number, survey, org, seg), count in in_group.items():
        if count >= minimum and seg is not None:
            labels[(number, survey, org, seg)] = f"{names[org]}: {segments[seg]}"
        elif in_org[(number, survey, org)] >= minimum:
            labels[(number, survey, org, seg)] = names[org]
        else:
            labels[(number, survey, org, seg)] = SMALL
    return labels
