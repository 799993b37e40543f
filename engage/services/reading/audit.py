"""Audit a programme's releases as a whole: can any combination of figures single someone out?

The engine decides figure by figure (``confidentiality.keys_are_safe``); the auditor
(``disclosure.audit``) checks with exact linear algebra that no combination of figures
determines the total of 1..minimum-1 people. This module joins the two on a real programme:
it enumerates every set of cells any view can ask for (dashboard filters over every wave
range, theme summaries normal and published), keeps those the engine would release, and
audits each measure's released figures. The dashboard itself is also sampled and every
count it shows must be one of those released sets, so the enumeration cannot drift away
from what the pages really do without the audit saying so.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from engage.analysis import confidentiality as rules
from engage.analysis import disclosure
from engage.models import Programme
from engage.models.reporting import NO_GROUP
from engage.services.reading import dashboard as insights
from engage.services.reading.cells import Cells, Key, group_slice, load_cells

COMMENT_MEASURES = ("commenters", "theme", "sentiment")  # and theme_* (comment counts)


@dataclass(frozen=True)
class Scope:
    """A set of cells a viewer can ask for: some waves (None: all), an organisation and a
    reporting group (None: all), normal or published."""

    label: str
    waves: frozenset[int] | None
    organisation: int | None
    group: tuple[int, int] | frozenset | None  # a frozenset: a parent and its groups
    published: bool = False

    def holds(self, key: Key) -> bool:
        return (self.waves is None or key[0] in self.waves) and rules.matches(
            (None, self.organisation, self.group), key
        )


@dataclass
class MeasureReport:
    measure: str
    minimum: int
    figures: int
    supports: int
    atoms: int
    leaks: list[str] = field(default_factory=list)


@dataclass
class ProgrammeAudit:
    programme: str
    measures: list[MeasureReport]
    findings: list[str]  # dashboard figures that are not among the released sets
    seconds: float
    dashboard_figures: int = 0  # response counts sampled from the dashboard

    @property
    def figures(self) -> int:
        return sum(report.figures for report in self.measures)

    @property
    def supports(self) -> int:
        return sum(report.supports for report in self.measures)

    @property
    def atoms(self) -> int:
        return sum(report.atoms for report in self.measures)

    @property
    def leaks(self) -> list[str]:
        return [leak for report in self.measures for leak in report.leaks]

    @property
    def ok(self) -> bool:
        return not self.leaks and not self.findings


class Names:
    """Waves, organisations and groups in words, so a leak says where to look."""

    def __init__(self, programme: Programme) -> None:
        self.waves = {
            wave.id: f"{survey.title} {wave.label}"
            for survey in programme.surveys
            for wave in survey.waves
        }
        self.organisations = {org.id: org.name for org in programme.organisations}
        self.groups = {
            (org.id, group.id): group.name
            for org in programme.organisations
            for group in org.groups
        }
        self.groups.update(
            (group_slice(programme, group.id), f"{group.name} and the groups in it")
            for org in programme.organisations
            for group in org.groups
            if group.children
        )

    def cell(self, key: Key) -> str:
        group = self.groups.get(key[2], "whole-organisation links")
        if key[2][1] == NO_GROUP:
            group = "whole-organisation links"
        organisation = self.organisations.get(key[1], f"organisation {key[1]}")
        return f"{self.waves.get(key[0], f'wave {key[0]}')} / {organisation} / {group}"

    def scope(self, waves: frozenset[int] | None, organisation, group) -> str:
        if waves is None:
            where = "all waves"
        else:
            where = ", ".join(sorted(self.waves.get(w, str(w)) for w in waves))
        who = self.groups.get(group) or self.organisations.get(organisation) or "everyone"
        return f"{where}, {who}"


def wave_sets(programme: Programme) -> Iterator[frozenset[int] | None]:
    """Every contiguous wave range of every survey (single waves too), and all waves."""
    for survey in programme.surveys:
        ordered = [wave.id for wave in sorted(survey.waves, key=lambda wave: wave.number)]
        for start in range(len(ordered)):
            for end in range(start, len(ordered)):
                yield frozenset(ordered[start : end + 1])
    yield None


def who_filters(programme: Programme) -> list[tuple[int | None, tuple | frozenset | None]]:
    """Everyone, each organisation, each reporting group at every level (the dashboard's
    filters): a parent group's filter is the union of it and every group inside it."""
    found: list[tuple[int | None, tuple | frozenset | None]] = [(None, None)]
    for org in programme.organisations:
        found.append((org.id, None))
        found += [(org.id, group_slice(programme, group.id)) for group in org.groups]
    return found


def scopes(programme: Programme, names: Names) -> list[Scope]:
    """Dashboard scopes (every wave range x filter) and theme-summary scopes (each wave
    and the programme, with their organisation and group rows), normal and published."""
    found = []
    for waves in dict.fromkeys(wave_sets(programme)):
        for organisation, group in who_filters(programme):
            label = f"dashboard {names.scope(waves, organisation, group)}"
            found.append(Scope(label, waves, organisation, group))
    summary_waves = [frozenset([wave]) for wave in names.waves] + [None]
    for published in (False, True):
        for waves in summary_waves:
            for organisation, group in who_filters(programme):
                kind = "published summary" if published else "theme summary"
                label = f"{kind} {names.scope(waves, organisation, group)}"
                found.append(Scope(label, waves, organisation, group, published))
    return found


def measures(cells: Cells) -> Iterator[tuple[str, dict[Key, int], bool]]:
    """Each measure's people per cell, and whether it follows the comment minimum."""
    yield "respondents", cells.respondents, False
    for construct, by_key in sorted(cells.moments.items()):
        yield f"{construct} (n)", {key: m.n for key, m in by_key.items() if m.n}, False
    for measure, categories in sorted(cells.counts.items()):
        comment = measure.startswith(COMMENT_MEASURES)
        for category, by_key in sorted(categories.items()):
            yield f"{measure}: {category}" if category else measure, by_key, comment


def released(
    counts: dict[Key, int], scope_keys: dict[Scope, frozenset], minimum: int, published: bool
) -> dict[frozenset, str]:
    """The distinct non-empty cell sets the engine releases for one measure, by label.

    Scopes asking for the same cells are checked once: many wave ranges and filters
    select the same few sets, and the engine's verdict depends only on the set."""
    verdicts: dict[frozenset, bool] = {}
    found: dict[frozenset, str] = {}
    for scope, universe in scope_keys.items():
        if scope.published != published:
            continue
        keys = frozenset(key for key in universe if counts.get(key))
        if not keys:
            continue
        if keys not in verdicts:
            verdicts[keys] = rules.keys_are_safe(counts, set(keys), minimum)
        if verdicts[keys]:
            found.setdefault(keys, scope.label)
    return found


def audit_measure(
    name: str,
    counts: dict[Key, int],
    scope_keys: dict[Scope, frozenset],
    minimum: int,
    names: Names,
) -> MeasureReport:
    """Normal and published figures together (an insider sees both) at the measure's
    minimum, then the published ones alone at the published minimum (the public's view)."""
    published_minimum = max(rules.PUBLISHED, minimum)
    normal = released(counts, scope_keys, minimum, False)
    public = released(counts, scope_keys, published_minimum, True)
    both = {**public, **normal}
    candidates = list(disclosure.slices(counts))
    reports = [
        disclosure.audit(figures(both), counts, minimum, candidates),
        disclosure.audit(figures(public), counts, published_minimum, candidates),
    ]
    leaks = [
        describe(leak, names) for report in reports for leak in report.leaks
    ]  # the first report's leaks may repeat in the second: both are listed
    first = reports[0]
    return MeasureReport(name, minimum, len(both), first.supports, first.atoms, leaks)


def figures(sets: dict[frozenset, str]) -> list[disclosure.Figure]:
    return [disclosure.Figure(label, keys) for keys, label in sets.items()]


def describe(leak: disclosure.Leak, names: Names) -> str:
    cells = "; ".join(sorted(names.cell(key) for key in leak.cells))
    witnesses = " | ".join(leak.witnesses)
    return f"{leak.people} people in [{cells}], from: {witnesses}"


def audit_programme(programme: Programme) -> ProgrammeAudit:
    """Every measure's released figures audited together, and the dashboard sampled."""
    started = time.perf_counter()
    names = Names(programme)
    cells = load_cells(programme)
    universe = set(cells.respondents)
    for by_key in cells.moments.values():
        universe |= set(by_key)
    for categories in cells.counts.values():
        for by_key in categories.values():
            universe |= set(by_key)
    scope_keys = {
        scope: frozenset(key for key in universe if scope.holds(key))
        for scope in scopes(programme, names)
    }
    reports: list[MeasureReport] = []
    done: dict[tuple, MeasureReport] = {}
    for name, counts, comment in measures(cells):
        minimum = programme.min_comment_group_size if comment else programme.min_group_size
        same = (tuple(sorted(counts.items())), minimum)
        if same not in done:  # identical cells release identical figures: audit once
            done[same] = audit_measure(name, counts, scope_keys, minimum, names)
        reports.append(MeasureReport(**{**vars(done[same]), "measure": name}))
    respondents = released(cells.respondents, scope_keys, programme.min_group_size, False)
    findings, sampled = dashboard_findings(programme, cells, set(respondents), names)
    seconds = time.perf_counter() - started
    return ProgrammeAudit(programme.slug, reports, findings, seconds, sampled)


def dashboard_findings(
    programme: Programme, cells: Cells, released_sets: set[frozenset], names: Names
) -> tuple[list[str], int]:
    """Every response count the dashboard shows (each organisation and group, default
    waves) mapped back to its cells: each must be a set the enumeration released."""
    findings, sampled = [], 0
    filters_of = [(None, None)] + [
        (org.id, group_id)
        for org in programme.organisations
        for group_id in [None, *(group.id for group in org.groups)]
    ]
    for organisation, group_id in filters_of:
        filters = insights.Filters(organisation_id=organisation, group_id=group_id)
        dashboard = insights.build(programme, filters)
        owner = group_slice(programme, group_id) if group_id else None
        for wave in dashboard.waves:
            shown = dashboard.responses.get(wave.id)
            if not shown:
                continue
            sampled += 1
            scope = Scope("", frozenset([wave.id]), organisation, owner)
            keys = frozenset(key for key, n in cells.respondents.items() if n and scope.holds(key))
            if keys not in released_sets:
                where = names.scope(scope.waves, organisation, owner)
                findings.append(f"dashboard shows {shown} for {where}, not a released set")
    return findings, sampled
