"""Action-plan figures: quarter slots and their Thai labels, stacked status bars, the quarter grid and Gantt."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analytics.charts import actions as charts
from analytics.charts.actions import Slot
from analytics.palette import ACTION_STATUS_COLOURS
from analytics.store import Store

TODAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize(("text", "expected"), [
    ("2563Q1;2563Q2", [Slot(2563, 1), Slot(2563, 2)]),
    ("2562PRE;2563Q1", [Slot(2563, 0), Slot(2563, 1)]),
    ("2563Q4; 2563Q3", [Slot(2563, 3), Slot(2563, 4)]),
    ("2569q1", [Slot(2569, 1)]),
    ("", []),
    (None, []),
    (float("nan"), []),
    ("Q1", []),
])
def test_parse_quarters(text: object, expected: list[Slot]) -> None:
    """It reads 'YYYYQn' and the pre-year 'YYYYPRE' slot, which comes before Q1 of the next fiscal year."""
    assert charts.parse_quarters(text) == expected


def test_slot_codes_round_trip() -> None:
    """A slot writes itself back in the import format."""
    assert [s.code for s in charts.parse_quarters("2562PRE;2563Q1")] == ["2562PRE", "2563Q1"]


@pytest.mark.parametrize(("slot", "lang", "label"), [
    (Slot(2563, 1), "th", "ไตรมาส 1/2563<br>ต.ค.-ธ.ค. 2562"),
    (Slot(2563, 2), "th", "ไตรมาส 2/2563<br>ม.ค.-มี.ค. 2563"),
    (Slot(2563, 3), "th", "ไตรมาส 3/2563<br>เม.ย.-มิ.ย. 2563"),
    (Slot(2563, 4), "th", "ไตรมาส 4/2563<br>ก.ค.-ก.ย. 2563"),
    (Slot(2563, 0), "th", "ก่อนปีงบ 2563<br>ส.ค.-ก.ย. 2562"),
    (Slot(2569, 1), "en", "Q1 FY2569<br>Oct-Dec"),
    (Slot(2563, 0), "en", "Before FY2563<br>Aug-Sep"),
])
def test_slot_labels_are_thai_fiscal_quarters_in_be(slot: Slot, lang: str, label: str) -> None:
    """Quarters read ต.ค.-ธ.ค. etc. with Buddhist-Era years; the seed's pre-year slot is ส.ค.-ก.ย."""
    assert charts.slot_label(slot, lang) == label


def test_slot_span_fills_missing_quarters() -> None:
    """The time axis has no holes: a gap between Q1 and Q4 is filled, pre-year slots kept."""
    span = charts.slot_span([Slot(2563, 0), Slot(2563, 4), Slot(2563, 1)])
    assert span == [Slot(2563, 0), Slot(2563, 1), Slot(2563, 2), Slot(2563, 3), Slot(2563, 4)]
    assert charts.slot_span([Slot(2568, 4), Slot(2569, 1)]) == [Slot(2568, 4), Slot(2569, 1)]
    assert charts.slot_span([]) == []


@pytest.mark.parametrize(("source", "category", "lang", "label"), [
    ("pmqa", "1", "th", "หมวด 1"),
    ("ita", "8", "th", "ITA ตัวชี้วัดที่ 8"),
    ("kpi", "1.2", "th", "ตัวชี้วัด 1.2"),
    ("pmqa", "6", "en", "Category 6"),
])
def test_category_labels(source: str, category: str, lang: str, label: str) -> None:
    assert charts.category_label(source, category, lang) == label


def test_shorten_keeps_thai_marks_with_their_letter() -> None:
    """Cutting Thai text never leaves a vowel or tone mark without its consonant."""
    text = "ศึกษาและนำรูปแบบการสื่อสารผ่าน Line Official Account"
    for width in range(3, 20):
        cut = charts.shorten(text, width)
        assert cut.endswith("…")
        assert not ("\u0e31" <= cut[0] <= "\u0e3a")
    assert charts.shorten("สั้น", 10) == "สั้น"


def test_breakdown_bar_stacks_statuses_with_palette_colours(demo_store: Store) -> None:
    """One trace per segment in palette colours, Thai names, and bars adding up to each group's total."""
    counts = demo_store.action_breakdown("DLPW", 2563, TODAY, "category")
    labels = [charts.category_label(s, c, "th") for s, c in zip(counts["source"], counts["category"], strict=True)]
    fig = charts.breakdown_bar(counts, labels, "กิจกรรมตามหมวด", "th")
    assert [tr.name for tr in fig.data] == ["ดำเนินการแล้ว", "กำลังดำเนินการ", "ยังไม่เริ่ม", "เกินกำหนด", "ยกเลิก"]
    assert [tr.marker.color for tr in fig.data] == [ACTION_STATUS_COLOURS[s] for s in charts.SEGMENTS]
    assert fig.data[3].marker.pattern.shape == "x"
    assert list(fig.data[0].y) == [f"หมวด {n}" for n in range(1, 7)]
    per_group = [sum(tr.x[i] for tr in fig.data) for i in range(len(labels))]
    assert per_group == counts["total"].tolist()
    assert sum(fig.data[3].x) == 31
    assert fig.layout.barmode == "stack"
    assert fig.layout.title.text == "กิจกรรมตามหมวด"
    assert "Sarabun" in fig.layout.font.family


def test_breakdown_bar_empty_counts() -> None:
    """No rows gives an empty but valid figure."""
    empty = pd.DataFrame(columns=["done", "in_progress_on_time", "not_started_on_time", "overdue", "cancelled"])
    fig = charts.breakdown_bar(empty, [], "x", "en")
    assert all(len(tr.x) == 0 for tr in fig.data)


def test_quarter_grid_counts_actions_per_category_and_quarter(demo_store: Store) -> None:
    """Each cell counts the actions scheduled in that quarter; the pre-year slot comes first; overdue after ⚠."""
    rows = demo_store.action_rows("DLPW", 2563, TODAY)
    fig = charts.quarter_grid(rows, "th", "กำหนดการ")
    grid = fig.data[0]
    assert list(grid.x) == [charts.slot_label(Slot(2563, q), "th") for q in range(5)]
    assert list(grid.y) == [f"หมวด {n}" for n in range(1, 7)]
    expected = sum(len(charts.parse_quarters(q)) for q in rows["quarters"])
    assert sum(sum(r) for r in grid.z) == expected
    # หมวด 1 in 2562PRE, counted independently
    cat1_pre = sum(1 for c, q in zip(rows["category"], rows["quarters"], strict=True)
                   if c == "1" and isinstance(q, str) and "2562PRE" in q)
    assert grid.z[0][0] == cat1_pre
    assert any("⚠" in cell for r in grid.text for cell in r)
    assert grid.colorscale[-1][1] == charts.PRIMARY


def test_quarter_grid_for_ita_measures_uses_indicators(demo_store: Store) -> None:
    rows = demo_store.action_rows("DPIM", 2568, TODAY)
    fig = charts.quarter_grid(rows, "en", "Schedule")
    assert list(fig.data[0].y) == [f"ITA indicator {n}" for n in (4, 5, 6, 7, 8, 10)]
    assert fig.data[0].x[0] == "Q1 FY2568<br>Oct-Dec"


def test_quarter_gantt_one_row_per_scheduled_action(demo_store: Store) -> None:
    """Every scheduled action has a row, bars sit on its quarters, overdue ones in the overdue colour."""
    rows = demo_store.action_rows("DPIM", 2568, TODAY)
    fig = charts.quarter_gantt(rows, "th", "รายกิจกรรม")
    assert len(fig.layout.yaxis.ticktext) == len(rows)
    overdue = next(tr for tr in fig.data if tr.name == "เกินกำหนด")
    assert overdue.marker.color == ACTION_STATUS_COLOURS["overdue"]
    # the two overdue actions: 4/1 over Q2-Q3 and 8/3 over its quarters
    expected_bars = sum(len(charts.parse_quarters(q)) for q, o in zip(rows["quarters"], rows["overdue"], strict=True)
                        if o)
    assert len(overdue.x) == expected_bars
    assert sum(len(tr.x) for tr in fig.data) == sum(len(charts.parse_quarters(q)) for q in rows["quarters"])


def test_gantt_rows_name_item_level_and_action(demo_store: Store) -> None:
    """PMQA rows read '1.2.1 A#1 …' so the same action number under two levels stays apart."""
    rows = demo_store.action_rows("DLPW", 2563, TODAY)
    ticks = charts.quarter_gantt(rows, "th", "t").layout.yaxis.ticktext
    assert ticks[0].startswith("1.1.3 A#1 ")
    assert any(tick.startswith("1.2.1 S#1 ") for tick in ticks)


def test_schedule_figures_without_quarters_are_empty() -> None:
    rows = pd.DataFrame({"source": ["pmqa"], "category": ["1"], "quarters": [None], "overdue": [False],
                         "status": ["done"], "ref": ["1.1.1"], "level": [None], "action_no": [None], "action": ["x"],
                         "owner_main": [None]})
    assert not charts.quarter_grid(rows, "th", "t").data
    assert not charts.quarter_gantt(rows, "th", "t").data
