"""Write the bad upload files of tests/data/bad/ that tests/test_bad_files.py checks.

Run once after changing a case (`.venv/bin/python tests/data/make_bad_files.py`) and commit the output.
Every file is small; the zip bomb is a few kilobytes that claim many megabytes once expanded.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

OUT = Path(__file__).resolve().parent / "bad"
FIXED = dt.datetime(2025, 1, 1)

KPI_HEADER = ["org_code", "fiscal_year", "dimension", "kpi_code", "kpi_name", "weight", "direction", "c1", "c2",
              "c3", "result_12m"]
KPI_OK = ["DPIM", 2568, "1", "1.1", "ร้อยละของคำขอที่พิจารณาเสร็จ", 50, "higher", 80, 85, 90, 87.5]
KPI_OK2 = ["DPIM", 2568, "2", "2.1", "อัตราการประสบอันตราย", 50, "lower", 1.2, 1.0, 0.8, 0.86]
KPI_HEADER_TH = ["หน่วยงาน", "ปีงบประมาณ", "มิติ", "รหัสตัวชี้วัด", "ตัวชี้วัด", "น้ำหนัก", "ทิศทาง", "เกณฑ์ 1",
                 "เกณฑ์ 2", "เกณฑ์ 3", "ผลรอบ 12 เดือน"]
ITA_HEADER = ["org_code", "fiscal_year", "indicator_no", "tool", "question_code", "question_text", "score"]
ACTION_HEADER = ["org_code", "fiscal_year", "source", "ref", "action", "start_date", "due_date", "status",
                 "progress"]
ACTION_OK = ["DPIM", 2568, "ita", "4", "ชี้แจงแนวทางการยืมทรัพย์สิน", "2024-10-01", "2025-03-31", "in_progress", 40]
SUMMARY_HEADER = ["org_code", "fiscal_year", "overall", "rank_ministry", "ministry_size"]
CYCLE_HEADER = ["org_code", "fiscal_year", "step_no", "step_name", "standard_days", "started", "finished"]


def csv_text(rows: list[list[object]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([["" if v is None else v for v in r] for r in rows])
    return buf.getvalue().encode("utf-8")


def workbook(rows: list[list[object]], title: str = "Sheet1") -> Workbook:
    wb = Workbook()
    wb.properties.created = wb.properties.modified = FIXED
    ws = wb.active
    assert ws is not None
    ws.title = title
    for r in rows:
        ws.append(r)
    return wb


def xlsx(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rezip(data: bytes, replace: dict[str, bytes], extra: dict[str, bytes] | None = None) -> bytes:
    """Copy an .xlsx, replacing some parts and adding others."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in src.infolist():
            out.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, content in (extra or {}).items():
            out.writestr(name, content)
    return buf.getvalue()


def formula_without_value() -> bytes:
    wb = workbook([SUMMARY_HEADER, ["DPIM", 2568, "=90+4.23", 6, 8]])
    return xlsx(wb)


def zip_bomb() -> bytes:
    """A valid-looking workbook whose sheet part expands from a few KB to 16 MB of blanks."""
    base = xlsx(workbook([SUMMARY_HEADER, ["DPIM", 2568, 94.23, 6, 8]]))
    sheet = zipfile.ZipFile(io.BytesIO(base)).read("xl/worksheets/sheet1.xml")
    padding = b" " * (16 * 1024 * 1024)
    bloated = sheet.replace(b"<sheetData>", b"<sheetData>" + padding, 1)
    return rezip(base, {"xl/worksheets/sheet1.xml": bloated})


def billion_laughs() -> bytes:
    """A workbook whose sheet declares nested XML entities (the 'billion laughs' attack)."""
    base = xlsx(workbook([SUMMARY_HEADER, ["DPIM", 2568, 94.23, 6, 8]]))
    sheet = zipfile.ZipFile(io.BytesIO(base)).read("xl/worksheets/sheet1.xml")
    entities = ['<!ENTITY lol "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                                          for i in range(1, 10)]
    doctype = ("<!DOCTYPE lolz [" + "".join(entities) + "]>").encode()
    head, rest = sheet.split(b"?>", 1) if sheet.startswith(b"<?xml") else (b"", sheet)
    bloated = (head + b"?>" if head else b"") + doctype + rest.replace(b"<v>94.23</v>", b"<v>&lol9;</v>")
    return rezip(base, {"xl/worksheets/sheet1.xml": bloated})


def title_rows() -> bytes:
    """A report-style sheet: a title, a blank row, then the header on row 3 and data from row 4."""
    wb = workbook([["ผลคะแนน ITA ประจำปีงบประมาณ พ.ศ. 2568"], [],
                   ["หน่วยงาน", "ปีงบประมาณ", "คะแนนรวม"], ["กพร.", 2568, 94.23], ["สมอ.", 2568, "๑๐๑"]])
    return xlsx(wb)


def hidden_sheet() -> bytes:
    wb = workbook([SUMMARY_HEADER, ["DPIM", 2568, 94.23, 6, 8]], title="ita_summary")
    secret = wb.create_sheet("ร่าง")
    secret.append(["บันทึกภายใน"])
    secret.sheet_state = "hidden"
    return xlsx(wb)


FILES: dict[str, bytes] = {
    "wrong_headers.csv": csv_text([["หน่วย", "ปี", "ชื่อ", "ค่า"], ["DPIM", 2568, "ร้อยละ", 50]]),
    "unknown_kind.csv": csv_text([["a", "b", "c"], ["1", "2", "3"]]),
    "text_in_number.csv": csv_text([KPI_HEADER, KPI_OK[:5] + ["ห้าสิบ"] + KPI_OK[6:], KPI_OK2]),
    "text_in_number_thai.csv": csv_text([KPI_HEADER_TH, ["กพร.", "๒๕๖๘"] + KPI_OK[2:5] + ["ห้าสิบ"] + KPI_OK[6:],
                                         ["กพร.", "๒๕๖๘"] + KPI_OK2[2:]]),
    "title_rows_score_over_100.xlsx": title_rows(),
    "criteria_not_ascending.csv": csv_text([KPI_HEADER, KPI_OK[:7] + [80, 85, 83, 87.5], KPI_OK2]),
    "criteria_not_descending.csv": csv_text([KPI_HEADER, KPI_OK, KPI_OK2[:7] + [0.8, 1.0, 1.2, 0.86]]),
    "score_over_100.csv": csv_text([SUMMARY_HEADER, ["DPIM", 2568, 100.5, 6, 8]]),
    "score_negative.csv": csv_text([ITA_HEADER, ["DPIM", 2568, 1, "IIT", "i1", "ขั้นตอนและระยะเวลา", -1]]),
    "unknown_org.csv": csv_text([SUMMARY_HEADER, ["DPIN", 2568, 94.23, 6, 8]]),
    "unknown_org_thai.csv": csv_text([SUMMARY_HEADER, ["กพ.", 2568, 94.23, 6, 8]]),
    "empty.csv": b"",
    "header_only.csv": csv_text([KPI_HEADER]),
    "ita_as_kpi.csv": csv_text([ITA_HEADER, ["DPIM", 2568, 1, "IIT", "i1", "ขั้นตอนและระยะเวลา", 95.59]]),
    "missing_column.csv": csv_text([[h for h in KPI_HEADER if h != "weight"],
                                    [v for h, v in zip(KPI_HEADER, KPI_OK, strict=True) if h != "weight"]]),
    "ce_year.csv": csv_text([SUMMARY_HEADER, ["DPIM", 2025, 94.23, 6, 8]]),
    "year_out_of_range.csv": csv_text([SUMMARY_HEADER, ["DPIM", 68, 94.23, 6, 8]]),
    "duplicate_kpi_code.csv": csv_text([KPI_HEADER, KPI_OK, KPI_OK2[:3] + ["1.1"] + KPI_OK2[4:]]),
    "weight_zero.csv": csv_text([KPI_HEADER, KPI_OK[:5] + [0] + KPI_OK[6:], KPI_OK2]),
    "weight_negative.csv": csv_text([KPI_HEADER, KPI_OK, KPI_OK2[:5] + [-10] + KPI_OK2[6:]]),
    "missing_criteria_c4_c5.csv": csv_text([KPI_HEADER[:10] + ["c4", "c5", "scheme", "result_12m"],
                                            KPI_OK[:10] + [None, None, "5-level", 87.5]]),
    "ita_indicator_11.csv": csv_text([ITA_HEADER, ["DPIM", 2568, 1, "IIT", "i1", "ขั้นตอน", 95.59],
                                      ["DPIM", 2568, 11, "OIT", "o1", "ข้อมูลพื้นฐาน", 100]]),
    "question_tool_mismatch.csv": csv_text([ITA_HEADER, ["DPIM", 2568, 2, "IIT", "i4", "ใช้จ่ายงบประมาณ", 94.43],
                                            ["DPIM", 2568, 2, "IIT", "e3", "เรียกรับสินบน", 99.67]]),
    "tool_mismatch.csv": csv_text([ITA_HEADER, ["DPIM", 2568, 1, "OIT", "i1", "ขั้นตอนและระยะเวลา", 95.59]]),
    "bad_question_code.csv": csv_text([ITA_HEADER, ["DPIM", 2568, 1, "IIT", "q1", "ขั้นตอนและระยะเวลา", 95.59]]),
    "duplicate_question.csv": csv_text([ITA_HEADER, ["DPIM", 2568, 1, "IIT", "i1", "ขั้นตอนและระยะเวลา", 95.59],
                                        ["DPIM", 2568, 1, "IIT", "i2", "เลือกปฏิบัติ", 95.48],
                                        ["DPIM", 2568, 1, "IIT", "i1", "ขั้นตอน (ซ้ำ)", 95.0]]),
    "formula_no_value.xlsx": formula_without_value(),
    "binary.csv": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x00\x00\nendobj\n"
                   + bytes(range(0, 32)) * 4),
    "image.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89",
    "not_a_zip.xlsx": b"org_code,fiscal_year,overall\nDPIM,2568,94.23\n",
    "zip_bomb.xlsx": zip_bomb(),
    "billion_laughs.xlsx": billion_laughs(),
    "bad_date.csv": csv_text([ACTION_HEADER, ACTION_OK, ACTION_OK[:6] + ["31 ก.พ. 2568"] + ACTION_OK[7:]]),
    "bad_status.csv": csv_text([ACTION_HEADER, ACTION_OK[:7] + ["เสร็จครึ่งหนึ่ง", 50]]),
    "progress_150.csv": csv_text([ACTION_HEADER, ACTION_OK[:8] + [150]]),
    "due_before_start.csv": csv_text([ACTION_HEADER, ACTION_OK[:5] + ["2025-03-31", "2024-10-01"] + ACTION_OK[7:]]),
    "bad_quarters.csv": csv_text([ACTION_HEADER + ["quarters"], ACTION_OK + ["ไตรมาสแรก"]]),
    "rank_above_units.csv": csv_text([SUMMARY_HEADER, ["DPIM", 2568, 94.23, 9, 8]]),
    "rank_not_integer.csv": csv_text([SUMMARY_HEADER, ["DPIM", 2568, 94.23, 6.5, 8]]),
    "cycle_finished_before_started.csv": csv_text([CYCLE_HEADER,
                                                   ["DPIM", 2568, 1, "รับทราบเกณฑ์", 1, "2024-10-15", "2024-10-15"],
                                                   ["DPIM", 2568, 2, "แจ้ง KPIs", 1, "2024-10-25", "2024-10-20"]]),
    "missing_value.csv": csv_text([KPI_HEADER, KPI_OK[:4] + [""] + KPI_OK[5:], KPI_OK2]),
    "no_org_column.csv": csv_text([SUMMARY_HEADER[1:], [2568, 94.23, 6, 8]]),
    "too_many_rows.csv": csv_text([SUMMARY_HEADER] + [[code, 2568, 90 + i, i + 1, 8] for i, code in
                                                      enumerate(["DPIM", "DIW", "DIP", "OIE", "OCSB", "TISI", "OPS"])]),
    "too_large.csv": csv_text([SUMMARY_HEADER, ["DPIM", 2568, 94.23, 6, 8]]),
    # Warnings: these import, with a note.
    "warn_hidden_sheet.xlsx": hidden_sheet(),
    "warn_duplicate_row.csv": csv_text([SUMMARY_HEADER, ["DPIM", 2568, 94.23, 6, 8], ["DIW", 2568, 95.4, 4, 8],
                                        ["DPIM", 2568, 94.23, 6, 8]]),
    "warn_weights_sum.csv": csv_text([KPI_HEADER, KPI_OK[:5] + [40] + KPI_OK[6:], KPI_OK2]),
    "warn_ignored_column.csv": csv_text([SUMMARY_HEADER + ["หมายเหตุผู้บริหาร"], ["DPIM", 2568, 94.23, 6, 8, "ดี"]]),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in FILES.items():
        (OUT / name).write_bytes(data)
    print(f"Wrote {len(FILES)} files to {OUT}")


if __name__ == "__main__":
    main()
