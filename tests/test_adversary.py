"""An insider attacks generated programmes; the disclosure auditor judges what they learnt.

The insider can submit answers they know (stuffing a small group), read every view
(dashboard counts at every filter, theme summaries, comment lists) as often as they like,
and interleave their reads with other people's submissions in an open wave. Every figure
they see is translated into the exact set of respondents it summed, from the database's
own release state (an open wave's cell covers responses up to its release mark; a closed
wave is read whole; a withheld group's answers count for nothing). The auditor then asks
whether any combination of all of those figures, with the insider's own answers known,
gives the number of 1..minimum-1 other people. Per-attack regression tests follow.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from engage.analysis.disclosure import Figure, audit, slices
from engage.domain import AnswerValue
from engage.extensions import db
from engage.models import CellRelease, Link, OrganisationKind, Response, SurveyKind
from engage.services import (
    links,
    programmes,
    surveys,
    waves,
)
from engage.services.reading import comments, releases, summaries
from engage.services.reading import dashboard as insights
from engage.services.responses import Outcome, submit
from engage.services.stuffing import withheld_groups
from tests.builders import fold

KINDS = (OrganisationKind.COUNCIL, OrganisationKind.PRIVATE_PARTNER)
TOKENS = itertools.count(1)
SERIAL = itertools.count(1)
Cell = tuple[int, int, tuple[int, int]]  # wave, organisation, (organisation, group) indices


@st.composite
def plans(draw, stuffing: bool = True, full_turnout: bool = False, true_headcounts=False):
    """A programme's shape, who answers where, what the insider stuffs, and when they read.

    The last wave is open (read from releases); an earlier wave is closed and answered
    before anyone reads, since a closed wave takes no more answers."""
    wave_count, organisations = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    groups = [(o, g) for o in range(organisations) for g in range(draw(st.integers(1, 2)))]
    cells = [(w, o, (o, g)) for w in range(wave_count) for o, g in groups]
    victims = {cell: draw(st.integers(0, 12)) for cell in cells}
    stuffed = {cell: draw(st.integers(0, 2)) if stuffing else 0 for cell in cells}
    headcounts = {group: draw(st.sampled_from([4, 6, 40])) for group in groups}
    if true_headcounts:  # no link goes over: nothing is withheld
        headcounts = {group: 40 for group in groups}
    if full_turnout:  # everyone in each group answers every wave, and headcounts are true
        headcounts = {group: draw(st.integers(0, 12)) for group in groups}
        victims = {cell: headcounts[cell[2]] for cell in cells}
    open_wave = wave_count - 1
    later = [("victim", c) for c in cells if c[0] == open_wave for _ in range(victims[c])]
    later += [("insider", c) for c in cells if c[0] == open_wave for _ in range(stuffed[c])]
    later = draw(st.permutations(later))
    reads = draw(st.sets(st.integers(0, len(later)), min_size=1, max_size=3)) | {len(later)}
    actions = []
    for position, action in enumerate([*later, None]):
        actions += [("read", None)] if position in reads else []
        actions += [action] if action else []
    first = [
        (kind, c)
        for c in cells
        if c[0] < open_wave
        for kind in ["victim"] * victims[c] + ["insider"] * stuffed[c]
    ]
    return Plan(wave_count, groups, draw(st.integers(3, 6)), headcounts, first + actions)


@dataclass
class Plan:
    waves: int
    groups: list[tuple[int, int]]
    minimum: int
    headcounts: dict[tuple[int, int], int]
    actions: list[tuple[str, Cell | None]]


@dataclass
class Seen:
    """A figure the insider read: where, which slice and the number shown."""

    label: str
    selected: tuple
    value: int


@dataclass
class Insider:
    admin: object
    plan: Plan
    responses: dict[int, tuple[Cell, bool]] = field(default_factory=dict)  # id: cell, mine
    figures: list[Figure] = field(default_factory=list)
    reads: int = 0

    def __post_init__(self) -> None:
        serial = next(SERIAL)
        self.programme = programmes.create_programme(
            f"Adversary {serial}", f"adversary-{serial}", "", self.admin
        )
        self.programme.min_group_size = self.programme.min_comment_group_size = self.plan.minimum
        survey = surveys.create_survey(
            self.programme,
            kind=SurveyKind.PULSE,
            title="Pulse",
            template_key="transformation_pulse",
            cadence=surveys.Cadence.FORTNIGHTLY,
        )
        start = date.today() - timedelta(days=1 + 14 * (self.plan.waves - 1))
        self.waves = waves.schedule_pulse(survey, start, self.plan.waves, days_open=7)
        self.organisations, self.groups = {}, {}
        for o in sorted({o for o, _ in self.plan.groups}):
            organisation = programmes.save_organisation(self.programme, f"Org {o}", KINDS[o])
            self.organisations[o] = organisation
            for _, g in (group for group in self.plan.groups if group[0] == o):
                headcount = self.plan.headcounts[(o, g)]
                self.groups[(o, g)] = programmes.save_group(organisation, f"G{g}", headcount)
        self.links: dict[Cell, Link] = {}

    def act(self, kind: str, cell: Cell | None) -> None:
        if kind == "read":
            self.read()
            return
        w, o, g = cell
        if cell not in self.links:
            self.links[cell] = links.create_link(
                self.waves[w], self.organisations[o], self.groups[g]
            )
        self.responses[answer(self.links[cell], self.waves[w])] = (cell, kind == "insider")

    def read(self) -> None:
        """Every view, then each figure turned into the respondents it summed."""
        seen = dashboard_figures(self) + summary_figures(self) + comment_figures(self)
        marks = {
            (m.wave_id, m.organisation_id, m.group_key): m.through_response_id
            for m in db.session.scalars(select(CellRelease))
        }
        withheld = withheld_groups(self.programme)
        open_ids = releases.open_wave_ids(self.programme)
        for figure in seen:
            self.figures.append(self.translate(figure, marks, withheld, open_ids))
        self.reads += 1

    def db_key(self, cell: Cell) -> tuple[int, int, int]:
        w, o, g = cell
        return (self.waves[w].id, self.organisations[o].id, self.groups[g].id)

    def translate(self, seen: Seen, marks: dict, withheld: set, open_ids: set) -> Figure:
        """The responses the figure summed; its value must agree, or the translation (and so
        the audit) would be wrong."""
        atoms = set()
        for rid, (cell, _mine) in self.responses.items():
            key = self.db_key(cell)
            if not matches(seen.selected, cell):
                continue
            if (key[0] in open_ids or key in withheld) and rid > marks.get(key, 0):
                continue  # an open wave, or a withheld group, as far as its last release
            atoms.add(rid)
        assert seen.value == len(atoms), (seen, sorted(atoms))
        return Figure(f"read {self.reads}: {seen.label} = {seen.value}", frozenset(atoms))

    def audit(self):
        """Victims are people; the insider's own answers are known (a figure each) and
        count for no one."""
        atoms = {rid: 0 if mine else 1 for rid, (_cell, mine) in self.responses.items()}
        known = [
            Figure(f"my answer {rid}", frozenset([rid]))
            for rid, (_, m) in self.responses.items()
            if m
        ]
        by_cell: dict[Cell, set] = {}
        for rid, (cell, _mine) in self.responses.items():
            by_cell.setdefault(cell, set()).add(rid)
        candidates = [
            frozenset(rid for cell in cells for rid in by_cell[cell] if atoms[rid])
            for cells in slices(by_cell)
        ]
        return audit(self.figures + known, atoms, self.plan.minimum, candidates)


def matches(selected: tuple, cell: Cell) -> bool:
    return all(want is None or want == have for want, have in zip(selected, cell, strict=True))


def answer(link: Link, wave) -> int:
    """One response with known answers; its id."""
    questions = {q.code: q for q in wave.version.questions}
    values = [AnswerValue(questions[c].id, number=3) for c in ("tu_understand", "pt_together")]
    values.append(AnswerValue(questions["framing"].id, choice="Cutting costs"))
    values.append(AnswerValue(questions["improve"].id, text="Budget cuts again"))
    token = f"{next(TOKENS):08x}-4444-4444-8444-{0:012x}"
    day = min(date.today(), wave.closes_on)
    assert submit(link, token, values, day) == Outcome.STORED
    fold()  # the folder keeping up: the adversary reads the freshest figures there are
    return db.session.scalar(select(func.max(Response.id)))


def who(insider: Insider):
    """Every (organisation, group) filter: indices for the truth, ids for the services."""
    yield (None, None), (None, None)
    for o, organisation in insider.organisations.items():
        yield (o, None), (organisation.id, None)
        for g, group in insider.groups.items():
            if g[0] == o:
                yield (o, g), (organisation.id, group.id)


def dashboard_figures(insider: Insider) -> list[Seen]:
    found = []
    for (o, g), (org_id, seg_id) in who(insider):
        filters = insights.Filters(organisation_id=org_id, group_id=seg_id)
        data = insights.build(insider.programme, filters)
        for w, wave in enumerate(insider.waves):
            value = data.responses.get(wave.id)
            if value:
                found.append(Seen(f"dashboard {wave.label} {org_id}/{seg_id}", (w, o, g), value))
    return found


def summary_figures(insider: Insider) -> list[Seen]:
    names = {f"Org {o}": (o, None) for o in insider.organisations}
    names.update({f"Org {g[0]}: G{g[1]}": (g[0], g) for g in insider.groups})
    waves = {f"{wave.survey.title}, {wave.label}": w for w, wave in enumerate(insider.waves)}
    found = []
    for w, wave in [(None, None), *enumerate(insider.waves)]:
        summary = summaries.build(summaries.scope_of(insider.programme, wave))
        where = f"summary {wave.label if wave else 'programme'}"
        if summary.respondents:
            found.append(Seen(f"{where} commenters", (w, None, None), summary.respondents))
        for row in summary.responses:
            # The programme's summary has a row per wave; a wave's, a row per group.
            cell = (
                (waves[row.group.removesuffix(" (still open)")], None, None)
                if w is None
                else (w, *names[row.group])
            )
            if row.responses:
                found.append(Seen(f"{where} {row.group}", cell, row.responses))
    return found


def comment_figures(insider: Insider) -> list[Seen]:
    found = []
    for w, wave in [(None, None), *enumerate(insider.waves)]:
        for (o, g), (org_id, seg_id) in who(insider):
            filters = comments.Filters(wave.id if wave else None, org_id, seg_id)
            page = comments.page_of(insider.programme, filters, 1)
            if page.hidden or not page.respondents:
                continue
            where = f"comments {wave.label if wave else 'all'} {org_id}/{seg_id}"
            found.append(Seen(f"{where} people", (w, o, g), page.respondents))
            found.append(Seen(f"{where} comments", (w, o, g), page.total))
    return found


def attack(admin, plan: Plan):
    """Play the plan; the auditor's verdict on everything the insider saw."""
    insider = Insider(admin, plan)
    for kind, cell in plan.actions:
        insider.act(kind, cell)
    report = insider.audit()
    STATS.update(
        programmes=STATS["programmes"] + 1,
        actions=STATS["actions"] + len(plan.actions),
        figures=STATS["figures"] + report.figures,
    )
    return report


STATS = {"programmes": 0, "actions": 0, "figures": 0}
A, B, W = (0, 0, (0, 0)), (0, 0, (0, 1)), (0, 1, (1, 0))  # cells of wave 1 (closed)
STUFFED_WITHIN_HEADCOUNT = Plan(
    waves=2,
    groups=[(0, 0)],
    minimum=3,
    headcounts={(0, 0): 4},
    actions=[("victim", A), ("insider", A), ("insider", A), ("read", None)],
)
WITHHELD_BY_OTHERS = Plan(
    waves=2,
    groups=[(0, 0), (1, 0)],
    minimum=5,
    headcounts={(0, 0): 40, (1, 0): 4},
    actions=[*[("victim", A)] * 4, *[("victim", W)] * 5, ("read", None)],
)
WITHHELD_BY_STUFFING = Plan(
    waves=2,
    groups=[(0, 0), (0, 1)],
    minimum=3,
    headcounts={(0, 0): 0, (0, 1): 2},
    actions=[("insider", A), ("victim", B), ("victim", B), ("read", None)],
)


@settings(max_examples=25)  # deadline, seeds and health checks come from the profile
@given(plan=plans(stuffing=False, true_headcounts=True))
def test_reading_around_others_submissions_learns_nothing(admin, plan):
    """No answers of the insider's own and no group over its headcount: reads interleaved
    with other people's submissions to an open wave, at every filter, give nothing away."""
    report = attack(admin, plan)
    assert report.ok, report.leaks


@pytest.mark.xfail(
    strict=True,
    reason="stuffing within the headcount: minimum 3, a group of headcount 4 where one "
    "person answered and the insider added 2 known answers; the dashboard shows 3 "
    "responses (and the mean of 3), so 3 - 2 known = 1 person, whose answers follow",
)
@settings(max_examples=6)
@example(plan=STUFFED_WITHIN_HEADCOUNT)
@given(plan=plans())
def test_an_insider_who_stuffs_learns_nothing(admin, plan):
    report = attack(admin, plan)
    assert report.ok, report.leaks


# Found by this suite: a withheld group once counted as one hidden person, so a total of
# minimum-1 real people plus a withheld group was shown (5 = 4 + 1) and 5 - 1 gave a
# hidden group's 4; then, once its figures were removed, two reads either side of the flag
# differed by the group. A withheld group now stays as last released until confirmed.
# Generated plans here have no insider answers: stuffing within the headcount is the
# known limit above; these check that withholding itself gives nothing away.
@settings(max_examples=8)
@example(plan=WITHHELD_BY_OTHERS)
@example(plan=WITHHELD_BY_STUFFING)
@given(plan=plans(stuffing=False))
def test_withheld_groups_give_nothing_away(admin, plan):
    report = attack(admin, plan)
    assert report.ok, report.leaks
