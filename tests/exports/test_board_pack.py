"""The board pack's writers: what a director opens, escaped, with its charts drawn."""

import io
import json

import docx

from engage.charts import figures
from engage.exports import board_pack, static_charts

PAYLOAD = '<img src=x onerror="alert(1)">=HYPERLINK("http://x")'


def pack(image: bytes | None) -> board_pack.BoardPack:
    return board_pack.BoardPack(
        f"{PAYLOAD}: board pack",
        [("Survey", "Pulse"), ("Waves", "Wave 1 to Wave 6")],
        [("Trust rose from 48 to 54 since Wave 5.", False), ("Only 31% answered.", True)],
        ["Figures revised on 3 November 2026."],
        [
            board_pack.Section(
                "themes",
                "Themes",
                "Largest first.",
                ["Theme", "Wave 1"],
                [[PAYLOAD, "hidden"]],
                image,
            )
        ],
    )


def test_every_dashboard_chart_kind_is_drawn_offline_as_a_png():
    made = [
        figures.line_with_band("T", ["Wave 1", "Wave 2"], {"Trust": [(50, 40, 60), None]}, "I"),
        figures.bars("T", ["Wave 1"], [12], "Responses"),
        figures.stacked_shares("T", ["Wave 1"], {"Cost": [0.5], "Digital": [0.5]}),
        figures.heatmap("T", ["Wave 1", "Wave 2"], [PAYLOAD, "B"], [[0, None], [5, 9]], (0, 10)),
        figures.horizontal_bars("T", ["A", "B"], [3, -2], "Change", [(1, 5), (-6, 2)]),
        figures.horizontal_bars("T", ["A", "B"], [3, None], "Net sentiment"),
        figures.grouped_bars("T", ["Item"], {"Council": [40], "Partner": [None]}, "Index"),
    ]
    for figure in made:
        image = static_charts.png(figure)
        assert image is not None and image.startswith(b"\x89PNG")
    empty = json.dumps({"data": [], "layout": {}})
    assert static_charts.png(empty) is None
    # Filters that leave no group (a crafted ?group=): no image rather than a 500.
    assert static_charts.png(figures.heatmap("T", ["Wave 1"], [], [], (0, 10))) is None


def test_the_word_file_has_the_filters_story_charts_and_tables():
    image = static_charts.png(figures.bars("T", ["Wave 1"], [12], "Responses"))
    document = docx.Document(io.BytesIO(board_pack.to_docx(pack(image))))
    text = [p.text for p in document.paragraphs]
    assert "Survey: Pulse; Waves: Wave 1 to Wave 6" in text
    assert "Needs attention: Only 31% answered." in text
    assert len(document.inline_shapes) == 1
    (table,) = document.tables
    assert [c.text for c in table.rows[1].cells] == [PAYLOAD, "hidden"]  # text, not a formula


def test_the_printable_page_escapes_every_value_and_has_no_script():
    image = static_charts.png(figures.bars("T", ["Wave 1"], [12], "Responses"))
    page = board_pack.to_html(pack(image))
    assert "<img src=x" not in page and "<script" not in page
    assert page.count('<img src="data:image/png;base64,') == 1
    assert "&lt;img src=x" in page and "Needs attention:" in page
