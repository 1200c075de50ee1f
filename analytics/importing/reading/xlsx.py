"""Reading .xlsx with python-calamine, once the guard has held the file to every limit."""

from __future__ import annotations

import io

import python_calamine as pc

from analytics.importing.guard import Guarded, Limits, ReadError
from analytics.importing.reading.raw import RawFile, RawSheet


def read_xlsx(file: Guarded, limits: Limits) -> RawFile:
    """The visible worksheets; the guard has already found formulas without values and error cells."""
    raw = _read_sheets(file.data, limits)
    raw.formula_cells = list(file.formula_cells)
    raw.error_cells = list(file.error_cells)
    return raw


def _read_sheets(data: bytes, limits: Limits) -> RawFile:
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types for broken parts
        raise ReadError("not_xlsx") from exc
    sheets: list[RawSheet] = []
    hidden: list[str] = []
    for meta in wb.sheets_metadata:
        if meta.visible != pc.SheetVisibleEnum.Visible:
            hidden.append(meta.name)
            continue
        if meta.typ != pc.SheetTypeEnum.WorkSheet:
            continue
        try:
            sheet = wb.get_sheet_by_name(meta.name)
            if sheet.total_height > limits.max_rows + 1:
                raise ReadError("too_many_rows", sheet=meta.name, rows=sheet.total_height - 1, limit=limits.max_rows)
            rows = sheet.to_python(skip_empty_area=False)
            merged = [((int(a[0]), int(a[1])), (int(b[0]), int(b[1]))) for a, b in (sheet.merged_cell_ranges or [])]
        except (pc.CalamineError, pc.XmlError, pc.ZipError, pc.PasswordError, ValueError, TypeError, OverflowError) as exc:
            raise ReadError("not_xlsx") from exc  # a part calamine cannot read, found only when the sheet is read
        sheets.append(RawSheet(name=meta.name, rows=rows, merged=merged))
    return RawFile(sheets=sheets, hidden=hidden)
