"""Every export opened the way a person would, with a catalogue of hostile text inside."""

import csv
import io

import docx
import openpyxl
import pytest

from engage.exports import writers
from engage.exports.summary import CountRow, ShareRow, ThemeRow, ThemeSummary

HOSTILE = [
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/")',
    "+1+1",
    "-1+1",
    "\t=1+1",
    "\r=1+1",
    "<script>alert(1)</script>",
    '#"><img src=x onerror=prompt(1)>',
    "a\x00b\x0bc\x1b[31m",
    "Zoë Łódź 👍🏽 ŵ ŷ",
    'line1\nline2, with "quotes"',
    "x" * 40_000,
]


def hostile_summary() -> ThemeSummary:
    themes = [ThemeRow(text[:100] or "blank", 12, 0.25, -33.3, 5.0, (text,)) for text in HOSTILE]
    themes.append(ThemeRow("Small group", None, None, None, None))
    return ThemeSummary(
        title="=Theme summary <b>",
        scope="-Wave 1",
        comments=40,
        respondents=30,
        themes=themes,
        framings=[ShareRow("=Cutting costs", 12, 0.4), ShareRow("Few", None, None)],
        responses=[CountRow("@Council: ICT", 14, 20, 0.7), CountRow("Tiny", None, 3, None)],
        method=["-minus first note"],
    )


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_csv_never_starts_a_cell_with_a_formula_trigger():
    content = writers.to_csv(hostile_summary())
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    for cell in cells:
        if is_number(cell):  # numbers are written as numbers, never neutralised
            continue
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "'=cmd|' /C calc'!A0" in cells and "-33.3" in cells  # numbers stay numbers
    assert "hidden" in cells and "0" not in [
        row[1] for row in rows if row and row[0] == "Small group"
    ]
    assert "Zoë Łódź 👍🏽 ŵ ŷ" in cells and "abc[31m" in cells


def test_xlsx_has_no_formulas_and_opens_in_openpyxl():
    book = openpyxl.load_workbook(io.BytesIO(writers.to_xlsx(hostile_summary())))
    assert book.sheetnames == ["Themes", "Framings", "Responses", "Method"]
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
                values.append(cell.value)
    assert '=HYPERLINK("http://evil.example/")' in values  # stored as text, inert
    assert -33.3 in values and 12 in values  # numbers are numbers
    assert any(isinstance(v, str) and v.endswith("[shortened]") for v in values)
    assert "hidden" in values


def test_docx_opens_and_holds_the_tables():
    document = docx.Document(io.BytesIO(writers.to_docx(hostile_summary())))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "=Theme summary <b>" in text
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "<script>alert(1)</script>" in cells and "hidden" in cells
    assert len(document.tables) == 3


def test_html_escapes_everything_and_loads_nothing():
    page = writers.to_html(hostile_summary())
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x" in page and "<img" not in page
    assert "<b>" not in page


@pytest.mark.parametrize("fmt", sorted(writers.WRITERS))
def test_an_empty_summary_still_writes(fmt):
    assert writers.WRITERS[fmt](ThemeSummary("T", "S", 0, 0))


def test_the_word_file_has_charts_drawn_offline_and_says_what_was_left_out():
    document = docx.Document(io.BytesIO(writers.to_docx(hostile_summary())))
    assert len(document.inline_shapes) == 2  # themes, response rates
    text = "\n".join(p.text for p in document.paragraphs)
    assert "The 12 largest themes are drawn" in text and "1 theme hidden" in text
    assert "1 group not drawn" in text


def test_change_is_n_a_without_a_previous_wave_and_hidden_with_one():
    summary = hostile_summary()
    first = dict(writers.tables(summary))["Themes"][1]
    assert {row[4] for row in first} == {"n/a"}
    later = ThemeSummary(**{**summary.__dict__, "has_previous": True})
    assert {row[4] for row in writers.tables(later)["Themes"][1]} == {5.0, "hidden"}


def test_the_printable_page_never_breaks_a_word_to_fit_a_column():
    page = writers.to_html(hostile_summary())
    assert "anywhere" not in page and "break-all" not in page and "hyphens:auto" not in page
    assert "overflow-wrap:break-word" in page and '<td class="num">12</td>' in page
    assert "<ul><li>-minus first note</li></ul>" in page  # the method reads as a list
