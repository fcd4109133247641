"""The SVG charts: well-formed, hidden from screen readers, masked bars empty."""

from __future__ import annotations

from xml.etree import ElementTree

from signalen.dashboards.charts import Bar, bar_chart, column_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup):
    return ElementTree.fromstring(str(markup))


def test_bars_are_proportional_and_masked_counts_draw_no_length():
    svg = parse(bar_chart([Bar("A", 10), Bar("B", 5), Bar("C", "<3")], title="T"))
    assert svg.get("aria-hidden") == "true"
    widths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect")]
    assert len(widths) == 2  # "<3" has no bar
    assert widths[0] == 2 * widths[1]
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "<3" in texts and "A" in texts


def test_labels_are_escaped():
    svg = parse(column_chart([Bar("<script>&", 3)], title="a & b"))
    assert [t.text for t in svg.iter(f"{SVG}text")][1] == "<script>&"
    assert svg.find(f"{SVG}title").text == "a & b"


def test_empty_chart_is_still_valid():
    assert parse(bar_chart([], title="Leeg")).tag == f"{SVG}svg"
    assert parse(column_chart([], title="Leeg")).tag == f"{SVG}svg"
