"""The download buttons in the app: deck and PDF on the overview, images beside charts, Excel under tables."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from analytics.exports import deck, excel, pdf
from tests.conftest import run_app
from ui import exports as ui_exports


def test_overview_offers_the_deck_and_the_pdf(app_env):
    """The overview has the deck and PDF buttons, named for the unit, year and round, built only on a click."""
    at = run_app("pages/1_overview.py", "th", {"org": "DPIM", "year": "2568", "round": "12"})
    assert not at.exception
    assert at.download_button(key="ov_deck").label == "ดาวน์โหลดสไลด์ประชุม (PowerPoint)"
    assert at.download_button(key="ov_pdf").label == "ดาวน์โหลดเอกสารสรุป (PDF)"
    at_en = run_app("pages/1_overview.py", "en", {"org": "DPIM", "year": "2568", "round": "12"})
    assert at_en.download_button(key="ov_deck").label == "Download the meeting deck (PowerPoint)"


def _chart_and_table_page() -> None:
    import pandas as pd
    import plotly.graph_objects as go

    from ui.common import chart, table

    fig = go.Figure(go.Bar(x=["ก", "ข"], y=[1, 2]))
    chart(fig, "DPIM_2568_test", key="t_chart")
    frame = pd.DataFrame({"code": ["1.1", "1.2"], "score": [87.5, 63.0], "hidden": [1, 2]})
    table(frame, "DPIM_2568_kpis", key="t_table", headers={"code": "ตัวชี้วัด", "score": "คะแนน"},
          formats={"score": 4})


def test_chart_and_table_helpers():
    """chart() adds PNG and SVG buttons beside the figure; table() shows the headed columns and an Excel button."""
    at = AppTest.from_function(_chart_and_table_page, default_timeout=60)
    at.run()
    assert not at.exception
    assert at.download_button(key="t_chart_png").label == "ดาวน์โหลด PNG"
    assert at.download_button(key="t_chart_svg").label == "ดาวน์โหลด SVG"
    assert at.download_button(key="t_table_xlsx").label == "ดาวน์โหลด Excel"
    shown = at.dataframe[0].value
    assert list(shown.columns) == ["code", "score"]


def test_mime_types_agree():
    """The app's MIME types are the exporters' (the app does not import them until a click)."""
    assert ui_exports.PPTX_MIME == deck.PPTX_MIME
    assert ui_exports.XLSX_MIME == excel.XLSX_MIME
    assert ui_exports.PDF_MIME == pdf.PDF_MIME


def test_export_labels_are_in_both_languages():
    """Every exp. label has Thai and English and no other area defines the same key."""
    from analytics.i18n import CATALOGUE, DUPLICATE_KEYS, missing_keys
    keys = [k for k in CATALOGUE if k.startswith("exp.")]
    assert len(keys) > 80
    assert not [k for k in missing_keys() if k.startswith("exp.")]
    assert not [k for k in DUPLICATE_KEYS if k.startswith("exp.")]


def test_overview_chooses_the_parts_of_the_deck_and_pdf(app_env):
    """Every part is picked by default; with none picked the deck and PDF buttons are disabled and say why."""
    at = run_app("pages/1_overview.py", "th", {"org": "DPIM", "year": "2568", "round": "12"})
    assert not at.exception
    pills = at.get("button_group")
    picker = next(p for p in pills if p.key == "ov_deck_parts")
    assert picker.value == ["kpi", "ita", "actions", "cycle", "comparison"]
    assert not at.download_button(key="ov_deck").disabled
    picker.set_value([]).run()
    assert not at.exception
    assert at.download_button(key="ov_deck").disabled and at.download_button(key="ov_pdf").disabled
    assert "เลือกอย่างน้อยหนึ่งส่วนเพื่อดาวน์โหลด" in [c.value for c in at.caption]
