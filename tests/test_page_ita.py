"""The ITA page (AppTest on the demo data) and the store reads it relies on."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.auth import SYSTEM
from analytics.importing import import_file
from analytics.report import ita_report
from analytics.store import Store
from tests.conftest import metrics, page_infos, run_app

PAGE = "pages/3_ita.py"
DPIM_2568 = {"org": "DPIM", "year": "2568", "round": "12"}



def question_table(at) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return at.dataframe[0].value


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_runs(app_env, lang):
    """It renders DPIM FY2568 in Thai and in English without an exception."""
    at = run_app(PAGE, lang, DPIM_2568)
    assert not at.exception
    assert at.title[0].value == ("ผลการประเมิน ITA กพร. ปีงบประมาณ พ.ศ. 2568" if lang == "th" else "ITA: DPIM, FY2568")


def test_published_and_recomputed_overall(app_env, demo_store):
    """It shows the published 94.23 and, as a check beside it, the overall recomputed from the indicators."""
    expected = ita_report(demo_store, "DPIM", 2568)
    assert expected is not None and expected.recomputed is not None
    at = run_app(PAGE, "th", DPIM_2568)
    shown = metrics(at)
    assert shown["คะแนนที่ประกาศ"] == "94.23"
    assert shown["คำนวณซ้ำ (ตรวจสอบ)"] == f"{expected.recomputed:,.2f}"
    assert shown["ผลการวิเคราะห์"] == "▲ พัฒนาระดับ"
    assert shown["ระดับผลการประเมิน"] == "ผ่าน"
    assert shown["ลำดับในกระทรวง"] == "6 จาก 8"
    assert shown["ลำดับในกลุ่มหน่วยงาน"] == "56 จาก 92"


def test_recomputed_note_states_weights_and_that_published_stands(app_env):
    """It says which tool weights the check used and that the published score is the result."""
    at = run_app(PAGE, "en", DPIM_2568)
    note = next(c.value for c in at.caption if c.value.startswith("The recomputed"))
    assert "IIT 30 / EIT 30 / OIT 40" in note
    assert "the official result is the published 94.23" in note


def test_recomputed_agrees_with_the_published_overall(app_env):
    """Seed 004 read right: the recomputed 94.2274 agrees with the published 94.23, and no indicator is derived."""
    at = run_app(PAGE, "th", DPIM_2568)
    shown = metrics(at)
    assert shown["คะแนนที่ประกาศ"] == shown["คำนวณซ้ำ (ตรวจสอบ)"] == "94.23"
    assert any("94.2274" in c.value for c in at.caption)
    assert not any(c.value.startswith("※ ตัวชี้วัดที่") for c in at.caption)


def test_question_table_has_twenty_eight_rows_and_flags_nothing(app_env):
    """It lists seed 004's 28 question rows as printed, flags no label, and shows i1 as not published."""
    at = run_app(PAGE, "th", DPIM_2568)
    table = question_table(at)
    assert len(table) == 28
    assert (table["flag"] == "").all()
    assert not at.warning
    i1 = table[table["code"] == "i1"].iloc[0]
    assert pd.isna(i1["score"])
    assert i1["band"] == "ไม่ได้ประกาศคะแนน"
    assert i1["indicator"] == "1. การปฏิบัติหน้าที่"
    assert i1["recommendation"].startswith("หน่วยงานควรระบุทั้งขั้นตอน")
    assert i1["label"].startswith("พัฒนาระดับ")
    e7 = table[table["code"] == "e7"].iloc[0]
    assert e7["score"] == 86.97 and e7["band"] == "■ ปรับปรุงแก้ไข" and e7["label"].startswith("ปรับปรุงแก้ไข")
    assert any(c.value.startswith("ข้อ i1, o5-o11 ไม่มีคะแนนที่ประกาศ") for c in at.caption)


def test_question_filters(app_env):
    """It filters the question table by band, by indicator and to the flagged labels."""
    # In Thai: AppTest does not keep the sidebar's segmented language control across reruns.
    at = run_app(PAGE, "th", DPIM_2568)
    at.multiselect(key="ita_band_filter").set_value(["improve"]).run()
    table = question_table(at)
    assert set(table["band"]) == {"■ ปรับปรุงแก้ไข"}
    assert table["code"].tolist() == ["i10", "e1", "e2", "e4", "e5", "e6", "e7", "e8", "e9"]
    at.multiselect(key="ita_indicator_filter").set_value([7]).run()
    assert question_table(at)["code"].tolist() == ["e4", "e5", "e6"]
    assert "แสดง 3 จาก 28 ข้อ" in [c.value for c in at.caption]
    at.multiselect(key="ita_band_filter").set_value([]).run()
    at.multiselect(key="ita_indicator_filter").set_value([]).run()
    at.toggle(key="ita_mismatch_only").set_value(True).run()
    assert question_table(at).empty  # the seed's record has no label at odds with its score
    assert not at.exception


def test_measures_grouped_per_weak_indicator_over_both_plan_years(app_env):
    """It groups the measures of each develop/improve indicator, from the FY2568 and FY2569 plans."""
    at = run_app(PAGE, "th", DPIM_2568)
    labels = [e.label for e in at.expander]
    weak = [label for label in labels if label.startswith(("▲", "■"))]
    assert [label.split(" · ")[0] for label in weak] == [
        "▲ ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ", "▲ ตัวชี้วัดที่ 5 การแก้ไขปัญหาการทุจริต",
        "▲ ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน", "■ ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร",
        "■ ตัวชี้วัดที่ 8 การปรับปรุงการทำงาน"]
    # indicator 8: 3 steps in the FY2568 plan (32_...) and 8 in the FY2569 plan (31_...)
    assert weak[4].endswith("11 ขั้นตอน")
    assert any(label.startswith("มาตรการของตัวชี้วัดในช่วงรักษาระดับ") for label in labels)
    plans = [m.value for m in at.markdown if m.value.startswith("**แผนปี")]
    assert any(p.startswith("**แผนปี พ.ศ. 2569 (ตามผลการประเมินปี 2568)**") for p in plans)
    assert any(p.startswith("**แผนปี พ.ศ. 2568 (ตามผลการประเมินปี 2567)**") for p in plans)


def test_measure_steps_show_owners_period_and_overdue_status(app_env):
    """It shows each step's period, owners and status, marking the overdue ones (demo 'today' 2026-11-20)."""
    at = run_app(PAGE, "th", DPIM_2568)
    steps = pd.concat([d.value for d in at.dataframe[1:]], ignore_index=True)
    overdue = steps[steps["สถานะ"].str.contains("เกินกำหนด")]
    assert len(overdue) >= 3  # 4/1 and 8/3 of FY2568, 8/3 and 10/2 of FY2569 (10 is in the maintain band)
    nsw = steps[steps["ขั้นตอน/กิจกรรม"].str.contains("E-Service", case=False)
                & steps["ระยะเวลา"].str.contains("2569")]
    assert not nsw.empty
    assert (nsw["ผู้รับผิดชอบหลัก"] == "ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร").any()


@pytest.mark.parametrize("lang", ["th", "en"])
def test_year_without_ita_shows_empty_state(app_env, lang):
    """It says there is no ITA for FY2569 (only measures and the cycle exist) and links to the upload page."""
    at = run_app(PAGE, lang, {"org": "DPIM", "year": "2569"})
    assert not at.exception
    expected = "ยังไม่มีผลการประเมิน ITA ของหน่วยงานนี้ในปี พ.ศ. 2569" if lang == "th" \
        else "No ITA result for this organisation in FY2569."
    assert page_infos(at) == [expected]
    assert not at.dataframe


def test_year_with_summary_only(app_env):
    """It shows the published score and says what is missing when a year has no indicator scores."""
    at = run_app(PAGE, "en", {"org": "TISI", "year": "2567"})
    assert not at.exception
    assert metrics(at)["Published overall"] == "96.88"
    assert "No indicator scores for this year." in [i.value for i in at.info]


def test_letter_grade_before_fy2566(app_env):
    """It shows the NACC's letter grade for FY2565 and earlier."""
    s = Store(app_env)
    csv = ("org_code,fiscal_year,overall,rank_ministry,ministry_size,rank_group,group_size\n"
           "DPIM,2565,88.5,7,8,70,92\n")
    import_file(s, csv.encode(), "ita_2565.csv", SYSTEM)
    s.close()
    at = run_app(PAGE, "th", {"org": "DPIM", "year": "2565"})
    assert not at.exception
    assert metrics(at)["ระดับผลการประเมิน"] == "เกรด A"
    assert any(c.value.startswith("ปีงบประมาณ พ.ศ. 2565 และก่อนหน้า") for c in at.caption)


# -- the store reads behind the page ---------------------------------------------------------------
def test_indicator_grid_matches_indicators_per_org(demo_store):
    """It gives every org's indicators exactly as ita_indicators does for each one (published or derived)."""
    orgs = ["DPIM", "TISI", "OMIN"]
    grid = demo_store.ita_indicator_grid(2568, orgs)
    for org in orgs:
        one = demo_store.ita_indicators(org, 2568)
        mine = grid[grid["org_code"] == org].reset_index(drop=True)
        assert mine["indicator_no"].tolist() == one["indicator_no"].tolist()
        assert mine["score"].tolist() == pytest.approx(one["score"].tolist())
        assert mine["derived"].tolist() == one["derived"].tolist()
    assert not grid["derived"].any()  # every indicator score of the demo is published (seed 004: 1 and 8 too)


def test_measures_for_plan_years(demo_store):
    """It returns the ITA measures of the years asked for, with the indicator number from ref."""
    m = demo_store.ita_measures("DPIM", [2568, 2569])
    assert len(m) == 9 + 69
    assert set(m["source"]) == {"ita"}
    assert m.groupby("fiscal_year").size().to_dict() == {2568: 9, 2569: 69}
    assert (m["indicator_no"].astype(str) == m["ref"]).all()
    assert demo_store.ita_measures("DPIM", [2567]).empty
