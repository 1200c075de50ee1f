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


def _captured_workbooks(monkeypatch) -> dict[str, object]:
    """File name -> the Excel download's data callable, as the pages hand it to st.download_button."""
    made: dict[str, object] = {}
    real = ui_exports.audited

    def keep(make, file_name):  # type: ignore[no-untyped-def]
        made[file_name] = make
        return real(make, file_name)

    monkeypatch.setattr(ui_exports, "audited", keep)
    return made


def _title_block(data: bytes) -> list[str]:
    import io

    from openpyxl import load_workbook
    ws = load_workbook(io.BytesIO(data)).active
    block = []
    for row in range(1, 10):
        value = ws.cell(row=row, column=1).value
        if value is None:
            break
        block.append(str(value))
    return block


def test_kpi_page_workbooks_carry_the_title_unit_year_round_and_viewer(app_env, monkeypatch):
    """Every table on the KPI page downloads with its Thai title, the selected unit, fiscal year and round,
    the data date, and (demo mode, nobody signed in) the demo viewer as the one who exported it."""
    made = _captured_workbooks(monkeypatch)
    at = run_app("pages/2_kpi.py", "th", {"org": "DPIM", "year": "2568", "round": "12"})
    assert not at.exception
    books = {name: make for name, make in made.items() if name.endswith(".xlsx")}
    assert "DPIM_2568_kpi_dimensions_12m.xlsx" in books and len(books) >= 2, sorted(books)
    unit = at.session_state["_selection"].org_label
    assert "DPIM" in unit or "กพร" in unit or "อุตสาหกรรมพื้นฐาน" in unit
    for name, make in books.items():
        block = _title_block(make())  # type: ignore[operator]
        assert not block[0].startswith("DPIM") and "_" not in block[0], (name, block)  # a title, not the file name
        assert block[1] == f"หน่วยงาน: {unit}", (name, block)
        assert block[2] == "ปีงบประมาณ พ.ศ. 2568 · รอบ 12 เดือน", (name, block)
        assert block[3] == "ข้อมูล ณ วันที่ 20 พ.ย. 2569", (name, block)
        assert block[4].startswith("ส่งออกโดย ผู้ชมโหมดสาธิต (ไม่ได้เข้าสู่ระบบ) เมื่อ "), (name, block)
    assert _title_block(books["DPIM_2568_kpi_dimensions_12m.xlsx"]())[0] == "คะแนนรายมิติ"  # type: ignore[operator]
    assert _title_block(books["DPIM_2568_kpi_dim1_12m.xlsx"]())[0].startswith("มิติที่ 1")  # type: ignore[operator]


def test_audit_trail_workbook_says_it_is_the_whole_system_and_who_exported_it(app_env, monkeypatch):
    """A table not tied to a unit says what it covers instead of a unit, and "exported by" is the signed-in e-mail."""
    made = _captured_workbooks(monkeypatch)
    at = run_app("pages/9_audit.py", "en", user="admin")
    assert not at.exception
    block = _title_block(made["pramern_audit.xlsx"]())  # type: ignore[operator]
    assert block[0] == "Audit trail"
    assert block[1] == "Covers: Whole system (not one unit)"
    assert block[2].startswith("Data as of ")
    assert block[3].startswith("Exported by admin@test.pramern on ")


def test_sheet_meta_from_a_selection(app_env):
    """The helper takes the Selection given: unit, year and round; a scope replaces the unit; period overrides."""
    from ui.common import Selection
    sel = Selection("DPIM", 2568, 6, "en", "DPIM Department of Primary Industries and Mines")
    meta = ui_exports.sheet_meta("DPIM_2568_x", "Dimension scores", sel=sel)
    assert (meta["title"], meta["unit"], meta["fiscal_year"], meta["round"]) == (
        "Dimension scores", sel.org_label, 2568, 6)
    assert meta["exported_by"] == "Demo viewer (not signed in)"
    group = ui_exports.sheet_meta("DPIM_2568_cmp", "Change", scope="Group: economy", period=(2568, 12), sel=sel)
    assert (group["scope"], group["fiscal_year"], group["round"]) == ("Group: economy", 2568, 12)
    assert "unit" not in group
    plan = ui_exports.sheet_meta("DPIM_all_plan", "Plan (All years)", period=(None, None), sel=sel)
    assert (plan["unit"], plan["fiscal_year"], plan["round"]) == (sel.org_label, None, None)


def test_compare_workbook_names_the_group_year_and_round(app_env, monkeypatch):
    """The comparison table is the ministry's or group's, not the unit's: its block says what it covers."""
    made = _captured_workbooks(monkeypatch)
    at = run_app("pages/4_compare.py", "th", {"org": "DPIM", "year": "2568", "round": "12"})
    assert not at.exception
    block = _title_block(made["DPIM_2568_compare_movement.xlsx"]())  # type: ignore[operator]
    assert block[0] == "การเปลี่ยนแปลงเทียบปีก่อน (พ.ศ. 2567 → 2568)"
    assert block[1].startswith("ขอบเขต: ") and len(block[1]) > len("ขอบเขต: ")
    assert block[2] == "ปีงบประมาณ พ.ศ. 2568 · รอบ 12 เดือน"
    assert block[3] == "ข้อมูล ณ วันที่ 20 พ.ย. 2569"
    assert block[4].startswith("ส่งออกโดย ผู้ชมโหมดสาธิต (ไม่ได้เข้าสู่ระบบ) เมื่อ ")
