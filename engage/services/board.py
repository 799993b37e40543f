"""The director's board pack: the dashboard as it stands for one set of filters, put
together from the read side's figures, the dashboard's own charts drawn offline, and the
same tables the page shows."""

from __future__ import annotations

from datetime import date

from engage.charts.dashboard import build_charts
from engage.exports import board_pack, pdf, static_charts
from engage.models import Programme
from engage.services.reading import dashboard as insights


def made_from(data: insights.Dashboard) -> list[tuple[str, str]]:
    """The filters in words, so a reader can open the same view on the dashboard."""
    filters, choices = data.filters, data.choices
    waves = data.waves
    organisation = choices.organisation_name(filters.organisation_id or 0) or "all"
    group = next((g.name for g in choices.groups if g.id == filters.group_id), "all")
    return [
        ("Survey", data.survey.title if data.survey else "none"),
        ("Waves", f"{waves[0].label} to {waves[-1].label}" if waves else "none yet"),
        ("Organisation", organisation),
        ("Group", group),
        ("Made on", f"{date.today():%-d %B %Y}"),
        ("Hidden below", f"{data.minimum} people"),
    ]


def notes(data: insights.Dashboard) -> list[str]:
    found = [
        f"{wave.label} is in progress: its figures are marked and do not count in the "
        "sentences above."
        for wave in data.waves
        if wave.in_progress
    ]
    found += [
        f"Figures revised on {r.on:%-d %B %Y}. {r.reason}, which moved "
        + "; ".join(r.changes)
        + (f", and {r.more} more" if r.more else "")
        + "."
        for r in data.revised
    ]
    return found


def build(programme: Programme, filters: insights.Filters) -> board_pack.BoardPack:
    data = insights.build(programme, filters)
    sections = [
        board_pack.Section(
            chart.key,
            chart.title,
            chart.note,
            chart.header,
            [[getattr(value, "text", value) for value in row] for row in chart.rows],
            static_charts.png(chart.figure),
        )
        for chart in build_charts(data)
    ]
    return board_pack.BoardPack(
        f"{programme.name}: board pack",
        made_from(data),
        [(sentence.text, sentence.attention) for sentence in data.story],
        notes(data),
        sections,
    )


WRITERS = {
    "docx": board_pack.to_docx,
    "html": board_pack.to_html,
    # Printed from the same page by a headless browser; LookupError where none is installed.
    "pdf": lambda pack: pdf.html_to_pdf(board_pack.to_html(pack)),
}


def can_print() -> bool:
    return pdf.converter() is not None


def render(pack: board_pack.BoardPack, fmt: str) -> bytes:
    content = WRITERS[fmt](pack)
    return content.encode("utf-8") if isinstance(content, str) else content


def file_name(programme: Programme, filters: insights.Filters, fmt: str) -> str:
    until = f"-to-wave-{filters.wave_to}" if filters.wave_to else ""
    return f"{programme.slug}-board-pack{until}-{date.today():%Y-%m-%d}.{fmt}"
