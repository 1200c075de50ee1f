"""Evaluation-cycle figure: standard against actual working days, late steps in the late colour with a mark."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analytics.charts import cycle as charts
from analytics.cycle import STANDARD_TOTAL_DAYS
from analytics.palette import KPI_STATUS_COLOURS
from analytics.report import cycle_report
from analytics.store import Store

D = dt.date(2025, 1, 6)


@pytest.mark.parametrize(("started", "finished", "late", "state"), [
    (None, None, False, "pending"),
    (D, None, False, "in_progress"),
    (D, D, False, "on_time"),
    (D, D, True, "late"),
])
def test_step_state(started: dt.date | None, finished: dt.date | None, late: bool, state: str) -> None:
    """A step is pending until started, in progress until finished, then late or on time."""
    assert charts.step_state(started, finished, late) == state


@pytest.mark.parametrize(("pass_days", "sent_back", "lang", "expected"), [
    ([5, 3], 1, "th", "5 + 3 ↩ ไม่เห็นชอบ 1 ครั้ง"),
    ([5, 3], 1, "en", "5 + 3 ↩ sent back 1×"),
    ([4], 0, "th", ""),
    ([], 0, "th", ""),
    ([2, 2, 1], 2, "en", "2 + 2 + 1 ↩ sent back 2×"),
])
def test_pass_text(pass_days: list[int], sent_back: int, lang: str, expected: str) -> None:
    """A step done more than once shows each pass's days and how often it was sent back."""
    assert charts.pass_text(pass_days, sent_back, lang) == expected


def test_state_labels_carry_a_symbol() -> None:
    """Late reads without colour: a symbol and a word."""
    assert charts.state_label("late", "th") == "✖ ล่าช้า"
    assert charts.state_label("pending", "en") == "… Pending"


def test_step_names_in_english_come_from_the_procedure() -> None:
    assert charts.step_name(16, "นำสรุปผลรายงานลงใน Intranet", "en") == "Publish the summary on the intranet"
    assert charts.step_name(16, "นำสรุปผลรายงานลงใน Intranet", "th") == "นำสรุปผลรายงานลงใน Intranet"


def test_standard_vs_actual_for_a_finished_cycle(demo_store: Store) -> None:
    """DPIM FY2568: 16 standard bars adding to 55, actual bars split on-time / late, late ones red with ✖;
    step 4 (sent back, both passes counted) marked ↩, step 9 (ถ้ามี, not needed) a marker without a bar."""
    cycle = cycle_report(demo_store, "DPIM", 2568)
    assert cycle is not None
    fig = charts.standard_vs_actual(cycle, "th")
    standard, on_time, late = fig.data[0], fig.data[1], fig.data[2]
    assert list(standard.x) == [str(n) for n in range(1, 17)]
    assert sum(standard.y) == STANDARD_TOTAL_DAYS == 55
    late_steps = [x for x, y in zip(late.x, late.y, strict=True) if y is not None]
    assert late_steps == ["4", "12", "14"]
    assert late.marker.color == KPI_STATUS_COLOURS["below_target"]
    assert late.marker.pattern.shape == "x"
    assert all("✖" in t for t, y in zip(late.text, late.y, strict=True) if y is not None)
    assert on_time.marker.color == KPI_STATUS_COLOURS["on_target"]
    actual = [a if a is not None else b for a, b in zip(on_time.y, late.y, strict=True)]
    assert actual == [None if pd.isna(v) else int(v) for v in cycle["actual_days"]]
    assert actual[3] == 5 + 3 and late.text[3] == "8 ✖ ↩"  # step 4: 11-15 Nov sent back, 19-21 Nov approved
    assert actual[2] == 9 + 1  # step 3 done again on 18 Nov: 10 days, within its standard
    skipped = next(tr for tr in fig.data if tr.name == "⊘ ไม่มี (ไม่ต้องดำเนินการ)")
    assert list(skipped.x) == ["9"] and actual[8] is None
    assert on_time.offsetgroup == late.offsetgroup != standard.offsetgroup
    assert fig.layout.title.text == "วันทำการตามมาตรฐานเทียบกับที่ใช้จริง รายขั้นตอน"
    assert fig.layout.yaxis.title.text == "วันทำการ"
    assert standard.name == "มาตรฐาน"
    assert len(fig.data) == 4  # nothing pending: standard, on time, late, not applicable


def test_pending_steps_get_a_marker_not_a_bar(demo_store: Store) -> None:
    """DPIM FY2569 has steps 6-16 not started: they show as pending markers at zero, in English too."""
    cycle = cycle_report(demo_store, "DPIM", 2569)
    assert cycle is not None
    fig = charts.standard_vs_actual(cycle, "en")
    pending = next(tr for tr in fig.data if tr.name == "… Pending")
    assert list(pending.x) == [str(n) for n in range(6, 17)]
    assert set(pending.y) == {0}
    assert pending.marker.color == KPI_STATUS_COLOURS["no_result"]
    assert fig.layout.xaxis.title.text == "Step"
    assert "Publish the summary on the intranet" in fig.data[0].customdata[15]
