"""The upload page: a good file lands and shows on the overview, a bad one is refused in place."""

from __future__ import annotations

import pytest

from tests.conftest import DATA, run_app

pytestmark = pytest.mark.usefixtures("app_env")
GOOD = DATA / "good" / "kpi_dpim_2569.csv"
UPLOAD = "pages/7_upload.py"


def _upload(at, name: str, content: bytes):  # type: ignore[no-untyped-def]
    at.file_uploader(key="up_file").upload(name, content, "text/csv")
    at.run()
    return at


def test_good_file_imports_shows_on_overview_and_undo_brings_it_back() -> None:
    """It imports a valid KPI file, the overview shows its composite, and undo removes it again."""
    at = run_app(UPLOAD, params={"org": "DPIM", "year": "2570"}, user="analyst")
    _upload(at, GOOD.name, GOOD.read_bytes())
    # The file names neither organisation nor year: the page asks for them.
    at.selectbox(key="up_org").set_value("DPIM").run()
    at.number_input(key="up_year").set_value(2570).run()
    assert not at.exception
    assert any("ตัวชี้วัด (KPI) 4 แถว" in s.value for s in at.success), [s.value for s in at.success]
    # The preview: one table, headed in Thai, with the scores as computed; no database names.
    preview = next(d.value for d in at.dataframe if "รหัสตัวชี้วัด" in d.value.columns)
    assert len(preview) == 4 and "คะแนนรอบ 12 เดือน" in preview.columns
    assert not {"org_code", "kpi_code", "kpis", "kpi_results"} & set(preview.columns)
    at.button(key="up_import").click().run()
    assert not at.exception
    assert any("ชุดที่" in s.value for s in at.success)

    ov = run_app("pages/1_overview.py", params={"org": "DPIM", "year": "2570", "round": "12"})
    labels = {m.label: m.value for m in ov.metric}
    composite = next(v for k, v in labels.items() if k.startswith("คะแนนรวมถ่วงน้ำหนัก"))
    assert composite != "–"

    at = run_app(UPLOAD, user="analyst")
    batch = at.selectbox(key="up_undo_pick").value
    at.checkbox(key="up_undo_confirm").check().run()
    at.button(key="up_undo").click().run()
    assert not at.exception
    assert any(str(batch) in s.value for s in at.success)
    ov = run_app("pages/1_overview.py", params={"org": "DPIM", "year": "2570", "round": "12"})
    assert all(m.value == "–" for m in ov.metric if m.label.startswith("คะแนนรวมถ่วงน้ำหนัก"))


def test_bad_file_lists_its_row_and_column_and_cannot_be_imported() -> None:
    """A bad file shows each problem with its row and column, and no import button is offered."""
    bad = GOOD.read_text(encoding="utf-8").replace(",30,ร้อยละ,higher", ",ศูนย์,ร้อยละ,higher", 1)
    at = run_app(UPLOAD, lang="en", params={"org": "DPIM", "year": "2570"}, user="analyst")
    _upload(at, "bad.csv", bad.encode("utf-8"))
    at.selectbox(key="up_org").set_value("DPIM").run()
    at.number_input(key="up_year").set_value(2570).run()
    assert not at.exception
    assert any("error" in e.value.lower() for e in at.error)
    table = next(d.value for d in at.dataframe if "Row" in d.value.columns)
    assert list(table["Row"]) == [2]
    assert list(table["Column"]) == ["น้ำหนัก"]
    assert "Expected a number" in table["What is wrong and what is expected"].iloc[0]
    assert list(table["Problem"]) == ["Not a number"]
    assert not [b for b in at.button if b.key == "up_import"]


def test_workbook_of_every_kind_previews_each_sheet_and_imports_whole() -> None:
    """The all-kinds template, as written, shows a table per sheet and imports every sheet at once."""
    from analytics.templates import template_bytes
    at = run_app(UPLOAD, params={"org": "DPIM", "year": "2570"}, user="analyst")
    at.file_uploader(key="up_file").upload("all.xlsx", template_bytes("all"),
                                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    at.run()
    assert not at.exception
    assert any("พบข้อมูล 6 ชีต" in i.value for i in at.info), [i.value for i in at.info]
    assert len([d for d in at.dataframe if "แถวในไฟล์" in d.value.columns]) == 6
    assert any("คำแนะนำ instructions" in c.value for c in at.caption)
    if any(c.key == "up_replace" for c in at.checkbox):  # the demo already holds DPIM 2570 of some kinds
        at.checkbox(key="up_replace").check().run()
    at.button(key="up_import").click().run()
    assert not at.exception
    assert any("นำเข้าเรียบร้อย" in s.value for s in at.success), [s.value for s in at.success]
