"""What a reader gives: the file's sheets as rows of cells, its hidden sheets and formulas without values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

HEAD_ROWS = 12  # the rows a sheet's header is looked for in (ten), and a little more


@dataclass
class RawSheet:
    """A sheet as read: rows of cells (CSV, or the first HEAD_ROWS rows of a columnar read), or columns.

    A columnar read (.xlsx through Arrow) also gives each column as an object array over all rows
    (None for an empty cell) and its blank cells, so no row is ever built as a Python list.
    """

    name: str
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    columns: list[np.ndarray] | None = None
    blanks: list[np.ndarray] | None = None
    height: int = 0  # rows of a columnar read, header rows included
    texts: list[bool] | None = None  # columns whose cells are all normalised text or None (cells.as_text's output)
    col_offset: int = 0  # columns of the file left of the read's first column (a columnar read starts at a value)


@dataclass
class RawFile:
    sheets: list[RawSheet]
    hidden: list[str] = field(default_factory=list)
    formula_cells: list[tuple[str, str]] = field(default_factory=list)  # (sheet, A1 ref) without cached value
    error_cells: list[tuple[str, str, str]] = field(default_factory=list)  # (sheet, A1 ref, "#DIV/0!") cached errors
