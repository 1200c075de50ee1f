"""The KPI scorecard page, run in AppTest on a private copy of the demo database."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analytics import report
from analytics.charts.kpi import shorten
from analytics.i18n import t
from analytics.store import Store
from tests.conftest import page_infos, run_app

PAGE = "pages/2_kpi.py"


def kpi_report(db: Path, org: str, year: int, round_: int) -> report.KpiReport:
    store = Store(db)
    try:
        found = report.kpi_report(store, org, year, round_)
    finally:
        store.close()
    assert found is not None
    return found


def kpi_tables(at) -> pd.DataFrame:
    """The per-dimension KPI tables of the page, one after another (the first dataframe is the roll-up)."""
    return pd.concat([d.value for d in at.dataframe[1:]], ignore_index=True)


def metric(at, label_start: str):
    return next(m for m in at.metric if m.label.startswith(label_start))


def chart_specs(at) -> list[str]:
    return [el.proto.spec for el in at.get("plotly_chart")]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_runs(app_env, lang):
    """It renders DPIM FY2568 in Thai and in English without an exception."""
    at = run_app(PAGE, lang)
    assert not at.exception
    assert at.title[0].value == t("kpi.title", lang, year=2568)
    assert len(at.dataframe) == 5  # the roll-up and one table per dimension
    assert len(at.get("plotly_chart")) == 4  # dimensions, KPI scores, bullet, trend


def test_composite_equals_report(app_env):
    """It shows the report's composite to 4 decimals, with the 3-level scale, and the gap to 100."""
    expected = kpi_report(app_env, "DPIM", 2568, 12)
    at = run_app(PAGE, "th")
    shown = metric(at, t("kpi.composite", "th"))
    assert shown.value == f"{expected.composite:.4f}" == "85.0343"
    assert t("kpi.scale_100", "th") in shown.label
    assert metric(at, t("kpi.dim.col.to_top", "th")).value == f"{100 - expected.composite:.4f}"


def test_tables_equal_report(app_env):
    """It lists the report's KPIs in the agreement's order, dimension by dimension, with the same numbers."""
    expected = kpi_report(app_env, "DPIM", 2568, 12).kpis
    at = run_app(PAGE, "th")
    shown = kpi_tables(at)
    assert shown["code"].tolist() == expected["kpi_code"].tolist()
    assert shown["name"].tolist() == expected["kpi_name"].tolist()
    for column, source in (("weight", "weight"), ("result", "result"), ("score", "score"), ("weighted", "weighted"),
                           ("gap_to_target", "gap_to_target")):
        pd.testing.assert_series_equal(shown[column].astype(float), expected[source].astype(float),
                                       check_names=False, check_index=False)


def test_statuses_and_cancelled_note(app_env):
    """It marks below-target KPIs and the cancelled one with the palette's symbols and says where the weight went."""
    at = run_app(PAGE, "th")
    status = dict(zip(kpi_tables(at)["code"], kpi_tables(at)["status"], strict=True))
    assert status["1.1"] == "✔ ถึงค่าเป้าหมาย"
    assert {c for c, s in status.items() if s == "✖ ต่ำกว่าค่าเป้าหมาย"} == {"1.2", "2.2", "3.2"}
    assert status["2.3"] == "⊘ ยกเลิก"
    cancelled = kpi_tables(at).set_index("code").loc["2.3"]
    assert pd.isna(cancelled["score"]) and pd.isna(cancelled["weighted"])
    captions = " ".join(c.value for c in at.caption)
    assert "ตัวชี้วัด 2.3 ถูกยกเลิก" in captions
    assert "ในมิติเดียวกันตามสัดส่วน" in captions


def test_dimension_rollup(app_env):
    """It rolls up each dimension with its agreed weight, the weight actually scored and its score."""
    expected = kpi_report(app_env, "DPIM", 2568, 12).dimensions
    at = run_app(PAGE, "th")
    roll = at.dataframe[0].value
    assert roll["dimension"].tolist() == ["1", "2", "3", "4"]
    assert roll["weight"].tolist() == [60.0, 20.0, 10.0, 10.0]
    assert roll["active_weight"].tolist()[1] == 14.0  # 2.3's 6 points went to 2.1 and 2.2
    assert roll["score"].tolist() == expected["score"].tolist()


def test_scheme_and_policy_shown(app_env):
    """It shows the scheme in use and the below-first policy from the settings."""
    at = run_app(PAGE, "th")
    captions = " ".join(c.value for c in at.caption)
    assert "แบบ 3 ระดับ: ขั้นต้น = 50 คะแนน, มาตรฐาน = 75 คะแนน, ขั้นสูง = 100 คะแนน" in captions
    assert "ผลต่ำกว่าเกณฑ์ขั้นต้นได้ 0 คะแนน" in captions


def test_policy_follows_settings(app_env):
    """It shows a configured below-first score, and scores with it."""
    store = Store(app_env)
    store.set_setting("schemes", {"3-level": {"scores": [50, 75, 100], "below_first": 25, "target_level": 2}})
    store.close()
    at = run_app(PAGE, "en", {"round": "6"})
    assert not at.exception
    assert "A result below Basic scores 25" in " ".join(c.value for c in at.caption)
    assert kpi_tables(at).set_index("code").loc["1.2", "score"] == 25.0  # 1,557 is below 3,000


def test_pick_another_kpi(app_env):
    """It shows the chosen KPI's bullet and trend charts when another KPI is picked."""
    at = run_app(PAGE, "th")
    pick = at.selectbox(key="kpi_pick")
    assert pick.value == "1.1"
    assert "1.3" in pick.options[2]
    pick.set_value("1.3").run()
    assert not at.exception
    assert at.selectbox(key="kpi_pick").value == "1.3"
    specs = chart_specs(at)
    bullet = json.loads(specs[2])
    assert "ตัวชี้วัด 1.3" in bullet["layout"]["title"]["text"]
    assert bullet["layout"]["xaxis"]["range"][0] > bullet["layout"]["xaxis"]["range"][1]  # lower is better
    trend = json.loads(specs[3])
    assert "ตัวชี้วัด 1.3" in trend["layout"]["title"]["text"]
    # FY2569 is seed 002's agreement, which keeps KPI 1.3 (illustrative results)
    assert trend["layout"]["xaxis"]["ticktext"] == ["พ.ศ. 2566", "พ.ศ. 2567", "พ.ศ. 2568", "พ.ศ. 2569"]
    assert any("ยิ่งน้อยยิ่งดี" in m.value for m in at.markdown)


def test_pick_cancelled_kpi(app_env):
    """It shows a cancelled KPI's criteria and prior results without a result."""
    at = run_app(PAGE, "en")
    at.selectbox(key="kpi_pick").set_value("2.3").run()
    assert not at.exception
    bullet = json.loads(next(el.proto.spec for el in at.get("plotly_chart") if el.key == "kpi_bullet"))
    assert "This KPI was cancelled" in json.dumps(bullet["layout"]["annotations"])
    assert not [tr for tr in bullet["data"] if tr.get("meta") == "result"]


def test_ops_2547_five_level(app_env):
    """It shows seed 001's KPI 1 for สปอ. FY2547: result 72.5 scores 3.5, composite out of 5."""
    at = run_app(PAGE, "th", {"org": "OPS", "year": "2547"})
    assert not at.exception
    row = kpi_tables(at).set_index("code").loc["1"]
    assert row["result"] == 72.5
    assert row["score"] == 3.5
    assert row["criteria"] == "↑ 60 · 65 · 70 · 75 · 80"
    expected = kpi_report(app_env, "OPS", 2547, 12)
    shown = metric(at, t("kpi.composite", "th"))
    assert shown.value == f"{expected.composite:.4f}"
    assert t("kpi.scale_5", "th") in shown.label
    assert "แบบ 5 ระดับ" in " ".join(c.value for c in at.caption)


def test_round_without_some_results(app_env):
    """It marks a KPI without a result in the chosen round (DPIM's ITA KPI 4.2 at 6 months) as having none."""
    at = run_app(PAGE, "en", {"round": "6"})
    assert not at.exception
    status = dict(zip(kpi_tables(at)["code"], kpi_tables(at)["status"], strict=True))
    assert status["4.2"] == "… No result"


def test_empty_state(app_env):
    """It says there is no KPI agreement, with no traceback, for an org and year without one (สร.อก.)."""
    at = run_app(PAGE, "th", {"org": "OMIN", "year": "2568"})
    assert not at.exception
    assert page_infos(at) == [t("kpi.empty", "th", org="สร.อก. สำนักงานรัฐมนตรี กระทรวงอุตสาหกรรม",
                                year=2568)]
    assert not at.dataframe


def test_kpi_scores_chart_carries_each_kpi_code(app_env):
    """The KPI scores chart has a bar per KPI in agreement order (first on top), its code to open it by a click."""
    at = run_app(PAGE, "en")
    spec = json.loads(next(el.proto.spec for el in at.get("plotly_chart") if el.key == "kpi_scores_chart"))
    bars = spec["data"][0]
    report_ = kpi_report(app_env, "DPIM", 2568, 12)
    assert bars["customdata"] == list(reversed(report_.kpis["kpi_code"].astype(str).tolist()))
    assert spec["layout"]["clickmode"] == "event+select"
    # The axis names each bar by its code and its name is written above the bar, so a phone has room for both.
    codes = list(reversed(report_.kpis["kpi_code"].astype(str).tolist()))
    assert spec["layout"]["yaxis"]["ticktext"] == codes
    names = [a["text"] for a in spec["layout"]["annotations"] if a.get("xref") == "paper" and a.get("yref") == "y"]
    assert names == [shorten(n, 48) for n in reversed(report_.kpis["kpi_name"].astype(str).tolist())]


def test_url_opens_the_kpi_and_the_tab(app_env):
    """?kpi=1.2&tab=detail (a copied link, or a click-through from the overview) opens KPI 1.2 on its tab."""
    at = run_app(PAGE, "en", {"org": "DPIM", "year": "2568", "round": "12"})
    at.query_params["kpi"] = "1.2"
    at.query_params["tab"] = "detail"
    at.run()
    assert not at.exception
    assert at.selectbox(key="kpi_pick").value == "1.2"
    assert at.session_state["kpi_tab"] == t("kpi.tab.detail", "en")
    assert at.query_params["kpi"] == "1.2" and at.query_params["tab"] == "detail"
    at.selectbox(key="kpi_pick").set_value("3.2").run()
    assert at.query_params["kpi"] == "3.2"


def test_unknown_kpi_in_the_url_is_ignored(app_env):
    at = run_app(PAGE, "en", {"org": "DPIM", "year": "2568"})
    at.query_params["kpi"] = "9.9"
    at.query_params["tab"] = "nonsense"
    at.run()
    assert not at.exception
    assert at.selectbox(key="kpi_pick").value == "1.1"
