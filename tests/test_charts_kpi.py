"""KPI scorecard charts: bullet chart, results over time, dimension scores (figures tested on their data)."""

from __future__ import annotations

import unicodedata
from typing import Any

import pandas as pd
import pytest

from analytics import report
from analytics.charts.kpi import (
    BELOW_TARGET,
    CANCELLED,
    NO_RESULT,
    ON_TARGET,
    ROUND_COLOURS,
    bullet_chart,
    dimension_chart,
    kpi_status,
    kpi_statuses,
    kpi_trend_chart,
    prior_results,
    shorten,
    targets_by_year,
)
from analytics.palette import KPI_STATUS_COLOURS, LINE_TARGET, PRIMARY, SEQUENCE
from analytics.scoring import DEFAULT_SCHEMES, FIVE_LEVEL, THREE_LEVEL, SchemeConfig

NAN = float("nan")


def kpi_row(**changes: Any) -> dict[str, Any]:
    """DPIM FY2568 KPI 1.1 as report.score_frame gives it (3-level, 80/85/90, result 87.5)."""
    row: dict[str, Any] = {
        "org_code": "DPIM", "fiscal_year": 2568, "dimension": "1", "kpi_code": "1.1",
        "kpi_name": "ร้อยละของการออกประทานบัตรภายในระยะเวลาที่กำหนด", "kpi_type": "monitor", "weight": 15.0,
        "unit": "ร้อยละ", "direction": "higher", "scheme": THREE_LEVEL, "c1": 80.0, "c2": 85.0, "c3": 90.0,
        "c4": NAN, "c5": NAN, "prev_result_1": 86.5, "prev_result_2": 83.0, "status": "active",
        "result": 87.5, "score": 87.5, "gap_to_target": 2.5, "gap_to_top": -2.5, "target": 85.0,
    }
    row.update(changes)
    return row


def traces(fig, meta: str) -> list:
    return [tr for tr in fig.data if tr.meta == meta]


def annotations_text(fig) -> str:
    return " ".join(a.text for a in fig.layout.annotations)


# -- status -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("status", "result", "gap", "expected"), [
    ("active", 87.5, 2.5, ON_TARGET),
    ("active", 85.0, 0.0, ON_TARGET),  # at the target criterion counts as on target
    ("active", 3260.0, -240.0, BELOW_TARGET),
    ("active", NAN, NAN, NO_RESULT),
    ("active", None, None, NO_RESULT),
    ("cancelled", NAN, NAN, CANCELLED),
    ("cancelled", 98.4, 2.4, CANCELLED),  # a cancelled KPI is cancelled whatever its numbers
])
def test_kpi_status(status, result, gap, expected):
    """It calls a KPI cancelled, without a result, on target (gap >= 0) or below target."""
    assert kpi_status(status, result, gap) == expected


def test_every_status_has_a_palette_colour_and_symbol():
    """It only produces statuses the palette knows, so every status has a colour and a symbol."""
    from analytics.palette import KPI_STATUS_SYMBOLS
    for status in (ON_TARGET, BELOW_TARGET, NO_RESULT, CANCELLED):
        assert status in KPI_STATUS_COLOURS and status in KPI_STATUS_SYMBOLS


def test_statuses_of_dpim_2568(demo_store):
    """It finds DPIM FY2568's 12-month statuses: 1.2, 2.2 and 3.2 below target, 2.3 cancelled."""
    kr = report.kpi_report(demo_store, "DPIM", 2568, 12)
    states = dict(zip(kr.kpis["kpi_code"], kpi_statuses(kr.kpis), strict=True))
    assert {c for c, s in states.items() if s == BELOW_TARGET} == {"1.2", "2.2", "3.2"}
    assert {c for c, s in states.items() if s == CANCELLED} == {"2.3"}
    kr6 = report.kpi_report(demo_store, "DPIM", 2568, 6)
    states6 = dict(zip(kr6.kpis["kpi_code"], kpi_statuses(kr6.kpis), strict=True))
    assert states6["4.2"] == NO_RESULT  # the ITA score only arrives with the 12-month round


# -- bullet chart ---------------------------------------------------------------------------------------
def test_bullet_bands_result_and_target():
    """It shades one band per criterion interval, draws the result from the worst end and marks the target."""
    fig = bullet_chart(kpi_row(), "th")
    bands = traces(fig, "band")
    assert len(bands) == 4  # below ขั้นต้น, ขั้นต้น-มาตรฐาน, มาตรฐาน-ขั้นสูง, ขั้นสูง and beyond
    edges = [b.base[0] for b in bands] + [bands[-1].base[0] + bands[-1].x[0]]
    assert edges[1:4] == [80.0, 85.0, 90.0]
    assert edges == sorted(edges)
    (result,) = traces(fig, "result")
    assert result.base[0] == edges[0]
    assert result.base[0] + result.x[0] == pytest.approx(87.5)
    assert result.marker.color == KPI_STATUS_COLOURS[ON_TARGET]
    (target,) = traces(fig, "target")
    assert list(target.x) == [85.0, 85.0]
    assert target.line.color == LINE_TARGET
    assert list(fig.layout.xaxis.tickvals) == [80.0, 85.0, 90.0]
    assert list(fig.layout.xaxis.range) == [edges[0], edges[-1]]


def test_bullet_thai_labels():
    """It labels the levels, the result and the target in Thai when lang is th."""
    fig = bullet_chart(kpi_row(), "th")
    assert list(fig.layout.xaxis.ticktext) == ["ขั้นต้น<br>80", "มาตรฐาน<br>85", "ขั้นสูง<br>90"]
    assert "ตัวชี้วัด 1.1" in fig.layout.title.text
    assert "ประทานบัตร" in fig.layout.title.text
    assert "ผล 87.50 · 87.5000 คะแนน" in annotations_text(fig)
    assert traces(fig, "target")[0].name == "ค่าเป้าหมาย: มาตรฐาน = 85"
    assert traces(fig, "result")[0].name == "ผลการดำเนินงาน"


def test_bullet_english_labels():
    """It labels the same chart in English when lang is en."""
    fig = bullet_chart(kpi_row(), "en")
    assert list(fig.layout.xaxis.ticktext) == ["Basic<br>80", "Standard<br>85", "Advanced<br>90"]
    assert "result 87.50 · score 87.5000" in annotations_text(fig)


def test_bullet_below_target_is_red():
    """It colours a result short of the target with the palette's below-target colour."""
    fig = bullet_chart(kpi_row(kpi_code="1.2", c1=3000.0, c2=3500.0, c3=4000.0, result=3260.0, score=63.0,
                               gap_to_target=-240.0), "th")
    assert traces(fig, "result")[0].marker.color == KPI_STATUS_COLOURS[BELOW_TARGET]
    assert list(fig.layout.xaxis.ticktext)[0] == "ขั้นต้น<br>3,000"


def test_bullet_lower_is_better_reverses_the_axis():
    """It reverses the axis for descending criteria, so better stays to the right, and bands still follow them."""
    fig = bullet_chart(kpi_row(kpi_code="1.3", direction="lower", c1=1.2, c2=1.0, c3=0.8, result=0.86,
                               score=92.5, gap_to_target=0.14), "th")
    worst, best = fig.layout.xaxis.range
    assert worst > best
    bands = traces(fig, "band")
    edges = [b.base[0] for b in bands] + [bands[-1].base[0] + bands[-1].x[0]]
    assert edges == sorted(edges, reverse=True)
    assert edges[1:4] == [1.2, 1.0, 0.8]
    (result,) = traces(fig, "result")
    assert result.base[0] == worst
    assert result.base[0] + result.x[0] == pytest.approx(0.86)
    assert list(traces(fig, "target")[0].x) == [1.0, 1.0]
    assert "ยิ่งน้อยยิ่งดี" in fig.layout.title.text


def test_bullet_never_goes_below_zero_for_non_negative_criteria():
    """It starts the axis at zero when criteria and result are not negative (0.00 ... 5.00 in seed 001)."""
    fig = bullet_chart(kpi_row(scheme=FIVE_LEVEL, c1=0.0, c2=1.25, c3=2.5, c4=3.75, c5=5.0, result=2.1,
                               score=2.68, gap_to_target=-0.4), "th")
    assert fig.layout.xaxis.range[0] == 0.0


@pytest.mark.parametrize(("status", "result", "key_text"), [
    ("active", NAN, "ยังไม่มีผลรอบ 6 เดือน"),
    ("cancelled", NAN, "ตัวชี้วัดนี้ถูกยกเลิก"),
])
def test_bullet_without_a_result(status, result, key_text):
    """It shows the criteria without a result bar, and says why, for a KPI with no result or a cancelled one."""
    fig = bullet_chart(kpi_row(status=status, result=result, score=NAN, gap_to_target=NAN), "th", round_=6)
    assert traces(fig, "result") == []
    assert len(traces(fig, "band")) == 4
    assert key_text in annotations_text(fig)


def test_bullet_uses_the_configured_scheme():
    """It takes the band scores and target level from the configuration in force, not the defaults."""
    cfg = SchemeConfig(scores=(60.0, 80.0, 100.0), below_first=10.0, target_level=3)
    fig = bullet_chart(kpi_row(), "en", config=cfg)
    assert list(traces(fig, "target")[0].x) == [90.0, 90.0]
    assert "score 10" in traces(fig, "band")[0].hovertemplate


def test_bullet_five_level_seed_001(demo_store):
    """It charts seed 001's KPI 1 (60/65/70/75/80, result 72.5, score 3.5) with its target at level 3."""
    kr = report.kpi_report(demo_store, "OPS", 2547, 12)
    row = kr.kpis[kr.kpis["kpi_code"] == "1"].iloc[0].to_dict()
    fig = bullet_chart(row, "th", 12, kr.configs[FIVE_LEVEL])
    assert len(traces(fig, "band")) == 6
    assert list(fig.layout.xaxis.tickvals) == [60.0, 65.0, 70.0, 75.0, 80.0]
    assert list(fig.layout.xaxis.ticktext)[2] == "ระดับ 3<br>70"
    assert list(traces(fig, "target")[0].x) == [70.0, 70.0]
    assert "ผล 72.50 · 3.5000 คะแนน" in annotations_text(fig)


# -- results over time ------------------------------------------------------------------------------------
HISTORY = pd.DataFrame({"fiscal_year": [2566, 2566, 2566, 2567, 2567, 2567, 2568, 2568, 2568],
                        "round": [6, 9, 12] * 3,
                        "result": [80.07, 82.26, 83.0, 84.77, 86.04, 86.5, 85.42, 86.6, 87.5]})


def test_trend_bars_by_round_with_be_years():
    """It draws one bar series per round over the fiscal years, with BE years on the axis in Thai."""
    fig = kpi_trend_chart(HISTORY, "ร้อยละของการออกประทานบัตร", "th", kpi_code="1.1", unit="ร้อยละ")
    for rnd in (6, 9, 12):
        (bars,) = traces(fig, f"round_{rnd}")
        part = HISTORY[HISTORY["round"] == rnd]
        assert list(bars.x) == part["fiscal_year"].tolist()
        assert list(bars.y) == part["result"].tolist()
        assert bars.marker.color == ROUND_COLOURS[rnd]
        assert bars.marker.color in SEQUENCE
        assert bars.name == f"{rnd} เดือน"
    assert list(fig.layout.xaxis.tickvals) == [2566, 2567, 2568]
    assert list(fig.layout.xaxis.ticktext) == ["พ.ศ. 2566", "พ.ศ. 2567", "พ.ศ. 2568"]
    assert fig.layout.xaxis.title.text == "ปีงบประมาณ (พ.ศ.)"
    assert "ตัวชี้วัด 1.1" in fig.layout.title.text


def test_trend_targets_and_prior_results():
    """It marks each year's target as a segment across that year and adds the agreement's prior results."""
    targets = pd.DataFrame({"fiscal_year": [2566, 2568], "target": [80.0, 85.0]})
    prior = prior_results(kpi_row())
    fig = kpi_trend_chart(HISTORY, "x", "en", targets=targets, prior=prior)
    (target,) = traces(fig, "target")
    assert list(target.x) == [2565.55, 2566.45, None, 2567.55, 2568.45, None]
    assert list(target.y) == [80.0, 80.0, None, 85.0, 85.0, None]
    assert target.line.color == LINE_TARGET
    (prior_bars,) = traces(fig, "prior")
    assert list(prior_bars.x) == [2567, 2566] and list(prior_bars.y) == [86.5, 83.0]
    assert list(fig.layout.xaxis.ticktext) == ["FY2566", "FY2567", "FY2568"]


def test_trend_years_from_prior_results_only():
    """It puts years that only the prior results cover on the axis (seed 001 prints FY2545 and FY2546)."""
    history = pd.DataFrame({"fiscal_year": [2547, 2547, 2547], "round": [6, 9, 12], "result": [1.8, 3.9, 6.25]})
    prior = prior_results(kpi_row(fiscal_year=2547, prev_result_1=2.10, prev_result_2=7.15))
    fig = kpi_trend_chart(history, "ร้อยละของงบประมาณที่สามารถประหยัดได้", "th", prior=prior)
    assert list(fig.layout.xaxis.tickvals) == [2545, 2546, 2547]


def test_prior_results_skip_missing():
    """It reads prev_result_1 as the year before and prev_result_2 as two years before, skipping blanks."""
    assert prior_results(kpi_row(prev_result_2=NAN)).to_dict("records") == [{"fiscal_year": 2567, "result": 86.5}]
    assert prior_results(kpi_row(prev_result_1=None, prev_result_2=NAN)).empty


def test_targets_by_year_follow_the_scheme():
    """It takes the target level's criterion of each year's agreement and leaves cancelled years out."""
    agreements = pd.DataFrame({
        "fiscal_year": [2546, 2547, 2568, 2569], "scheme": [FIVE_LEVEL, FIVE_LEVEL, THREE_LEVEL, THREE_LEVEL],
        "direction": ["higher"] * 4, "c1": [50.0, 60.0, 80.0, 81.0], "c2": [55.0, 65.0, 85.0, 86.0],
        "c3": [60.0, 70.0, 90.0, 91.0], "c4": [65.0, 75.0, NAN, NAN], "c5": [70.0, 80.0, NAN, NAN],
        "unit": ["ร้อยละ"] * 4, "status": ["active", "active", "active", "cancelled"]})
    got = targets_by_year(agreements, DEFAULT_SCHEMES)
    assert got.to_dict("records") == [{"fiscal_year": 2546, "target": 60.0}, {"fiscal_year": 2547, "target": 70.0},
                                      {"fiscal_year": 2568, "target": 85.0}]


def test_kpi_agreements_read(demo_store):
    """It reads one KPI's agreement in every year, oldest first (DPIM's 1.1 in FY2566-2569; FY2569 is seed 002's)."""
    got = demo_store.kpi_agreements("DPIM", "1.1")
    assert got["fiscal_year"].tolist() == [2566, 2567, 2568, 2569]
    assert got["c2"].tolist() == [80.0, 85.0, 85.0, 85.0]


# -- dimensions ---------------------------------------------------------------------------------------------
def test_dimension_chart(demo_store):
    """It draws each dimension's score, first dimension on top, with the target score of the scheme."""
    kr = report.kpi_report(demo_store, "DPIM", 2568, 12)
    fig = dimension_chart(kr.dimensions, "th", kr.configs[THREE_LEVEL])
    (bars,) = traces(fig, "dimension")
    assert list(bars.x) == kr.dimensions["score"].tolist()[::-1]
    assert bars.marker.color == PRIMARY
    assert list(bars.text)[-1] == "85.7500"
    assert list(fig.layout.yaxis.ticktext)[-1] == "มิติ 1 (น้ำหนัก 60)"
    (target,) = traces(fig, "target")
    assert list(target.x) == [75.0, 75.0]
    assert fig.layout.xaxis.range[1] > 100


# -- helpers -------------------------------------------------------------------------------------------------
def test_shorten_keeps_thai_marks_with_their_letters():
    """It never cuts a Thai vowel or tone mark away from its consonant."""
    text = "ระดับความสำเร็จของการพัฒนาห่วงโซ่อุปทานแร่และโลหะเพื่อรองรับอุตสาหกรรมยานยนต์ไฟฟ้า"
    for limit in range(1, len(text)):
        short = shorten(text, limit)
        kept = short.removesuffix("…")
        assert text.startswith(kept)
        assert len(kept) <= limit
        assert not unicodedata.category(text[len(kept)]) == "Mn"
    assert shorten(text, 500) == text
