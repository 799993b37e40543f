import json

from engage.charts import figures


def test_labels_are_escaped_and_script_cannot_break_out():
    payload = '</script><script>alert(1)</script><a href="javascript:alert(1)">x</a>'
    figure = figures.heatmap(payload, [payload], [payload], [[None]])
    assert "</script>" not in figure and "<script>" not in figure
    data = json.loads(figure)
    assert data["data"][0]["y"] == [
        "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        "&lt;a href=&#34;javascript:alert(1)&#34;&gt;x&lt;/a&gt;"
    ]
    assert data["data"][0]["text"] == [["hidden"]]  # a hidden cell is marked, not zero


def test_bands_and_gaps():
    figure = json.loads(
        figures.line_with_band("T", ["w1", "w2"], {"Trust": [(50, 40, 60), None]}, "Index")
    )
    band, line = figure["data"]
    assert line["y"] == [50, None] and band["fill"] == "toself"


def test_every_figure_escapes_every_label():
    payload = '<img src=x onerror="alert(1)">'
    figures_made = [
        figures.line_with_band(payload, [payload], {payload: [(1, 0, 2)]}, payload),
        figures.bars(payload, [payload], [1], payload),
        figures.stacked_shares(payload, [payload], {payload: [0.5]}),
        figures.heatmap(payload, [payload], [payload], [[1]], z_title=payload),
        figures.horizontal_bars(payload, [payload], [1], payload, [(0, 2)]),
        figures.grouped_bars(payload, [payload], {payload: [1]}, payload),
    ]
    for figure in figures_made:
        assert "<img" not in json.dumps(json.loads(figure), ensure_ascii=False)
