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


def parse_coded(
    handle, name: str, max_rows: int | None = None, max_text: int | None = None
) -> list[SourcedCode]:
    """Coded comments from ``handle``; with caps, a file over ``max_rows`` rows or with a
    text over ``max_text`` characters is refused with a message saying so."""
    reader = csv.DictReader(handle)
    check_header(reader, name)
    rows = read_rows(reader, name, max_rows)
    coded, problems = [], []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        sentiment = row["sentiment"].strip().lower()
        problem = row_problem(row, sentiment, max_text)
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


def check_header(reader: csv.DictReader, name: str) -> None:
    try:
        columns = list(reader.fieldnames or [])
    except csv.Error as error:
        raise unreadable(name, 1, error) from error
    missing = [column for column in ("text", "sentiment", "themes") if column not in columns]
    if missing:
        raise CsvProblem(
            f"{name}: missing column(s) {', '.join(missing)}; "
            f"the header has {', '.join(columns) or 'nothing'}"
        )


def read_rows(
    reader: csv.DictReader, name: str, max_rows: int | None = None
) -> list[dict[str, str]]:
    """Every row as plain strings; the csv module's own refusals become a CsvProblem."""
    rows: list[dict[str, str]] = []
    try:
        for row in reader:
            if max_rows is not None and len(rows) >= max_rows:
                raise CsvProblem(
                    f"{name} has more than {max_rows:,} rows, the most one import takes, so "
                    "nothing was imported. Split it, or keep the most recent rows, and try again."
                )
            rows.append({k: v or "" for k, v in row.items() if k is not None})
    except csv.Error as error:  # a field over the csv module's limit (131,072 characters)
        raise unreadable(name, len(rows) + 2, error) from error
    return rows


def unreadable(name: str, row: int, error: csv.Error) -> CsvProblem:
    """The csv module refuses a field over its size limit (131,072 characters) or a stray
    quote in strict files: a problem with the file, reported with its row, never a crash."""
    return CsvProblem(
        f"{name}: row {row} cannot be read as CSV ({error}), so nothing was imported. A field "
        f"may be longer than {csv.field_size_limit():,} characters, or a quote may be left "
        "open: shorten or close it and try again."
    )


def row_problem(row: dict[str, str], sentiment: str, max_text: int | None = None) -> str | None:
    if not row["text"].strip():
        return "text is empty"
    long = [column for column, value in row.items() if max_text and len(value) > max_text]
    if long:
        return f"{long[0]} is {len(row[long[0]]):,} characters, more than the {max_text:,} allowed"
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
