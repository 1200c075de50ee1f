"""The overview shows what analytics computes for the same unit, year and round."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import ita as ita_rules
from analytics.report import ita_report, kpi_report
from analytics.store import Store
from tests.conftest import metrics, run_app

pytestmark = pytest.mark.usefixtures("app_env")
PAGE = "pages/1_overview.py"
DPIM_2568 = {"org": "DPIM", "year": "2568", "round": "12"}



def test_dpim_2568_shows_the_seed_ita_result(app_env: Path) -> None:
    """DPIM FY2568: ITA 94.23, develop band, pass, rank 6 of 8 and 56 of 92 (seed 004)."""
    at = run_app(PAGE, "th", DPIM_2568)
    assert not at.exception
    shown = metrics(at)
    assert shown["คะแนน ITA"] == "94.23"
    assert shown["ระดับผลการประเมิน"] == "ผ่าน"
    assert shown["ลำดับในกระทรวง"] == "6 จาก 8"
    assert shown["ลำดับในกลุ่มหน่วยงาน"] == "56 จาก 92"
    assert any("พัฒนาระดับ" in m.value for m in at.markdown)
    assert shown["จากเกณฑ์ผ่าน 85"] == "+9.23"
    assert shown["จากค่าเป้าหมาย 89"] == "+5.23"
    assert shown["จากระดับรักษาระดับ 95"] == "-0.77"


def test_kpi_figures_equal_the_report(app_env: Path) -> None:
    """The composite (4 decimals) and the dimension scores are those of analytics.report."""
    store = Store(app_env)
    try:
        expected = kpi_report(store, "DPIM", 2568, 12)
        ita = ita_report(store, "DPIM", 2568)
    finally:
        store.close()
    assert expected is not None and ita is not None
    at = run_app(PAGE, "en", DPIM_2568)
    shown = metrics(at)
    assert shown["Weighted composite"] == f"{expected.composite:,.4f}"
    for dim in expected.dimensions.itertuples():
        assert shown[f"Dimension {dim.dimension}"] == f"{dim.score:,.4f}"
    assert ita.band == ita_rules.DEVELOP


def test_needs_attention_lists_each_kind_with_a_link() -> None:
    """KPIs below target, ITA questions to improve and overdue actions, each linking to its page."""
    at = run_app(PAGE, "en", DPIM_2568)
    labels = [e.label for e in at.expander]
    assert any(label.startswith("KPIs below target") for label in labels)
    assert any(label.startswith("ITA questions to improve") for label in labels)
    assert any(label.startswith("Overdue actions (2)") for label in labels)


def test_a_year_without_data_says_what_is_missing() -> None:
    at = run_app(PAGE, "en", {"org": "OMIN", "year": "2568"})
    assert not at.exception
    assert any("No KPI agreement" in i.value for i in at.info)
