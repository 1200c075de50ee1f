"""ITA figure builders: the overall across years and the indicators by tool and band."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from analytics import ita
from analytics.charts.ita import history_chart, indicator_chart
from analytics.palette import BAND_COLOURS, BAND_PATTERNS, LINE_MAINTAIN, LINE_PASS, LINE_TARGET
from analytics.report import ita_report

HISTORY = pd.DataFrame({"fiscal_year": [2566, 2567, 2568], "overall": [89.17, 92.41, 95.5],
                        "rank_ministry": [7, 6, 6], "ministry_size": [8, 8, 8]})
# Made up: a file without indicator rows for 1 and 8 (so derived from their questions); each band per tool at least.
INDICATORS = pd.DataFrame({
    "indicator_no": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    "tool": ["IIT"] * 5 + ["EIT"] * 3 + ["OIT"] * 2,
    "score": [97.02, 96.35, 99.30, 90.78, 94.32, 92.70, 83.41, 81.22, 100.0, 100.0],
    "derived": [True, False, False, False, False, False, False, True, False, False],
})


def main_trace(fig: go.Figure) -> go.Bar | go.Scatter:
    """The trace that carries the data (legend-only traces have x = [None])."""
    return next(tr for tr in fig.data if tr.x is not None and any(v is not None for v in tr.x))


def test_history_plots_be_years_and_published_scores():
    """It plots the published overall per fiscal year, with the BE years as categories."""
    fig = history_chart(HISTORY, "th", "กพร.", 2568)
    line = main_trace(fig)
    assert list(line.x) == ["2566", "2567", "2568"]
    assert list(line.y) == [89.17, 92.41, 95.5]
    assert fig.layout.xaxis.type == "category"


def test_history_marks_bands_with_palette_colours_and_shapes():
    """It colours each year's marker by its band, from the palette, with the band's symbol in its label."""
    line = main_trace(history_chart(HISTORY, "th"))
    assert list(line.marker.color) == [BAND_COLOURS["improve"], BAND_COLOURS["develop"], BAND_COLOURS["maintain"]]
    assert list(line.marker.symbol) == ["square", "triangle-up", "circle"]
    assert list(line.text) == ["89.17 ■", "92.41 ▲", "95.50 ●"]


def test_history_draws_pass_target_and_maintain_lines():
    """It draws horizontal lines at 85, 89 and 95 in the palette's line colours, named in the legend."""
    fig = history_chart(HISTORY, "th")
    lines = sorted((s.y0, s.line.color) for s in fig.layout.shapes)
    assert lines == [(85.0, LINE_PASS), (89.0, LINE_TARGET), (95.0, LINE_MAINTAIN)]
    names = {tr.name for tr in fig.data}
    assert {"เกณฑ์ผ่าน 85", "ค่าเป้าหมายแผนแม่บทฯ 89", "รักษาระดับ 95"} <= names


@pytest.mark.parametrize(("lang", "title", "axis"), [
    ("th", "คะแนน ITA ภาพรวม กพร. รายปี", "ปีงบประมาณ (พ.ศ.)"),
    ("en", "ITA overall score by year: DPIM", "Fiscal year (BE)"),
])
def test_history_labels_follow_language(lang, title, axis):
    """It titles the chart and its axis in the chosen language."""
    fig = history_chart(HISTORY, lang, "กพร." if lang == "th" else "DPIM")
    assert fig.layout.title.text == title
    assert fig.layout.xaxis.title.text == axis


def test_history_of_no_years_is_an_empty_figure():
    """It returns a figure, not an error, when there is no history."""
    fig = history_chart(HISTORY.iloc[0:0], "th")
    assert len(fig.data[0].x) == 0
    assert fig.layout.yaxis.range[1] > 100


def test_indicators_of_no_rows_is_an_empty_figure():
    """It returns a figure, not an error, when there are no indicator scores."""
    fig = indicator_chart(INDICATORS.iloc[0:0], "th")
    assert len(fig.data[0].x) == 0
    assert fig.layout.title.text == "คะแนนรายตัวชี้วัด"


def test_indicator_bars_carry_scores_in_indicator_order():
    """It draws one horizontal bar per indicator, 1 to 10, with its score."""
    bar = main_trace(indicator_chart(INDICATORS, "th", 2568))
    assert bar.orientation == "h"
    assert list(bar.x) == INDICATORS["score"].tolist()


def test_indicator_bars_grouped_by_tool_with_thai_names():
    """It marks each bar with its tool and number (IIT 1-5, EIT 6-8, OIT 9-10) and writes its Thai name above it."""
    fig = indicator_chart(INDICATORS, "th", 2568)
    names = list(main_trace(fig).y)
    assert list(fig.layout.yaxis.tickvals) == names
    assert list(fig.layout.yaxis.ticktext) == [f"IIT {n}" for n in range(1, 6)] + [f"EIT {n}" for n in (6, 7, 8)] + \
        ["OIT 9", "OIT 10"]
    assert names[6] == f"7. {ita.INDICATOR_NAMES_TH[7]}"
    assert names[1] == "2. การใช้งบประมาณ"
    above = [(a.text, a.y) for a in fig.layout.annotations if a.xref == "paper" and a.yref == "y"]
    assert [text for text, _ in above] == names
    # just above each bar: the axis is reversed, so above bar i is i minus half a bar
    assert all(y == pytest.approx(i - (1 - fig.layout.bargap) / 2) for i, (_, y) in enumerate(above))


def test_indicator_bars_in_english():
    """It names indicators in English when asked."""
    fig = indicator_chart(INDICATORS, "en", 2568)
    names = main_trace(fig).y
    assert names[6] == f"7. {ita.INDICATOR_NAMES_EN[7]}"
    assert fig.layout.title.text == "ITA indicator scores, FY2568"


def test_indicator_bars_coloured_and_patterned_by_band():
    """It colours and patterns each bar by its band from the palette and says the band in its label."""
    bar = main_trace(indicator_chart(INDICATORS, "th", 2568))
    bands = [ita.band(s) for s in INDICATORS["score"]]
    assert list(bar.marker.color) == [BAND_COLOURS[b] for b in bands]
    assert list(bar.marker.pattern.shape) == [BAND_PATTERNS[b] for b in bands]
    assert bar.text[6] == "83.41 ■ ปรับปรุงแก้ไข"
    assert bar.text[3] == "90.78 ▲ พัฒนาระดับ"
    assert bar.text[0] == "97.02 ● รักษาระดับ"


def test_indicator_legend_names_each_band_shown():
    """It lists the bands it shows in the legend, in Thai, with their colours."""
    fig = indicator_chart(INDICATORS, "th", 2568)
    legend = {tr.name: tr.marker.color for tr in fig.data if tr.showlegend}
    assert legend == {"● รักษาระดับ": BAND_COLOURS["maintain"], "▲ พัฒนาระดับ": BAND_COLOURS["develop"],
                      "■ ปรับปรุงแก้ไข": BAND_COLOURS["improve"]}


def test_indicator_derived_scores_are_marked():
    """It marks an indicator whose score is its questions' mean (seed 004: 1 and 8) with ※."""
    names = main_trace(indicator_chart(INDICATORS, "th", 2568)).y
    marked = [n for n in names if n.endswith("※")]
    assert marked == ["1. การปฏิบัติหน้าที่ ※", "8. การปรับปรุงการทำงาน ※"]


def test_indicator_chart_from_the_demo_report(demo_store):
    """It draws DPIM's FY2568 indicators from the report with seed 004's printed scores (1: 95.59, 8: 80.36)."""
    report = ita_report(demo_store, "DPIM", 2568)
    assert report is not None
    bar = main_trace(indicator_chart(report.indicators, "th", 2568))
    assert len(bar.x) == 10
    assert bar.x[0] == pytest.approx(95.59) and bar.x[7] == pytest.approx(80.36)
    assert sum(n.endswith("※") for n in bar.y[1]) == 0
