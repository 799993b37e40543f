"""The roundtable summary as a Word document, a printable page, a workbook and a CSV.

Laid out as something to send to the room: the opening paragraph, then the ratings, the
priority vote, each question's answers grouped by theme, and what happens next. Sections
with nothing in them are left out. The same safety as the theme summary's writers: no
formulas, no control characters, everything escaped, nothing fetched.
"""

from __future__ import annotations

import io

from markupsafe import escape

from engage.exports import writers
from engage.exports.roundtable import OpenQuestion, RoundtableSummary, join, percent, tables
from engage.exports.writers import PRINT_CSS, cell_text, tables_to_csv, tables_to_xlsx


def sections(summary: RoundtableSummary) -> list[tuple[str, list[object]]]:
    """(heading, blocks) in reading order; a block is a paragraph (str), a table
    (header, rows) or an OpenQuestion. Empty sections never appear."""
    result: list[tuple[str, list[object]]] = [("In brief", [summary.opening])]
    if summary.agreement:
        header = ["Statement", "Agreed", "Neither", "Disagreed", "Answered"]
        rows = [
            [
                row.statement,
                f"{row.agreed} ({percent(row.agreed, row.answered)})",
                str(row.neither),
                str(row.disagreed),
                str(row.answered) + (f" ({row.dont_know} did not know)" if row.dont_know else ""),
            ]
            for row in summary.agreement
        ]
        result.append(("How the room rated the session", [(header, rows)]))
    if summary.votes:
        rows = [
            [str(rank), row.option, str(row.votes)] for rank, row in enumerate(summary.votes, 1)
        ]
        intro = f"{summary.vote_question} Everyone could choose more than one."
        result.append(
            ("What the room would work on first", [intro, (["Rank", "Priority", "Votes"], rows)])
        )
    result.extend((item.question, [item]) for item in summary.questions)
    if summary.next_steps or summary.next_question:
        blocks: list[object] = list(summary.next_steps)
        if summary.next_question:
            blocks.append(f"Asked “{summary.next_question.question}”, you said:")
            blocks.append(summary.next_question)
        result.append(("What happens next", blocks))
    result.append(("About these figures", [summary.method]))
    return result


def to_docx(summary: RoundtableSummary) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(cell_text(summary.title), level=0)
    document.add_paragraph(cell_text(summary.session), style="Subtitle")
    for heading, blocks in sections(summary):
        document.add_heading(cell_text(heading), level=2)
        for block in blocks:
            docx_block(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_block(document, block: object) -> None:
    if isinstance(block, str):
        document.add_paragraph(cell_text(block))
    elif isinstance(block, list):
        for line in block:
            document.add_paragraph(cell_text(line), style="List Bullet")
    elif isinstance(block, OpenQuestion):
        docx_question(document, block)
    else:
        docx_table(document, *block)


def docx_question(document, block: OpenQuestion) -> None:
    if block.held_back:
        document.add_paragraph(cell_text(block.held_back))
    for group in block.groups:
        if group.quotes:
            document.add_heading(cell_text(f"{group.theme} ({people(group.people)})"), level=3)
        for quote in group.quotes:
            document.add_paragraph(cell_text(f"“{quote}”"), style="Quote")
    if also_raised(block):
        document.add_paragraph(cell_text(also_raised(block)))


def docx_table(document, header: list[str], rows: list[list[str]]) -> None:
    """The shared Word table, then space before what follows."""
    writers.docx_table(document, header, rows)
    document.add_paragraph()


def to_html(summary: RoundtableSummary) -> str:
    """A standalone printable page: every value escaped, no script, nothing fetched."""
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(cell_text(summary.title))}</title>",
        f"<style>{PRINT_CSS}</style></head><body>",
        f"<h1>{escape(cell_text(summary.title))}</h1>",
        f'<p class="scope">{escape(cell_text(summary.session))}</p>',
    ]
    for heading, blocks in sections(summary):
        parts.append(f"<section><h2>{escape(cell_text(heading))}</h2>")
        parts.extend(html_block(block) for block in blocks)
        parts.append("</section>")
    parts.append("</body></html>")
    return "".join(parts)


def html_block(block: object) -> str:
    if isinstance(block, str):
        return f"<p>{escape(cell_text(block))}</p>"
    if isinstance(block, list):
        return "<ul>" + "".join(f"<li>{escape(cell_text(x))}</li>" for x in block) + "</ul>"
    if isinstance(block, OpenQuestion):
        parts = (
            [f'<p class="held">{escape(cell_text(block.held_back))}</p>'] if block.held_back else []
        )
        for group in (group for group in block.groups if group.quotes):
            count = people(group.people)
            parts.append(f"<h3>{escape(cell_text(group.theme))} <span>({count})</span></h3>")
            parts.extend(f"<blockquote>{escape(cell_text(q))}</blockquote>" for q in group.quotes)
        if also_raised(block):
            parts.append(f"<p>{escape(cell_text(also_raised(block)))}</p>")
        return "".join(parts)
    header, rows = block
    head = "".join(f'<th scope="col">{escape(cell_text(v))}</th>' for v in header)
    body = "".join("<tr>" + "".join(map(html_cell, row, range(len(row)))) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html_cell(value: str, column: int) -> str:
    """Figures after the first column stay on one line; text wraps between words."""
    numeric = ' class="num"' if column and value[:1].isdigit() else ""
    return f"<td{numeric}>{escape(cell_text(value))}</td>"


def people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def also_raised(block: OpenQuestion) -> str:
    """Themes whose answers are all quoted under a larger theme, named in one line."""
    rest = [f"{g.theme.lower()} ({people(g.people)})" for g in block.groups if not g.quotes]
    return f"Also raised in these answers: {join(rest)}." if rest else ""


def to_csv(summary: RoundtableSummary) -> bytes:
    return tables_to_csv([summary.title, summary.session], tables(summary))


def to_xlsx(summary: RoundtableSummary) -> bytes:
    return tables_to_xlsx(summary.title, tables(summary))


WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "docx": to_docx, "html": to_html}
