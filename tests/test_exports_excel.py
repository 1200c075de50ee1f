"""Tables as Excel: Thai headers, the page's decimals, frozen header, auto-filter, widths, no formula injection."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from analytics.exports.excel import THAI_DATE_FORMAT, number_format, safe_text, table_to_xlsx

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
