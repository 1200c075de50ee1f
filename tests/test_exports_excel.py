"""Tables as Excel: Thai headers, the page's decimals, frozen header, auto-filter, widths, no formula injection."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from analytics.exports.excel import THAI_DATE_FORMAT, SheetMeta, change_format, number_format, safe_text, table_to_xlsx
from analytics.exports.text import base_length

HYPERLINK = '=HYPERLINK("http://x","y")'


def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "kpi_code": ["1.1", "1.2", "2.3"],
        "kpi_name": ["ร้อยละของการออกประทานบัตรภายในระยะเวลาที่กำหนด", HYPERLINK, "ร้อยละการเบิกจ่ายงบประมาณ"],
        "result": [87.5, 3260.0, np.nan],
        "score": [87.5, 63.0, np.nan],
        "weight": [15, 15, 6],
        "due": [dt.date(2025, 6, 30), None, dt.date(2025, 9, 30)],
        "note": ["+66 81 234 5678", "-", "@SUM(A1)"],
        "internal": ["x", "y", "z"],
    })


HEADERS = {"kpi_code": "ตัวชี้วัด", "kpi_name": "ชื่อตัวชี้วัด", "result": "ผลการดำเนินงาน", "score": "คะแนน",
           "weight": "น้ำหนัก", "due": "ครบกำหนด", "note": "หมายเหตุ"}
FORMATS = {"result": 2, "score": 4, "weight": 0}


@pytest.fixture(scope="module")
def xlsx() -> bytes:
    return table_to_xlsx(frame(), "ตัวชี้วัด กพร. 2568", HEADERS, FORMATS)


@pytest.fixture(scope="module")
def sheet(xlsx):  # type: ignore[no-untyped-def]
    return openpyxl.load_workbook(io.BytesIO(xlsx)).active


def test_headers_and_columns(sheet):
    """The Thai headers head exactly the columns asked for, in that order; the rest are left out."""
    assert [c.value for c in sheet[1]] == list(HEADERS.values())
    assert sheet.max_row == 4 and sheet.max_column == len(HEADERS)
    assert sheet.title == "ตัวชี้วัด กพร. 2568"


def test_number_formats_follow_the_decimals_shown(sheet):
    """Numbers stay numbers, formatted to the page's decimals with separators; missing values stay empty."""
    assert sheet["C3"].value == 3260.0 and sheet["C3"].number_format == "#,##0.00"
    assert sheet["D2"].value == 87.5 and sheet["D2"].number_format == "#,##0.0000"
    assert sheet["E2"].value == 15 and sheet["E2"].number_format == "#,##0"
    assert sheet["C4"].value is None and sheet["D4"].value is None
    assert sheet["F2"].value == dt.datetime(2025, 6, 30) and sheet["F2"].number_format == THAI_DATE_FORMAT
    assert number_format(1) == "#,##0.0" and number_format("0%") == "0%"


def test_frozen_header_and_filter(sheet):
    """The header row is frozen and filters over the whole table."""
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:G4"


def test_widths_count_thai_base_characters(sheet):
    """Column widths count base characters: vowels and tone marks above or below take no width."""
    name = "ร้อยละของการออกประทานบัตรภายในระยะเวลาที่กำหนด"
    base = len(name) - sum(1 for c in name if c in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49"
                           "\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
    assert base < len(name)
    width = sheet.column_dimensions["B"].width
    assert (base + 2) * 1.0 <= width <= (base + 2) * 1.1 + 1
    assert sheet.column_dimensions["A"].width < 12


def test_formula_injection_is_neutralised(xlsx, sheet):
    """An injected =HYPERLINK(...) is written as text with an apostrophe: no <f> element anywhere."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in xml and not re.search(r"<f[ >]", xml)
    cell = sheet["B3"]
    assert cell.data_type == "s"
    assert cell.value == "'" + HYPERLINK
    assert cell.quotePrefix
    assert sheet["G2"].value == "'+66 81 234 5678"
    assert sheet["G3"].value == "'-"
    assert sheet["G4"].value == "'@SUM(A1)"
    assert sheet["B2"].value == "ร้อยละของการออกประทานบัตรภายในระยะเวลาที่กำหนด"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_every_formula_start_is_text(text):
    """Each of =, +, -, @, tab and carriage return at the start makes the cell text."""
    assert safe_text(text) == ("'" + text, True)
    data = table_to_xlsx(pd.DataFrame({"v": [text]}), "s", {"v": "ค่า"}, {})
    cell = openpyxl.load_workbook(io.BytesIO(data)).active["A2"]
    assert cell.data_type == "s" and cell.value.startswith("'")


def test_unknown_column_is_named():
    """Asking for a column the table lacks names it."""
    with pytest.raises(KeyError, match="nope"):
        table_to_xlsx(pd.DataFrame({"a": [1]}), "s", {"nope": "x"}, {})


META = SheetMeta("ตัวชี้วัด กพร. 2568", "th", "กพร. กรมอุตสาหกรรมพื้นฐานและการเหมืองแร่", 2568, 12, dt.date(2026, 11, 20),
                 "analyst@demo.pramern", dt.datetime(2026, 11, 21, 9, 5))


@pytest.fixture(scope="module")
def titled():  # type: ignore[no-untyped-def]
    long = "ระดับความสำเร็จของการพัฒนาระบบ e-Service การอนุญาตด้านแร่เชื่อมโยง National Single Window " * 2
    df = pd.DataFrame({"code": ["1.1", "1.2"], "name": ["ร้อยละการเบิกจ่าย", long], "delta": [0.74, -1.2],
                       "score": [87.5, 63.0]})
    data = table_to_xlsx(df, "kpi", {"code": "ตัวชี้วัด", "name": "ชื่อตัวชี้วัด", "delta": "เปลี่ยนแปลง", "score": "คะแนน"},
                         {"delta": change_format(2), "score": 4}, meta=META)
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_title_block_names_unit_year_round_date_and_exporter(titled):
    """Above the table: the title, the unit, the year and round, the data date, who exported it and when."""
    assert [titled.cell(row=r, column=1).value for r in range(1, 7)] == [
        "ตัวชี้วัด กพร. 2568", "หน่วยงาน: กพร. กรมอุตสาหกรรมพื้นฐานและการเหมืองแร่",
        "ปีงบประมาณ พ.ศ. 2568 · รอบ 12 เดือน", "ข้อมูล ณ วันที่ 20 พ.ย. 2569",
        "ส่งออกโดย analyst@demo.pramern เมื่อ 21 พ.ย. 2569 เวลา 09:05 น.", None]
    assert [c.value for c in titled[7]] == ["ตัวชี้วัด", "ชื่อตัวชี้วัด", "เปลี่ยนแปลง", "คะแนน"]
    assert titled.freeze_panes == "A8" and titled.auto_filter.ref == "A7:D9"


def test_changes_are_numbers_with_arrows_by_format(titled):
    """A change is a number; its sign and arrow come from the number format, green up and red down."""
    assert titled["C8"].value == 0.74 and titled["C9"].value == -1.2
    assert titled["C8"].number_format == '[Color10]"▲ "+#,##0.00;[Red]"▼ "-#,##0.00;"► "#,##0.00'
    assert titled["D8"].number_format == "#,##0.0000"


def test_prints_landscape_fitted_to_width_with_the_header_on_every_page(titled):
    """Landscape A4, one page wide, the header row repeated, page numbers in the footer."""
    setup = titled.page_setup
    assert setup.orientation == "landscape" and str(setup.paperSize) == titled.PAPERSIZE_A4 == "9"
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0) and titled.sheet_properties.pageSetUpPr.fitToPage
    assert titled.print_title_rows == "$7:$7"
    assert titled.oddFooter.right.text == "หน้า &P / &N"


def test_long_text_wraps_in_a_row_tall_enough(titled):
    """A name longer than its column wraps, and its row is as tall as the lines it takes; short rows stay as they are."""
    assert titled["B9"].alignment.wrap_text and titled["B9"].alignment.vertical == "top"
    width = titled.column_dimensions["B"].width
    assert width <= 50
    lines = math.ceil(base_length(titled["B9"].value) * 1.1 / (width - 1))
    assert lines >= 3 and titled.row_dimensions[9].height >= lines * 17
    assert titled.row_dimensions[8].height is None
