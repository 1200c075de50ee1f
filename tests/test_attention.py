"""The verdict and the attention list (analytics.verdict, analytics.attention) on the demo data."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analytics import attention as att
from analytics import report
from analytics.charts.overview import ROUND_STYLES, composite_trend_chart, ita_trend_chart
from analytics.palette import BAND_COLOURS, contrast_ratio
from analytics.store import Store
from analytics.verdict import BELOW_TARGET, ON_TARGET, build_verdict, composite_trend

TODAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize(("rank", "size", "low"), [(8, 8, True), (6, 8, True), (5, 8, False), (1, 8, False),
                                                  (76, 92, True), (61, 92, False), (62, 92, True), (2, 2, False),
                                                  (None, 8, False), (3, None, False)])
def test_bottom_third(rank: int | None, size: int | None, low: bool) -> None:
    """Bottom third: a rank past two thirds of the units ranked (6-8 of 8; 62-92 of 92)."""
    assert att.is_low_rank(rank, size) is low


def test_dpim_2568_verdict(demo_store: Store) -> None:
    """DPIM FY2568: composite up on FY2567, ITA 94.23 develop and pass, 6 of 8 (bottom third), 15 items."""
    v = build_verdict(demo_store, "DPIM", 2568, 12, TODAY)
    kpi = report.kpi_report(demo_store, "DPIM", 2568, 12)
    prev = report.composites_for(demo_store, ["DPIM"], [2567], 12)
    assert kpi is not None and v.composite == kpi.composite
    assert v.change == pytest.approx(round(kpi.composite - float(prev["composite"].iloc[0]), 4))
    assert (v.ita_overall, v.ita_band, v.passed, v.rank_ministry, v.ministry_size) == (94.23, "develop", True, 6, 8)
    assert [d.dimension for d in v.dimensions] == ["1", "2", "3", "4"]
    assert all(d.name for d in v.dimensions) and all(d.status == ON_TARGET for d in v.dimensions)
    assert (v.actions.total, v.actions.overdue) == (9, 2)
    groups = {g.kind: g for g in v.attention.groups}
    assert groups[att.MISSING].total == 0
    assert [i.key for i in groups[att.RANK].items] == ["ministry"]
    assert sorted(i.key for i in groups[att.KPI].items) == ["1.2", "2.2", "3.2"]
    assert groups[att.ACTIONS].total == 2
    assert v.attention.total == 1 + 3 + groups[att.ITA].total + 2
    th, en = v.sentence("th"), v.sentence("en")
    for text in (th, en):
        assert "85.0343" in text and "94.23" in text and f"{v.change:,.4f}" in text
    assert "เพิ่มขึ้น" in th and "อันดับ 6 จาก 8 ในกระทรวง" in th and f"มี {v.attention.total} เรื่อง" in th
    assert "up " in en and "6 of 8 in the ministry" in en and f"{v.attention.total} items need attention" in en


@pytest.mark.parametrize(("org", "year", "th", "en"), [
    ("DPIM", 2568, "ITA 94.23 กลุ่ม “พัฒนาระดับ” ผ่านเกณฑ์ 85 ต่ำกว่า 95 (กลุ่มรักษาระดับ) อยู่ 0.77 คะแนน",
     "ITA 94.23, Develop band, passing the 85 mark, 0.77 points below 95, the Maintain band"),
    ("OMIN", 2568, "ITA 90.96 กลุ่ม “พัฒนาระดับ” ผ่านเกณฑ์ 85 ต่ำกว่า 95 (กลุ่มรักษาระดับ) อยู่ 4.04 คะแนน",
     "ITA 90.96, Develop band, passing the 85 mark, 4.04 points below 95, the Maintain band"),
    ("OMIN", 2567, "ITA 88.64 กลุ่ม “ปรับปรุงแก้ไข” ผ่านเกณฑ์ 85 ต่ำกว่า 89 (ค่าเป้าหมายระดับประเทศ) อยู่ 0.36 คะแนน",
     "ITA 88.64, Improve band, passing the 85 mark, 0.36 points below 89, the national target"),
    ("OMIN", 2566, "ITA 83.95 กลุ่ม “ปรับปรุงแก้ไข” ไม่ผ่านเกณฑ์ 85 ต่ำกว่า 85 (เกณฑ์ผ่าน) อยู่ 1.05 คะแนน",
     "ITA 83.95, Improve band, below the 85 pass mark, 1.05 points below 85, the pass mark"),
    ("TISI", 2568, "ITA 97.62 กลุ่ม “รักษาระดับ” ผ่านเกณฑ์ 85 สูงกว่า 95 (กลุ่มรักษาระดับ) 2.62 คะแนน",
     "ITA 97.62, Maintain band, passing the 85 mark, 2.62 points above 95, the Maintain band"),
])
def test_the_verdict_says_how_far_the_ita_score_is_from_the_next_line(demo_store: Store, org: str, year: int,
                                                                       th: str, en: str) -> None:
    """The verdict's ITA part ends with the distance to the next line (85, 89, 90, 95), or the margin over 95."""
    v = build_verdict(demo_store, org, year, 12, TODAY)
    assert th in v.sentence("th")
    assert en in v.sentence("en")


def test_kpis_below_target_carry_name_result_target_owner_worst_first(demo_store: Store) -> None:
    v = build_verdict(demo_store, "DPIM", 2568, 12, TODAY)
    items = v.attention.group(att.KPI).items
    kpis = report.kpi_report(demo_store, "DPIM", 2568, 12).kpis.set_index("kpi_code")  # type: ignore[union-attr]
    for item in items:
        row = kpis.loc[item.key]
        assert (item.facts["name"], item.facts["result"], item.facts["target"], item.facts["owner"]) == \
            (row["kpi_name"], row["result"], row["target"], row["owner"])
        assert item.facts["result"] < item.facts["target"] or row["direction"] != "higher"
    shortfalls = [i.facts["shortfall"] for i in items]
    assert shortfalls == sorted(shortfalls, reverse=True) and shortfalls[0] > 0


def test_ita_questions_carry_text_indicator_score_and_the_measure(demo_store: Store) -> None:
    """Every question under 90, lowest first, with its text and the measure of its indicator (i10 -> indicator 4)."""
    items = build_verdict(demo_store, "DPIM", 2568, 12, TODAY).attention.group(att.ITA).items
    questions = demo_store.ita_questions("DPIM", 2568)
    assert len(items) == int((questions["score"] < 90).sum()) > 5
    scores = [i.facts["score"] for i in items]
    assert scores == sorted(scores) and max(scores) < 90
    i10 = next(i for i in items if i.key == "i10")
    assert i10.facts["indicator"] == 4 and i10.facts["score"] == 80.87
    assert "ทรัพย์สิน" in i10.facts["text"]
    assert i10.facts["measure"].startswith("มาตรการสร้างแนวทางการปฏิบัติที่ถูกต้องเกี่ยวกับการใช้ทรัพย์สินราชการ")
    assert " – " not in i10.facts["measure"]


def test_overdue_actions_carry_owner_due_and_days_longest_first(demo_store: Store) -> None:
    items = build_verdict(demo_store, "DPIM", 2568, 12, TODAY).attention.group(att.ACTIONS).items
    assert [(i.facts["due"], i.facts["days"]) for i in items] == [(dt.date(2025, 6, 30), 508),
                                                                   (dt.date(2025, 9, 30), 416)]
    assert all(i.facts["owner"] and i.facts["action"] for i in items)


def test_omin_2568_missing_data_and_low_rank_are_findings(demo_store: Store) -> None:
    """สร.อก. FY2568: no KPIs, no question scores, no plan, and 8 of 8: never 'nothing needs attention'."""
    v = build_verdict(demo_store, "OMIN", 2568, 12, TODAY)
    assert v.composite is None and v.dimensions == ()
    missing = [i.key for i in v.attention.group(att.MISSING).items]
    assert missing == ["kpi_agreement", "ita_questions", "action_plan"]
    assert v.attention.missing_data
    assert [(i.key, i.facts["rank"], i.facts["size"]) for i in v.attention.group(att.RANK).items] == \
        [("ministry", 8, 8), ("group", 76, 92)]
    assert v.attention.total == 5
    assert "ยังไม่มีคะแนน KPI รอบ 12 เดือนของปี 2568" in v.sentence("th")
    assert "no 12-month KPI composite for FY2568 yet" in v.sentence("en")
    assert "nothing needs attention" not in v.sentence("en")


def test_kpi_results_missing_for_a_round(demo_store: Store) -> None:
    """An agreement whose round has no results yet is itself an item; a partial round names the KPIs."""
    kpi = report.kpi_report(demo_store, "DPIM", 2568, 12)
    assert kpi is not None
    none = kpi.kpis.assign(result=float("nan"))
    found = att.missing_items(report.KpiReport(none, kpi.dimensions, None, kpi.scheme, kpi.configs), None, 0, 2568, 12)
    assert [i.key for i in found] == ["kpi_results", "ita_result", "action_plan"]
    some = kpi.kpis.copy()
    some.loc[some["kpi_code"] == "1.2", "result"] = float("nan")
    found = att.missing_items(report.KpiReport(some, kpi.dimensions, None, kpi.scheme, kpi.configs), None, 3, 2568, 12)
    assert found[0].key == "kpi_some_results" and found[0].facts["codes"] == ["1.2"]
    assert found[0].facts["n"] == 1 and found[0].facts["total"] == 10


def test_groups_show_five_and_count_the_rest() -> None:
    items = tuple(att.Item(att.ITA, f"q{i}") for i in range(9))
    group = att.Group(att.ITA, items)
    assert (group.total, len(group.shown), group.more) == (9, 5, 4)


def test_dimension_below_target(demo_store: Store) -> None:
    """A dimension scoring under the target level's score (75 of 100) is below target."""
    v = build_verdict(demo_store, "DPIM", 2567, 6, TODAY)
    statuses = {d.dimension: d.status for d in v.dimensions}
    assert BELOW_TARGET in statuses.values()
    for d in v.dimensions:
        assert (d.status == BELOW_TARGET) == (d.score is not None and d.score < 75)


def test_freshness_is_the_last_import_of_each_kind(demo_store: Store) -> None:
    fresh = demo_store.last_imports("OMIN", 2568)
    assert fresh["kpi"] is None and fresh["actions"] is None and fresh["cycle"] is None
    assert fresh["ita_summary"] is not None and fresh["ita"] is not None
    batches = {b.file_name: b.created_at for b in demo_store.batches()}
    assert demo_store.last_imports("DPIM", 2568)["cycle"] == batches["40_cycle_dpim_2568.csv"]


def test_composite_trend_keeps_each_scale_apart(demo_store: Store) -> None:
    trend = composite_trend(demo_store, "OPS")
    assert set(trend["scheme"]) == {"5-level", "3-level"}
    fig = composite_trend_chart(trend, "th", "3-level", 2568, 12)
    xs = {x for tr in fig.data for x in tr.x}
    three = {str(int(y)) for y in trend.loc[trend["scheme"] == "3-level", "fiscal_year"]}
    assert xs == three and "2547" not in xs  # FY2547 (5-level) is left out
    chosen = next(tr for tr in fig.data if tr.line.width == 3)
    assert chosen.name == "รอบ 12 เดือน" and list(chosen.text) == [f"{v:,.2f}" for v in
                                                                    trend.query("round == 12 and scheme == '3-level'")["composite"]]


def test_trend_charts_read_without_colour_and_at_aa_contrast(demo_store: Store) -> None:
    """Rounds differ by dash as well as colour, each line >= 3:1 on white; the labels are body text (>= 4.5:1)."""
    assert len({dash for _, dash in ROUND_STYLES.values()}) == 3
    assert all(contrast_ratio(colour) >= 3 for colour, _ in ROUND_STYLES.values())
    fig = ita_trend_chart(demo_store.ita_history("DPIM"), "th", 2568)
    marks = fig.data[0]
    assert list(marks.x) == ["2566", "2567", "2568"] and list(marks.text) == ["89.17", "92.41", "94.23"]
    assert list(marks.marker.color) == [BAND_COLOURS["improve"], BAND_COLOURS["develop"], BAND_COLOURS["develop"]]
    lines = sorted(round(s.y0, 2) for s in fig.layout.shapes)
    assert lines == [85.0, 89.0, 95.0]
    labels = [a.text for a in fig.layout.annotations]
    assert labels == ["85 ผ่าน", "89 เป้าหมาย", "95 รักษาระดับ"]
    assert all(contrast_ratio(a.font.color) >= 4.5 for a in fig.layout.annotations)
    assert fig.layout.yaxis.range[0] <= 85


def test_no_history_gives_empty_charts() -> None:
    empty = pd.DataFrame({"fiscal_year": [], "round": [], "composite": [], "scheme": []})
    assert len(composite_trend_chart(empty, "en", None, 2568, 12).data) == 0
