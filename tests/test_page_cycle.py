"""The evaluation-cycle page: the 16 steps, late steps marked as report.cycle_report marks them, the 55-day standard."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics.report import cycle_report
from analytics.store import Store
from tests.conftest import run_app

PAGE = "pages/6_cycle.py"


def _steps_table(at, state_col: str):  # type: ignore[no-untyped-def]
    """The steps table (st.dataframe without selection carries no key)."""
    return next(d.value for d in at.dataframe if state_col in d.value.columns)


@pytest.mark.usefixtures("app_env")
@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("year", ["2568", "2569", "2567"])
def test_page_runs_without_exception(lang: str, year: str) -> None:
    """The page renders a full cycle, a cycle under way and a year with none, in Thai and English."""
    at = run_app(PAGE, lang, {"org": "DPIM", "year": year})
    assert not at.exception, at.exception


@pytest.mark.parametrize(("lang", "state_col", "late_text", "standard_label", "standard_value"), [
    ("th", "สถานะ", "✖ ล่าช้า", "มาตรฐาน (วันทำการ)", "55"),
    ("en", "Status", "✖ Late", "Standard (working days)", "55"),
])
def test_marks_exactly_the_late_steps_of_cycle_report(app_env: Path, lang: str, state_col: str, late_text: str,
                                                      standard_label: str, standard_value: str) -> None:
    """DPIM FY2568: the table marks late exactly the steps cycle_report marks (4, 12, 14), against 55 days."""
    at = run_app(PAGE, lang, {"org": "DPIM", "year": "2568"})
    assert not at.exception
    s = Store(app_env)
    report = cycle_report(s, "DPIM", 2568)
    s.close()
    assert report is not None
    expected = [int(n) for n, late in zip(report["step_no"], report["late"], strict=True) if late]
    assert expected == [4, 12, 14]
    table = _steps_table(at, state_col)
    assert len(table) == 16
    shown_late = [int(n) for n, state in zip(table.iloc[:, 0], table[state_col], strict=True) if state == late_text]
    assert shown_late == expected
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[standard_label] == standard_value
    assert any("4, 12, 14" in e.value for e in at.error)


@pytest.mark.usefixtures("app_env")
def test_steps_not_started_are_pending() -> None:
    """DPIM FY2569 has steps 1-5 dated: the other 11 show as pending and none as late."""
    at = run_app(PAGE, "th", {"org": "DPIM", "year": "2569"})
    table = _steps_table(at, "สถานะ")
    assert (table["สถานะ"] == "… รอดำเนินการ").sum() == 11
    assert not (table["สถานะ"] == "✖ ล่าช้า").any()
    assert table["วันที่เริ่ม"].iloc[0] == "22 ก.ค. 2568"  # 2025-07-22, Thai style with the BE year
    assert table["วันที่เริ่ม"].iloc[5] == ""
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["ขั้นตอนที่เสร็จแล้ว"] == "5 จาก 16"


@pytest.mark.usefixtures("app_env")
def test_year_without_cycle_shows_empty_state() -> None:
    """A year with no cycle says so instead of showing an empty table."""
    at = run_app(PAGE, "th", {"org": "DPIM", "year": "2567"})
    assert any("ยังไม่มีข้อมูลรอบการประเมิน" in i.value for i in at.info)
    assert not at.dataframe


@pytest.mark.usefixtures("app_env")
def test_total_taken_against_the_standard() -> None:
    """DPIM FY2568 took 58 working days over the 15 steps it needed (step 9 was not), 4 more than their 54."""
    at = run_app(PAGE, "th", {"org": "DPIM", "year": "2568"})
    taken = next(m for m in at.metric if m.label == "ใช้จริง (วันทำการ)")
    assert taken.value == "58"
    assert taken.proto.delta == "+4"


@pytest.mark.usefixtures("app_env")
def test_sent_back_and_not_applicable_steps_are_shown() -> None:
    """Step 4 was sent back (ไม่เห็นชอบ) and done again, both passes listed; step 9 (ถ้ามี) was not needed."""
    at = run_app(PAGE, "th", {"org": "DPIM", "year": "2568"})
    assert not at.exception
    assert any(w.value.startswith("ขั้นตอนที่ไม่เห็นชอบและส่งกลับไปดำเนินการใหม่: 4") for w in at.warning)
    assert any(i.value.startswith("ขั้นตอนที่ไม่มีในปีนี้ (ถ้ามี): 9") for i in at.info)
    assert next(m for m in at.metric if m.label == "ขั้นตอนที่เสร็จแล้ว").value == "15 จาก 15"
    table = at.dataframe[0].value.set_index("ขั้นตอนที่")
    assert table.loc[4, "ครั้งที่ดำเนินการ"] == ("ครั้งที่ 1: 11 พ.ย. 2567–15 พ.ย. 2567 (5 วันทำการ) ↩ ไม่เห็นชอบ · "
                                                 "ครั้งที่ 2: 19 พ.ย. 2567–21 พ.ย. 2567 (3 วันทำการ)")
    assert table.loc[4, "ใช้จริง"] == 8
    assert table.loc[9, "สถานะ"] == "⊘ ไม่มี (ไม่ต้องดำเนินการ)"
    assert pd.isna(table.loc[9, "ใช้จริง"])
    assert table.loc[9, "ขั้นตอน"] == "ส่งคำขอ ขอเปลี่ยนแปลงรายละเอียดตัวชี้วัด (ถ้ามี)"
