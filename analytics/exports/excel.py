"""A table as an .xlsx file, the way the page shows it: Thai headers, the page's decimals, ready to filter.

The header row is frozen and carries an auto-filter; column widths fit Thai text, counting base
characters only (vowels and tone marks above and below take no width). Dates are real dates
shown in the Buddhist Era ([$-1070000] selects Excel's Thai Buddhist calendar).

Formula injection: a cell that begins with =, +, -, @, a tab or a carriage return would be read
by Excel (or by whatever a colleague pastes it into) as a formula, so a value from an uploaded
file could run HYPERLINK or DDE. openpyxl writes any string starting with "=" as a formula, so
such strings are written as text cells (data type "s", never an <f> element), prefixed with an
apostrophe and marked quotePrefix, so they stay text even after someone edits the cell.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from analytics.exports.text import base_length
from analytics.palette import PRIMARY

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
THAI_DATE_FORMAT = "[$-1070000]d/mm/yyyy;@"
MIN_WIDTH, MAX_WIDTH = 6, 60
HEADER_FILL = PatternFill("solid", fgColor=PRIMARY.lstrip("#"))
HEADER_FONT = Font(bold=True, color="FFFFFF")
SHEET_TITLE_BAD = str.maketrans({c: "_" for c in "[]:*?/\\"})


def number_format(decimals: int | str) -> str:
    """'#,##0.0000' for 4 decimals, '#,##0' for none; a string is taken as an Excel format already."""
    if isinstance(decimals, str):
        return decimals
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def safe_text(text: str) -> tuple[str, bool]:
    """The text as written, and whether it was neutralised (it began like a formula)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if text.startswith(FORMULA_STARTS):
        return "'" + text, True
    return text, False


def _plain(value: Any) -> Any:
    """A cell value openpyxl can write: numpy scalars unwrapped, missing values as None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (float, np.floating)) and math.isnan(float(value)):
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def _shown_width(value: Any, fmt: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        decimals = fmt.split(".")[1].count("0") if fmt and "." in fmt else 0
        return len(f"{value:,.{decimals}f}")
    if isinstance(value, (dt.date, dt.datetime)):
        return 10
    return max((base_length(line) for line in str(value).split("\n")), default=0)


def table_to_xlsx(df: pd.DataFrame, sheet_title: str, headers: Mapping[str, str] | None = None,
                  number_formats: Mapping[str, int | str] | None = None, date_format: str = THAI_DATE_FORMAT) -> bytes:
    """The frame's rows and columns as an .xlsx; headers map column -> Thai header (order kept).

    number_formats map column -> decimals shown (or an Excel format); columns named in headers
    are the ones written, in that order, or every column when headers is empty.
    """
    headers = dict(headers or {})
    formats = dict(number_formats or {})
    columns = list(headers) if headers else [str(c) for c in df.columns]
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KeyError(f"The table has no column {', '.join(missing)}")
    wb = Workbook()
    ws = wb.active
    ws.title = (sheet_title.translate(SHEET_TITLE_BAD).strip("'") or "Sheet1")[:31]
    widths: list[int] = []
    for j, col in enumerate(columns, start=1):
        title, _ = safe_text(str(headers.get(col, col)))
        cell = ws.cell(row=1, column=j, value=title)
        cell.data_type = "s"
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=False)
        widths.append(base_length(title) + 2)
    for i, row in enumerate(df[columns].itertuples(index=False, name=None), start=2):
        for j, (col, raw) in enumerate(zip(columns, row, strict=True), start=1):
            value = _plain(raw)
            fmt: str | None = None
            if isinstance(value, str):
                text, neutralised = safe_text(value)
                cell = ws.cell(row=i, column=j)
                cell.value = text
                cell.data_type = "s"
                if neutralised:
                    cell.quotePrefix = True
                value = text
            else:
                cell = ws.cell(row=i, column=j, value=value)
                if isinstance(value, (dt.date, dt.datetime)):
                    cell.number_format = date_format
                elif isinstance(value, (int, float)) and not isinstance(value, bool) and col in formats:
                    fmt = number_format(formats[col])
                    cell.number_format = fmt
            widths[j - 1] = max(widths[j - 1], _shown_width(value, fmt) + 2)
            if isinstance(value, str) and (base_length(value) + 2 > MAX_WIDTH or "\n" in value):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for j, width in enumerate(widths, start=1):
        # Thai base characters in Excel's default fonts run a little wider than the digit '0' a width counts.
        ws.column_dimensions[get_column_letter(j)].width = min(MAX_WIDTH, max(MIN_WIDTH, math.ceil(width * 1.1)))
    ws.freeze_panes = "A2"
    last = get_column_letter(max(1, len(columns)))
    ws.auto_filter.ref = f"A1:{last}{max(1, len(df) + 1)}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
