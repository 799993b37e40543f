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


def to_docx(summary: ThemeSummary) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(cell_text(summary.title), level=1)
    document.add_paragraph(cell_text(summary.scope))
    for name, (header, rows) in tables(summary).items():
        document.add_heading(name, level=2)
        if name == "Method":
            for row in rows:
                document.add_paragraph(cell_text(row[0]), style="List Bullet")
            continue
        table = document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, value in zip(table.rows[0].cells, header, strict=True):
            cell.text = cell_text(value)
        for row in rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = cell_text(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_html(summary: ThemeSummary) -> str:
    """A standalone printable page: every value escaped, no script, no outside resources."""
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(cell_text(summary.title))}</title>",
        "<style>body{font-family:system-ui,Arial,sans-serif;max-width:60rem;margin:2rem auto;"
        "padding:0 1rem}table{border-collapse:collapse;width:100%;margin-bottom:2rem}"
        "th,td{border:1px solid #b1b4b6;padding:.4rem;text-align:left;vertical-align:top;"
        "white-space:pre-wrap;overflow-wrap:anywhere}</style></head><body>",
        f"<h1>{escape(cell_text(summary.title))}</h1>",
        f"<p>{escape(cell_text(summary.scope))}</p>",
    ]
    for name, (header, rows) in tables(summary).items():
        parts.append(f"<h2>{escape(name)}</h2><table><thead><tr>")
        parts.extend(f'<th scope="col">{escape(cell_text(value))}</th>' for value in header)
        parts.append("</tr></thead><tbody>")
        for row in rows:
            parts.append(
                "<tr>" + "".join(f"<td>{escape(cell_text(value))}</td>" for value in row) + "</tr>"
            )
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "".join(parts)


WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "docx": to_docx, "html": to_html}
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}
