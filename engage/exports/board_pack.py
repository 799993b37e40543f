"""A director's board pack: the dashboard's story, charts and tables as one Word document
or one printable page, with the filters it was made from.

Pure writers over plain values: what goes in was read through the read side (the
dashboard), so a board pack can show nothing the dashboard withheld.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field

from markupsafe import escape

from engage.exports.writers import cell_text, docx_table


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    note: str
    header: list[str]
    rows: list[list[str]]
    image: bytes | None = None  # PNG


@dataclass(frozen=True)
class BoardPack:
    title: str
    made_from: list[tuple[str, str]]  # (filter, value): the view the pack reproduces
    story: list[tuple[str, bool]]  # (sentence, needs attention)
    notes: list[str] = field(default_factory=list)  # in progress, revised figures
    sections: list[Section] = field(default_factory=list)


def to_docx(pack: BoardPack) -> bytes:
    import docx
    from docx.shared import Inches

    document = docx.Document()
    document.add_heading(cell_text(pack.title), level=1)
    document.add_paragraph(
        "; ".join(f"{name}: {cell_text(value)}" for name, value in pack.made_from)
    )
    if pack.story:
        document.add_heading("What the figures say", level=2)
        for sentence, attention in pack.story:
            paragraph = document.add_paragraph(style="List Bullet")
            if attention:
                paragraph.add_run("Needs attention: ").bold = True
            paragraph.add_run(cell_text(sentence))
    for note in pack.notes:
        document.add_paragraph(cell_text(note)).italic = True
    for section in pack.sections:
        add_section(document, section, Inches(6.3))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_section(document, section: Section, width) -> None:
    """A chart's heading, note, image and the table with the same figures."""
    document.add_heading(cell_text(section.title), level=2)
    if section.note:
        document.add_paragraph(cell_text(section.note))
    if section.image:
        document.add_picture(io.BytesIO(section.image), width=width)
    docx_table(document, section.header, section.rows)


STYLE = (
    "body{font-family:system-ui,Arial,sans-serif;max-width:60rem;margin:2rem auto;"
    "padding:0 1rem;color:#0b0c0c}table{border-collapse:collapse;width:100%;"
    "margin-bottom:2rem}th,td{border:1px solid #b1b4b6;padding:.4rem;text-align:left;"
    "vertical-align:top}img{max-width:100%;height:auto}.made{color:#505a5f}"
    ".attention{font-weight:700}section{break-inside:avoid-page}"
    "h2{break-after:avoid-page}@media print{body{margin:0}}"
)


def to_html(pack: BoardPack) -> str:
    """A standalone printable page: every value escaped, no script, images inline."""
    made = "; ".join(f"{name}: {value}" for name, value in pack.made_from)
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(cell_text(pack.title))}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(cell_text(pack.title))}</h1>",
        f'<p class="made">{escape(cell_text(made))}</p>',
    ]
    if pack.story:
        parts.append("<h2>What the figures say</h2><ul>")
        for sentence, attention in pack.story:
            flag = '<span class="attention">Needs attention:</span> ' if attention else ""
            parts.append(f"<li>{flag}{escape(cell_text(sentence))}</li>")
        parts.append("</ul>")
    parts.extend(f"<p><em>{escape(cell_text(note))}</em></p>" for note in pack.notes)
    for section in pack.sections:
        parts.append(f"<section><h2>{escape(cell_text(section.title))}</h2>")
        if section.note:
            parts.append(f"<p>{escape(cell_text(section.note))}</p>")
        if section.image:
            data = base64.b64encode(section.image).decode("ascii")
            alt = f"{section.title}: the table below has the same figures"
            parts.append(f'<img src="data:image/png;base64,{data}" alt="{escape(alt)}">')
        parts.append("<table><thead><tr>")
        parts.extend(f'<th scope="col">{escape(cell_text(v))}</th>' for v in section.header)
        parts.append("</tr></thead><tbody>")
        for row in section.rows:
            cells = "".join(f"<td>{escape(cell_text(value))}</td>" for value in row)
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</tbody></table></section>")
    parts.append("</body></html>")
    return "".join(parts)
