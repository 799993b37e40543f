"""Raw anonymised responses, for programme admins: one row per response.

Nothing identifies a respondent: no time, no IP, no token. Free text is the folder's
redacted copy; only when the programme allows it, and a programme admin asks, the file
holds what respondents typed instead (``originals``; the download is audited). Each
row is labelled with its *release block* (the engine's partition of the wave's groups
into blocks of at least the minimum): a group big enough is named; a small group is
named together with the groups it was pooled with ("ICT or Finance"), so no group is
singled out by elimination, the same way on every page and file. Rows are shuffled
within a label, never in submission order; an open wave's rows appear only once released
and a withheld group's only as far as its last release.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select

from engage.analysis import confidentiality as rules
from engage.domain import DONT_KNOW
from engage.extensions import db
from engage.models import Answer, Programme, Question, Response, Wave
from engage.models.reporting import NO_GROUP
from engage.services.reading import releases
from engage.services.reading.cells import Key, cell_key, load_cells

SMALL = "small groups"


def table(programme: Programme, originals: bool = False) -> tuple[list[str], list[list[object]]]:
    """The header and rows; ``originals`` (honoured only while the programme allows it)
    gives comments as typed instead of their redacted copies."""
    cells = load_cells(programme, with_moments=False)
    blocks = rules.release_blocks(cells.respondents, programme.min_group_size)
    responses = [
        row
        for row in db.session.execute(
            releases.released_only(
                select(
                    Response.id,
                    Wave.number,
                    Wave.survey_id,
                    Response.wave_id,
                    Response.organisation_id,
                    Response.group_id,
                    Response.submitted_on,
                )
                .join(Wave, Wave.id == Response.wave_id)
                .where(Wave.survey_id.in_([survey.id for survey in programme.surveys])),
                programme,
            )
        ).all()
    ]
    originals = originals and programme.allow_original_comments
    codes, values = answers_of(programme, [row.id for row in responses], originals)
    labels = block_labels(programme, blocks)
    titles = {survey.id: survey.title for survey in programme.surveys}
    header = ["Survey", "Wave", "Organisation and group", "Week of"] + [
        f"{text} [{code}]" for code, text in codes
    ]
    rows = []
    for response in responses:
        week = response.submitted_on.isocalendar()
        rows.append(
            [
                titles[response.survey_id],
                response.number,
                labels[key_of(response)],
                f"{week.year}-W{week.week:02d}",
            ]
            + [join(values[response.id].get(index, [])) for index in range(len(codes))]
        )
    shuffle = secrets.SystemRandom()
    rows.sort(key=lambda row: (row[0], row[1], row[2], shuffle.random()))
    return header, rows


def key_of(row) -> Key:
    return cell_key(row.wave_id, row.organisation_id, row.group_id or NO_GROUP)


def answers_of(programme: Programme, response_ids: list[int], originals: bool = False):
    """The questions answered (as columns) and each response's values, comments redacted
    (as typed only for ``originals``, the one reader of them outside the write path)."""
    questions = db.session.execute(
        select(Question.id, Question.code, Question.text)
        .join(Answer)
        .where(Answer.response_id.in_(response_ids))
        .distinct()
    ).all()
    codes = sorted({(code, text) for _id, code, text in questions})
    column_of = {question_id: codes.index((code, text)) for question_id, code, text in questions}
    values: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    comment = Answer.text if originals else Answer.redacted
    for response_id, question_id, number, choice, text in db.session.execute(
        select(Answer.response_id, Answer.question_id, Answer.number, Answer.choice, comment).where(
            Answer.response_id.in_(response_ids)
        )
    ):
        value = text if text else "Don't know" if choice == DONT_KNOW else choice or number
        values[response_id][column_of[question_id]].append(value)
    return codes, values


def join(values: list) -> object:
    if len(values) == 1:
        return values[0]
    return "; ".join(str(value) for value in values)


def block_labels(programme: Programme, blocks: dict[Key, frozenset]) -> dict[Key, str]:
    """Each cell's label: the names of the groups in its block, within one organisation;
    "small groups" when the block spans organisations or waves."""
    organisations = {org.id: org.name for org in programme.organisations}
    groups = {grp.id: grp.name for org in programme.organisations for grp in org.groups}
    return {key: describe(block, organisations, groups) for key, block in blocks.items()}


def describe(block: Iterable[Key], organisations: dict, groups: dict) -> str:
    keys = list(block)
    if len({(wave, org) for wave, org, _group in keys}) > 1:
        return SMALL
    organisation = organisations.get(keys[0][1], "")
    names = sorted(groups.get(group[1], "") for _w, _o, group in keys if group[1])
    if len(names) < len(keys):  # a whole-organisation link is in the block
        return organisation
    return f"{organisation}: {' or '.join(names)}"
