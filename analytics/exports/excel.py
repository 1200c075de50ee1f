"""A table as an .xlsx file, the way the page shows it: Thai headers, the page's decimals, ready to filter and print.

Above the table a title block says what it is: the table's title, the unit, fiscal year and
round, the data date, and who exported it and when. The header row is frozen, carries an
auto-filter and is repeated on every printed page; the sheet prints landscape on A4, fitted to
the page width, with page numbers. Column widths fit Thai text, counting base characters only
(vowels and tone marks above and below take no width); text longer than its column wraps and
its row is made tall enough for the lines it takes (Calc and Excel do not grow a row by
themselves when a file sets no height). Numbers stay numbers: decimals, signs and arrows come
from number formats (change_format), never from text. Dates are real dates shown in the
Buddhist Era ([$-1070000] selects Excel's Thai Buddhist calendar).

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
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from analytics.calendar import format_date
from analytics.exports import change_format
from analytics.exports.text import base_length
from analytics.i18n import t
from analytics.palette import PRIMARY

__all__ = ["SheetMeta", "change_format", "number_format", "safe_text", "table_to_xlsx"]
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
THAI_DATE_FORMAT = "[$-1070000]d/mm/yyyy;@"
MIN_WIDTH, MAX_WIDTH = 6, 50
LINE_HEIGHT_PT = 17.0  # one wrapped line of the default 11 pt font, Thai fallback fonts included
TITLE_FONT = Font(bold=True, size=14, color=PRIMARY.lstrip("#"))
META_FONT = Font(color="595959")
HEADER_FILL = PatternFill("solid", fgColor=PRIMARY.lstrip("#"))
HEADER_FONT = Font(bold=True, color="FFFFFF")
SHEET_TITLE_BAD = str.maketrans({c: "_" for c in "[]:*?/\\"})


@dataclass(frozen=True)
class SheetMeta:
    """What the title block above a table says. exported_at is filled in when the file is made."""

    title: str
    lang: str = "th"
    unit: str = ""
    fiscal_year: int | None = None
    round: int | None = None
    data_date: dt.date | None = None
    exported_by: str = ""
    exported_at: dt.datetime | None = None
    scope: str = ""  # what a table not tied to one unit covers (the whole system, a comparison group)

    def lines(self) -> list[str]:
        lang = self.lang
        out = []
        if self.unit:
            out.append(t("exp.xlsx_unit", lang, unit=self.unit))
        elif self.scope:
            out.append(t("exp.xlsx_scope", lang, scope=self.scope))
        if self.fiscal_year is not None:
            out.append(t("exp.xlsx_year_round", lang, year=self.fiscal_year, months=self.round) if self.round
                       else t("exp.xlsx_year", lang, year=self.fiscal_year))
        if self.data_date is not None:
            out.append(t("exp.as_of", lang, date=format_date(self.data_date, lang)))
        when = self.exported_at or dt.datetime.now()
        stamp = t("exp.xlsx_when", lang, date=format_date(when.date(), lang), time=when.strftime("%H:%M"))
        out.append(t("exp.xlsx_by", lang, user=self.exported_by, when=stamp) if self.exported_by
                   else t("exp.xlsx_at", lang, when=stamp))
        return out


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


def _lines_in(text: str, width: float) -> int:
    """Lines a text takes in a wrapped column of this width (widths count the digit '0')."""
    return sum(max(1, math.ceil(base_length(line) * 1.1 / max(width - 1, 1))) for line in text.split("\n"))


def table_to_xlsx(df: pd.DataFrame, sheet_title: str, headers: Mapping[str, str] | None = None,
                  number_formats: Mapping[str, int | str] | None = None, date_format: str = THAI_DATE_FORMAT,
                  meta: SheetMeta | None = None) -> bytes:
    """The frame's rows and columns as an .xlsx; headers map column -> Thai header (order kept).

    number_formats map column -> decimals shown (or an Excel format, such as change_format(2));
    columns named in headers are the ones written, in that order, or every column when headers
    is empty. With meta, a title block comes first and the table starts below it.
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
    top = 1
    if meta is not None:
        title, _ = safe_text(meta.title)
        cell = ws.cell(row=1, column=1, value=title)
        cell.data_type = "s"
        cell.font = TITLE_FONT
        ws.row_dimensions[1].height = 24
        for i, line in enumerate(meta.lines(), start=2):
            text, _ = safe_text(line)
            cell = ws.cell(row=i, column=1, value=text)
            cell.data_type = "s"
            cell.font = META_FONT
            ws.row_dimensions[i].height = LINE_HEIGHT_PT
        top = len(meta.lines()) + 3  # a blank row between the block and the table
    widths: list[int] = []
    for j, col in enumerate(columns, start=1):
        title, _ = safe_text(str(headers.get(col, col)))
        cell = ws.cell(row=top, column=j, value=title)
        cell.data_type = "s"
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        widths.append(min(base_length(title) + 2, 24))
    rows = list(df[columns].itertuples(index=False, name=None))
    texts: dict[tuple[int, int], str] = {}
    for i, row in enumerate(rows, start=top + 1):
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
                texts[(i, j)] = text
            else:
                cell = ws.cell(row=i, column=j, value=value)
                if isinstance(value, (dt.date, dt.datetime)):
                    cell.number_format = date_format
                elif isinstance(value, (int, float)) and not isinstance(value, bool) and col in formats:
                    fmt = number_format(formats[col])
                    cell.number_format = fmt
            widths[j - 1] = max(widths[j - 1], _shown_width(value, fmt) + 2)
    final = [min(MAX_WIDTH, max(MIN_WIDTH, math.ceil(w * 1.1))) for w in widths]
    for j, width in enumerate(final, start=1):
        # Thai base characters in Excel's default fonts run a little wider than the digit '0' a width counts.
        ws.column_dimensions[get_column_letter(j)].width = width
    header_lines = max((_lines_in(str(headers.get(c, c)), w) for c, w in zip(columns, final, strict=True)), default=1)
    ws.row_dimensions[top].height = header_lines * LINE_HEIGHT_PT + 4
    for i in range(top + 1, top + 1 + len(rows)):
        lines = 1
        wrapped = set()
        for j, width in enumerate(final, start=1):
            shown = texts.get((i, j))
            if shown is not None and (_lines_in(shown, width) > 1 or "\n" in shown):
                wrapped.add(j)
                lines = max(lines, _lines_in(shown, width))
        if lines > 1:
            ws.row_dimensions[i].height = lines * LINE_HEIGHT_PT + 4
            # A tall row reads from its top: every cell starts on the first line, beside the wrapped text.
            for j in range(1, len(final) + 1):
                ws.cell(row=i, column=j).alignment = Alignment(wrap_text=j in wrapped, vertical="top")
    ws.freeze_panes = f"A{top + 1}"
    last = get_column_letter(max(1, len(columns)))
    ws.auto_filter.ref = f"A{top}:{last}{max(top, top + len(rows))}"
    _print_setup(ws, top, meta)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _print_setup(ws: Any, header_row: int, meta: SheetMeta | None) -> None:
    """Landscape A4, fitted to the page width (as many pages down as it takes), the header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.8  # room for the page header and footer above and below
    ws.page_margins.header = ws.page_margins.footer = 0.3
    lang = meta.lang if meta is not None else "th"
    ws.oddFooter.right.text = t("exp.xlsx_page", lang)
    if meta is not None:
        ws.oddHeader.left.text = meta.title.replace("&", "&&")
