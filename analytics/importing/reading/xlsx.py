"""Reading .xlsx into Arrow with fastexcel (python-calamine's Rust core), once the guard has held the file to
every limit. No cell becomes a Python object here: each column stays an Arrow array (text, as the sheet
reads) until the checks take the columns they need."""

from __future__ import annotations

import io
import re
import zipfile

import fastexcel
import numpy as np

from analytics.importing.guard import Guarded, Limits, ReadError
from analytics.importing.reading.arrow import arrow_sheet
from analytics.importing.reading.raw import RawFile, RawSheet


def read_xlsx(file: Guarded, limits: Limits) -> RawFile:
    """The visible worksheets; the guard has already found formulas without values, error cells, merged ranges."""
    raw = _read_sheets(file, limits)
    raw.formula_cells = list(file.formula_cells)
    raw.error_cells = list(file.error_cells)
    return raw


def _read_sheets(file: Guarded, limits: Limits) -> RawFile:
    try:
        reader = fastexcel.read_excel(file.data)
        names = reader.sheet_names
    except Exception as exc:  # fastexcel raises its own error types for broken parts
        raise ReadError("not_xlsx") from exc
    merged = {s.name: s.merged for s in file.sheets}
    located = {c[0] for c in file.formula_cells} | {c[0] for c in file.error_cells}
    sheets: list[RawSheet] = []
    hidden: list[str] = []
    for name in names:
        try:
            # skip_rows=0: rows from the sheet's first row, so row numbers are the file's. Every column
            # read as text: a column the checks use holds its header's text, so it would be text anyway,
            # and no pass over all rows is spent guessing types.
            sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
        except Exception as exc:
            raise ReadError("not_xlsx") from exc
        if sheet.visible != "visible":
            hidden.append(name)
            continue
        if sheet.total_height > limits.max_rows + 1:
            raise ReadError("too_many_rows", sheet=name, rows=sheet.total_height - 1, limit=limits.max_rows)
        try:
            table = sheet.to_arrow()
        except Exception as exc:
            raise ReadError("not_xlsx") from exc
        del sheet  # the reader's grid of cells: let it go before the columns are made
        raw = arrow_sheet(name, table, [])
        del table
        if any(raw.texts[j] and _has_truth_text(raw.columns[j]) for j in range(len(raw.columns))):  # type: ignore[index, arg-type]
            _restore_truth_values(file, name, raw)
        if merged.get(name) or name in located:
            # Columns start at the first one holding a value (calamine's range): where is that in the file?
            raw.col_offset = _first_column(file, name, raw)
            raw.merged = [((r0, c0 - raw.col_offset), (r1, c1 - raw.col_offset))
                          for (r0, c0), (r1, c1) in map(_merged_range, merged.get(name, []))]
        sheets.append(raw)
    return RawFile(sheets=sheets, hidden=hidden)


_VALUED_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>]*?(?<!/)>\s*<(?:v|is|f)\b')


_TRUTH_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>]*?\bt="b"[^>]*>\s*<v>([01])</v>')


def _has_truth_text(values: np.ndarray) -> bool:
    return any(v in ("true", "false") for v in set(values.tolist()))


def _restore_truth_values(file: Guarded, name: str, raw: RawSheet) -> None:
    """TRUE and FALSE cells read as the text "true"/"false" beside text: put the truth values back, so a
    check can tell a truth value from typed text (a rare case: the sheet's XML is read once more)."""
    path = file.sheet_paths.get(name)
    if path is None or raw.columns is None or raw.texts is None:
        return
    raw.col_offset = _first_column(file, name, raw)
    with zipfile.ZipFile(io.BytesIO(file.data)) as zf:
        xml = zf.read(path)
    for letters, row, value in _TRUTH_CELL.findall(xml):
        r, c = _a1(letters.decode() + row.decode())
        j = c - raw.col_offset
        if 0 <= j < len(raw.columns) and r < raw.height:
            raw.columns[j][r] = value == b"1"
            raw.texts[j] = False
            if r < len(raw.rows):
                raw.rows[r][j] = value == b"1"


def _first_column(file: Guarded, name: str, raw: RawSheet) -> int:
    """How many columns of the file lie left of the read's first column (0 when it cannot be told).

    The first row that holds a value is found in the read and in the head of the sheet's XML: its first
    valued cell's column in the file, less its column in the read.
    """
    row = next((i for i, cells in enumerate(raw.rows) if any(c is not None for c in cells)), None)
    path = file.sheet_paths.get(name)
    if row is None or path is None:
        return 0
    first_in_read = next(j for j, c in enumerate(raw.rows[row]) if c is not None)
    with zipfile.ZipFile(io.BytesIO(file.data)) as zf, zf.open(path) as fh:
        head = fh.read(1024 * 1024)
    cols = [col for col_letters, r in _VALUED_CELL.findall(head) if int(r) == row + 1
            for col in [_a1(col_letters.decode() + "1")[1]]]
    return max(min(cols) - first_in_read, 0) if cols else 0


def _a1(ref: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    assert m is not None
    col = 0
    for ch in m[1]:
        col = col * 26 + ord(ch) - ord("A") + 1
    return int(m[2]) - 1, col - 1


def _merged_range(ref: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """'A2:B5' -> ((1, 0), (4, 1)): 0-based (row, column) of its corners, as calamine gives them."""
    first, _, last = ref.partition(":")
    return _a1(first), _a1(last or first)
