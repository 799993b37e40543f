import csv

import pytest

from engage.analysis import csv_files
from engage.analysis.engine import Engine


def write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def test_round_trip_keeps_every_input_column_and_neutralises_formulas(tmp_path):
    source = tmp_path / "in.csv"
    write(
        source,
        [
            ["id", "text", "question", "extra"],
            ["1", '=HYPERLINK("http://evil.example")', "", "x"],
            ["2", "Line one\nline two, with a comma", "What was good?", "-3"],
            ["3", "Zoë said 👍🏽", "", ""],
        ],
    )
    table, comments = csv_files.read_comments(source)
    target = tmp_path / "out.csv"
    csv_files.write_results(target, table, Engine().analyse(comments))
    with open(target, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [
        "id",
        "text",
        "question",
        "extra",
        "sentiment",
        "polarity",
        "score",
        "themes",
    ]
    assert rows[0]["text"].startswith("'=")
    assert rows[1]["text"] == "Line one\nline two, with a comma" and rows[1]["extra"] == "'-3"
    assert rows[2]["text"] == "Zoë said 👍🏽"
    assert {row["sentiment"] for row in rows} <= {"negative", "neutral", "positive"}
    assert all(-1 <= float(row["polarity"]) <= 1 for row in rows)


def test_missing_columns_and_bad_codes_are_reported_by_row(tmp_path):
    bad = tmp_path / "bad.csv"
    write(bad, [["identifier", "body"], ["1", "x"]])
    with pytest.raises(csv_files.CsvProblem, match="missing column"):
        csv_files.read_comments(bad)
    coded = tmp_path / "coded.csv"
    write(
        coded,
        [
            ["id", "text", "question", "sentiment", "themes"],
            ["1", "fine", "", "positive", "A;B"],
            ["2", "meh", "", "grumpy", ""],
        ],
    )
    with pytest.raises(csv_files.CsvProblem, match="row 3: sentiment 'grumpy'"):
        csv_files.read_coded(coded)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,text\n1,caf\xe9\n".encode("latin-1"))
    with pytest.raises(csv_files.CsvProblem, match="not UTF-8"):
        csv_files.read_comments(latin)


def test_control_characters_in_coded_files_are_removed_not_fatal(tmp_path):
    coded = tmp_path / "coded.csv"
    write(
        coded,
        [
            ["id", "text", "question", "sentiment", "themes"],
            ["1", "late\x0b again\x00", "Why?\x1b", "negative", "Access"],
        ],
    )
    [row] = csv_files.read_coded(coded)
    assert (row.text, row.question, row.sentiment, row.themes) == (
        "late again",
        "Why?",
        "negative",
        ("Access",),
    )


def test_a_field_over_the_csv_size_limit_is_a_problem_with_the_file_not_a_crash(tmp_path):
    long_text = "x" * (csv.field_size_limit() + 1)
    path = tmp_path / "long.csv"
    write(path, [["id", "text", "sentiment", "themes"], ["1", "fine", "", ""], ["2", long_text]])
    with pytest.raises(csv_files.CsvProblem, match=r"row 3 cannot be read as CSV.*131,072"):
        csv_files.read_comments(path)
    with pytest.raises(csv_files.CsvProblem, match=r"longer than 131,072 characters"):
        csv_files.read_coded(path)
