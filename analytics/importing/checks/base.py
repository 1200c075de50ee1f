"""What every check shares: the Checker that collects problems with their places, duplicate keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from analytics.importing.cells import blank_cells
from analytics.importing.problems import Problem, problem, show_value
from analytics.importing.sheets import CutSheet
from analytics.importing.specs import SPECS

MAX_LISTED = 1_000  # problems listed per sheet; more are counted (Checker.unlisted)


class Checker:
    """Converts a sheet's columns and collects problems with their places."""

    def __init__(self, sheet: CutSheet, kind: str):
        self.sheet = sheet
        self.kind = kind
        self.specs = {c.name: c for c in SPECS[kind]}
        self.problems: list[Problem] = list(sheet.problems)
        self.bad_rows = np.zeros(len(sheet.frame), dtype=bool)
        # Blank cells of the frame being checked, by column; kept in step as the frame changes.
        self.blank = sheet.blank.copy() if sheet.blank is not None else pd.DataFrame(index=sheet.frame.index)
        # Cells that already failed a check, as rows in the file by column: later checks skip them.
        self.bad_cells: dict[str, list[np.ndarray]] = {}
        self.position = {canon: sheet.headers.index(h) for canon, h in sheet.header_of.items() if h in sheet.headers}
        # Problems past MAX_LISTED are counted, not kept: a file at the limits with every cell wrong
        # would otherwise hold millions of them (memory is bounded, and no person reads past the first).
        self.unlisted = 0
        # Rows whose group key was blank and continued the group above (None: no row did).
        self.continued: np.ndarray | None = None

    def fail_cell(self, row: int, column: str) -> None:
        """A cell (row as numbered in the file) that failed before the checks ran: its row raises nothing more."""
        self.bad_cells.setdefault(column, []).append(np.array([row]))
        self.bad_rows[np.asarray(self.sheet.row_no) == row] = True

    def failed(self, *columns: str) -> np.ndarray:
        """Rows (of the frame being checked) where any of these columns holds a cell that failed a check."""
        rows = [r for c in columns for r in self.bad_cells.get(c, [])]
        if not rows:
            return np.zeros(len(self.sheet.row_no), dtype=bool)
        return np.isin(self.sheet.row_no, np.concatenate(rows))

    def listed(self) -> list[Problem]:
        """The problems to show: those kept, and a last one saying how many more were found."""
        if not self.unlisted:
            return list(self.problems)
        return [*self.problems, problem("error", "more_problems", sheet=self.sheet.name, count=f"{self.unlisted:,}",
                                        shown=f"{len(self.problems):,}")]

    def blank_of(self, frame: pd.DataFrame, name: str) -> pd.Series:
        """The blank cells of one column of the frame being checked, computed once per column."""
        if name not in self.blank.columns or len(self.blank) != len(frame):
            return blank_cells(frame[name])
        return self.blank[name]

    def set_blank(self, name: str, blank: pd.Series | bool) -> None:
        """Record a column's blank cells after the column changed."""
        if isinstance(blank, bool) or len(blank) == len(self.blank):
            self.blank[name] = blank
        else:  # out of step: blank_of computes it when asked
            self.blank = self.blank.drop(columns=name, errors="ignore")

    def column_label(self, name: str) -> str:
        return self.sheet.header_of.get(name, name)

    def add(self, code: str, idx: int | None, column: str | None, value: Any = None,
            severity: str = "error", **params: Any) -> None:
        row = int(self.sheet.row_no[idx]) if idx is not None else None
        if idx is not None and severity == "error":
            self.bad_rows[idx] = True
            if column and row is not None:
                self.bad_cells.setdefault(column, []).append(np.array([row]))
        if len(self.problems) >= MAX_LISTED:
            self.unlisted += 1
            return
        self.problems.append(problem(severity, code, sheet=self.sheet.name, row=row,
                                     column=self.column_label(column) if column else None,
                                     value=None if value is None else show_value(value),
                                     position=self.position.get(column) if column else None, **params))

    def add_mask(self, code: str, mask: pd.Series | np.ndarray, column: str, values: pd.Series | None = None,
                 severity: str = "error", **params: Any) -> None:
        found = np.flatnonzero(np.asarray(mask))
        room = max(0, MAX_LISTED - len(self.problems))
        for idx in found[:room]:
            self.add(code, int(idx), column, None if values is None else values.iloc[idx], severity, **params)
        rest = found[room:]
        if len(rest):  # counted and marked as failed all at once, not listed
            self.unlisted += len(rest)
            if severity == "error":
                self.bad_rows[rest] = True
                self.bad_cells.setdefault(column, []).append(np.asarray(self.sheet.row_no)[rest])



def duplicate_keys(ch: Checker, out: pd.DataFrame, keys: list[str], code: str, column: str,
                show: Callable[[pd.Series], str]) -> None:
    valid = out[keys].notna().all(axis=1)
    sub = out[valid]
    dup = sub.duplicated(keys, keep="first")
    if not dup.any():
        return
    firsts = sub[~dup].reset_index().set_index(keys)["index"]
    for idx in sub.index[dup]:
        key = tuple(out.loc[idx, keys])
        first = firsts.loc[key if len(keys) > 1 else key[0]]
        ch.add(code, int(idx), column, show(out.loc[idx]), first_row=int(ch.sheet.row_no[int(first)]))

