"""Generated programmes pushed through every view at every combination of filters.

Hypothesis draws organisations, reporting groups, waves and how many people answered in
each; the respondents submit through the service the public pages use. Then every
dashboard (each organisation, group and wave range) and every comments page behind it
(each wave, organisation and group) is rendered, and what they show is checked against
the truth: no figure stands for 1..minimum-1 people, and no shown count minus another
shown count of a slice inside it does either.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from engage.domain import AnswerValue
from engage.extensions import db
from engage.models import Group, Organisation, OrganisationKind, Programme, SurveyKind
from engage.services import links, programmes, surveys, waves
from engage.services.reading import summaries
from engage.services.responses import Outcome, submit
from tests.builders import fold

SCORES, COMMENTS = 5, 10
PEOPLE = st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 8, 10, 11, 13])
KINDS = (OrganisationKind.COUNCIL, OrganisationKind.PRIVATE_PARTNER)


@st.composite
def layouts(draw):
    """{(wave, organisation, group): people} with 1-2 of each, indices from 0."""
    wave_count, organisations = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    groups = {o: draw(st.integers(1, 2)) for o in range(organisations)}
    return {
        (w, o, g): draw(PEOPLE) for w in range(wave_count) for o in groups for g in range(groups[o])
    }


class Built:
    """A programme made from a layout, and the ids that map it back to the truth."""

    def __init__(self, admin, layout: dict, serial: int):
        self.layout = layout
        self.slug, self.serial = f"generated-{serial}", serial
        programme = programmes.create_programme(f"Generated {serial}", self.slug, "", admin)
        survey = surveys.create_survey(
            programme,
            kind=SurveyKind.PULSE,
            title="Pulse",
            template_key="transformation_pulse",
            cadence=surveys.Cadence.FORTNIGHTLY,
        )
        wave_count = 1 + max(key[0] for key in layout)
        self.waves = waves.schedule_pulse(
            survey, date.today() - timedelta(days=30), wave_count, days_open=7
        )
        self.organisations, self.groups = {}, {}
        for o in sorted({key[1] for key in layout}):
            organisation = programmes.save_organisation(programme, f"Org {o}", KINDS[o])
            self.organisations[o] = organisation.id
            for g in sorted({key[2] for key in layout if key[1] == o}):
                self.groups[(o, g)] = programmes.save_group(organisation, f"G{g}", 30).id
        for (w, o, g), people in layout.items():
            self.answer(w, o, g, people)

    def answer(self, w: int, o: int, g: int, people: int) -> None:
        wave = self.waves[w]
        link = links.create_link(
            wave,
            db.session.get(Organisation, self.organisations[o]),
            db.session.get(Group, self.groups[(o, g)]),
        )
        questions = {q.code: q for q in wave.version.questions}
        for person in range(people):
            values = [
                AnswerValue(questions[code].id, number=1 + (person % 5))
                for code in ("tu_understand", "pt_together")
            ]
            values.append(AnswerValue(questions["framing"].id, choice="Cutting costs"))
            values.append(AnswerValue(questions["improve"].id, text=f"Budget cuts {person}"))
            token = f"{w:02x}{o:02x}{g:02x}{person:02x}-4444-4444-8444-{self.serial:012x}"
            assert submit(link, token, values, wave.opens_on) == Outcome.STORED
        fold()

    def truth(self, w: int | None, o: int | None, g: int | None) -> int:
        """People in a slice (indices, None for all)."""
        return sum(
            people
            for (kw, ko, kg), people in self.layout.items()
            if w in (None, kw) and o in (None, ko) and (g is None or (ko, kg) == g)
        )


def table(page, key: str) -> list[list[str]]:
    body = page.select(f"#{key}-heading ~ .table-wrap tbody tr")
    return [[cell.get_text(strip=True) for cell in row.find_all(["th", "td"])] for row in body]


def number(text: str) -> float | None:
    return None if text == "hidden" else float(text.split()[0].rstrip("%"))


def assert_no_difference_exposes(shown: dict, minimum: int, members) -> None:
    for (parent, a), (child, b) in itertools.permutations(shown.items(), 2):
        if members(child) < members(parent):
            assert not 0 < a - b < minimum, (parent, child, a, b)


def dashboards(staff, built: Built) -> dict:
    """Render every dashboard; return the response counts shown, by slice."""
    shown: dict = {}
    org_choices = [None, *built.organisations]
    group_choices = [None, *built.groups]
    ranges = [(None, None)] + [(w, w) for w in range(len(built.waves))]
    for o, g, (start, end) in itertools.product(org_choices, group_choices, ranges):
        query = {
            "organisation": built.organisations.get(o),
            "group": built.groups.get(g),
            "from": None if start is None else start + 1,
            "to": None if end is None else end + 1,
        }
        args = "&".join(f"{k}={v}" for k, v in query.items() if v is not None)
        page = staff.get(f"/insights/p/{built.slug}/?{args}")
        if g is not None and o is not None and g[0] != o:
            g = None  # a group of another organisation is dropped: the filters cascade
        effective_o = g[0] if g is not None else o
        wave_ids = list(range(len(built.waves))) if start is None else [start]
        per_wave = [built.truth(w, effective_o, g) for w in wave_ids]
        shown.update(
            {
                (w, effective_o, g): count
                for w, count in check_dashboard(page, per_wave, wave_ids, query)
            }
        )
        check_groups(page, built, wave_ids, o)
        latest = [w for w, n in zip(wave_ids, per_wave, strict=True) if n][-1:]
        check_mirror(page, built, latest, g)
    return shown


def check_mirror(page, built: Built, wave_ids, g) -> None:
    """Each side's answer to a trust statement shows only for enough people of that side in
    the latest wave with answers."""
    heading = page.select("#mirror-items-heading ~ .table-wrap thead th")
    sides = [int(th.get_text().removeprefix("Org ")) for th in heading[1:]]
    for row in table(page, "mirror-items"):
        for cell, o in zip(row[1:], sides, strict=True):
            if number(cell) is not None:
                per_wave = [built.truth(w, o, g) for w in wave_ids]
                assert sum(per_wave) >= SCORES and all(n == 0 or n >= SCORES for n in per_wave)


def check_dashboard(page, per_wave: list[int], wave_ids: list[int], query: dict):
    """Every figure on one dashboard against the people behind it; yields shown counts.
    Charts other than responses leave out waves with no answers."""
    answered = []
    for row, w, truth in zip(table(page, "responses"), wave_ids, per_wave, strict=True):
        count = number(row[1])
        if count is not None:
            assert count == truth and (count == 0 or count >= SCORES), (query, row)
            yield w, count
        if count != 0:
            answered.append(truth)
    for row, truth in zip(table(page, "indices"), answered, strict=True):
        if any(number(cell) is not None for cell in row[1:]):
            assert truth >= SCORES, (query, row)
    for row in table(page, "themes"):
        for cell, truth in zip(row[1:], answered, strict=True):
            assert number(cell) is None or truth >= SCORES, (query, row)
    check_themes(page, per_wave, query)


def check_themes(page, per_wave: list[int], query: dict) -> None:
    latest = [n for n in per_wave if n][-1:]
    for row in table(page, "theme-sentiment"):
        if number(row[1]) is not None:
            assert latest and latest[0] >= SCORES, (query, row)
    for row in table(page, "theme-changes"):
        assert all(n >= SCORES for n in [n for n in per_wave if n][-2:]), (query, row)


def check_groups(page, built: Built, wave_ids, organisation) -> None:
    """A group's indices show only when every chosen wave of it is empty or big enough;
    a hidden group says why. Filtered to one organisation, rows are the group's name."""
    names = {
        (f"G{g}" if organisation is not None else f"Org {o}: G{g}"): (o, g)
        for o, g in built.groups
        if organisation in (None, o)
    }
    for row in table(page, "groups"):
        *figures, reason = row[1:]
        hidden = all(number(cell) is None for cell in figures)
        assert (reason in ("fewer than 5", "would reveal a smaller group")) == hidden, row
        if not hidden:
            o, g = names[row[0]]
            per_wave = [built.truth(w, o, (o, g)) for w in wave_ids]
            assert sum(per_wave) >= SCORES and all(n == 0 or n >= SCORES for n in per_wave)


def comment_pages(staff, built: Built) -> dict:
    shown = {}
    for w, o, g in itertools.product(
        [None, *range(len(built.waves))], [None, *built.organisations], [None, *built.groups]
    ):
        if g is not None and o is not None and g[0] != o:
            continue
        query = {
            "wave": None if w is None else built.waves[w].id,
            "organisation": built.organisations.get(o),
            "group": built.groups.get(g),
        }
        args = "&".join(f"{k}={v}" for k, v in query.items() if v is not None)
        page = staff.get(f"/insights/p/{built.slug}/comments?{args}")
        found = re.search(r"(\d+) comments?, page", page.get_text())
        if found:
            count = int(found.group(1))
            assert count == built.truth(w, o, g) and count >= COMMENTS, query
            shown[(w, g[0] if g else o, g)] = count
    return shown


def theme_summaries(built: Built) -> dict:
    """The theme summary of each wave and of the programme (what every export writes)."""
    programme = db.session.scalar(select(Programme).where(Programme.slug == built.slug))
    names = {f"Org {o}": (o, None) for o in built.organisations}
    names.update({f"Org {o}: G{g}": (o, (o, g)) for o, g in built.groups})
    waves = {f"{wave.survey.title}, {wave.label}": index for index, wave in enumerate(built.waves)}
    shown = {}
    for w in [None, *range(len(built.waves))]:
        scope = summaries.scope_of(programme, None if w is None else built.waves[w])
        summary = summaries.build(scope)
        for row in summary.responses:
            # The programme's summary has a row per wave; a wave's, a row per group.
            at, o, g = (
                (waves[row.group.removesuffix(" (still open)")], None, None)
                if w is None
                else (w, *names[row.group])
            )
            if row.responses is not None:
                assert row.responses == built.truth(at, o, g), (w, row)
                assert row.responses == 0 or row.responses >= SCORES, (w, row)
                shown[(at, o, g)] = row.responses
        for row in summary.themes:
            assert row.comments is None or row.comments >= SCORES, (w, row)
    return shown


SERIAL = itertools.count()


@settings(max_examples=15)  # deadline, seeds and health checks come from the profile
@given(layout=layouts())
def test_no_view_reveals_fewer_people_than_the_threshold(staff, admin, layout):
    built = Built(admin, layout, next(SERIAL))

    def members(selected):
        w, o, g = selected
        return {
            key
            for key in layout
            if w in (None, key[0]) and (o is None or o == key[1]) and (g is None or g == key[1:])
        }

    shown = dashboards(staff, built)
    shown.update(theme_summaries(built))
    assert_no_difference_exposes(shown, SCORES, members)
    assert_no_difference_exposes(comment_pages(staff, built), COMMENTS, members)
