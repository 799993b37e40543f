"""Reading a pasted or uploaded list of reporting groups: names, headcounts and where each
sits (directorate > service > team). Pure: no database, so the preview and the import read
a list the same way, and every problem is reported against the line it is on.

A line is ``Group name, headcount`` with an optional third column naming its parent
(``Repairs, 40, Housing``), or the parent is shown by indenting the line under it (two
spaces or a tab per level). A header line (``name, headcount, parent``) is skipped. Commas
inside a name need quotes, as in any CSV file.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from engage.text_input import label_problem_in, normalise

LEVELS = ("directorate", "service", "team")  # the deepest a hierarchy goes
MAX_LINES = 500
MAX_NAME = 200
MAX_HEADCOUNT = 1_000_000


@dataclass(frozen=True)
class GroupLine:
    line: int  # as the person counts them, from 1
    name: str
    headcount: int | None
    parent: str | None


@dataclass(frozen=True)
class LineProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line else self.message


def indent_of(raw: str) -> int:
    """Levels of indentation: a tab or two spaces each."""
    width = 0
    for character in raw:
        if character == "\t":
            width += 2
        elif character == " ":
            width += 1
        else:
            break
    return width // 2


def read_lines(text: str) -> tuple[list[GroupLine], list[LineProblem]]:
    """The groups a list describes, and what is wrong with it line by line."""
    text = normalise(text or "")
    raw_lines = text.split("\n")
    if sum(bool(line.strip()) for line in raw_lines) > MAX_LINES:
        return [], [LineProblem(0, f"Paste or upload at most {MAX_LINES} groups at a time")]
    found: list[GroupLine] = []
    problems: list[LineProblem] = []
    above: list[str] = []  # the indented parents open at this point
    for number, raw in enumerate(raw_lines, start=1):
        if not raw.strip():
            continue
        cells = [cell.strip() for cell in next(csv.reader([raw.strip()], skipinitialspace=True))]
        if number == 1 and cells[0].lower() in {"name", "group", "group name"}:
            continue
        line, problem = read_line(number, cells, indent_of(raw), above)
        if problem:
            problems.append(LineProblem(number, problem))
            continue
        found.append(line)
    problems += check_names(found)
    return found, problems


def read_line(number: int, cells: list[str], depth: int, above: list[str]):
    """One line: its group, or why it cannot be read."""
    name = cells[0]
    if not name:
        return None, "enter the group's name before the comma"
    if len(name) > MAX_NAME:
        return None, f"a group's name can be at most {MAX_NAME} characters"
    if problem := label_problem_in(name):
        return None, f"the name {problem}"
    if len(cells) > 3:
        return (
            None,
            "expected a name, a headcount and a parent: put quotes round a name with commas",
        )
    headcount = None
    if len(cells) > 1 and cells[1]:
        digits = cells[1].replace(",", "").replace(" ", "")
        if not digits.isdigit() or not 0 < int(digits) <= MAX_HEADCOUNT:
            return None, f'the headcount "{cells[1]}" is not a whole number of people above 0'
        headcount = int(digits)
    parent = cells[2] if len(cells) > 2 and cells[2] else None
    if depth > len(above):
        return None, "indented more than one level below the line above"
    del above[depth:]
    if parent is None and depth:
        parent = above[-1]
    above.append(name)
    return GroupLine(number, name, headcount, parent), None


def check_names(found: list[GroupLine]) -> list[LineProblem]:
    problems = []
    seen: dict[str, int] = {}
    for line in found:
        key = line.name.casefold()
        if key in seen:
            problems.append(LineProblem(line.line, f"{line.name} is already on line {seen[key]}"))
        seen.setdefault(key, line.line)
        if line.parent and line.parent.casefold() == key:
            problems.append(LineProblem(line.line, f"{line.name} cannot be its own parent"))
    return problems
