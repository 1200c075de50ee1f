"""Comparison figure builders: ITA and KPI rankings, the indicators x units heat map, KPI types."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.charts.compare import (
    CHART_LIMIT,
    first_and_last,
    indicator_heatmap,
    indicator_key,
    ita_ranking_chart,
    kpi_composite_chart,
    kpi_type_chart,
    unit_label,
)
from analytics.palette import BAND_COLOURS, BAND_PATTERNS, PRIMARY

UNITS = pd.DataFrame({
    "org_code": ["TISI", "DIP", "DPIM", "OMIN"],
    "abbr_th": ["สมอ.", "กสอ.", "กพร.", "สร.อก."],
    "name_th": ["สำนักงานมาตรฐานผลิตภัณฑ์อุตสาหกรรม", "กรมส่งเสริมอุตสาหกรรม",
                "กรมอุตสาหกรรมพื้นฐานและการเหมืองแร่", "สำนักงานรัฐมนตรี"],
    "name_en": ["Thai Industrial Standards Institute", "Department of Industrial Promotion",
                "Department of Primary Industries and Mines", "Office of the Minister"],
})
# Deliberately unsorted: the builder orders best first.
GROUP = UNITS.assign(overall=[97.62, 94.87, 94.23, 88.5]).iloc[[2, 0, 3, 1]]


def data_trace(fig: go.Figure) -> go.Bar:
    return next(tr for tr in fig.data if tr.x is not None and any(v is not None for v in tr.x))


def test_unit_label_is_thai_abbreviation_or_code():
    """It names a unit กพร. in Thai and DPIM in English."""
    row = UNITS.iloc[2]
    assert unit_label(row, "th") == "กพร."
    assert unit_label(row, "en") == "DPIM"
    assert unit_label({"org_code": "X", "abbr_th": None}, "th") == "X"


def test_ita_ranking_best_first():
    """It ranks units by their published overall, best at the top."""
    bar = data_trace(ita_ranking_chart(GROUP, "th", "DPIM", 2568))
    assert list(bar.y) == ["สมอ.", "กสอ.", "กพร.", "สร.อก."]
    assert list(bar.x) == [97.62, 94.87, 94.23, 88.5]
    assert bar.orientation == "h"


def test_ita_ranking_coloured_by_band_from_palette():
    """It colours and patterns each unit's bar by its band and names the band in its label."""
    bar = data_trace(ita_ranking_chart(GROUP, "th", "DPIM", 2568))
    bands = ["maintain", "develop", "develop", "improve"]
    assert list(bar.marker.color) == [BAND_COLOURS[b] for b in bands]
    assert list(bar.marker.pattern.shape) == [BAND_PATTERNS[b] for b in bands]
    assert bar.text[3] == "88.50 ■ ปรับปรุงแก้ไข"


def test_ita_ranking_highlights_the_selected_unit():
    """It gives the selected unit a thick outline and a bold label, whatever its colour."""
    fig = ita_ranking_chart(GROUP, "th", "DPIM", 2568)
    bar = data_trace(fig)
    widths = list(bar.marker.line.width)
    assert widths[2] == 3 and max(widths[:2] + widths[3:]) < 3
    assert list(fig.layout.yaxis.ticktext) == ["สมอ.", "กสอ.", "<b>กพร.</b>", "สร.อก."]


def test_ita_ranking_in_english():
    """It labels units by code and titles the chart in English."""
    fig = ita_ranking_chart(GROUP, "en", "DPIM", 2568)
    assert list(data_trace(fig).y) == ["TISI", "DIP", "DPIM", "OMIN"]
    assert fig.layout.title.text == "ITA overall ranking, FY2568"


def test_ita_ranking_draws_thresholds():
    """It draws the 85, 89 and 95 lines across the ranking."""
    fig = ita_ranking_chart(GROUP, "th", "DPIM", 2568)
    assert sorted(s.x0 for s in fig.layout.shapes) == [85.0, 89.0, 95.0]


def test_kpi_composite_ranking_on_one_scale():
    """It ranks KPI composites best first, the selected unit in the primary colour, titled with the scale."""
    comps = UNITS.iloc[:3].assign(composite=[86.81, 83.52, 85.03])
    fig = kpi_composite_chart(comps, "th", 12, "3-level", "DPIM")
    bar = data_trace(fig)
    assert list(bar.y) == ["สมอ.", "กพร.", "กสอ."]
    assert bar.marker.color[1] == PRIMARY and bar.marker.color[0] != PRIMARY
    assert "เกณฑ์ 3 ระดับ เต็ม 100" in fig.layout.title.text
    assert fig.layout.xaxis.range[1] > 100
    five = kpi_composite_chart(comps.assign(composite=[3.5, 4.1, 2.9]), "en", 12, "5-level", "DPIM")
    assert "out of 5" in five.layout.title.text
    assert five.layout.xaxis.range[1] < 10


def test_heatmap_cells_hold_scores_symbols_and_band_colours():
    """It draws a unit per row and an indicator per column, each score with its band symbol in its cell,
    coloured by band from the palette."""
    grid = pd.DataFrame({"org_code": ["TISI", "TISI", "DPIM", "DPIM"], "indicator_no": [1, 7, 1, 7],
                         "score": [98.41, 94.17, 97.0233, 83.41], "derived": [False, False, True, False]})
    fig = indicator_heatmap(grid, UNITS, "th", "DPIM", 2568)
    heat = fig.data[0]
    assert list(heat.y) == ["สมอ.", "กสอ.", "กพร.", "สร.อก."]
    assert list(heat.x) == ["1", "7"]
    assert heat.text[0][0] == "98.41<br>●"
    assert heat.text[2][0] == "97.02<br>● ※"
    assert heat.text[0][1] == "94.17<br>▲"
    assert heat.text[2][1] == "83.41<br>■"
    assert heat.z[1][0] is None and heat.text[1][0] == ""
    colours = {c for _, c in heat.colorscale}
    assert colours == set(BAND_COLOURS.values())
    legend = {tr.name: tr.marker.color for tr in fig.data[1:] if tr.name != "cells"}
    assert legend == {"● รักษาระดับ": BAND_COLOURS["maintain"], "▲ พัฒนาระดับ": BAND_COLOURS["develop"],
                      "■ ปรับปรุงแก้ไข": BAND_COLOURS["improve"]}
    # z is the band index 0 improve, 1 develop, 2 maintain
    assert [heat.z[0][0], heat.z[0][1], heat.z[2][1]] == [2, 1, 0]


def test_heatmap_cells_of_a_row_carry_its_unit():
    """Every clickable cell of a unit's row carries that unit's code, and its hover names unit and indicator."""
    grid = pd.DataFrame({"org_code": ["TISI", "DPIM"], "indicator_no": [1, 9], "score": [98.41, 100.0],
                         "derived": [False, False]})
    fig = indicator_heatmap(grid, UNITS, "th", "DPIM", 2568)
    cells = next(tr for tr in fig.data if tr.name == "cells")
    assert cells.showlegend is False
    assert list(zip(cells.y, cells.x, cells.customdata, strict=True)) == [
        (unit, no, code) for unit, code in zip(["สมอ.", "กสอ.", "กพร.", "สร.อก."], UNITS["org_code"], strict=True)
        for no in ("1", "9")]
    assert cells.hovertemplate[0] == "สำนักงานมาตรฐานผลิตภัณฑ์อุตสาหกรรม · 1. การปฏิบัติหน้าที่: 98.41 รักษาระดับ" \
        "<extra></extra>"
    assert cells.hovertemplate[2] == "กรมส่งเสริมอุตสาหกรรม · 1. การปฏิบัติหน้าที่: –<extra></extra>"


def test_heatmap_groups_indicators_under_their_tools():
    """It names IIT, EIT and OIT above their indicators (1-5, 6-8, 9-10) and keys the numbers to names."""
    grid = pd.DataFrame({"org_code": "DPIM", "indicator_no": range(1, 11), "score": 95.0, "derived": False})
    fig = indicator_heatmap(grid, UNITS, "en", "DPIM", 2568)
    tools = {a.text: a.x for a in fig.layout.annotations}
    assert tools == {"<b>IIT</b>": 2.0, "<b>EIT</b>": 6.0, "<b>OIT</b>": 8.5}
    assert indicator_key([1, 10], "en") == "1. Performance of duty · 10. Corruption prevention"
    assert indicator_key([4], "th") == "4. การใช้ทรัพย์สินของราชการ"


def test_heatmap_outlines_the_selected_unit():
    """It outlines the selected unit's row and bolds its label."""
    grid = pd.DataFrame({"org_code": ["DPIM", "DPIM"], "indicator_no": [1, 2], "score": [97.0, 93.0],
                         "derived": [False, False]})
    fig = indicator_heatmap(grid, UNITS, "th", "DPIM", 2568)
    (shape,) = [s for s in fig.layout.shapes if s.type == "rect"]
    assert (shape.y0, shape.y1) == (1.5, 2.5)
    assert (shape.x0, shape.x1) == (-0.5, 1.5)
    assert fig.layout.yaxis.ticktext[2] == "<b>กพร.</b>"


def test_kpi_types_stacked_per_unit_with_thai_names():
    """It stacks each unit's KPI count per type, types named in Thai, counts as labels."""
    counts = pd.DataFrame({"org_code": ["TISI", "TISI", "TISI", "DPIM", "DPIM", "DPIM"],
                           "kpi_type": ["joint", "monitor", "strategic", "joint", "monitor", "strategic"],
                           "kpis": [1, 9, 2, 1, 8, 1]})
    fig = kpi_type_chart(counts, UNITS, "th", "DPIM", 2568)
    assert fig.layout.barmode == "stack"
    assert [tr.name for tr in fig.data] == ["เชิงยุทธศาสตร์ (Strategic)", "ติดตามผล (Monitor)", "บูรณาการร่วม (Joint)"]
    monitor = fig.data[1]
    assert list(monitor.x) == ["สมอ.", "กพร."]  # units without KPIs are left out
    assert list(monitor.y) == [9, 8]
    assert list(monitor.text) == ["9", "8"]
    assert fig.layout.title.text == "จำนวนตัวชี้วัดตามประเภท ปี พ.ศ. 2568"


def test_kpi_types_keep_unknown_types():
    """It shows a type outside the known list under its own name rather than dropping it."""
    counts = pd.DataFrame({"org_code": ["DPIM", "DPIM"], "kpi_type": ["monitor", "agenda"], "kpis": [3, 2]})
    fig = kpi_type_chart(counts, UNITS, "en", "DPIM")
    assert [tr.name for tr in fig.data] == ["Monitor", "agenda"]


# -- large groups: the first and last units and the selected one --------------------------------------
BIG = pd.DataFrame({"org_code": [f"U{i:04d}" for i in range(50)], "abbr_th": [f"ห.{i}" for i in range(50)],
                    "name_th": [f"หน่วย {i}" for i in range(50)], "name_en": [f"Unit {i}" for i in range(50)],
                    "overall": [99.0 - i * 0.5 for i in range(50)]})


def test_first_and_last_keeps_the_ends_and_the_selected_unit():
    """It keeps the first and last n rows and the selected one, and every row of a small group."""
    assert list(first_and_last(BIG, "U0025", 3)["org_code"]) == ["U0000", "U0001", "U0002", "U0025", "U0047",
                                                                   "U0048", "U0049"]
    assert len(first_and_last(BIG, "U0001", 3)) == 6
    assert len(first_and_last(BIG.head(7), "U0003", 3)) == 7
    assert len(first_and_last(BIG, "U0025", None)) == 50


def test_rankings_of_a_large_group_show_the_best_the_worst_and_the_selected():
    """It draws the best and worst CHART_LIMIT units and the selected one, not all 50."""
    bar = data_trace(ita_ranking_chart(BIG, "en", "U0030", 2568, CHART_LIMIT))
    assert len(bar.y) == 2 * CHART_LIMIT + 1
    assert list(bar.y[:2]) == ["U0000", "U0001"] and bar.y[-1] == "U0049" and "U0030" in bar.y
    kpi = data_trace(kpi_composite_chart(BIG.rename(columns={"overall": "composite"}), "en", 12, "3-level", "U0030",
                                         CHART_LIMIT))
    assert len(kpi.y) == 2 * CHART_LIMIT + 1


def test_heatmap_and_types_of_a_large_group_keep_the_first_and_last_units():
    """It draws heat-map columns and type bars for the first and last units in the given order only."""
    grid = pd.DataFrame({"org_code": BIG["org_code"], "indicator_no": 1, "score": BIG["overall"], "derived": False})
    heat = indicator_heatmap(grid, BIG, "en", "U0030", 2568, CHART_LIMIT).data[0]
    assert len(heat.y) == 2 * CHART_LIMIT + 1 and "U0030" in heat.y
    counts = pd.DataFrame({"org_code": BIG["org_code"], "kpi_type": "monitor", "kpis": 3})
    fig = kpi_type_chart(counts, BIG, "en", "U0030", 2568, CHART_LIMIT)
    assert len(fig.data[0].x) == 2 * CHART_LIMIT + 1
