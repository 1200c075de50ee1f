"""A sheet's Arrow columns (from fastexcel or Arrow's CSV reader) as the checks take them: each column's
cells normalised as text in C++, its blank cells, and an object array of its values."""

from __future__ import annotations

import itertools

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from analytics.importing.cells import BLANK_TEXTS
from analytics.importing.reading.raw import HEAD_ROWS, RawSheet

# A date cell read as text: "2025-10-01 00:00:00" (or with its time of day); the day is what counts.
_DATETIME = r"^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$"
# The words that mean blank, in every mix of cases ("N/A", "None"), matched on trimmed text.
_BLANK_WORDS = sorted({"".join(chars) for text in BLANK_TEXTS for chars in itertools.product(*({c, c.upper()} for c in text))})
_BLANK_SET = pa.array(_BLANK_WORDS, pa.string())
_BLANK_BYTES = max(len(w.encode()) for w in _BLANK_WORDS)
_SEARCH_STEP = 1 << 22


def arrow_sheet(name: str, table: pa.Table | pa.RecordBatch, merged: list[tuple[tuple[int, int], tuple[int, int]]],
                dates_as_text: bool = True) -> RawSheet:
    """A sheet read as Arrow columns: its first rows as cells (to find the header), each column as an object
    array (None for an empty cell) and its blank cells, both computed column by column.

    dates_as_text: a date cell reads as "2025-10-01 00:00:00" (fastexcel's text for it) and stands for its
    day; a CSV's text is kept as written."""
    columns: list[np.ndarray] = []
    blanks: list[np.ndarray] = []
    texts: list[bool] = []
    for arr in table.columns:
        arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
        if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
            # Text as the checks want it (as cells.as_text gives it): no-break spaces as spaces, trimmed, "" empty.
            # Each rewrite runs only when a cheap look finds something for it to do.
            if _may_hold(arr, "\u00a0".encode()):
                arr = pc.replace_substring(arr, "\u00a0", " ")
            arr = pc.utf8_trim_whitespace(arr)
            if pc.min(pc.binary_length(arr)).as_py() == 0:
                arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, arr.type), arr)
            if dates_as_text and _may_hold(arr, b":"):
                arr = pc.replace_substring_regex(arr, _DATETIME, r"\1")
            texts.append(True)
            # The text is trimmed already; the words that mean blank are matched in every case (N/A, None).
            blank = _blank_text(arr)
            values = arr.to_numpy(zero_copy_only=False)
        elif pa.types.is_null(arr.type):
            texts.append(True)
            blank = pa.array(np.ones(len(arr), dtype=bool))
            values = np.full(len(arr), None, dtype=object)
        else:  # numbers, truth values, dates (a column with no text at all)
            texts.append(False)
            blank = pc.is_null(arr, nan_is_null=True) if pa.types.is_floating(arr.type) else pc.is_null(arr)
            values = np.array(arr.to_pylist(), dtype=object)
        columns.append(np.asarray(values, dtype=object))
        blanks.append(np.asarray(blank.to_numpy(zero_copy_only=False), dtype=bool))
    height = len(columns[0]) if columns else 0
    head = [[c[i] for c in columns] for i in range(min(HEAD_ROWS, height))]
    return RawSheet(name=name, rows=head, merged=merged, columns=columns, blanks=blanks, height=height, texts=texts)


def _may_hold(arr: pa.Array, needle: bytes) -> bool:
    """Whether any cell of a text array may hold needle: a byte search over its data buffer, 4 MiB at a
    time (a buffer holds every cell's bytes, so a cell holding it is never missed)."""
    data = arr.buffers()[-1]
    if data is None:
        return False
    view = memoryview(data)
    overlap = len(needle) - 1
    return any(bytes(view[i:i + _SEARCH_STEP + overlap]).find(needle) >= 0
               for i in range(0, len(view), _SEARCH_STEP))


def _blank_text(arr: pa.Array) -> pa.Array:
    """Missing cells and the words that mean blank; only cells short enough to be such a word are looked up."""
    blank = pc.is_null(arr).to_numpy(zero_copy_only=False).copy()
    short = np.flatnonzero(pc.binary_length(arr).fill_null(_BLANK_BYTES + 1).to_numpy() <= _BLANK_BYTES)
    if len(short):
        blank[short] |= pc.is_in(arr.take(pa.array(short)), _BLANK_SET).fill_null(True).to_numpy(zero_copy_only=False)
    return pa.array(blank)
