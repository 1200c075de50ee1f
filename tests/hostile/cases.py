"""Hostile files, each with what it must be refused for: the problem code and words in English and Thai.

Every file is built here from tests/hostile/files.py; nothing is read from disk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.hostile import files as f


@dataclass(frozen=True)
class Hostile:
    name: str  # the test id
    file_name: str
    build: Callable[[], bytes]
    code: str
    en: str
    th: str
    kind: str | None = None


def _far_cell(ref: str) -> Callable[[], bytes]:
    return lambda: f.xlsx([f.SUMMARY_HEADER, f.SUMMARY_ROW], extra_cells=[(ref, 1)])


def _entity_after_4k() -> bytes:
    sheet = f.sheet_xml([f.SUMMARY_HEADER, f.SUMMARY_ROW], padding=6000)
    sheet = sheet.replace("<sheetData>", '<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa">]><sheetData>')
    return f.zip_parts(f.xlsx_parts(sheet))


def _entity_in_shared_strings() -> bytes:
    sst = ('<?xml version="1.0"?>' + "<!-- " + "x" * 9000 + " -->"
           '<!DOCTYPE sst [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           f'<sst xmlns="{f.MAIN_NS}"><si><t>&e;</t></si></sst>')
    parts = f.xlsx_parts(f.sheet_xml([f.SUMMARY_HEADER, f.SUMMARY_ROW]), extra={"xl/sharedStrings.xml": sst.encode()})
    return f.zip_parts(parts)


def _entity_in_utf16() -> bytes:
    sheet = f.sheet_xml([f.SUMMARY_HEADER, f.SUMMARY_ROW]).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    sheet = sheet.replace("<worksheet", '<!DOCTYPE w [<!ENTITY a "b">]><worksheet')
    parts = f.xlsx_parts("")
    parts["xl/worksheets/sheet1.xml"] = sheet.encode("utf-16")
    return f.zip_parts(parts)


def _many_parts() -> bytes:
    parts = f.xlsx_parts(f.sheet_xml([f.SUMMARY_HEADER, f.SUMMARY_ROW]))
    parts.update({f"xl/media/pad{i}.bin": b"" for i in range(1200)})
    return f.zip_parts(parts)


def _no_refs_wide() -> bytes:
    """Cells without r= (the format allows it): 800 in one row make 800 columns, counted cell by cell."""
    cells = "".join(f"<c><v>{i}</v></c>" for i in range(800))
    sheet = f.sheet_xml([f.SUMMARY_HEADER, f.SUMMARY_ROW]).replace("</sheetData>", f"<row>{cells}</row></sheetData>")
    return f.zip_parts(f.xlsx_parts(sheet))


def _no_refs_far() -> bytes:
    """A row element far down without any cell reference: the row number alone sets the grid."""
    sheet = f.sheet_xml([f.SUMMARY_HEADER, f.SUMMARY_ROW]).replace(
        "</sheetData>", '<row r="900000"><c><v>1</v></c></row></sheetData>')
    return f.zip_parts(f.xlsx_parts(sheet))


def _long_text_xlsx() -> bytes:
    return f.xlsx([f.SUMMARY_HEADER + ["note"], f.SUMMARY_ROW + ["ก" * 40_000]])


def _long_shared_string() -> bytes:
    sst = f'<?xml version="1.0"?><sst xmlns="{f.MAIN_NS}"><si><t>{"x" * 140_000}</t></si></sst>'
    sheet = f.sheet_xml([f.SUMMARY_HEADER, f.SUMMARY_ROW]).replace(
        "</sheetData>", '<row r="3"><c r="F3" t="s"><v>0</v></c></row></sheetData>')
    return f.zip_parts(f.xlsx_parts(sheet, extra={"xl/sharedStrings.xml": sst.encode()}))


GUARD_CASES = [
    Hostile("far_cell_XFD20000", "far.xlsx", _far_cell("XFD20000"), "too_many_columns",
            "16384 columns (up to cell XFD20000), over the limit of 702", "16384 คอลัมน์ (ถึงช่อง XFD20000)"),
    Hostile("far_cell_ZZ20000", "far.xlsx", _far_cell("ZZ20000"), "too_many_cells",
            "The grid spans 14040000 cells (up to cell ZZ20000), over the limit of 5000000",
            "ตารางมีขนาด 14040000 ช่อง (ถึงช่อง ZZ20000)"),
    Hostile("far_cell_A2000000", "far.xlsx", _far_cell("A2000000"), "too_many_rows",
            "has 1999999 rows, over the limit of 400000", "มี 1999999 แถว เกินขีดจำกัด 400000 แถว"),
    Hostile("lowercase_far_cell", "far.xlsx", _far_cell("xfd20000"), "too_many_columns",
            "columns (up to cell xfd20000), over the limit of 702", "เกินขีดจำกัด 702 คอลัมน์"),
    Hostile("declared_dimension", "dim.xlsx",
            lambda: f.xlsx([f.SUMMARY_HEADER, f.SUMMARY_ROW], dimension="A1:XFD1048576"), "too_many_columns",
            "16384 columns (up to cell A1:XFD1048576)", "16384 คอลัมน์"),
    Hostile("declared_dimension_cells", "dim.xlsx",
            lambda: f.xlsx([f.SUMMARY_HEADER, f.SUMMARY_ROW], dimension="A1:Z199999"), "too_many_cells",
            "The grid spans 5199974 cells", "ตารางมีขนาด 5199974 ช่อง"),
    Hostile("cells_without_refs", "norefs.xlsx", _no_refs_wide, "too_many_columns",
            "over the limit of 702", "เกินขีดจำกัด 702 คอลัมน์"),
    Hostile("row_without_cell_refs", "norefs.xlsx", _no_refs_far, "too_many_rows",
            "has 899999 rows, over the limit of 400000", "มี 899999 แถว"),
    Hostile("doctype_after_4k", "entity.xlsx", _entity_after_4k, "xml_entities",
            "declares XML entities or a DOCTYPE in xl/worksheets/sheet1.xml", "ไฟล์มีการประกาศ XML entity/DOCTYPE"),
    Hostile("entity_in_shared_strings", "entity.xlsx", _entity_in_shared_strings, "xml_entities",
            "DOCTYPE in xl/sharedStrings.xml", "ใน xl/sharedStrings.xml"),
    Hostile("utf16_part", "utf16.xlsx", _entity_in_utf16, "xml_not_utf8",
            "Part xl/worksheets/sheet1.xml of the .xlsx is not UTF-8", "ไม่ได้เข้ารหัสเป็น UTF-8"),
    Hostile("many_parts", "parts.xlsx", _many_parts, "too_many_parts",
            "holds 1205 parts, over the limit of 1000", "มี 1205 ส่วน เกินขีดจำกัด 1000 ส่วน"),
    Hostile("long_text_xlsx", "long.xlsx", _long_text_xlsx, "cell_too_long",
            "row 2, column F: A cell holds 40,000 characters, over the limit of 32,767",
            "ข้อความในช่องยาว 40,000 ตัวอักษร เกินขีดจำกัด 32,767 ตัวอักษร"),
    Hostile("long_shared_string", "long.xlsx", _long_shared_string, "cell_too_long",
            "A cell holds 140,000 characters", "ยาว 140,000 ตัวอักษร"),
    Hostile("csv_million_columns", "wide.csv", lambda: b"," * 1_000_000 + b"\n1,2\n", "too_many_columns",
            "1000001 columns (up to cell AAA1), over the limit of 702", "1000001 คอลัมน์"),
    Hostile("csv_cell_200k", "long.csv",
            lambda: f.csv_bytes([f.SUMMARY_HEADER + ["note"], f.SUMMARY_ROW + ["x" * 200_000]]), "cell_too_long",
            "row 2: A cell holds > 131,072 characters, over the limit of 32,767",
            "แถว 2: ข้อความในช่องยาว > 131,072 ตัวอักษร"),
    Hostile("csv_cell_40k", "long.csv",
            lambda: f.csv_bytes([f.SUMMARY_HEADER + ["note"], f.SUMMARY_ROW + ["ข" * 40_000]]), "cell_too_long",
            "row 2, column F: A cell holds 40,000 characters", "ยาว 40,000 ตัวอักษร"),
    Hostile("extension_250", "results." + "x" * 250, lambda: f.csv_bytes([f.SUMMARY_HEADER, f.SUMMARY_ROW]),
            "bad_extension", "extension “.xxxxxxxxxxxxxxxxxxx…” (250 characters) is not accepted",
            "นามสกุลไฟล์ “.xxxxxxxxxxxxxxxxxxx…” (250 ตัวอักษร) ไม่รองรับ"),
    Hostile("extension_exe", "results.exe", lambda: f.csv_bytes([f.SUMMARY_HEADER, f.SUMMARY_ROW]),
            "bad_extension", "extension “.exe” (3 characters) is not accepted", "นามสกุลไฟล์ “.exe”"),
    Hostile("name_300_bytes", "ผ" * 100 + ".csv", lambda: f.csv_bytes([f.SUMMARY_HEADER, f.SUMMARY_ROW]),
            "name_too_long", "The file name is 104 characters long, over the 255-byte limit", "ชื่อไฟล์ยาว 104 ตัวอักษร"),
    Hostile("cached_div0", "div0.xlsx",
            lambda: f.xlsx([f.SUMMARY_HEADER, ["DPIM", 2569, ("error", "#DIV/0!"), 3, 8]]), "error_cell",
            "row 2, column overall: Cell C2 holds the error value #DIV/0! from a formula",
            "ช่อง C2 มีค่าผิดพลาด #DIV/0! จากสูตร"),
    Hostile("cached_na_with_formula", "na.xlsx",
            lambda: f.zip_parts(f.xlsx_parts(f.sheet_xml([f.SUMMARY_HEADER, f.SUMMARY_ROW]).replace(
                '<c r="C2"><v>91.5</v></c>', '<c r="C2" t="e"><f>VLOOKUP(A2,X!A:B,2,0)</f><v>#N/A</v></c>'))),
            "error_cell", "Cell C2 holds the error value #N/A", "ช่อง C2 มีค่าผิดพลาด #N/A"),
    Hostile("csv_unterminated_quote_nul", "q.csv",
            lambda: f.csv_bytes([f.SUMMARY_HEADER, f.SUMMARY_ROW]) + b'"DPIM\x00,2569', "binary_file",
            "This file is not CSV text", "ไฟล์นี้ไม่ใช่ข้อความ CSV"),
]


def _kpi(column: str, value: object, as_xlsx: bool = True) -> Callable[[], bytes]:
    rows = f.with_cell(f.KPI_HEADER, f.KPI_ROW, column, value)
    return (lambda: f.xlsx(rows, "kpi")) if as_xlsx else (lambda: f.csv_bytes(rows))


def _summary(column: str, value: object, as_xlsx: bool = True) -> Callable[[], bytes]:
    rows = f.with_cell(f.SUMMARY_HEADER, f.SUMMARY_ROW, column, value)
    return (lambda: f.xlsx(rows, "ita_summary")) if as_xlsx else (lambda: f.csv_bytes(rows))


def _cycle(column: str, value: object, as_xlsx: bool = False) -> Callable[[], bytes]:
    rows = f.with_cell(f.CYCLE_HEADER, f.CYCLE_ROW, column, value)
    return (lambda: f.xlsx(rows, "cycle")) if as_xlsx else (lambda: f.csv_bytes(rows))


def _action(column: str, value: object, as_xlsx: bool = False) -> Callable[[], bytes]:
    rows = f.with_cell(f.ACTION_HEADER, f.ACTION_ROW, column, value)
    return (lambda: f.xlsx(rows, "actions")) if as_xlsx else (lambda: f.csv_bytes(rows))


def _duplicate_header() -> bytes:
    header = f.SUMMARY_HEADER + ["คะแนนรวม"]  # overall again, in Thai
    return f.csv_bytes([header, f.SUMMARY_ROW + [12.5]])


VALUE_CASES = [
    Hostile("inf_result_csv", "inf.csv", _kpi("result_12m", "inf", False), "not_finite",
            "row 2, column result_12m (value “inf”): Expected a finite number", "ต้องเป็นตัวเลขจำกัด", "kpi"),
    Hostile("minus_inf_weight_csv", "inf.csv", _kpi("weight", "-inf", False), "not_finite",
            "column weight (value “-inf”): Expected a finite number", "ค่าอนันต์ (inf)", "kpi"),
    Hostile("1e309_criterion_csv", "big.csv", _kpi("c1", "1e309", False), "not_finite",
            "column c1 (value “1e309”): Expected a finite number", "ต้องเป็นตัวเลขจำกัด", "kpi"),
    Hostile("1e309_criterion_xlsx", "big.xlsx", _kpi("c1", ("raw", "1e309")), "not_finite",
            "column c1 (value “inf”): Expected a finite number", "ต้องเป็นตัวเลขจำกัด", "kpi"),
    Hostile("infinity_result_xlsx", "inf.xlsx", _kpi("result_12m", "Infinity"), "not_finite",
            "column result_12m (value “Infinity”): Expected a finite number", "ต้องเป็นตัวเลขจำกัด", "kpi"),
    Hostile("true_as_weight", "bool.xlsx", _kpi("weight", True), "bool_not_number",
            "column weight (value “True”): TRUE/FALSE is a truth value, not a number",
            "ค่า TRUE/FALSE เป็นค่าตรรกะ ไม่ใช่ตัวเลข", "kpi"),
    Hostile("false_as_score", "bool.xlsx", _summary("overall", False), "bool_not_number",
            "column overall (value “False”): TRUE/FALSE is a truth value", "ไม่ใช่ตัวเลข"),
    Hostile("huge_result", "huge.csv", _kpi("result_12m", "1e300", False), "out_of_range",
            "Expected a value from -1,000,000,000,000,000 to 1,000,000,000,000,000", "ต้องอยู่ระหว่าง", "kpi"),
    Hostile("weight_over_100", "w.csv", _kpi("weight", "150", False), "out_of_range",
            "column weight (value “150”): Expected a value from 0 to 100", "ต้องอยู่ระหว่าง 0 ถึง 100", "kpi"),
    Hostile("fiscal_year_fraction", "fy.xlsx", _summary("fiscal_year", 2570.5), "bad_year",
            "column fiscal_year (value “2570.5”): Expected a Buddhist-Era fiscal year from 2500 to 2700",
            "ต้องเป็นปีงบประมาณ พ.ศ. ระหว่าง 2500 ถึง 2700"),
    Hostile("fiscal_year_fraction_csv", "fy.csv", _summary("fiscal_year", "2570.5", False), "bad_year",
            "(value “2570.5”): Expected a Buddhist-Era fiscal year", "ต้องเป็นปีงบประมาณ พ.ศ."),
    Hostile("rank_1e20", "rank.xlsx", _summary("rank_ministry", 1e20), "out_of_range",
            "column rank_ministry (value “100000000000000000000”): Expected a value from 1 to 99,999",
            "ต้องอยู่ระหว่าง 1 ถึง 99,999"),
    Hostile("size_beyond_32_bits", "rank.csv", _summary("ministry_size", str(2**40), False), "out_of_range",
            f"(value “{2**40}”): Expected a value from 1 to 99,999", "ต้องอยู่ระหว่าง 1 ถึง 99,999"),
    Hostile("step_beyond_32_bits", "step.csv", _cycle("step_no", str(2**33)), "out_of_range",
            f"column step_no (value “{2**33}”): Expected a value from 1 to 99", "ต้องอยู่ระหว่าง 1 ถึง 99", "cycle"),
    Hostile("days_beyond_32_bits", "days.xlsx", _cycle("standard_days", 2**31, True), "out_of_range",
            f"column standard_days (value “{2**31}”): Expected a value from 0 to 365", "ต้องอยู่ระหว่าง 0 ถึง 365",
            "cycle"),
    Hostile("days_over_a_year", "days.csv", _cycle("standard_days", "400"), "out_of_range",
            "(value “400”): Expected a value from 0 to 365", "ต้องอยู่ระหว่าง 0 ถึง 365", "cycle"),
    Hostile("step_fraction", "step.csv", _cycle("step_no", "1.5"), "not_integer",
            "column step_no (value “1.5”): Expected a whole number.", "ต้องเป็นจำนวนเต็ม", "cycle"),
    Hostile("duplicate_header", "dup.csv", _duplicate_header, "duplicate_column",
            "Columns “overall” (cell C1) and “คะแนนรวม” (cell F1) are the same field (overall)",
            "คอลัมน์ “overall” (ช่อง C1) และ “คะแนนรวม” (ช่อง F1) เป็นข้อมูลเดียวกัน"),
    Hostile("date_year_100", "d.csv", _action("start_date", "0100-01-01"), "date_out_of_range",
            "column start_date (value “0100-01-01”): Expected a date from 1 Oct 1956 to 30 Sep 2157",
            "วันที่ต้องอยู่ระหว่าง 1 ต.ค. 2499 ถึง 30 ก.ย. 2700", "actions"),
    Hostile("date_9999_12_31", "d.csv", _action("due_date", "9999-12-31"), "date_out_of_range",
            "column due_date (value “9999-12-31”): Expected a date from 1 Oct 1956", "วันที่ต้องอยู่ระหว่าง", "actions"),
    Hostile("date_serial_5", "d.xlsx", _action("due_date", 5, True), "date_out_of_range",
            "column due_date (value “5”): Expected a date from", "วันที่ต้องอยู่ระหว่าง", "actions"),
    Hostile("date_true", "d.xlsx", _action("due_date", True, True), "bad_date",
            "column due_date (value “True”): Unreadable date", "อ่านวันที่ไม่ได้", "actions"),
    Hostile("cycle_date_9999", "c.csv", _cycle("finished", "31/12/9999"), "date_out_of_range",
            "column finished (value “31/12/9999”)", "วันที่ต้องอยู่ระหว่าง", "cycle"),
]
