"""Reading and writing the comment CSVs of ``analyse-csv`` (pure: no Flask, no database).

Input needs ``id`` and ``text`` (``question`` may be missing or empty); coded files add
``sentiment`` and ``themes`` (names joined by ``;``). Problems are reported per row, and
nothing is analysed until the whole file has been read without one.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from engage.analysis.engine import Analysis, CodedComment, Comment
from engage.analysis.framing import FRAMINGS
from engage.analysis.sentiment import LABELS

OUTPUT_COLUMNS = ("sentiment", "polarity", "score", "themes")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class CsvProblem(ValueError):
    """A message naming the file, and each row and what is wrong with it."""


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[dict[str, str]]


def read_table(path: Path, required: Sequence[str]) -> Table:
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            columns = list(reader.fieldnames or [])
            missing = [name for name in required if name not in columns]
            if missing:
                raise CsvProblem(
                    f"{path}: missing column(s) {', '.join(missing)}; "
                    f"the header has {', '.join(columns) or 'nothing'}"
                )
            rows = read_rows(reader, str(path))
    except UnicodeDecodeError as error:
        raise CsvProblem(
            f"{path}: not UTF-8 text ({error.reason} at byte {error.start}); "
            "save it as CSV UTF-8 and try again"
        ) from error
    return Table(columns, rows)


def read_rows(reader: csv.DictReader, name: str) -> list[dict[str, str]]:
    """Every row as plain strings. The csv module refuses a field over its size limit
    (131,072 characters) or a stray quote in strict files with ``csv.Error``; that is a
    problem with the file, reported with its line like any other, never a crash."""
    try:
        return [{k: v or "" for k, v in row.items() if k is not None} for row in reader]
    except csv.Error as error:
        limit = f"{csv.field_size_limit():,}"
        raise CsvProblem(
            f"{name}: line {reader.line_num + 1} cannot be read as CSV ({error}). A field may "
            f"be longer than {limit} characters, or a quote may be left open: shorten or "
            "close it and try again"
        ) from error


def read_comments(path: Path) -> tuple[Table, list[Comment]]:
    table = read_table(path, ("id", "text"))
    return table, [Comment(row["text"], row.get("question", "")) for row in table.rows]


@dataclass(frozen=True)
class SourcedCode(CodedComment):
    source_id: str = ""


def read_coded(path: Path) -> list[SourcedCode]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        try:
            return parse_coded(handle, str(path))
        except UnicodeDecodeError as error:
            raise CsvProblem(f"{path}: not UTF-8 text; save it as CSV UTF-8") from error


def parse_coded(handle, name: str) -> list[SourcedCode]:
    reader = csv.DictReader(handle)
    columns = list(reader.fieldnames or [])
    missing = [column for column in ("text", "sentiment", "themes") if column not in columns]
    if missing:
        raise CsvProblem(
            f"{name}: missing column(s) {', '.join(missing)}; "
            f"the header has {', '.join(columns) or 'nothing'}"
        )
    table = Table(columns, read_rows(reader, name))
    coded, problems = [], []
    for number, row in enumerate(table.rows, start=2):  # row 1 is the header
        sentiment = row["sentiment"].strip().lower()
        problem = row_problem(row, sentiment)
        if problem:
            problems.append(f"row {number}: {problem}")
            continue
        themes = tuple(theme.strip() for theme in row["themes"].split(";") if theme.strip())
        coded.append(
            SourcedCode(
                without_controls(row["text"]),
                without_controls(row.get("question", "")),
                sentiment or None,
                themes,
                row.get("framing", "").strip() or None,
                source_id=row.get("id", ""),
            )
        )
    if problems:
        raise CsvProblem(
            f"{name}: {len(problems)} row(s) cannot be used, so nothing was "
            "imported:\n" + "\n".join(problems[:50]) + ("\n..." if len(problems) > 50 else "")
        )
    return coded


def row_problem(row: dict[str, str], sentiment: str) -> str | None:
    if not row["text"].strip():
        return "text is empty"
    if sentiment and sentiment not in LABELS:
        return f"sentiment '{row['sentiment']}' is not one of {', '.join(LABELS)}"
    framing = row.get("framing", "").strip()
    if framing and framing not in FRAMINGS.names:
        return f"framing '{framing}' is not one of {', '.join(FRAMINGS.names)}"
    if not (sentiment or row["themes"].strip() or framing):
        return "neither a sentiment nor a theme is coded"
    return None


def without_controls(value: str) -> str:
    """Coded files come from other systems, where stray control characters are common:
    they are removed (as exports remove them) rather than failing the whole file."""
    return "".join(
        ch for ch in value if ch in "\t\n\r" or unicodedata.category(ch) not in ("Cc", "Cs")
    )


def spreadsheet_safe(value: str) -> str:
    """Free text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def write_results(path: Path, table: Table, analyses: Sequence[Analysis]) -> None:
    columns = table.columns + [name for name in OUTPUT_COLUMNS if name not in table.columns]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row, analysis in zip(table.rows, analyses, strict=True):
            output = {key: spreadsheet_safe(value) for key, value in row.items()}
            output.update(
                sentiment=analysis.sentiment,
                polarity=round(analysis.polarity, 4),
                score=round(analysis.score, 4),
                themes=spreadsheet_safe(";".join(analysis.themes)),
            )
            writer.writerow(output)
