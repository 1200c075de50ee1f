"""Importing the six kinds of file: CSV and .xlsx, Thai headers and digits, encodings, replace, the CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from analytics import cli
from analytics.auth import SYSTEM
from analytics.errors import DuplicateFileError, ImportRejected, ReplaceRequiredError
from analytics.importing import SPECS, RawSheet, detect_kind, import_file
from tests.conftest import BOTH_ENGINES, ROOT

ENGINES = BOTH_ENGINES

DEMO = ROOT / "data" / "demo"


def csv_bytes(rows: list[list[object]], encoding: str = "utf-8") -> bytes:
    import csv
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([["" if v is None else v for v in r] for r in rows])
    return buf.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]], merged: tuple[str, ...] = (), title: str = "Sheet1") -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    for r in rows:
        ws.append(r)
    for rng in merged:
        ws.merge_cells(rng)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# One small, valid file of each kind (canonical headers): rows, and the rows each table should get.
KIND_FILES: dict[str, tuple[list[list[object]], dict[str, int]]] = {
    "orgs": ([["org_code", "abbr_th", "name_th", "name_en", "ministry", "org_group"],
              ["DPT", "กปภ.", "กรมทดสอบ", "Test Department", "กระทรวงทดสอบ", "department"],
              ["DPT2", "กปภ.2", "กรมทดสอบสอง", "Second Test Department", "กระทรวงทดสอบ", "department"]],
             {"orgs": 2}),
    "kpi": ([["org_code", "fiscal_year", "dimension", "dimension_name", "kpi_code", "kpi_name", "weight", "direction",
              "c1", "c2", "c3", "result_6m", "result_12m", "status"],
             ["DPIM", 2569, "1", "ประสิทธิผล", "1.1", "ร้อยละของคำขอที่พิจารณาเสร็จ", 60, "higher", 80, 85, 90, 82, 87.5,
              "active"],
             ["DPIM", 2569, "2", "ศักยภาพ", "2.1", "อัตราการประสบอันตราย", 40, "lower", 1.2, 1.0, 0.8, None, 0.86,
              "active"]],
            {"kpis": 2, "kpi_results": 3}),
    "ita": ([["org_code", "fiscal_year", "indicator_no", "tool", "question_code", "question_text", "score",
              "recommendation", "analysis_label"],
             ["DPIM", 2569, 1, "IIT", None, None, 96.5, None, None],
             ["DPIM", 2569, 1, "IIT", "i1", "การปฏิบัติงานเป็นไปตามขั้นตอน", 95.59, "ควรระบุขั้นตอน", "พัฒนาระดับ"],
             ["DPIM", 2569, 9, "OIT", "o1", "ข้อมูลพื้นฐาน", 100, None, "รักษาระดับ"]],
            {"ita_indicators": 1, "ita_questions": 2}),
    "ita_summary": ([["org_code", "fiscal_year", "overall", "rank_ministry", "ministry_size", "rank_group",
                      "group_size"],
                     ["DPIM", 2569, 95.1, 3, 8, 40, 92]],
                    {"ita_summaries": 1}),
    "actions": ([["org_code", "fiscal_year", "source", "ref", "action_no", "action", "owner_main", "start_date",
                  "due_date", "quarters", "status", "progress"],
                 ["DPIM", 2569, "ita", "4", "1", "ชี้แจงแนวทางการขอยืมทรัพย์สิน", "สำนักงานเลขานุการกรม", "2025-10-01",
                  "2026-03-31", "2569Q1;2569Q2", "in_progress", 40],
                 ["DPIM", 2569, "pmqa", "1.1", "1", "ทบทวนวิสัยทัศน์", "กองยุทธศาสตร์และแผนงาน", "1 ต.ค. 2568",
                  "31 ธ.ค. 2568", "2569Q1", "done", 100]],
                {"actions": 2}),
    "cycle": ([["org_code", "fiscal_year", "step_no", "step_name", "standard_days", "started", "finished"],
               ["DPIM", 2569, 1, "รับทราบเกณฑ์เบื้องต้น", 1, "2025-10-01", "2025-10-01"],
               ["DPIM", 2569, 2, "สำนักงาน ก.พ.ร. แจ้ง Strategic KPIs", 1, "2025-10-02", "2025-10-03"]],
              {"cycle_steps": 2}),
}


def _day(value: object) -> dt.date:
    return pd.Timestamp(value).date()


def _count(store, table: str) -> int:
    return int(store.scalar(f"SELECT count(*) FROM {table} WHERE replaced_by IS NULL"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", sorted(KIND_FILES))
def test_each_kind_imports(orgs_store, kind, fmt):
    """It imports each of the six kinds from CSV and from .xlsx, telling the kind from the headers."""
    rows, expected = KIND_FILES[kind]
    data = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    before = {t: _count(orgs_store, t) for t in expected}
    outcome = import_file(orgs_store, data, f"upload.{fmt}", SYSTEM)
    assert outcome.kind == kind
    assert outcome.rows == expected
    assert outcome.warnings == []
    for table, n in expected.items():
        assert _count(orgs_store, table) == before[table] + n, table
    assert orgs_store.batch(outcome.batch_id).kind == kind


@pytest.mark.parametrize("kind", sorted(KIND_FILES))
def test_each_kind_detected_from_headers(kind):
    """It tells each kind from its headers alone."""
    rows, _ = KIND_FILES[kind]
    assert detect_kind(RawSheet("Sheet1", rows)) == kind


def test_values_stored(orgs_store):
    """It stores converted values: criteria, direction, results per round, dates and quarters."""
    for kind in ("kpi", "actions", "cycle"):
        import_file(orgs_store, csv_bytes(KIND_FILES[kind][0]), f"{kind}.csv", SYSTEM)
    kpis = orgs_store.kpis("DPIM", 2569).set_index("kpi_code")
    assert kpis.loc["2.1", ["c1", "c2", "c3"]].tolist() == [1.2, 1.0, 0.8]
    assert kpis.loc["2.1", "direction"] == "lower"
    assert kpis.loc["1.1", "scheme"] == "3-level"
    assert kpis.loc["1.1", "result_6m"] == 82 and kpis.loc["1.1", "result_12m"] == 87.5
    actions = orgs_store.actions("DPIM", 2569).set_index("ref")
    assert _day(actions.loc["1.1", "start_date"]) == dt.date(2025, 10, 1)  # "1 ต.ค. 2568"
    assert _day(actions.loc["1.1", "due_date"]) == dt.date(2025, 12, 31)
    assert actions.loc["4", "quarters"] == "2569Q1;2569Q2"
    assert actions.loc["4", "progress"] == 40
    steps = orgs_store.cycle_steps("DPIM", 2569)
    assert [_day(v) for v in steps["finished"]] == [dt.date(2025, 10, 1), dt.date(2025, 10, 3)]


THAI_KPI = [
    ["หน่วยงาน", "ปีงบประมาณ", "มิติ", "รหัสตัวชี้วัด", "ตัวชี้วัด", "น้ำหนัก", "ทิศทาง", "เกณฑ์ 1", "เกณฑ์ 2",
     "เกณฑ์ 3", "เกณฑ์ 4", "เกณฑ์ 5", "ผลรอบ 12 เดือน", "สถานะ", "ผู้รับผิดชอบ"],
    ["กพร.", "2568", "1", "1", "ร้อยละของบุคลากรที่ได้รับการอบรม", "60", "สูงดี", "60", "65", "70", "75", "80", "72.5",
     "ใช้งาน", "กองบริหารทรัพยากรบุคคล"],
    ["กพร.", "2568", "2", "2", "ร้อยละของงบประมาณที่ประหยัดได้", "40", "สูงดี", "0", "5", "10", "15", "20", "6.25",
     "ยกเลิก", "กองคลัง"],
]


def _check_thai_kpi(store) -> None:
    kpis = store.kpis("DPIM", 2568).set_index("kpi_code")
    assert kpis.loc["1", "kpi_name"] == "ร้อยละของบุคลากรที่ได้รับการอบรม"
    assert kpis.loc["1", "owner"] == "กองบริหารทรัพยากรบุคคล"
    assert kpis.loc["1", "scheme"] == "5-level"
    assert kpis.loc["1", "weight"] == 60
    assert kpis.loc["1", "result_12m"] == 72.5
    assert kpis.loc["2", "status"] == "cancelled"


@pytest.mark.parametrize(("encoding", "name"), [
    ("utf-8", "plain UTF-8"),
    ("utf-8-sig", "UTF-8 with BOM"),
    ("cp874", "TIS-620 / cp874, as Thai Excel saves CSV"),
])
def test_thai_headers_and_encodings(orgs_store, encoding, name):
    """It reads Thai headers (ตัวชี้วัด, น้ำหนัก, ผู้รับผิดชอบ, ปีงบประมาณ) in UTF-8, UTF-8 with BOM and cp874."""
    data = csv_bytes(THAI_KPI, encoding)
    if encoding == "utf-8-sig":
        assert data.startswith(b"\xef\xbb\xbf")
    outcome = import_file(orgs_store, data, "ตัวชี้วัด.csv", SYSTEM)
    assert outcome.kind == "kpi", name
    _check_thai_kpi(orgs_store)


def test_thai_headers_xlsx(orgs_store):
    """It reads the same Thai headers from an .xlsx file."""
    import_file(orgs_store, xlsx_bytes(THAI_KPI, title="ตัวชี้วัด"), "ตัวชี้วัด.xlsx", SYSTEM)
    _check_thai_kpi(orgs_store)


THAI_ITA = [
    ["ตัวชี้วัด", "เครื่องมือการประเมิน", "ข้อคำถาม", "คะแนน", "ข้อเสนอแนะจากผู้ตรวจ", "ผลการวิเคราะห์"],
    ["1. การปฏิบัติหน้าที่", "IIT", "i1 การปฏิบัติงานเป็นไปตามขั้นตอนและระยะเวลา", "95.59", "ควรระบุขั้นตอนไว้ในคู่มือ",
     "พัฒนาระดับ ผลประเมินสะท้อนให้เห็นว่า"],
    ["", "", "i2 เจ้าหน้าที่เลือกปฏิบัติอย่างไม่เป็นธรรม", "95.48", "-", ""],
    ["9 การเปิดเผยข้อมูล", "OIT", "", "100", "", ""],
    ["", "", "๐1 – ๐4 ข้อมูลพื้นฐานของหน่วยงาน", "100", "-", "รักษาระดับ"],
]


def test_thai_ita_headers(orgs_store):
    """It reads ITA files with Thai headers (ข้อคำถาม, เครื่องมือการประเมิน, ข้อเสนอแนะจากผู้ตรวจ, ผลการวิเคราะห์)."""
    import_file(orgs_store, csv_bytes(THAI_ITA), "ita.csv", SYSTEM, kind="ita", org="กพร.", year=2568)
    q = orgs_store.ita_questions("DPIM", 2568).set_index("question_code")
    assert q.index.tolist() == ["i1", "i2", "o1-o4"]
    assert q.loc["i1", "question_text"] == "การปฏิบัติงานเป็นไปตามขั้นตอนและระยะเวลา"
    assert q.loc["i1", "recommendation"] == "ควรระบุขั้นตอนไว้ในคู่มือ"
    assert q.loc["i1", "analysis_label"].startswith("พัฒนาระดับ")
    assert q.loc["i2", "indicator_no"] == 1 and q.loc["i2", "tool"] == "IIT"
    assert q.loc["o1-o4", "tool"] == "OIT"


@pytest.mark.parametrize("org", ["กพร.", "กพร", "DPIM", "dpim", "กรมอุตสาหกรรมพื้นฐานและการเหมืองแร่"])
def test_seed_shaped_ita_by_thai_abbreviation(orgs_store, org):
    """It imports seed 004's table as laid out in the seed, with the org named by code, abbreviation or name."""
    path = DEMO / "20a_ita_dpim_2568_seed.csv"
    outcome = import_file(orgs_store, path.read_bytes(), path.name, SYSTEM, kind="ita", org=org, year=2568)
    # Seed 004 read as printed: 10 indicator scores (1 and 8 on the rows they share with i1 and e7) and
    # 28 questions, i1 and o5-o11 without a published score (warnings, not errors).
    assert outcome.rows == {"ita_indicators": 10, "ita_questions": 28}
    assert orgs_store.ita_questions("DPIM", 2568)["question_code"].iloc[0] == "i1"
    assert sorted(p.code for p in outcome.warnings) == ["indicator_score_question_repeated",
                                                        "indicator_score_shared_row", "score_not_published"]
    # The row that continues i12's text across a page break joins i12, it is no question of its own.
    i12 = orgs_store.ita_questions("DPIM", 2568).set_index("question_code").loc["i12"]
    assert i12["recommendation"].endswith("ผลประโยชน์ส่วนรวม รวมถึงการเสริมสร้างจิตสำนึกการเป็นเจ้าของหน้าที่ของรัฐที่ดีตามมาตรฐานทางจริยธรรม")


def test_thai_abbreviation_in_org_column(orgs_store):
    """It resolves Thai abbreviations written in the file's org column."""
    rows = [["หน่วยงาน", "ปีงบประมาณ", "คะแนนรวม"], ["กพร.", "2568", "94.23"], ["สมอ.", "2568", "97.62"]]
    import_file(orgs_store, csv_bytes(rows), "ita_summary.csv", SYSTEM, kind="ita_summary")
    assert orgs_store.ita_summary("DPIM", 2568)["overall"] == 94.23
    assert orgs_store.ita_summary("TISI", 2568)["overall"] == 97.62


@pytest.mark.parametrize(("cell", "expected"), [
    ("๙๔.๒๓", 94.23),
    ("94.23%", 94.23),
    (" 94.23 ", 94.23),
    ("๙๔.๒๓ %", 94.23),
])
def test_thai_digits_and_percent_in_scores(orgs_store, cell, expected):
    """It reads scores written in Thai digits or with a percent sign."""
    rows = [["org_code", "fiscal_year", "overall"], ["DPIM", "๒๕๖๘", cell]]
    import_file(orgs_store, csv_bytes(rows), "s.csv", SYSTEM)
    assert orgs_store.ita_summary("DPIM", 2568)["overall"] == expected


def test_commas_and_thai_digits_in_kpi_numbers(orgs_store):
    """It reads numbers with thousands separators, percent signs and Thai digits, and years in Thai digits."""
    rows = [["org_code", "fiscal_year", "dimension", "kpi_code", "kpi_name", "weight", "c1", "c2", "c3",
             "result_6m", "result_12m"],
            ["DPIM", "๒๕๖๘", "1", "1.2", "มูลค่าการลงทุน (ล้านบาท)", "๑๐๐", "3,000", "3,500", "4,000", "1,557.50",
             "3,260"],
            ["DPIM", "๒๕๖๘", "2", "2.1", "ร้อยละการเบิกจ่าย", "50%", "๘๐%", "85%", "90 %", "๘๒.๕", "87.5%"]]
    import_file(orgs_store, csv_bytes(rows), "k.csv", SYSTEM)
    kpis = orgs_store.kpis("DPIM", 2568).set_index("kpi_code")
    assert kpis.loc["1.2", ["c1", "c2", "c3"]].tolist() == [3000, 3500, 4000]
    assert kpis.loc["1.2", "result_6m"] == 1557.5
    assert kpis.loc["1.2", "result_12m"] == 3260
    assert kpis.loc["1.2", "weight"] == 100
    assert kpis.loc["2.1", ["c1", "c2", "c3"]].tolist() == [80, 85, 90]
    assert kpis.loc["2.1", "result_6m"] == 82.5 and kpis.loc["2.1", "result_12m"] == 87.5


def test_merged_cells_spread_down(orgs_store):
    """It spreads a merged cell's value down every row of the range (org, year, dimension, owner)."""
    rows = [["หน่วยงาน", "ปีงบประมาณ", "มิติ", "รหัสตัวชี้วัด", "ตัวชี้วัด", "น้ำหนัก", "เกณฑ์ 1", "เกณฑ์ 2", "เกณฑ์ 3",
             "ผลรอบ 12 เดือน", "ผู้รับผิดชอบ"],
            ["กพร.", 2568, "1", "1.1", "ก", 30, 80, 85, 90, 87, "กองบริการงานอนุญาต"],
            [None, None, None, "1.2", "ข", 30, 80, 85, 90, 88, None],
            [None, None, None, "1.3", "ค", 40, 80, 85, 90, 89, None]]
    data = xlsx_bytes(rows, merged=("A2:A4", "B2:B4", "C2:C4", "K2:K4"))
    outcome = import_file(orgs_store, data, "merged.xlsx", SYSTEM)
    assert outcome.rows["kpis"] == 3
    kpis = orgs_store.kpis("DPIM", 2568)
    assert kpis["owner"].tolist() == ["กองบริการงานอนุญาต"] * 3
    assert kpis["dimension"].tolist() == ["1"] * 3


def test_excel_dates_and_numbers(orgs_store):
    """It reads real Excel dates and numeric cells from .xlsx."""
    rows = [KIND_FILES["cycle"][0][0],
            ["DPIM", 2569, 1, "รับทราบเกณฑ์เบื้องต้น", 1, dt.date(2025, 10, 1), dt.datetime(2025, 10, 2, 9, 30)]]
    import_file(orgs_store, xlsx_bytes(rows), "cycle.xlsx", SYSTEM)
    steps = orgs_store.cycle_steps("DPIM", 2569)
    assert [_day(v) for v in steps[["started", "finished"]].iloc[0]] == [dt.date(2025, 10, 1), dt.date(2025, 10, 2)]


def test_semicolon_csv(orgs_store):
    """It sniffs a semicolon-separated CSV."""
    data = b"org_code;fiscal_year;overall\nDPIM;2568;94.23\n"
    import_file(orgs_store, data, "s.csv", SYSTEM)
    assert orgs_store.ita_summary("DPIM", 2568)["overall"] == 94.23


def test_duplicate_rows_are_rows_that_read_the_same(orgs_store):
    """It drops a row that reads like an earlier one (1.5 typed as text), not one whose cells are only
    equal as values (TRUE and 1)."""
    from analytics.importing import parse_file
    rows = [["org_code", "abbr_th", "name_th", "name_en", "ministry", "org_group"],
            ["AAA", "ก.", "หน่วย ก", 1.5, "กระทรวงทดสอบ", "department"],
            ["AAA", "ก.", "หน่วย ก", "1.5", "กระทรวงทดสอบ", "department"],
            ["BBB", "ข.", "หน่วย ข", True, "กระทรวงทดสอบ", "department"],
            ["BBB", "ข.", "หน่วย ข", 1, "กระทรวงทดสอบ", "department"]]
    parsed = parse_file(xlsx_bytes(rows), "orgs.xlsx", orgs_store, "orgs")
    assert [(p.row, dict(p.params)) for p in parsed.problems if p.code == "duplicate_row"] == [(3, {"first_row": 2})]
    assert [p.row for p in parsed.errors if p.code == "duplicate_key"] == [5]


def test_identical_reimport_reported(orgs_store):
    """It reports an identical re-import as a duplicate and adds nothing."""
    data = csv_bytes(KIND_FILES["ita_summary"][0])
    first = import_file(orgs_store, data, "s.csv", SYSTEM)
    before = orgs_store.snapshot()
    with pytest.raises(DuplicateFileError) as err:
        import_file(orgs_store, data, "renamed.csv", SYSTEM, replace=True)
    assert f"batch {first.batch_id}" in err.value.message_en
    assert orgs_store.snapshot() == before


def test_replace_only_when_asked(orgs_store):
    """It replaces an org and year's data only with replace=True, and says what it replaced."""
    import_file(orgs_store, csv_bytes(KIND_FILES["ita_summary"][0]), "s.csv", SYSTEM)
    newer = csv_bytes([KIND_FILES["ita_summary"][0][0], ["DPIM", 2569, 96.0, 2, 8, 30, 92]])
    before = orgs_store.snapshot()
    with pytest.raises(ReplaceRequiredError):
        import_file(orgs_store, newer, "s2.csv", SYSTEM)
    assert orgs_store.snapshot() == before
    outcome = import_file(orgs_store, newer, "s2.csv", SYSTEM, replace=True)
    assert outcome.replaced == [("DPIM", 2569)]
    assert orgs_store.ita_summary("DPIM", 2569)["overall"] == 96.0


def test_rejected_file_lists_every_problem(orgs_store):
    """It reports every problem of a file at once and writes nothing."""
    rows = [["org_code", "fiscal_year", "overall", "rank_ministry", "ministry_size"],
            ["DPIM", 2568, "abc", 1, 8],
            ["DIW", 2025, 95, 1, 8],
            ["TISI", 2568, 101, 9, 8]]
    before = orgs_store.snapshot()
    with pytest.raises(ImportRejected) as err:
        import_file(orgs_store, csv_bytes(rows), "s.csv", SYSTEM)
    codes = sorted((p.row, p.code) for p in err.value.problems)
    assert codes == [(2, "not_number"), (3, "ce_year"), (4, "out_of_range"), (4, "summary_rank")]
    assert orgs_store.snapshot() == before


def test_kpi_code_in_name(orgs_store):
    """It splits a KPI code written in front of its name when there is no code column ("1.1 ร้อยละ...")."""
    rows = [["org_code", "fiscal_year", "dimension", "kpi_name", "weight", "direction", "c1", "c2", "c3"],
            ["DPIM", 2568, "1", "1.1 ร้อยละของคำขอ", 50, "higher", 80, 85, 90],
            ["DPIM", 2568, "1", "1.2. ระยะเวลาเฉลี่ย", 50, "lower", 30, 25, 20]]
    import_file(orgs_store, csv_bytes(rows), "k.csv", SYSTEM, kind="kpi")
    kpis = orgs_store.kpis("DPIM", 2568)
    assert kpis["kpi_code"].tolist() == ["1.1", "1.2"]
    assert kpis["kpi_name"].tolist() == ["ร้อยละของคำขอ", "ระยะเวลาเฉลี่ย"]


# -- the command line --------------------------------------------------------------------------
@pytest.fixture
def db(engine, tmp_path, request) -> Path | str:
    """--db for the command line: a DuckDB file, or a fresh PostgreSQL database's URL."""
    return request.getfixturevalue("pg_database") if engine == "postgres" else tmp_path / "cli.duckdb"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_import_ok(capsys, db):
    """It imports a file from the command line, exit 0, naming the batch."""
    code, out, err = run(capsys, "import", DEMO / "01_orgs.csv", "--db", db)
    assert code == 0, err
    assert out.startswith("Imported batch 1 (orgs; orgs: 9)")


BAD_SUMMARY = [["org_code", "fiscal_year", "overall"], ["DPIM", 2568, "เก้าสิบ"]]
BAD_SUMMARY_TH = "ERROR: ชีต bad, แถว 2, คอลัมน์ overall (ค่า “เก้าสิบ”): ต้องเป็นตัวเลข"
BAD_SUMMARY_EN = "sheet bad, row 2, column overall (value “เก้าสิบ”): Expected a number."


def test_cli_import_bad_file(capsys, db, tmp_path):
    """It exits 2 on a bad file and prints every problem, in Thai and English, on stderr."""
    run(capsys, "import", DEMO / "01_orgs.csv", "--db", db)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(BAD_SUMMARY))
    code, out, err = run(capsys, "import", bad, "--db", db)
    assert code == 2
    assert out == ""
    assert "nothing was imported" in err and "ไม่ได้นำเข้าข้อมูลใด ๆ" in err
    assert BAD_SUMMARY_TH in err
    assert BAD_SUMMARY_EN in err


def test_cli_import_bad_file_in_a_process(capsys, db, tmp_path):
    """It exits 2 on a bad file and prints every problem, in Thai and English, on the process's stderr."""
    run(capsys, "import", DEMO / "01_orgs.csv", "--db", db)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(BAD_SUMMARY))
    done = subprocess.run([sys.executable, "-m", "analytics", "import", str(bad), "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stdout == ""
    assert BAD_SUMMARY_TH in done.stderr
    assert BAD_SUMMARY_EN in done.stderr
    assert "nothing was imported" in done.stderr and "ไม่ได้นำเข้าข้อมูลใด ๆ" in done.stderr


def test_cli_import_missing_file(capsys, db, tmp_path):
    """It exits 2 when the file does not exist."""
    code, _, err = run(capsys, "import", tmp_path / "nope.csv", "--db", db)
    assert code == 2
    assert "No such file" in err and "ไม่พบไฟล์" in err


def test_cli_duplicate_and_replace(capsys, db, tmp_path):
    """It exits 2 on a duplicate or an unasked replace, and replaces with --replace."""
    run(capsys, "import", DEMO / "01_orgs.csv", "--db", db)
    first = tmp_path / "s.csv"
    first.write_bytes(csv_bytes([["org_code", "fiscal_year", "overall"], ["DPIM", 2568, 94.23]]))
    assert run(capsys, "import", first, "--db", db)[0] == 0
    code, _, err = run(capsys, "import", first, "--db", db)
    assert code == 2 and "already imported" in err
    second = tmp_path / "s2.csv"
    second.write_bytes(csv_bytes([["org_code", "fiscal_year", "overall"], ["DPIM", 2568, 94.5]]))
    code, _, err = run(capsys, "import", second, "--db", db)
    assert code == 2 and "--replace" in err
    code, out, _ = run(capsys, "import", second, "--replace", "--db", db)
    assert code == 0 and "Replaced: DPIM/2568" in out


def test_cli_batches_and_undo(capsys, db):
    """It lists batches and undoes one."""
    run(capsys, "import", DEMO / "01_orgs.csv", "--db", db)
    run(capsys, "import", DEMO / "20_ita_summary.csv", "--db", db)
    code, out, _ = run(capsys, "batches", "--json", "--db", db)
    assert code == 0
    batches = json.loads(out)
    assert [(b["batch_id"], b["kind"], b["status"]) for b in batches] == [(2, "ita_summary", "active"),
                                                                         (1, "orgs", "active")]
    code, out, _ = run(capsys, "batches", "--db", db)
    assert code == 0 and "20_ita_summary.csv" in out
    code, out, _ = run(capsys, "undo", "2", "--db", db)
    assert code == 0 and out.startswith("Undid batch 2 (ita_summary, 20_ita_summary.csv)")
    code, out, _ = run(capsys, "batches", "--json", "--db", db)
    assert json.loads(out)[0]["status"] == "undone"
    code, _, err = run(capsys, "undo", "2", "--db", db)
    assert code == 2 and "already undone" in err
    code, _, err = run(capsys, "undo", "99", "--db", db)
    assert code == 2 and "No import batch has the id 99" in err


# Rows to type into each template, under its header (in the template's column order).
TEMPLATE_FILL: dict[str, list[list[object]]] = {
    "orgs": [["NEWD", "กทด.", "กรมทดลอง", "Department of Trials", "กระทรวงทดลอง", "department"]],
    "kpi": [["DPIM", 2570, "1", "ประสิทธิผล", 100, "1.1", "ร้อยละของคำขอ", "strategic", 100, "ร้อยละ", "higher",
             "3-level", 80, 90, 100, None, None, 85, None, 95, None, None, "active", "กองบริการงานอนุญาต"]],
    "ita": [["DPIM", 2570, "1", "IIT", None, None, 96.5, None, None],
            ["DPIM", 2570, "1", "IIT", "i1", "ขั้นตอนและระยะเวลา", 95.59, "ระบุขั้นตอน", "รักษาระดับ"]],
    "ita_summary": [["DPIM", 2570, 95.5, 2, 8, 20, 92]],
    "actions": [["DPIM", 2570, "ita", "4", None, None, None, "1", "ชี้แจงแนวทาง", "สำนักงานเลขานุการกรม", None,
                 "2026-10-01", "2027-03-31", "2570Q1;2570Q2", "not_started", 0, None]],
    "cycle": [["DPIM", 2570, 1, "รับทราบเกณฑ์เบื้องต้น", 1, "2026-10-01", "2026-10-01"]],
}


@pytest.mark.parametrize("kind", sorted(TEMPLATE_FILL))
def test_cli_template_filled_and_reimported(capsys, db, tmp_path, kind):
    """It writes a template that, filled in, imports again through the command line."""
    run(capsys, "import", DEMO / "01_orgs.csv", "--db", db)
    target = tmp_path / f"{kind}.xlsx"
    code, out, _ = run(capsys, "template", kind, "-o", target)
    assert code == 0 and target.exists()
    wb = load_workbook(target)
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]][0].endswith("*")  # required columns are marked
    assert len(ws[1]) == len(SPECS[kind])
    ws.delete_rows(2, ws.max_row)
    for r in TEMPLATE_FILL[kind]:
        ws.append(r)
    wb.save(target)
    code, out, err = run(capsys, "import", target, "--db", db)
    assert code == 0, err
    assert f"({kind};" in out


def test_cli_template_as_written_imports(capsys, db, tmp_path):
    """It imports a template as written (with its example rows), the header recognised by its (name) part."""
    run(capsys, "import", DEMO / "01_orgs.csv", "--db", db)
    target = tmp_path / "ita_summary.xlsx"
    run(capsys, "template", "ita_summary", "-o", target)
    code, out, err = run(capsys, "import", target, "--db", db)
    assert code == 0, err


@pytest.fixture(scope="module", params=BOTH_ENGINES)
def report_db(tmp_path_factory, request) -> Iterator[Path | str]:
    """DPIM's FY2568 data, imported through the command line once per engine; the report tests only read it."""
    if request.param == "postgres":
        server = request.getfixturevalue("pg_server")
        with server.database() as url:
            yield from _report_data(url)
    else:
        yield from _report_data(tmp_path_factory.mktemp("report") / "report.duckdb")


def _report_data(db: Path | str) -> Iterator[Path | str]:
    for name, extra in (("01_orgs.csv", ()), ("13_kpi_dpim_2568.csv", ()), ("20_ita_summary.csv", ()),
                        ("20a_ita_dpim_2568_seed.csv", ("--kind", "ita", "--org", "กพร.", "--year", "2568")),
                        ("32_actions_dpim_2568.csv", ()), ("40_cycle_dpim_2568.csv", ())):
        assert cli.main(["import", str(DEMO / name), *extra, "--db", str(db)]) == 0, name
    yield db


def test_cli_report_json_keys(capsys, report_db):
    """It prints the report as JSON with the keys the issue lists."""
    code, out, _ = run(capsys, "report", "--org", "กพร.", "--year", "2568", "--json", "--db", report_db)
    assert code == 0
    rep = json.loads(out)
    assert {"org", "fiscal_year", "round", "kpi", "ita", "actions", "cycle"} <= set(rep)
    assert (rep["org"], rep["fiscal_year"], rep["round"]) == ("DPIM", 2568, 12)
    assert set(rep["kpi"]) == {"composite", "dimensions", "kpis"}
    assert set(rep["kpi"]["dimensions"][0]) == {"dimension", "name", "weight", "score"}
    assert set(rep["kpi"]["kpis"][0]) == {"kpi_code", "name", "dimension", "weight", "result", "score", "weighted",
                                          "gap_to_target"}
    assert set(rep["ita"]) == {"overall", "recomputed", "band", "rating", "rank_ministry", "ministry_size",
                               "rank_group", "group_size", "indicators", "questions"}
    assert set(rep["ita"]["indicators"][0]) == {"no", "tool", "score", "band"}
    assert set(rep["ita"]["questions"][0]) == {"code", "indicator_no", "score", "published", "band", "label_mismatch"}
    assert set(rep["actions"]) == {"total", "by_status", "overdue"}
    assert set(rep["actions"]["by_status"]) == {"not_started", "in_progress", "done", "cancelled"}
    assert set(rep["cycle"]) == {"steps", "standard_days", "late_steps", "not_applicable_steps", "sent_back_steps"}


def test_cli_report_json_values(capsys, report_db):
    """It reports DPIM's FY2568 figures: ITA 94.23 recomputed 94.2274 (develop, pass, 6 of 8, 56 of 92), no
    label flagged, i1 not published, 16 steps of 55 days."""
    code, out, _ = run(capsys, "report", "--org", "DPIM", "--year", "2568", "--json", "--db", report_db)
    rep = json.loads(out)
    ita = rep["ita"]
    assert (ita["overall"], ita["band"], ita["rating"], ita["rank_ministry"], ita["ministry_size"]) == \
        (94.23, "develop", "pass", 6, 8)
    assert (ita["recomputed"], ita["rank_group"], ita["group_size"]) == (94.2274, 56, 92)
    assert [q["code"] for q in ita["questions"] if q["label_mismatch"]] == []
    assert [q["code"] for q in ita["questions"] if not q["published"]] == ["i1", "o5-o11"]
    assert next(q for q in ita["questions"] if q["code"] == "i1")["score"] is None
    assert len(ita["indicators"]) == 10
    assert rep["cycle"]["steps"] == 16 and rep["cycle"]["standard_days"] == 55
    assert rep["actions"]["total"] == 9
    kpis = {k["kpi_code"]: k for k in rep["kpi"]["kpis"]}
    assert kpis["1.3"]["score"] == 92.5 and kpis["1.3"]["gap_to_target"] == 0.14
    assert kpis["2.3"]["score"] is None  # cancelled


@pytest.mark.parametrize(("org", "year", "present"), [
    ("OPS", 2568, {"ita"}),  # an overall only
    ("OMIN", 2566, {"ita"}),
    ("DLPW", 2563, set()),
    ("DPIM", 2560, set()),
])
def test_cli_report_parts_without_data_are_null(capsys, report_db, org, year, present):
    """It gives null for every part of the report that has no data."""
    code, out, _ = run(capsys, "report", "--org", org, "--year", str(year), "--json", "--db", report_db)
    assert code == 0
    rep = json.loads(out)
    for part in ("kpi", "ita", "actions", "cycle"):
        assert (rep[part] is not None) == (part in present), part


def test_cli_report_unknown_org(capsys, report_db):
    """It exits 2 for an org it does not know."""
    code, _, err = run(capsys, "report", "--org", "XYZ", "--year", "2568", "--db", report_db)
    assert code == 2 and "Unknown organisation XYZ" in err


def test_question_without_published_score_is_kept_with_a_warning(orgs_store):
    """A question row with no score is stored with its text, recommendation and label, and warned about."""
    rows = [["ตัวชี้วัด", "เครื่องมือ", "ข้อคำถาม", "คะแนน", "ข้อเสนอแนะจากผู้ตรวจ", "ผลการวิเคราะห์"],
            ["1", "IIT", "", "95.59", "", ""],
            ["", "", "i1 การปฏิบัติงานเป็นไปตามขั้นตอน", "", "ควรจัดทำคู่มือ", "พัฒนาระดับ ผลประเมิน"],
            ["", "", "i2 การเลือกปฏิบัติ", "95.48", "-", ""]]
    outcome = import_file(orgs_store, csv_bytes(rows), "ita.csv", SYSTEM, kind="ita", org="DPIM", year=2568)
    assert outcome.rows == {"ita_indicators": 1, "ita_questions": 2}
    [warning] = outcome.warnings
    assert (warning.code, warning.row, warning.severity) == ("score_not_published", 3, "warning")
    assert "i1" in warning.message("th") and "not published" in warning.message("en")
    i1 = orgs_store.ita_questions("DPIM", 2568).set_index("question_code").loc["i1"]
    assert pd.isna(i1["score"])
    assert (i1["question_text"], i1["recommendation"], i1["analysis_label"]) == \
        ("การปฏิบัติงานเป็นไปตามขั้นตอน", "ควรจัดทำคู่มือ", "พัฒนาระดับ ผลประเมิน")
    # left out of means: the indicator keeps its printed score
    assert orgs_store.ita_indicators("DPIM", 2568)["score"].tolist() == [95.59]


def test_a_flat_file_repeating_the_indicator_is_not_read_as_shared_rows(orgs_store):
    """Where every row names its indicator, the first question keeps its own score (no seed-layout reading)."""
    rows = [["ตัวชี้วัด", "ข้อคำถาม", "คะแนน"], ["1", "i1", "95.00"], ["1", "i2", "96.00"], ["1", "i3", "97.00"]]
    outcome = import_file(orgs_store, csv_bytes(rows), "flat.csv", SYSTEM, kind="ita", org="DPIM", year=2568)
    assert outcome.rows == {"ita_indicators": 0, "ita_questions": 3}
    assert not outcome.warnings
    assert orgs_store.ita_questions("DPIM", 2568)["score"].tolist() == [95.0, 96.0, 97.0]


def test_cycle_passes_and_outcomes(orgs_store):
    """A cycle file records a step sent back (ไม่เห็นชอบ) and done again, and a step not needed (ไม่มี)."""
    rows = [["ขั้นตอนที่", "ครั้งที่", "ขั้นตอน", "วันทำการมาตรฐาน", "วันเริ่ม", "วันเสร็จ", "ผลการพิจารณา"],
            [4, 1, "เสนอ อพร. พิจารณาร่างตัวชี้วัด", 5, "2024-11-11", "2024-11-15", "ไม่เห็นชอบ"],
            [4, 2, "เสนอ อพร. พิจารณาร่างตัวชี้วัด", 5, "2024-11-19", "2024-11-21", "เห็นชอบ"],
            [9, "", "ส่งคำขอ ขอเปลี่ยนแปลงรายละเอียดตัวชี้วัด (ถ้ามี)", 1, "", "", "ไม่มี"],
            [7, "", "แจ้งรายละเอียดตัวชี้วัด", 1, "", "", "ไม่มี"],
            [8, "", "ติดตามผลการดำเนินงาน", 10, "2025-04-01", "2025-04-11", "ไม่เห็นชอบ"]]
    outcome = import_file(orgs_store, csv_bytes(rows), "cycle.csv", SYSTEM, kind="cycle", org="DPIM", year=2568)
    steps = orgs_store.cycle_steps("DPIM", 2568)
    assert steps[["step_no", "pass_no", "outcome"]].astype(object).where(steps.notna(), None).values.tolist() == [
        [4, 1, "sent_back"], [4, 2, None], [7, 1, "not_applicable"], [8, 1, "sent_back"], [9, 1, "not_applicable"]]
    # steps the flow chart does not mark (ถ้ามี) or as a decision are warned about, not refused
    assert sorted((p.code, p.row) for p in outcome.warnings) == [("cycle_not_a_decision", 6),
                                                                 ("cycle_not_optional", 5)]


def test_cycle_pass_repeated_is_refused(orgs_store):
    """The same step and pass twice is a duplicate."""
    rows = [["ขั้นตอนที่", "ครั้งที่", "วันทำการมาตรฐาน"], [4, 1, 5], [4, 1, 6], [4, 2, 5]]
    with pytest.raises(ImportRejected) as err:
        import_file(orgs_store, csv_bytes(rows), "cycle.csv", SYSTEM, kind="cycle", org="DPIM", year=2568)
    assert [(p.code, p.row) for p in err.value.problems] == [("duplicate_key", 3)]
