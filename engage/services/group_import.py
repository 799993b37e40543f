"""Groups pasted or uploaded in one go, with headcounts and a hierarchy, previewed before
anything is saved. The issue this answers: groups were added one form at a time, with no
paste, no import and no hierarchy.

A name already in the organisation updates that group (its headcount, and its parent when
the line gives one); a new name adds one. A parent given no headcount gets the sum of its
groups' (headcounts roll up), so response rates and the over-headcount check of a link for
a whole directorate use everyone in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from engage.extensions import db
from engage.group_lines import LEVELS, GroupLine, LineProblem, read_lines
from engage.models import Group, Organisation
from engage.services.errors import FieldError


@dataclass(frozen=True)
class PlannedGroup:
    line: int  # 0 for a group already there that the list only names as a parent
    name: str
    depth: int
    level: str
    parent: str | None
    headcount: int | None
    rolled_up: bool  # the headcount is the sum of its groups'
    new: bool


@dataclass(frozen=True)
class ImportPlan:
    groups: list[PlannedGroup]
    problems: list[LineProblem]

    @property
    def ok(self) -> bool:
        return bool(self.groups) and not self.problems


@dataclass
class Node:
    name: str
    headcount: int | None
    parent: str | None  # casefolded key
    line: int = 0
    new: bool = False
    rolled_up: bool = False


def merged_tree(organisation: Organisation, lines: list[GroupLine]) -> dict[str, Node]:
    """The organisation's groups as they would be after the import, keyed by name."""
    tree = {
        group.name.casefold(): Node(
            group.name, group.headcount, group.parent.name.casefold() if group.parent else None
        )
        for group in organisation.groups
    }
    for line in lines:
        key = line.name.casefold()
        node = tree.get(key) or Node(line.name, None, None, new=True)
        node.line = line.line
        if line.headcount is not None:  # a name listed without a number keeps its own
            node.headcount = line.headcount
        if line.parent:
            node.parent = line.parent.casefold()
        tree[key] = node
    return tree


def depth_of(tree: dict[str, Node], key: str) -> int | None:
    """How many groups are above this one; None for a loop."""
    seen, depth = {key}, 0
    while (parent := tree[key].parent) is not None:
        if parent in seen:
            return None
        seen.add(parent)
        key, depth = parent, depth + 1
    return depth


def check_tree(tree: dict[str, Node], lines: list[GroupLine]) -> list[LineProblem]:
    problems = []
    for line in lines:
        key = line.name.casefold()
        parent = tree[key].parent
        if parent is not None and parent not in tree:
            problems.append(LineProblem(line.line, f"no group called {line.parent} to put it in"))
            continue
        depth = depth_of(tree, key) if parent in tree or parent is None else 0
        if depth is None:
            problems.append(LineProblem(line.line, f"{line.name} would end up inside itself"))
        elif depth >= len(LEVELS):
            problems.append(
                LineProblem(line.line, "groups go at most three levels deep: " + " > ".join(LEVELS))
            )
    return problems


def roll_up(tree: dict[str, Node]) -> list[LineProblem]:
    """Give parents without a headcount the sum of their groups'; a parent whose own
    headcount is below its groups' sum is a problem on its line."""
    children: dict[str, list[str]] = {}
    for key, node in tree.items():
        if node.parent in tree:
            children.setdefault(node.parent, []).append(key)
    problems: list[LineProblem] = []

    def total(key: str) -> int | None:
        node = tree[key]
        below = [total(child) for child in children.get(key, [])]
        summed = sum(n for n in below if n)
        if node.headcount is None and summed:
            node.headcount, node.rolled_up = summed, True
        elif node.headcount is not None and summed > node.headcount and node.line:
            problems.append(
                LineProblem(
                    node.line,
                    f"{node.name} has {node.headcount} people but its groups add up to {summed}",
                )
            )
        return node.headcount

    for key, node in tree.items():
        if node.parent not in tree:
            total(key)
    return problems


def plan(organisation: Organisation, text: str) -> ImportPlan:
    """What importing this list would do: nothing is saved."""
    lines, problems = read_lines(text)
    if not lines and not problems:
        problems = [LineProblem(0, "Enter at least one group, one per line: Group name, headcount")]
    tree = merged_tree(organisation, lines)
    problems += check_tree(tree, lines)
    if problems:
        return ImportPlan([], sorted(problems, key=lambda p: p.line))
    problems = roll_up(tree)
    return ImportPlan(ordered(tree, {line.name.casefold() for line in lines}), problems)


def ordered(tree: dict[str, Node], listed: set[str]) -> list[PlannedGroup]:
    """The listed groups (and the parents they sit in) in tree order, parents first."""
    shown = set(listed)
    for key in listed:
        while (key := tree[key].parent) is not None:
            shown.add(key)
    result: list[PlannedGroup] = []

    def visit(key: str, depth: int) -> None:
        node = tree[key]
        result.append(
            PlannedGroup(
                node.line,
                node.name,
                depth,
                LEVELS[depth] if has_levels else "",
                tree[node.parent].name if node.parent else None,
                node.headcount,
                node.rolled_up,
                node.new,
            )
        )
        for child in sorted(k for k in shown if tree[k].parent == key):
            visit(child, depth + 1)

    has_levels = any(tree[key].parent for key in shown)
    for key in sorted(k for k in shown if tree[k].parent is None):
        visit(key, 0)
    return result


def apply(organisation: Organisation, text: str) -> ImportPlan:
    """Import the list as previewed, all of it or (when anything is wrong) none of it."""
    result = plan(organisation, text)
    if not result.ok:
        raise FieldError("groups", str(result.problems[0]) if result.problems else "Nothing to add")
    by_name = {group.name.casefold(): group for group in organisation.groups}
    for planned in result.groups:
        group = by_name.get(planned.name.casefold())
        if group is None:
            group = by_name[planned.name.casefold()] = Group(organisation=organisation)
            db.session.add(group)
        group.name, group.headcount = planned.name, planned.headcount
    for planned in result.groups:
        parent = by_name[planned.parent.casefold()] if planned.parent else None
        by_name[planned.name.casefold()].parent = parent
    db.session.commit()
    return result
