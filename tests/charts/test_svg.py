"""Charts drawn as inline SVG: real text, escaped, no inline style, ids of their own, cached."""

import json
import os
from xml.etree import ElementTree

from engage.charts import drawing, figures, svg
from engage.charts.dashboard import Chart

PAYLOAD = '</svg><script>alert(1)</script><img src=x onerror="alert(1)"> $x$'
SVG = "{http://www.w3.org/2000/svg}"


def parsed(text: str):
    return ElementTree.fromstring(text.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))  # noqa: S314 (ours)


def every_kind() -> list[str]:
    return [
        figures.line_with_band("T", ["Wave 1 (2 Sep)"], {PAYLOAD: [(50, 40, 60)]}, PAYLOAD),
        figures.bars("T", [PAYLOAD], [12], "Responses"),
        figures.stacked_shares(
            "T", ["Wave 1"], {PAYLOAD: [0.5], "B": [0.5]}, {PAYLOAD: ["/a"], "B": [None]}
        ),
        figures.heatmap("T", ["Wave 1", "Wave 2"], [PAYLOAD, "B"], [[0, None], [5, 9]], (0, 10)),
        figures.horizontal_bars("T", [PAYLOAD, "B"], [3, -2], "Change", [(1, 5), (-6, 2)]),
        figures.horizontal_bars("T", ["A", "B"], [3, None], "Net sentiment"),
        figures.grouped_bars("T", [PAYLOAD], {"Council": [40], "Partner": [None]}, "Index"),
    ]


def test_every_kind_is_drawn_with_text_as_text_and_labels_escaped():
    for index, figure in enumerate(every_kind()):
        for size in (drawing.WIDE, drawing.NARROW):
            text = svg.chart_svg(figure, size, f"Chart {PAYLOAD}", f"k{index}")
            assert "<script" not in text and "<img" not in text and "</svg><" not in text
            root = parsed(text)
            assert root.get("aria-label") == f"Chart {PAYLOAD}"
            assert root.get("role") in ("img", "group") and root.get("viewBox")
            words = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
            assert words.strip(), "labels are text elements, not outlines"
            assert not any(e.get("style") for e in root.iter())  # CSP: no inline style
            assert root.find(f"{SVG}style") is None and root.find(f".//{SVG}image") is None
    drawn = svg.chart_svg(every_kind()[4], drawing.WIDE, "n", "changes")
    assert "&lt;/svg&gt;&lt;script&gt;" in drawn and "$x$" in drawn  # "$" is not mathtext


def test_hidden_cells_are_hatched_and_named_in_a_legend_and_zero_is_lightest():
    figure = figures.heatmap(
        "T", ["Wave 1", "Wave 2"], ["A", "B"], [[0, 40], [None, 10]], (0, 40), "%", None, "Why"
    )
    root = parsed(svg.chart_svg(figure, drawing.WIDE, "n", "heat"))
    words = [t.text for t in root.iter(f"{SVG}text")]
    assert "hidden" in words and "Why" in words and "0" in words and "40" in words
    patterns = list(root.iter(f"{SVG}pattern"))
    assert patterns and all(p.get("id").startswith("heat-wide-") for p in patterns)
    fills = {e.get("fill") for e in root.iter()}
    assert "#f7fbff" in fills  # 0 is the lightest colour of the scale
    tips = [t.text for t in root.iter(f"{SVG}title")]
    assert "B, Wave 1: hidden" in tips and "A, Wave 2: 40" in tips


def test_ids_are_the_charts_own_and_every_reference_resolves():
    text = svg.chart_svg(every_kind()[0], drawing.WIDE, "n", "lines")
    root = parsed(text)
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert ids and all(i.startswith("lines-wide-") for i in ids)
    for element in root.iter():
        for value in element.attrib.values():
            if value.startswith("url(#"):
                assert value[5:-1] in ids
        if element.get("href", "").startswith("#"):
            assert element.get("href")[1:] in ids


def test_marks_with_comments_behind_them_are_named_links_in_a_group():
    figure = figures.stacked_shares("T", ["Wave 1"], {"Cost": [0.5]}, {"Cost": ["/c?x=1&y=2"]})
    root = parsed(svg.chart_svg(figure, drawing.WIDE, "n", "framing"))
    (link,) = root.iter(f"{SVG}a")
    assert link.get("href") == "/c?x=1&y=2" and link.get("tabindex") == "-1"
    assert link.get("target") is None  # opens in place, not in a new tab
    assert link.find(f"{SVG}title").text == "Wave 1, Cost: 50"
    assert root.get("role") == "group"
    for text in root.iter(f"{SVG}text"):  # hidden from screen readers, and clicks go through
        assert text.get("aria-hidden") == "true" and text.get("pointer-events") == "none"


def test_nothing_to_draw_is_no_svg_and_a_chart_is_drawn_once_per_content():
    no_groups = figures.heatmap("T", ["Wave 1"], [], [], (0, 10))
    assert svg.chart_svg(no_groups, drawing.WIDE, "n", "k") is None
    empty = json.dumps({"data": [], "layout": {}})
    assert svg.chart_svg(empty, drawing.NARROW, "n", "k") is None
    figure = figures.bars("T", ["Wave 9"], [7], "Responses")
    chart = Chart("responses", "Responses", figure, ["Wave"], [["Wave 9"]])
    first = svg.drawn(chart)
    before = svg.cached.cache_info()
    again = svg.drawn(chart)
    after = svg.cached.cache_info()
    assert again == first and after.hits == before.hits + 2 and after.misses == before.misses
    assert 'class="chart-svg chart-wide"' in first["wide"]
    assert 'class="chart-svg chart-narrow"' in first["narrow"]


def test_a_drawing_on_disk_serves_every_worker_and_the_folder_stays_bounded(tmp_path, monkeypatch):
    figure = figures.bars("T", ["Wave 8"], [3], "Responses")
    first = svg.chart_svg(figure, drawing.WIDE, "n", "k", str(tmp_path))
    (kept,) = tmp_path.glob("*.svg")
    assert kept.read_text(encoding="utf-8") == first
    svg.cached.cache_clear()  # another worker: nothing in its memory

    def never(*args):
        raise AssertionError("drawn again")

    monkeypatch.setattr(svg, "save", never)
    assert svg.chart_svg(figure, drawing.WIDE, "n", "k", str(tmp_path)) == first
    monkeypatch.setattr(svg, "KEPT_ON_DISK", 4)
    kept.unlink()
    for index in range(4):
        (tmp_path / f"{index}.svg").write_text("<svg/>")
        os.utime(tmp_path / f"{index}.svg", (1000 + index, 1000 + index))
    svg.keep(tmp_path / "new.svg", "<svg/>")
    left = sorted(path.name for path in tmp_path.glob("*.svg"))
    assert left == ["2.svg", "3.svg", "new.svg"]  # over 4: pruned to the newest 3
    assert not list(tmp_path.glob(".partial-*"))
