"""Reading .xlsx with python-calamine; formulas saved without a cached value are found beside the read."""

from __future__ import annotations

import io
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor

import python_calamine as pc

from analytics.importing.guard import Guarded, Limits, ReadError
from analytics.importing.reading.raw import RawFile, RawSheet

_FORMULA_NO_VALUE = re.compile(rb'<c r="([A-Z]+\d+)"[^>]*>\s*<f[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?\s*</c>')


def _formulas_without_values(data: bytes, sheet_paths: dict[str, str]) -> list[tuple[str, str]]:
    """(sheet, cell) of each formula saved without its value (a file written by a program, never opened in Excel)."""
    missing: list[tuple[str, str]] = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        for sheet_name, path in sheet_paths.items():
            if path in names:
                xml = zf.read(path)
                if b"<f" not in xml:  # no formula at all: skip the slow regex over every cell
                    continue
                for m in _FORMULA_NO_VALUE.finditer(xml):
                    missing.append((sheet_name, m.group(1).decode()))
    return missing


def read_xlsx(file: Guarded, limits: Limits) -> RawFile:
    data, sheet_paths = file.data, file.sheet_paths
    # Finding formulas unzips every sheet again: it runs in a thread beside calamine's read (zlib and
    # calamine both release the GIL), so it costs no time of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        formulas = pool.submit(_formulas_without_values, data, sheet_paths)
        raw = _read_sheets(data, limits)
        raw.formula_cells = formulas.result()
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
        sheet = wb.get_sheet_by_name(meta.name)
        if sheet.total_height > limits.max_rows + 1:
            raise ReadError("too_many_rows", sheet=meta.name, rows=sheet.total_height - 1, limit=limits.max_rows)
        rows = sheet.to_python(skip_empty_area=False)
        merged = [((int(a[0]), int(a[1])), (int(b[0]), int(b[1]))) for a, b in (sheet.merged_cell_ranges or [])]
        sheets.append(RawSheet(name=meta.name, rows=rows, merged=merged))
    return RawFile(sheets=sheets, hidden=hidden)
