"""The comparison page (AppTest on the demo data) and the store reads it relies on."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.report import composites_for
from analytics.store import Store
from tests.conftest import metrics, page_infos, run_app

PAGE = "pages/4_compare.py"
DPIM_2568 = {"org": "DPIM", "year": "2568", "round": "12"}
INDUSTRY = "กระทรวงอุตสาหกรรม"



def movement(at) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return at.dataframe[0].value


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_runs(app_env, lang):
    """It renders the Ministry of Industry for FY2568 in Thai and in English without an exception."""
    at = run_app(PAGE, lang, DPIM_2568)
    assert not at.exception
    assert at.title[0].value == ("เปรียบเทียบหน่วยงาน กระทรวงอุตสาหกรรม พ.ศ. 2568" if lang == "th"
                                 else "Compare units: กระทรวงอุตสาหกรรม, FY2568")


def test_eight_units_with_dpim_ranked_sixth(app_env):
    """It compares the 8 Ministry of Industry units in FY2568 and ranks DPIM 6 of 8 on ITA (seed 004)."""
    at = run_app(PAGE, "th", DPIM_2568)
    shown = metrics(at)
    assert shown["จำนวนหน่วยงาน"] == "8"
    assert shown["ลำดับ ITA ของ กพร."] == "6 จาก 8"
    table = movement(at)
    assert len(table) == 8
    dpim = table[table["unit"].str.startswith("กพร.")].iloc[0]
    assert dpim["rank"] == 6
    assert dpim["unit"].endswith("◀ หน่วยงานที่เลือก")
    assert table["rank"].tolist() == [1, 2, 3, 4, 5, 6, 7, 8]


def test_movement_against_the_year_before(app_env, demo_store):
    """It shows each unit's ITA and KPI composite this year and last, with arrows and signed deltas."""
    at = run_app(PAGE, "th", DPIM_2568)
    table = movement(at).set_index("unit")
    dpim = table.loc[[i for i in table.index if i.startswith("กพร.")][0]]
    assert dpim["ita_prev"] == 92.41 and dpim["ita_now"] == 94.23
    assert dpim["ita_delta"] == "▲ +1.82"
    comps = composites_for(demo_store, ["DPIM"], [2567, 2568], 12).set_index("fiscal_year")["composite"]
    assert dpim["kpi_now"] == pytest.approx(comps[2568])
    delta = comps[2568] - comps[2567]
    assert dpim["kpi_delta"] == f"{'▲' if delta > 0 else '▼'} {delta:+,.4f}"
    omin = table.loc[[i for i in table.index if i.startswith("สร.อก.")][0]]
    assert omin["kpi_delta"] == "–"  # no KPI agreement


def test_kpi_ranking_compares_like_with_like(app_env):
    """It ranks KPI composites of the 7 units on the 3-level scheme and names the one without an agreement."""
    at = run_app(PAGE, "th", DPIM_2568)
    assert metrics(at)["ลำดับคะแนน KPI ของ กพร."].endswith("จาก 7")
    assert "ไม่มีข้อตกลงตัวชี้วัดหรือผลรอบนี้: สร.อก." in [c.value for c in at.caption]


def test_group_toggle(app_env):
    """It compares the whole agency group instead of the ministry when toggled."""
    at = run_app(PAGE, "th", DPIM_2568)
    at.toggle(key="cmp_by_group").set_value(True).run()
    assert not at.exception
    assert at.title[0].value == "เปรียบเทียบหน่วยงาน กลุ่มส่วนราชการระดับกรม พ.ศ. 2568"
    assert metrics(at)["จำนวนหน่วยงาน"] == "9"  # DLPW joins, without an ITA result
    assert len(movement(at)) == 9


@pytest.mark.parametrize("lang", ["th", "en"])
def test_year_without_data_shows_empty_state(app_env, lang):
    """It says FY2570 has no ITA or KPI data for the ministry's units (the demo has only DPIM's FY2570 cycle),
    with no traceback."""
    s = Store(app_env)
    try:
        assert 2570 in s.years("DPIM") and s.kpis("DPIM", 2570).empty and s.ita_summary("DPIM", 2570) is None
    finally:
        s.close()
    at = run_app(PAGE, lang, {"org": "DPIM", "year": "2570"})
    assert not at.exception
    expected = ("ยังไม่มีผล ITA หรือตัวชี้วัดของหน่วยงานในกระทรวงอุตสาหกรรม ปี พ.ศ. 2570" if lang == "th"
                else "No ITA result or KPI agreement for the units of กระทรวงอุตสาหกรรม in FY2570.")
    assert page_infos(at) == [expected]
    assert not at.dataframe and not at.metric


def test_ministry_without_results_shows_empty_state(app_env):
    """It shows the empty state for a ministry with one unit and no ITA or KPI (DLPW, FY2563)."""
    at = run_app(PAGE, "th", {"org": "DLPW", "year": "2563"})
    assert not at.exception
    assert page_infos(at) == ["ยังไม่มีผล ITA หรือตัวชี้วัดของหน่วยงานในกระทรวงแรงงาน ปี พ.ศ. 2563"]


def test_year_with_kpi_but_no_ita(app_env):
    """It shows the KPI parts and says the ITA is missing when only agreements exist (FY2547)."""
    at = run_app(PAGE, "en", {"org": "OPS", "year": "2547"})
    assert not at.exception
    infos = [i.value for i in at.info]
    assert "No ITA results for the units of กระทรวงอุตสาหกรรม in FY2547." in infos
    assert metrics(at)["KPI rank of OPS"] == "1 of 1"


# -- the store reads behind the page ---------------------------------------------------------------
def test_units_of_a_ministry_and_of_a_group(demo_store):
    """It lists the 8 Ministry of Industry units, or all 9 department-level ones."""
    assert len(demo_store.units(ministry=INDUSTRY)) == 8
    assert len(demo_store.units(org_group="department")) == 9
    assert demo_store.units(ministry="ไม่มี").empty


def test_kpi_type_counts_match_the_agreements(demo_store):
    """It counts each unit's active KPIs per type as a count over its agreement rows would."""
    orgs = demo_store.units(ministry=INDUSTRY)["org_code"].tolist()
    counts = demo_store.kpi_type_counts(2568, orgs)
    rows = demo_store.kpis_for_orgs(orgs, [2568])
    expected = (rows[rows["status"] == "active"].groupby(["org_code", "kpi_type"]).size()
                .rename("kpis").reset_index())
    got = counts.sort_values(["org_code", "kpi_type"]).reset_index(drop=True)
    assert got.values.tolist() == expected.sort_values(["org_code", "kpi_type"]).values.tolist()
    # DPIM's cancelled 2.3 is not counted: 11 rows, 10 active
    assert int(counts[counts["org_code"] == "DPIM"]["kpis"].sum()) == 10
    assert "OMIN" not in set(counts["org_code"])


def test_ita_movement_is_this_year_minus_last(demo_store):
    """It pairs each unit's overall with the year before and leaves NULL where a year is missing."""
    moves = demo_store.ita_movement(2568, ["DPIM", "DLPW"]).set_index("org_code")
    assert moves.loc["DPIM", "overall"] == 94.23
    assert moves.loc["DPIM", "prev_overall"] == 92.41
    assert moves.loc["DPIM", "delta"] == pytest.approx(1.82)
    assert pd.isna(moves.loc["DLPW", "overall"]) and pd.isna(moves.loc["DLPW", "delta"])


def test_kpi_schemes(demo_store):
    """It names the scoring scheme of each agreement per year."""
    schemes = demo_store.kpi_schemes([2547, 2568], ["OPS", "DPIM"])
    assert schemes.values.tolist() == [["DPIM", 2568, "3-level"], ["OPS", 2547, "5-level"], ["OPS", 2568, "3-level"]]
