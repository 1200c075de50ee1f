"""What a reader gives: the file's sheets as rows of cells, its hidden sheets and formulas without values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RawSheet:
    name: str
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


@dataclass
class RawFile:
    sheets: list[RawSheet]
    hidden: list[str] = field(default_factory=list)
    formula_cells: list[tuple[str, str]] = field(default_factory=list)  # (sheet, A1 ref) without cached value
    error_cells: list[tuple[str, str, str]] = field(default_factory=list)  # (sheet, A1 ref, "#DIV/0!") cached errors
