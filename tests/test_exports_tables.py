"""Every table a page shows has an Excel download of exactly the rows, columns, headers and decimals shown."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pytest
from openpyxl import load_workbook
from streamlit.runtime.media_file_manager import MediaFileManager

from tests.conftest import DATA, run_app

PARAMS = {"org": "DPIM", "year": "2568", "round": "12"}


def xlsx_keys(at) -> set[str]:  # type: ignore[no-untyped-def]
    return {b.key for b in at.get("download_button") if b.key and b.key.endswith("_xlsx")}


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], bytes]]:
    """The callables the download buttons run on a click, by file name (the app registers them, AppTest cannot click)."""
    found: dict[str, Callable[[], bytes]] = {}
    original = MediaFileManager.add_deferred

    def spy(self, data, mimetype, coordinates, file_name=None, **kwargs):  # type: ignore[no-untyped-def]
        found[str(file_name)] = data
        return original(self, data, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return found


def header_row(ws) -> int:  # type: ignore[no-untyped-def]
    """The table's header row: the one printed on every page, below the title block."""
    return int(ws.print_title_rows.split(":")[0].strip("$"))


def workbook_rows(data: bytes) -> tuple[list[str], list[list[object]], object]:
    ws = load_workbook(io.BytesIO(data)).active
    top = header_row(ws)
    rows = [list(r) for r in ws.iter_rows(min_row=top, values_only=True)]
    return [str(h) for h in rows[0]], rows[1:], ws


def shown_headers(element) -> list[str]:  # type: ignore[no-untyped-def]
    """The headers a st.dataframe shows: each column's label from its column config, else its name."""
    config = json.loads(element.proto.columns or "{}")
    return [(config.get(c) or {}).get("label") or str(c) for c in element.value.columns]


# -- the buttons, page by page -------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["th", "en"])
def test_kpi_page_has_an_excel_button_per_table(app_env, lang):
    """The dimension roll-up and each dimension's KPI table (colour-tinted) have their Excel button."""
    at = run_app("pages/2_kpi.py", lang, PARAMS)
    assert not at.exception
    assert {"kpi_dim_table_xlsx", "kpi_table_1_xlsx", "kpi_table_2_xlsx", "kpi_table_3_xlsx",
            "kpi_table_4_xlsx"} <= xlsx_keys(at)
    assert len(xlsx_keys(at)) == len(at.dataframe) == 5
    label = "ดาวน์โหลด Excel" if lang == "th" else "Download Excel"
    assert at.download_button(key="kpi_dim_table_xlsx").label == label


def test_ita_page_has_excel_buttons_for_questions_and_measures(app_env):
    """The question table and every measure table (one per indicator and plan year) have an Excel button."""
    at = run_app("pages/3_ita.py", "th", PARAMS)
    assert not at.exception
    keys = xlsx_keys(at)
    assert "ita_questions_table_xlsx" in keys
    measures = {k for k in keys if k.startswith("ita_measures_")}
    assert measures, keys
    assert len(keys) == len(at.dataframe)


def test_compare_page_has_an_excel_button_for_the_movement_table(app_env):
    at = run_app("pages/4_compare.py", "th", PARAMS)
    assert not at.exception
    assert xlsx_keys(at) == {"cmp_movement_table_xlsx"}
    assert len(at.dataframe) == 1


def test_actions_page_has_excel_buttons_for_overdue_verdicts_and_the_plan(app_env, downloads):
    """Overdue actions, the assessor's verdicts (tinted) and, for a viewer, the read-only plan; not the editor."""
    at = run_app("pages/5_actions.py", "th", PARAMS)
    assert not at.exception
    assert xlsx_keys(at) == {"act_overdue_table_xlsx", "act_plan_table_xlsx"}  # DPIM 2568 has no verdicts
    editor = run_app("pages/5_actions.py", "th", PARAMS, user="analyst")
    assert not editor.exception
    assert xlsx_keys(editor) == {"act_overdue_table_xlsx"}
    dlpw = run_app("pages/5_actions.py", "en", {"org": "DLPW", "year": "2563"})
    assert not dlpw.exception
    assert "act_assessor_table_xlsx" in xlsx_keys(dlpw)
    shown = next(d for d in dlpw.dataframe if "Assessor's verdict" in d.value.columns)
    headers, rows, _ = workbook_rows(downloads["DLPW_2563_actions_assessor.xlsx"]())
    assert headers == shown_headers(shown)
    assert len(rows) == len(shown.value) > 0


def test_cycle_page_has_an_excel_button_for_the_steps(app_env):
    at = run_app("pages/6_cycle.py", "en", PARAMS)
    assert not at.exception
    assert xlsx_keys(at) == {"cyc_table_xlsx"}


def test_upload_page_has_excel_buttons_for_problems_and_history(app_env, downloads):
    """Errors, warnings and the import history download as Excel; a formula from the file stays text."""
    good = (DATA / "good" / "kpi_dpim_2569.csv").read_text(encoding="utf-8")
    head, first, *rest = good.splitlines()
    bad = "\n".join([head + ',=HYPERLINK("http://example.com")', first.replace(",30,ร้อยละ,", ",ศูนย์,ร้อยละ,", 1) + ",x",
                     *(r + ",x" for r in rest)]) + "\n"
    at = run_app("pages/7_upload.py", "th", {"org": "DPIM", "year": "2569"}, user="analyst")
    assert not at.exception
    assert "up_history_xlsx" in xlsx_keys(at)
    at.file_uploader(key="up_file").upload("bad.csv", bad.encode("utf-8"), "text/csv")
    at.run()
    at.selectbox(key="up_org").set_value("DPIM").run()
    at.number_input(key="up_year").set_value(2569).run()
    assert not at.exception
    assert {"up_errors_xlsx", "up_warnings_xlsx", "up_history_xlsx"} <= xlsx_keys(at)
    shown = next(d for d in at.dataframe if "=HYPERLINK" in d.value.to_string())
    headers, rows, ws = workbook_rows(downloads["upload_bad_warnings.xlsx"]())
    assert headers == shown_headers(shown)
    assert len(rows) == len(shown.value)
    value = ws.cell(row=header_row(ws) + 1, column=headers.index("ค่าในไฟล์") + 1)
    assert value.value == "'=HYPERLINK(\"http://example.com\")"
    assert value.data_type == "s" and value.quotePrefix


# -- the workbook is the table shown -------------------------------------------------------------
@pytest.mark.parametrize("lang", ["th", "en"])
def test_kpi_dimension_workbook_is_the_table_shown(app_env, downloads, lang):
    """The roll-up's workbook has the shown headers in order, one row per shown row, the values and decimals shown."""
    at = run_app("pages/2_kpi.py", lang, PARAMS)
    assert not at.exception
    shown = next(d for d in at.dataframe if "active_weight" in d.value.columns)
    headers, rows, ws = workbook_rows(downloads["DPIM_2568_kpi_dimensions_12m.xlsx"]())
    assert headers == shown_headers(shown)
    assert headers[0] == ("มิติ" if lang == "th" else "Dimension")
    assert len(rows) == len(shown.value) == 4
    assert [r[0] for r in rows] == shown.value["dimension"].tolist()
    score = list(shown.value.columns).index("score")
    assert [r[score] for r in rows] == pytest.approx(shown.value["score"].tolist())
    top = header_row(ws)
    assert ws.cell(row=top + 1, column=score + 1).number_format == "#,##0.0000"
    assert ws.freeze_panes == f"A{top + 1}" and ws.auto_filter.ref == f"A{top}:G{top + 4}"
    unit = "กพร. กรมอุตสาหกรรมพื้นฐานและการเหมืองแร่" if lang == "th" else "Department of Primary Industries and Mines"
    block = [ws.cell(row=r, column=1).value for r in range(2, top - 1)]
    assert any(unit in str(line) for line in block), block
    assert block[1:3] == (["ปีงบประมาณ พ.ศ. 2568 · รอบ 12 เดือน", "ข้อมูล ณ วันที่ 20 พ.ย. 2569"] if lang == "th"
                          else ["Fiscal year 2568 (BE) · 12-month round", "Data as of 20 Nov 2026"])


def test_kpi_dimension_tables_workbooks_match_the_tinted_tables(app_env, downloads):
    """Each dimension's (colour-tinted) KPI table downloads with its shown headers and rows."""
    at = run_app("pages/2_kpi.py", "th", PARAMS)
    tables = [d for d in at.dataframe if "gap_to_top" in d.value.columns]
    assert len(tables) == 4
    for n, shown in enumerate(tables, start=1):
        headers, rows, _ = workbook_rows(downloads[f"DPIM_2568_kpi_dim{n}_12m.xlsx"]())
        assert headers == shown_headers(shown)
        assert [r[0] for r in rows] == shown.value["code"].tolist()


def test_cycle_workbook_is_the_table_shown(app_env, downloads):
    """The step table downloads with its Thai headers and 16 rows; the difference is a signed number, not text."""
    at = run_app("pages/6_cycle.py", "th", PARAMS)
    shown = next(d for d in at.dataframe if "สถานะ" in d.value.columns)
    headers, rows, ws = workbook_rows(downloads["DPIM_2568_cycle_steps.xlsx"]())
    assert headers == [str(c) for c in shown.value.columns]
    assert len(rows) == len(shown.value) == 16
    diff = headers.index("ส่วนต่าง")
    assert [("" if r[diff] is None else f"{r[diff]:+d}" if r[diff] else "0") for r in rows] == \
        shown.value["ส่วนต่าง"].tolist()
    top = header_row(ws)
    assert ws.cell(row=top + 1, column=diff + 1).number_format == "+#,##0;-#,##0;0"
    assert all(ws.cell(row=i, column=diff + 1).data_type == "n" for i in range(top + 1, top + 17))


def test_actions_overdue_workbook_is_the_table_shown(app_env, downloads):
    """The overdue list downloads with the shown headers, rows and days overdue."""
    at = run_app("pages/5_actions.py", "th", PARAMS)
    shown = next(d for d in at.dataframe if "เกินมาแล้ว (วัน)" in d.value.columns)
    headers, rows, _ = workbook_rows(downloads["DPIM_2568_actions_overdue.xlsx"]())
    assert headers == shown_headers(shown)
    assert len(rows) == len(shown.value) > 0
    days = headers.index("เกินมาแล้ว (วัน)")
    assert [r[days] for r in rows] == shown.value["เกินมาแล้ว (วัน)"].tolist()


def test_compare_movement_workbook_keeps_changes_as_numbers(app_env, downloads):
    """The screen shows ▲ +0.74 as text; the workbook has the number, its arrow and sign from the number format."""
    at = run_app("pages/4_compare.py", "th", PARAMS)
    assert not at.exception
    shown = next(d for d in at.dataframe if "ita_delta" in d.value.columns)
    headers, rows, ws = workbook_rows(downloads["DPIM_2568_compare_movement.xlsx"]())
    assert headers == shown_headers(shown)
    top = header_row(ws)
    col = list(shown.value.columns).index("ita_delta")
    for i, (text, now, prev) in enumerate(zip(shown.value["ita_delta"], shown.value["ita_now"], shown.value["ita_prev"],
                                              strict=True)):
        cell = ws.cell(row=top + 1 + i, column=col + 1)
        if text == "–":
            assert cell.value is None
            continue
        assert cell.data_type == "n" and cell.value == pytest.approx(now - prev)
        assert cell.number_format == '[Color10]"▲ "+#,##0.00;[Red]"▼ "-#,##0.00;"► "#,##0.00'
        assert text.split()[0] == ("▲" if round(cell.value, 2) > 0 else "▼" if round(cell.value, 2) < 0 else "►")
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1


def test_chart_titles_are_padded_off_the_edge():
    """A downloaded chart's title starts a little in from the left edge, not on it."""
    import plotly.graph_objects as go

    from analytics.charts.base import styled
    title = styled(go.Figure(), "คะแนน").layout.title
    assert title.xanchor == "left" and title.xref == "container"
    assert title.x > 0 or title.pad.l > 0
