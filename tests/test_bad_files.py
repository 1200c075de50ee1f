"""Bad upload files: each is refused with its problem located (row, column) and explained in Thai and English,
and nothing is written. Files are made by tests/data/make_bad_files.py."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from analytics.auth import SYSTEM
from analytics.errors import ImportRejected
from analytics.importing import MB, Limits, Problem, import_file, parse_file
from analytics.store import Store
from tests.conftest import BOTH_ENGINES, DATA

BAD = DATA / "bad"


@dataclass(frozen=True)
class Case:
    file: str
    kind: str | None
    org: str | None
    year: int | None
    code: str
    row: int | None
    column: str | None
    en: str
    th: str
    limits: Limits = Limits()


CASES = [
    Case("wrong_headers.csv", "kpi", None, None, "no_header", None, None,
         "No recognisable header row", "ไม่พบแถวหัวตารางที่รู้จัก"),
    Case("unknown_kind.csv", None, None, None, "unknown_kind", None, None,
         "Cannot tell the kind from the headers", "ระบุประเภทข้อมูลจากหัวคอลัมน์ไม่ได้"),
    Case("text_in_number.csv", None, None, None, "not_number", 2, "weight",
         "column weight (value “ห้าสิบ”): Expected a number.", "ต้องเป็นตัวเลข"),
    Case("text_in_number_thai.csv", "kpi", None, None, "not_number", 2, "น้ำหนัก",
         "row 2, column น้ำหนัก (value “ห้าสิบ”): Expected a number.", "แถว 2, คอลัมน์ น้ำหนัก (ค่า “ห้าสิบ”): ต้องเป็นตัวเลข"),
    Case("title_rows_score_over_100.xlsx", None, None, None, "out_of_range", 5, "คะแนนรวม",
         "Expected a value from 0 to 100.", "ต้องอยู่ระหว่าง 0 ถึง 100"),
    Case("criteria_not_ascending.csv", "kpi", None, None, "criteria_not_monotonic", 2, "c1",
         "Criteria 80 / 85 / 83 must be strictly ascending for a higher-is-better KPI",
         "เกณฑ์การให้คะแนน 80 / 85 / 83 ต้องเพิ่มขึ้นต่อเนื่อง"),
    Case("criteria_not_descending.csv", "kpi", None, None, "criteria_not_monotonic", 3, "c1",
         "must be strictly descending for a lower-is-better KPI", "ต้องลดลงต่อเนื่อง"),
    Case("score_over_100.csv", "ita_summary", None, None, "out_of_range", 2, "overall",
         "(value “100.5”): Expected a value from 0 to 100.", "ต้องอยู่ระหว่าง 0 ถึง 100"),
    Case("score_negative.csv", "ita", None, None, "out_of_range", 2, "score",
         "(value “-1”): Expected a value from 0 to 100.", "ต้องอยู่ระหว่าง 0 ถึง 100"),
    Case("unknown_org.csv", None, None, None, "unknown_org", 2, "org_code",
         "Unknown organisation “DPIN”. Did you mean: DPIM", "ไม่รู้จักหน่วยงาน “DPIN” หน่วยงานที่ใกล้เคียง: DPIM"),
    Case("unknown_org_thai.csv", None, None, None, "unknown_org", 2, "org_code",
         "Did you mean: กพร.,", "หน่วยงานที่ใกล้เคียง: กพร.,"),
    Case("empty.csv", None, None, None, "empty_file", None, None,
         "The file is empty", "ไฟล์ว่างเปล่า"),
    Case("header_only.csv", "kpi", None, None, "no_rows", None, None,
         "The header row is followed by no data.", "มีแถวหัวตารางแต่ไม่มีข้อมูล"),
    Case("ita_as_kpi.csv", "kpi", None, None, "wrong_kind", None, None,
         "The headers are those of kind ita, but kind kpi was chosen.", "หัวคอลัมน์เป็นของข้อมูลประเภท ita แต่เลือกนำเข้าเป็น kpi"),
    Case("missing_column.csv", "kpi", None, None, "missing_column", None, "weight",
         "Required column weight (น้ำหนัก) is missing.", "ไม่พบคอลัมน์ที่จำเป็น weight (น้ำหนัก)"),
    Case("no_org_column.csv", "ita_summary", None, None, "missing_org_year", None, "org_code",
         "name the organisation this file is for", "โปรดระบุหน่วยงานของไฟล์นี้"),
    Case("ce_year.csv", None, None, None, "ce_year", 2, "fiscal_year",
         "Year 2025 looks like a CE year; expected a Buddhist-Era fiscal year (did you mean 2568?)",
         "ปี 2025 ดูเหมือนเป็นปี ค.ศ. ต้องเป็นปีงบประมาณ พ.ศ. (เช่น 2568)"),
    Case("year_out_of_range.csv", None, None, None, "bad_year", 2, "fiscal_year",
         "Expected a Buddhist-Era fiscal year from 2500 to 2700.", "ต้องเป็นปีงบประมาณ พ.ศ. ระหว่าง 2500 ถึง 2700"),
    Case("duplicate_kpi_code.csv", "kpi", None, None, "duplicate_kpi", 3, "kpi_code",
         "KPI code 1.1 repeats row 2 within the same year.", "รหัสตัวชี้วัด 1.1 ซ้ำกับแถว 2 ในปีเดียวกัน"),
    Case("weight_zero.csv", "kpi", None, None, "bad_weight", 2, "weight",
         "(value “0”): The weight must be greater than 0.", "น้ำหนักต้องมากกว่า 0"),
    Case("weight_negative.csv", "kpi", None, None, "bad_weight", 3, "weight",
         "(value “-10”): The weight must be greater than 0.", "น้ำหนักต้องมากกว่า 0"),
    Case("missing_criteria_c4_c5.csv", "kpi", None, None, "missing_criteria", 2, "c4",
         "A 5-level scheme needs criteria c1-c5.", "เกณฑ์แบบ 5-level ต้องมีค่าเกณฑ์ c1-c5"),
    Case("missing_value.csv", "kpi", None, None, "missing_value", 2, "kpi_name",
         "This cell must have a value (ตัวชี้วัด).", "ช่องนี้ต้องมีค่า (ตัวชี้วัด)"),
    Case("ita_indicator_11.csv", "ita", None, None, "indicator_range", 3, "indicator_no",
         "(value “11”): An ITA indicator must be numbered 1 to 10.", "ตัวชี้วัด ITA ต้องเป็นเลข 1 ถึง 10"),
    Case("question_tool_mismatch.csv", "ita", None, None, "question_tool_mismatch", 3, "question_code",
         "Question e3 belongs to EIT, but indicator 2 is assessed by IIT.",
         "ข้อคำถาม e3 เป็นของเครื่องมือ EIT แต่ตัวชี้วัดที่ 2 ใช้ IIT"),
    Case("tool_mismatch.csv", "ita", None, None, "tool_mismatch", 2, "tool",
         "Indicator 1 is assessed by IIT, not OIT.", "ตัวชี้วัดที่ 1 ใช้เครื่องมือ IIT ไม่ใช่ OIT"),
    Case("bad_question_code.csv", "ita", None, None, "bad_question", 2, "question_code",
         "A question code must be i, e or o followed by a number", "รหัสข้อคำถามต้องขึ้นต้นด้วย i, e หรือ o"),
    Case("duplicate_question.csv", "ita", None, None, "duplicate_question", 4, "question_code",
         "Question i1 repeats row 2.", "ข้อคำถาม i1 ซ้ำกับแถว 2"),
    Case("formula_no_value.xlsx", None, None, None, "formula_no_value", 2, "overall",
         "Cell C2 holds a formula with no cached value", "ช่อง C2 เป็นสูตรที่ไม่มีค่าที่คำนวณไว้"),
    Case("binary.csv", None, None, None, "binary_file", None, None,
         "This file is not CSV text", "ไฟล์นี้ไม่ใช่ข้อความ CSV"),
    Case("image.csv", None, None, None, "binary_file", None, None,
         "This file is not CSV text", "ไฟล์นี้ไม่ใช่ข้อความ CSV"),
    Case("not_a_zip.xlsx", None, None, None, "not_xlsx", None, None,
         "The Excel file cannot be read", "อ่านไฟล์ Excel ไม่ได้"),
    Case("zip_bomb.xlsx", None, None, None, "zip_bomb", None, None,
         "The .xlsx expands to 16.1 MB, over the 3.2 MB limit; refused before expanding.",
         "เมื่อขยายแล้วมีขนาด 16.1 MB เกินขีดจำกัด 3.2 MB"),
    Case("zip_bomb.xlsx", None, None, None, "zip_bomb", None, None,
         "The .xlsx expands to 16.1 MB, over the 8.0 MB limit", "เกินขีดจำกัด 8.0 MB",
         Limits(max_uncompressed=8 * MB)),
    Case("billion_laughs.xlsx", None, None, None, "xml_entities", None, None,
         "declares XML entities or a DOCTYPE in xl/worksheets/sheet1.xml", "ไฟล์มีการประกาศ XML entity/DOCTYPE"),
    Case("bad_date.csv", "actions", None, None, "bad_date", 3, "due_date",
         "(value “31 ก.พ. 2568”): Unreadable date", "อ่านวันที่ไม่ได้"),
    Case("bad_status.csv", "actions", None, None, "bad_enum", 2, "status",
         "Expected one of: cancelled, done, in_progress, not_started.", "ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้"),
    Case("progress_150.csv", "actions", None, None, "out_of_range", 2, "progress",
         "(value “150”): Expected a value from 0 to 100.", "ต้องอยู่ระหว่าง 0 ถึง 100"),
    Case("due_before_start.csv", "actions", None, None, "due_before_start", 2, "due_date",
         "The due date is before the start date.", "วันครบกำหนดต้องไม่ก่อนวันที่เริ่ม"),
    Case("bad_quarters.csv", "actions", None, None, "bad_quarters", 2, "quarters",
         "Quarters must be written like 2568Q1;2568Q2", "ไตรมาสต้องเขียนเป็น 2568Q1;2568Q2"),
    Case("rank_above_units.csv", "ita_summary", None, None, "summary_rank", 2, "rank_ministry",
         "Rank 9 cannot exceed the number of units 8.", "ลำดับ 9 ต้องไม่เกินจำนวนหน่วยงาน 8"),
    Case("rank_not_integer.csv", "ita_summary", None, None, "not_integer", 2, "rank_ministry",
         "Expected a whole number.", "ต้องเป็นจำนวนเต็ม"),
    Case("cycle_finished_before_started.csv", "cycle", None, None, "finished_before_started", 3, "finished",
         "The finish date is before the start date.", "วันที่เสร็จต้องไม่ก่อนวันที่เริ่ม"),
    Case("too_many_rows.csv", None, None, None, "too_many_rows", None, None,
         "has 7 rows, over the limit of 5.", "มี 7 แถว เกินขีดจำกัด 5 แถว", Limits(max_rows=5)),
    Case("too_large.csv", None, None, None, "too_large", None, None,
         "over the 0.0 MB limit", "เกินขีดจำกัด", Limits(max_bytes=32)),
    # The org and year chosen on upload must agree with the file's own.
    Case("score_over_100.csv", "ita_summary", "DIW", None, "org_conflict", 2, "org_code",
         "The file's organisation (DPIM) differs from the one chosen (DIW).", "ไม่ตรงกับหน่วยงานที่เลือก (DIW)"),
    Case("ce_year.csv", "ita_summary", None, 2568, "year_conflict", 2, "fiscal_year",
         "differs from the one chosen (2568)", "ไม่ตรงกับปีที่เลือก (2568)"),
]


def _case_id(case: Case) -> str:
    return case.file + ("" if case.limits == Limits() else "-limits") + (f"-{case.org}" if case.org else "") + \
        (f"-{case.year}" if case.year else "")


@pytest.fixture(scope="module", params=BOTH_ENGINES)
def bad_store(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory,
              request: pytest.FixtureRequest) -> Iterator[Store]:
    """The demo data (organisations, KPIs, ITA, actions, cycle), on each engine; every case must leave it untouched."""
    if request.param == "postgres":
        server = request.getfixturevalue("pg_server")
        with server.database(template=request.getfixturevalue("pg_demo_template")) as url:
            s = Store(url)
            yield s
            s.close()
        return
    target = tmp_path_factory.mktemp("bad") / "bad.duckdb"
    shutil.copy(demo_db_file, target)
    s = Store(target)
    yield s
    s.close()


def _find(problems: list[Problem], code: str) -> Problem:
    found = [p for p in problems if p.code == code]
    assert found, f"no {code} among {[(p.code, p.row, p.column) for p in problems]}"
    return found[0]


def test_enough_bad_files():
    """It keeps at least 30 bad files, every one of them in the table."""
    files = {p.name for p in BAD.iterdir() if not p.name.startswith("warn_")}
    assert len(files) >= 30
    assert files == {c.file for c in CASES}


def test_bad_files_are_small():
    """It keeps every bad file small on disk (the zip bomb included)."""
    assert max(p.stat().st_size for p in BAD.iterdir()) < 64 * 1024


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_problem_located_and_explained(bad_store, case):
    """It names the problem, its row and column, what is wrong and what is expected, in English and Thai."""
    data = (BAD / case.file).read_bytes()
    parsed = parse_file(data, case.file, bad_store, case.kind, case.org, case.year, case.limits)
    assert not parsed.ok
    assert parsed.plan is None
    problem = _find(parsed.errors, case.code)
    assert (problem.row, problem.column) == (case.row, case.column)
    assert case.en in problem.message("en")
    assert case.th in problem.message("th")
    assert problem.message("th") != problem.message("en")


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_rejected_import_writes_nothing(bad_store, case):
    """It refuses the import whole: every table is as it was before."""
    data = (BAD / case.file).read_bytes()
    before = bad_store.snapshot()
    with pytest.raises(ImportRejected) as err:
        import_file(bad_store, data, case.file, SYSTEM, case.kind, case.org, case.year, limits=case.limits)
    assert case.code in {p.code for p in err.value.problems}
    assert all(p.severity == "error" for p in err.value.problems)
    assert bad_store.snapshot() == before


def test_too_large_rounds_the_size_up():
    """It never shows a file just over the limit as the same size as the limit."""
    data = b"x" * (MB + 1)
    problem = _find(parse_file(data, "big.csv", limits=Limits(max_bytes=MB)).errors, "too_large")
    assert problem.message("en") == "The file is 1.1 MB, over the 1.0 MB limit."


@pytest.mark.parametrize(("file", "kind", "code", "row", "column", "en", "th", "rows"), [
    ("warn_hidden_sheet.xlsx", None, "hidden_sheet", None, None,
     "Hidden sheet ร่าง was ignored.", "ข้ามชีตที่ซ่อนอยู่ ร่าง", {"ita_summaries": 1}),
    ("warn_duplicate_row.csv", None, "duplicate_row", 4, None,
     "This row repeats row 2 exactly; it is imported once.", "แถวนี้ซ้ำกับแถว 2 ทุกช่อง", {"ita_summaries": 2}),
    ("warn_weights_sum.csv", "kpi", "weights_sum", 2, "weight",
     "The KPI weights of all dimensions (DPIM FY2568) add up to 90, not 100.", "รวมได้ 90 ไม่เท่ากับ 100",
     {"kpis": 2, "kpi_results": 2}),
    ("warn_ignored_column.csv", None, "ignored_column", 1, None,
     "Unknown column “หมายเหตุผู้บริหาร” was ignored.", "ไม่รู้จักคอลัมน์ “หมายเหตุผู้บริหาร” จึงข้ามไป",
     {"ita_summaries": 1}),
])
def test_warnings_do_not_block(demo_store, file, kind, code, row, column, en, th, rows):
    """It imports a file whose only problems are warnings, and reports them."""
    data = (BAD / file).read_bytes()
    parsed = parse_file(data, file, demo_store, kind)
    assert parsed.ok and parsed.errors == []
    warning = _find(parsed.warnings, code)
    assert warning.severity == "warning"
    assert (warning.row, warning.column) == (row, column)
    assert en in warning.message("en") and th in warning.message("th")
    outcome = import_file(demo_store, data, file, SYSTEM, kind, replace=True)
    assert code in {w.code for w in outcome.warnings}
    assert outcome.rows == rows
