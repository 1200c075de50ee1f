"""Whole workbooks and messages for people: every sheet of a known kind is checked and imported in one
transaction (organisations first), one bad sheet imports nothing and every sheet's problems are listed,
problems are named in Thai and English, in the order of the file, without follow-on problems."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from analytics import cli
from analytics.auth import SYSTEM
from analytics.errors import ImportRejected
from analytics.i18n import CATALOGUE, t
from analytics.importing import Problem, import_file, parse_file
from analytics.importing.preview import preview_table
from analytics.store.schema import DATA_TABLES
from analytics.templates import template_bytes
from tests.test_importers import csv_bytes

ORGS = [["org_code", "abbr_th", "name_th", "name_en", "ministry", "org_group"],
        ["DNEW", "กนว.", "กรมใหม่", "New Department", "กระทรวงทดสอบ", "department"]]
KPI_NEW = [["org_code", "fiscal_year", "dimension", "kpi_code", "kpi_name", "weight", "direction", "c1", "c2", "c3",
            "result_12m"],
           ["กนว.", 2569, "1", "1.1", "ร้อยละของงานที่เสร็จ", 60, "higher", 80, 85, 90, 87],
           ["DNEW", 2569, "1", "1.2", "ระยะเวลาเฉลี่ย", 40, "lower", 30, 25, 20, 22]]
SUMMARY_NEW = [["org_code", "fiscal_year", "overall", "rank_ministry", "ministry_size"], ["DNEW", 2569, 91.5, 2, 5]]


def workbook(*sheets: tuple[str, list[list[object]]]) -> bytes:
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def counts(store) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {t: int(store.scalar(f"SELECT count(*) FROM {t}")) for t in (*DATA_TABLES, "batches")}


def test_two_sheet_workbook_imports_whole_orgs_first(orgs_store):
    """A KPI sheet before the orgs sheet that brings its organisation: both import, orgs first, one transaction."""
    data = workbook(("ตัวชี้วัด", KPI_NEW), ("หน่วยงาน", ORGS))
    outcome = import_file(orgs_store, data, "two.xlsx", SYSTEM)
    assert outcome.kinds == ["orgs", "kpi"]
    assert outcome.rows == {"orgs": 1, "kpis": 2, "kpi_results": 2}
    assert [orgs_store.batch(b).kind for b in outcome.batch_ids] == ["orgs", "kpi"]
    assert outcome.batch_ids[0] < outcome.batch_ids[1]  # the store applied orgs first
    assert orgs_store.scalar("SELECT count(*) FROM kpis WHERE org_code = 'DNEW' AND replaced_by IS NULL") == 2


def test_three_sheet_workbook_imports_whole(orgs_store):
    """orgs, kpi and ita_summary sheets (by name and by headers) import together; notes sheets are named once."""
    notes = [["หมายเหตุ"], ["ไฟล์นี้ส่งจากกองยุทธศาสตร์"]]
    data = workbook(("คำอธิบาย", notes), ("Sheet2", SUMMARY_NEW), ("orgs", ORGS), ("kpi", KPI_NEW))
    parsed = parse_file(data, "three.xlsx", orgs_store)
    assert parsed.ok, [p.message("en") for p in parsed.problems]
    assert [(p.sheet, p.kind) for p in parsed.parts] == [("orgs", "orgs"), ("kpi", "kpi"), ("Sheet2", "ita_summary")]
    assert [p.code for p in parsed.notes] == ["unknown_sheets"]
    assert "คำอธิบาย" in parsed.notes[0].what("th") and "คำอธิบาย" in parsed.notes[0].what("en")
    outcome = import_file(orgs_store, data, "three.xlsx", SYSTEM)
    assert outcome.kinds == ["orgs", "kpi", "ita_summary"]
    assert outcome.rows == {"orgs": 1, "kpis": 2, "kpi_results": 2, "ita_summaries": 1}


def test_one_bad_sheet_changes_nothing_and_every_sheets_problems_are_listed(orgs_store):
    """A bad KPI sheet and a bad summary sheet beside a good orgs sheet: nothing is stored, both sheets' problems listed."""
    bad_kpi = [r[:] for r in KPI_NEW]
    bad_kpi[2][5] = "สี่สิบ"
    bad_summary = [SUMMARY_NEW[0], ["DNEW", 2569, 101, 2, 5]]
    data = workbook(("orgs", ORGS), ("kpi", bad_kpi), ("ita_summary", bad_summary))
    before = counts(orgs_store)
    with pytest.raises(ImportRejected) as exc:
        import_file(orgs_store, data, "bad.xlsx", SYSTEM)
    assert counts(orgs_store) == before
    found = [(p.sheet, p.row, p.column, p.code) for p in exc.value.problems]
    assert found == [("kpi", 3, "weight", "not_number"), ("ita_summary", 2, "overall", "out_of_range")]


def test_same_data_in_two_sheets_is_refused(orgs_store):
    """Two sheets of one kind for the same organisation and year would replace each other: refused."""
    rows = [KPI_NEW[0], *[["DPIM", *r[1:]] for r in KPI_NEW[1:]]]
    data = workbook(("kpi", rows), ("kpi 2", rows))
    parsed = parse_file(data, "twice.xlsx", orgs_store, kind="kpi")
    assert not parsed.ok
    (p,) = [p for p in parsed.errors if p.code == "sheet_scope_overlap"]
    assert p.sheet == "kpi 2" and "kpi" in p.what("en")


def test_problems_sorted_by_sheet_row_and_column(orgs_store):
    """Problems come in the order of the file: by sheet, then row, then column as the sheet orders them."""
    rows = [KPI_NEW[0], ["DPIM", 2569, "1", "1.1", "ก", "x", "higher", 80, 85, 90, 87],
            ["DPIM", 2569, "1", "1.2", "ข", 40, "higher", "y", 85, 90, 87],
            ["DPIM", 2025, "1", "1.3", "ค", "z", "higher", 80, 85, 90, 87]]
    parsed = parse_file(csv_bytes(rows), "order.csv", orgs_store, kind="kpi")
    assert [(p.row, p.column) for p in parsed.errors] == [(2, "weight"), (3, "c1"), (4, "fiscal_year"), (4, "weight")]


@pytest.mark.parametrize("code", sorted(k.split(".", 1)[1] for k in CATALOGUE if k.startswith("problem.")))
def test_every_problem_kind_has_a_name_in_thai_and_english(code):
    """Each kind of problem has a name a person understands in both languages, never its code."""
    problem = Problem("error", code)
    th, en = problem.name("th"), problem.name("en")
    assert th and en and th != en
    assert code not in th and code not in en and "_" not in en
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in th)


@pytest.mark.parametrize(("code", "th", "en"), [
    ("not_number", "ไม่ใช่ตัวเลข", "Not a number"),
    ("bad_enum", "ค่าไม่อยู่ในรายการที่รับได้", "Value not in the accepted list"),
    ("missing_value", "ช่องที่ต้องกรอกว่างอยู่", "Required cell empty"),
    ("criteria_not_monotonic", "เกณฑ์ไม่เรียงตามทิศทาง", "Criteria out of order"),
    ("weights_sum", "น้ำหนักรวมไม่ครบ", "Weights do not add up"),
    ("unknown_org", "ไม่รู้จักหน่วยงาน", "Unknown organisation"),
    ("unknown_sheets", "ชีตอื่นในไฟล์", "Other sheets"),
])
def test_problem_names(code, th, en):
    """It names the common problems as the analysts' guide does."""
    assert (Problem("error", code).name("th"), Problem("error", code).name("en")) == (th, en)


def test_bad_direction_raises_no_criteria_problem(orgs_store):
    """A direction of “ไม่ทราบ” is one problem (the direction), not also “criteria not monotonic”."""
    rows = [KPI_NEW[0], ["DPIM", 2569, "1", "1.1", "ระยะเวลา", 100, "ไม่ทราบ", 30, 25, 20, 22]]
    parsed = parse_file(csv_bytes(rows), "dir.csv", orgs_store, kind="kpi")
    assert [(p.code, p.row, p.column) for p in parsed.problems] == [("bad_enum", 2, "direction")]
    th, en = parsed.problems[0].what("th"), parsed.problems[0].what("en")
    # The accepted values, in the reader's language, with the Thai words that are accepted.
    assert "สูงดี" in th and "ต่ำดี" in th and "(higher)" in th
    assert en.startswith("Expected one of: higher, lower.") and "สูงดี" in en


def test_bad_criterion_raises_no_follow_on(orgs_store):
    """A word where c4 belongs is one problem, not also “a 5-level scheme needs c1-c5” or criteria order."""
    rows = [["org_code", "fiscal_year", "dimension", "kpi_code", "kpi_name", "weight", "scheme", "c1", "c2", "c3",
             "c4", "c5"],
            ["DPIM", 2569, "1", "1.1", "ก", 100, "5-level", 1, 2, 3, "สี่", 5]]
    parsed = parse_file(csv_bytes(rows), "c4.csv", orgs_store, kind="kpi")
    assert [(p.code, p.column) for p in parsed.problems] == [("not_number", "c4")]


def test_failed_rows_raise_no_weight_sum_warning(orgs_store):
    """A row whose weight failed leaves its agreement's weights unsummed: no weights_sum warning follows."""
    rows = [["org_code", "fiscal_year", "dimension", "dimension_weight", "kpi_code", "kpi_name", "weight", "c1", "c2",
             "c3"],
            ["DPIM", 2569, "1", 100, "1.1", "ก", 60, 1, 2, 3],
            ["DPIM", 2569, "1", 100, "1.2", "ข", "สี่สิบ", 1, 2, 3]]
    parsed = parse_file(csv_bytes(rows), "w.csv", orgs_store, kind="kpi")
    assert [(p.code, p.row) for p in parsed.problems] == [("not_number", 3)]
    # The same file with the weight right sums as before, and a wrong sum still warns.
    rows[2][6] = 30
    parsed = parse_file(csv_bytes(rows), "w.csv", orgs_store, kind="kpi")
    assert {p.code for p in parsed.warnings} == {"weights_sum"} and not parsed.errors


def test_preview_one_table_per_sheet_in_thai_with_scores(orgs_store):
    """The preview has one table per sheet, Thai (or English) headers, the file's rows and the scores computed."""
    data = workbook(("orgs", ORGS), ("kpi", KPI_NEW))
    parsed = parse_file(data, "p.xlsx", orgs_store)
    tables = {p.kind: preview_table(p, "th") for p in parsed.parts}
    kpi = tables["kpi"]
    assert list(kpi["แถวในไฟล์"]) == [2, 3]
    assert {"หน่วยงาน", "รหัสตัวชี้วัด", "น้ำหนัก", "คะแนนรอบ 12 เดือน"} <= set(kpi.columns)
    assert not any("_" in c for c in kpi.columns)
    assert list(kpi["คะแนนรอบ 12 เดือน"]) == [85.0, 90.0]
    english = preview_table(parsed.parts[1], "en")
    assert {"KPI code", "Score, 12 months", "Row in the file"} <= set(english.columns)


def test_cli_template_all_is_one_workbook_that_imports(capsys, tmp_path):
    """`template all` writes one workbook with a sheet per kind; as written it imports whole."""
    target = tmp_path / "all.xlsx"
    assert cli.main(["template", "all", "-o", str(target)]) == 0
    assert load_workbook(target).sheetnames == ["orgs", "kpi", "ita", "ita_summary", "actions", "cycle",
                                                "คำแนะนำ instructions"]
    db = tmp_path / "all.duckdb"
    capsys.readouterr()
    assert cli.main(["import", str(target), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Imported batches 1, 2, 3, 4, 5, 6 (orgs, kpi, ita, ita_summary, actions, cycle;")
    assert template_bytes("all")[:2] == b"PK"


def test_problem_messages_th_and_en_name_the_place():
    """The place and the words of a problem read in both languages."""
    p = Problem("error", "not_number", sheet="kpi", row=3, column="น้ำหนัก", value="สี่สิบ")
    assert p.message("th") == "ชีต kpi, แถว 3, คอลัมน์ น้ำหนัก (ค่า “สี่สิบ”): ต้องเป็นตัวเลข"
    assert p.message("en") == "sheet kpi, row 3, column น้ำหนัก (value “สี่สิบ”): Expected a number."
    assert t("problem_name.not_number", "en") == "Not a number"


def test_xlsx_starting_right_and_below_keeps_rows_columns_merges_and_formulas(orgs_store):
    """A sheet whose table starts at B3 (a title above, column A empty): rows and columns are the file's,
    a merged dimension cell spreads down, and a formula without a value is found under its own header."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "kpi"
    ws["B1"] = "ตัวชี้วัดปีงบประมาณ 2569"
    header = ["org_code", "fiscal_year", "dimension", "kpi_code", "kpi_name", "weight", "c1", "c2", "c3"]
    for j, h in enumerate(header):
        ws.cell(row=3, column=2 + j, value=h)
    for i, row in enumerate([["DPIM", 2569, "1", "1.1", "ก", 60, 1, 2, 3],
                             ["DPIM", 2569, None, "1.2", "ข", "=G4/2", 1, 2, 3]]):
        for j, v in enumerate(row):
            ws.cell(row=4 + i, column=2 + j, value=v)
    ws.merge_cells("D4:D5")
    buf = io.BytesIO()
    wb.save(buf)
    parsed = parse_file(buf.getvalue(), "offset.xlsx", orgs_store, kind="kpi")
    assert [(p.code, p.row, p.column) for p in parsed.errors] == [("formula_no_value", 5, "weight")]
    kpi = parsed.parts[0].preview
    assert kpi is not None and list(kpi["_row"]) == [4, 5] and list(kpi["dimension"]) == ["1", "1"]
