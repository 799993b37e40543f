"""The roundtable summary opened as the room would read it, with hostile text inside."""

import csv
import io
from datetime import date

import docx
import openpyxl
import pytest

from engage.exports import roundtable, roundtable_writers
from engage.exports.roundtable import Agreement, OpenQuestion, RoundtableSummary, ThemeGroup, Vote
from tests.exports.test_writers import HOSTILE


def hostile_summary(**changes) -> RoundtableSummary:
    fields = dict(
        title="What we heard",
        survey="=Roundtable",
        session="=Roundtable · 6 November 2026",
        held_on=date(2026, 11, 6),
        people=12,
        opening="12 people at the session answered the feedback form.",
        agreement=[Agreement("The session was a good use of my time.", 9, 2, 1, 1)],
        vote_question="Which should the partners work on first?",
        votes=[Vote("=Procurement", 8), Vote("Room to innovate", 3)],
        questions=[
            OpenQuestion(
                "What was the most useful point raised today?",
                (
                    ThemeGroup("Contract management", 6, tuple(HOSTILE)),
                    ThemeGroup("Leadership", 2, ()),
                ),
            ),
            OpenQuestion("How would you define transformation?", held_back="Fewer than 5 ..."),
        ],
        next_steps=["@The board meets in December."],
        next_question=OpenQuestion("What should happen next?", (ThemeGroup("Other", 5, ("x",)),)),
        method=["-These figures are for the whole session."],
    )
    return RoundtableSummary(**{**fields, **changes})


def test_the_page_reads_in_order_with_nothing_empty_and_nothing_active():
    page = roundtable_writers.to_html(hostile_summary())
    headings = [
        "In brief",
        "How the room rated the session",
        "What the room would work on first",
        "What was the most useful point raised today?",
        "How would you define transformation?",
        "What happens next",
        "About these figures",
    ]
    positions = [page.index(f"<h2>{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)
    assert "<script>" not in page and "&lt;script&gt;" in page and "<img" not in page
    assert "Also raised in these answers: leadership (2 people)." in page
    assert "9 (75%)" in page and "hidden" not in page


def test_a_summary_with_nothing_to_show_has_no_empty_sections():
    summary = hostile_summary(
        people=None, agreement=[], votes=[], questions=[], next_steps=[], next_question=None
    )
    page = roundtable_writers.to_html(summary)
    assert page.count("<h2>") == 2  # the reason, and how the figures are protected
    assert "Ratings" not in roundtable.tables(summary)


def test_the_word_file_quotes_under_theme_headings():
    document = docx.Document(io.BytesIO(roundtable_writers.to_docx(hostile_summary())))
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles["Contract management (6 people)"] == "Heading 3"
    assert "“Zoë Łódź 👍🏽 ŵ ŷ”" in styles and len(document.tables) == 2


def test_spreadsheets_never_start_a_cell_with_a_formula():
    book = openpyxl.load_workbook(io.BytesIO(roundtable_writers.to_xlsx(hostile_summary())))
    assert book.sheetnames == [
        "Summary",
        "Ratings",
        "Priorities",
        "Comments",
        "Next steps",
        "About",
    ]
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
    text = roundtable_writers.to_csv(hostile_summary()).decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text)):
        for value in row:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize("fmt", sorted(roundtable_writers.WRITERS))
def test_every_format_writes(fmt):
    assert roundtable_writers.WRITERS[fmt](hostile_summary())


def test_the_opening_reads_the_first_person_back_in_the_third():
    assert roundtable.statement_clause("I had the chance to say what I think.") == (
        "they had the chance to say what they think"
    )
    assert roundtable.opening(
        4, [], [Vote("Procurement", 3)], [("Value for money", 2)], quotes_held=False
    ) == (
        "4 people at the session answered the feedback form. Asked what should come first, "
        "the room put procurement (3 votes) first. The points raised most often were about "
        "value for money (2 people)."
    )
