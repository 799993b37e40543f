import json

from engage.charts import figures


def test_labels_are_escaped_and_script_cannot_break_out():
    payload = '</script><script>alert(1)</script><a href="javascript:alert(1)">x</a>'
    figure = figures.heatmap(payload, [payload], [payload], [[None]], (0, 100))
    assert "</script>" not in figure and "<script>" not in figure
    data = json.loads(figure)
    (label,) = data["data"][0]["y"]
    assert label.replace("<br>", "").startswith("&lt;/script&gt;&lt;script&gt;alert(1)")
    assert "<script" not in label.replace("<br>", "") and "<a " not in label
    assert data["data"][0]["text"] == [["hidden"]]  # a hidden cell is marked, not zero


def test_heatmaps_start_light_at_zero_and_hatch_hidden_cells_with_a_legend_entry():
    figure = json.loads(
        figures.heatmap("T", ["w1", "w2"], ["A", "B"], [[0, 40], [None, 10]], (0, 40), "%")
    )
    heat, legend = figure["data"]
    assert heat["zmin"] == 0 and heat["colorscale"][0] == [0.0, "#f7fbff"]
    assert figure["layout"]["yaxis"]["autorange"] == "reversed"  # first row on top
    assert legend["marker"]["pattern"]["shape"] == "/" and legend["showlegend"]
    rects = [shape for shape in figure["layout"]["shapes"] if shape["type"] == "rect"]
    assert [(r["x0"], r["y0"]) for r in rects] == [(-0.5, 0.5)]  # row B, wave 1
    no_hidden = json.loads(figures.heatmap("T", ["w1"], ["A"], [[5]], (0, 100)))
    assert len(no_hidden["data"]) == 1 and not no_hidden["layout"]["shapes"]


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
        figures.heatmap(payload, [payload], [payload], [[1]], (0, 1), z_title=payload),
        figures.horizontal_bars(payload, [payload], [1], payload, [(0, 2)]),
        figures.grouped_bars(payload, [payload], {payload: [1]}, payload),
    ]
    for figure in figures_made:
        assert "<img" not in json.dumps(json.loads(figure), ensure_ascii=False)
