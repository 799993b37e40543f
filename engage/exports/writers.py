"""Writers for the theme summary: CSV, Excel, Word and a printable HTML page.

No cell ever becomes a formula: CSV text starting with = + - @ tab or CR gets a leading
apostrophe; Excel cells are written as strings with formula detection off; control
characters are removed everywhere (they also break the XML inside .xlsx and .docx).
"""

from __future__ import annotations

import csv
import io
import unicodedata

from markupsafe import escape

from engage.exports import charts
from engage.exports.summary import ThemeSummary, tables

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_LIMIT = 32767


def without_controls(value: str) -> str:
    return "".join(
        ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    )


def cell_text(value: object) -> str:
    text = without_controls(str(value))
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - 20] + " [shortened]"
    return text


def csv_safe(value: object) -> object:
    if isinstance(value, int | float):
        return value
    text = cell_text(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


Tables = dict[str, tuple[list[str], list[list[object]]]]

# Words wrap only between words: "overflow-wrap: anywhere" let the table squeeze a column
# to a few letters ("Co mm ent s"); "break-word" only splits a word longer than its whole
# line (a long link), and does not narrow the column to do it.
PRINT_CSS = (
    "body{font-family:system-ui,Arial,sans-serif;line-height:1.45;max-width:48rem;"
    "margin:2rem auto;padding:0 1rem;color:#0b0c0c}"
    "h1{font-size:1.7rem;margin-bottom:.2rem}.scope{color:#505a5f;margin-top:0}"
    "h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid #1d70b8}"
    "h3{font-size:1.05rem;margin:1.2rem 0 .4rem}h3 span{font-weight:normal;color:#505a5f}"
    "p,li,td,th,blockquote{overflow-wrap:break-word;word-break:normal;hyphens:manual}"
    "table{border-collapse:collapse;width:100%;margin:0 0 1.5rem}"
    "th,td{border:1px solid #b1b4b6;padding:.35rem .5rem;text-align:left;vertical-align:top}"
    "th{background:#f3f2f1}td.num{white-space:nowrap;text-align:right}"
    "blockquote{margin:.4rem 0 .6rem;padding:.1rem .8rem;border-left:4px solid #b1b4b6}"
    "blockquote::before{content:open-quote}blockquote::after{content:close-quote}"
    ".held{background:#f3f2f1;padding:.6rem .8rem}img{max-width:100%}"
    "@media print{body{margin:0;max-width:none;font-size:11pt}"
    "h2,h3{break-after:avoid}tr,blockquote,img{break-inside:avoid}}"
)


def to_csv(summary: ThemeSummary) -> bytes:
    return tables_to_csv([summary.title, summary.scope], tables(summary))


def tables_to_csv(heading: list[str], named_tables: Tables) -> bytes:
    """One file, tables one after another, UTF-8 with a BOM so Excel reads accents."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in heading:
        writer.writerow([csv_safe(line)])
    for name, (header, rows) in named_tables.items():
        writer.writerow([])
        writer.writerow([name])
        writer.writerow([csv_safe(value) for value in header])
        writer.writerows([[csv_safe(value) for value in row] for row in rows])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(summary: ThemeSummary) -> bytes:
    return tables_to_xlsx(summary.title, tables(summary))


def tables_to_xlsx(title: str, named_tables: Tables) -> bytes:
    """One sheet per table; text always as strings, numbers as numbers, no formulas."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    for name, (header, rows) in named_tables.items():
        sheet = workbook.add_worksheet(name[:31])
        sheet.write_string(0, 0, cell_text(title), bold)
        for column, value in enumerate(header):
            sheet.write_string(2, column, cell_text(value), bold)
            sheet.set_column(column, column, 60 if column == len(header) - 1 else 22)
        for row_number, row in enumerate(rows, start=3):
            for column, value in enumerate(row):
                if isinstance(value, int | float):
                    sheet.write_number(row_number, column, value)
                else:
                    sheet.write_string(row_number, column, cell_text(value), wrap)
    workbook.close()
    return buffer.getvalue()


QUOTES = "What people said"


def for_reading(summary: ThemeSummary) -> Tables:
    """The tables laid out for reading (Word and the printable page): the quotes leave the
    themes table, where they made a column a few words wide, for a section of their own."""
    result: Tables = {}
    for name, (header, rows) in tables(summary).items():
        if name == "Themes":
            result[name] = (header[:-1], [row[:-1] for row in rows])
            if quoted(summary):
                result[QUOTES] = ([], [])
        else:
            result[name] = (header, rows)
    return result


def quoted(summary: ThemeSummary) -> list[tuple[str, tuple[str, ...]]]:
    return [(row.theme, row.quotes) for row in summary.themes if row.quotes]


def to_docx(summary: ThemeSummary) -> bytes:
    import docx
    from docx.shared import Inches

    document = docx.Document()
    document.add_heading(cell_text(summary.title), level=0)
    document.add_paragraph(cell_text(summary.scope), style="Subtitle")
    drawn = {
        "Themes": charts.theme_chart(summary.themes),
        "Responses": charts.response_chart(summary.responses, summary.by_wave),
    }
    for name, (header, rows) in for_reading(summary).items():
        document.add_heading(name, level=1)
        if name == QUOTES:
            for theme, quotes in quoted(summary):
                document.add_heading(cell_text(theme), level=3)
                for quote in quotes:
                    document.add_paragraph(cell_text(f"“{quote}”"), style="Quote")
            continue
        if name == "Method":
            for row in rows:
                document.add_paragraph(cell_text(row[0]), style="List Bullet")
            continue
        if drawn.get(name):
            image, caption = drawn[name]
            document.add_picture(io.BytesIO(image), width=Inches(6.3))
            if caption:
                document.add_paragraph(caption, style="Caption")
        docx_table(document, header, rows)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_table(document, header: list[str], rows: list[list[object]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, value in zip(table.rows[0].cells, header, strict=True):
        cell.text = cell_text(value)
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = cell_text(value)


def to_html(summary: ThemeSummary) -> str:
    """A standalone printable page: every value escaped, no script, no outside resources."""
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(cell_text(summary.title))}</title>",
        f"<style>{PRINT_CSS}</style></head><body>",
        f"<h1>{escape(cell_text(summary.title))}</h1>",
        f"<p>{escape(cell_text(summary.scope))}</p>",
    ]
    for name, (header, rows) in for_reading(summary).items():
        if name == QUOTES:
            parts.append(f"<h2>{QUOTES}</h2>")
            for theme, quotes in quoted(summary):
                parts.append(f"<h3>{escape(cell_text(theme))}</h3>")
                parts.extend(f"<blockquote>{escape(cell_text(q))}</blockquote>" for q in quotes)
            continue
        if name == "Method":
            items = "".join(f"<li>{escape(cell_text(row[0]))}</li>" for row in rows)
            parts.append(f"<h2>{escape(name)}</h2><ul>{items}</ul>")
            continue
        parts.append(f"<h2>{escape(name)}</h2><table><thead><tr>")
        parts.extend(f'<th scope="col">{escape(cell_text(value))}</th>' for value in header)
        parts.append("</tr></thead><tbody>")
        for row in rows:
            parts.append("<tr>" + "".join(html_cell(value) for value in row) + "</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "".join(parts)


def html_cell(value: object) -> str:
    """Numbers right-aligned on one line; text wraps only between words."""
    numeric = isinstance(value, int | float) or value in ("hidden", "n/a")
    opening = '<td class="num">' if numeric else "<td>"
    return f"{opening}{escape(cell_text(value))}</td>"


WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "docx": to_docx, "html": to_html}
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}
