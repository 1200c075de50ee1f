"""Finding the kind of each sheet and cutting a sheet to its header row and data rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from analytics.importing.cells import blank_cells
from analytics.importing.guard import col_letters
from analytics.importing.problems import Problem, problem
from analytics.importing.reading.raw import RawFile, RawSheet
from analytics.importing.specs import KINDS, SHEET_NAMES, SPECS, header_map, norm_header, norm_token

if TYPE_CHECKING:
    from analytics.importing.plan import Parsed


@dataclass
class CutSheet:
    """A sheet cut to its header and data, with each row's number in the file."""

    name: str
    headers: list[str]
    frame: pd.DataFrame  # canonical columns only, object dtype
    header_of: dict[str, str]  # canonical -> header as written
    row_no: np.ndarray
    problems: list[Problem]
    blank: pd.DataFrame | None = None  # the frame's blank cells, by column (blank_cells, computed once)
    text: frozenset[str] = frozenset()  # columns read as normalised text already (as_text would change nothing)


def find_header(rows: list[list[Any]], kind: str) -> tuple[int, int]:
    """The row (0-based) among the first ten that names most columns of a kind, and that count."""
    names = header_map(kind)
    best, best_hits = -1, 0
    for i, row in enumerate(rows[:10]):
        hits = len({names[norm_header(c)] for c in row if c not in (None, "") and norm_header(c) in names})
        if hits > best_hits:
            best, best_hits = i, hits
    return best, best_hits


def detect_kind(sheet: RawSheet) -> str | None:
    """The kind a sheet holds, from its name or else from its headers."""
    name = norm_token(sheet.name)
    for kind, names in SHEET_NAMES.items():
        if name in {norm_token(n) for n in names}:
            return kind
    scored = []
    for kind in KINDS:
        _, hits = find_header(sheet.rows, kind)
        if required_present(sheet, kind):
            required = [c for c in SPECS[kind] if c.required and c.name not in ("org_code", "fiscal_year")]
            scored.append((hits, len(required), kind))
    if not scored:
        return None
    scored.sort(reverse=True)
    return scored[0][2]


def required_present(sheet: RawSheet, kind: str) -> bool:
    """Whether a sheet's header row names every required column of a kind (org and year may come from outside)."""
    required = [c.name for c in SPECS[kind] if c.required and c.name not in ("org_code", "fiscal_year")]
    row, _ = find_header(sheet.rows, kind)
    present = set()
    if row >= 0:
        hm = header_map(kind)
        present = {hm[norm_header(c)] for c in sheet.rows[row] if c not in (None, "") and norm_header(c) in hm}
    return all(r in present for r in required)


def cut_sheet(raw: RawSheet, kind: str) -> CutSheet | None:
    header_row, hits = find_header(raw.rows, kind)
    if header_row < 0 or hits < 2:
        return None
    names = header_map(kind)
    headers = ["" if c is None else str(c).strip() for c in raw.rows[header_row]]
    problems: list[Problem] = []
    header_of: dict[str, str] = {}
    positions: dict[str, int] = {}
    for j, h in enumerate(headers):
        if not h:
            continue
        canon = names.get(norm_header(h))
        if canon is None:
            problems.append(problem("warning", "ignored_column", sheet=raw.name, row=header_row + 1, value=h))
        elif canon not in positions:
            positions[canon] = j
            header_of[canon] = h
        else:
            # Two columns for one field: which one is meant cannot be guessed, so neither is taken silently.
            first = positions[canon]
            problems.append(problem("error", "duplicate_column", sheet=raw.name, row=header_row + 1, column=h,
                                    first=headers[first], first_ref=f"{col_letters(first + 1)}{header_row + 1}",
                                    second=h, second_ref=f"{col_letters(j + 1)}{header_row + 1}", field=canon))
    blank: pd.DataFrame | None = None
    if raw.columns is not None and raw.blanks is not None:
        # A columnar read: the columns asked for, cut below the header; their blank cells are known.
        n = max(raw.height - header_row - 1, 0)
        none = np.full(n, None, dtype=object)
        frame = pd.DataFrame({c: (raw.columns[j][header_row + 1:] if j < len(raw.columns) else none)
                              for c, j in positions.items()}, dtype=object)
        blank = pd.DataFrame({c: (raw.blanks[j][header_row + 1:] if j < len(raw.blanks) else np.ones(n, bool))
                              for c, j in positions.items()}, columns=list(positions))
    else:
        body = raw.rows[header_row + 1:]
        width = max((len(r) for r in body), default=0)
        # Calamine gives rows of one width: pad only when they are not.
        body_padded = (body if all(len(r) == width for r in body) else
                       [list(r) + [None] * (width - len(r)) for r in body]) if body else []
        full = pd.DataFrame(body_padded, dtype=object) if body_padded else pd.DataFrame()
        frame = pd.DataFrame({c: (full[j] if j in full.columns else pd.Series([None] * len(full), dtype=object))
                              for c, j in positions.items()}, dtype=object)
    # Cells of a merged range hold their value in the top-left cell only: spread it down.
    for (r0, c0), (r1, c1) in raw.merged:
        for canon, j in positions.items():
            if c0 <= j <= c1 and r0 > header_row and r1 > r0:
                top = r0 - header_row - 1
                at = frame.columns.get_loc(canon)
                frame.iloc[top + 1:r1 - header_row, at] = frame.iat[top, at]
                if blank is not None:
                    blank.iloc[top + 1:r1 - header_row, at] = blank.iat[top, at]
    row_no = np.arange(header_row + 2, header_row + 2 + len(frame))
    if len(frame) == 0:
        blank = pd.DataFrame(False, index=frame.index, columns=frame.columns)
    else:
        if blank is None:
            blank = frame.apply(blank_cells)
        empty = blank.all(axis=1).to_numpy()
        frame = frame[~empty].reset_index(drop=True)
        blank = blank[~empty].reset_index(drop=True)
        row_no = row_no[~empty]
    text = frozenset(c for c, j in positions.items() if raw.texts is not None and (j >= len(raw.texts) or raw.texts[j]))
    return CutSheet(raw.name, headers, frame, header_of, row_no, problems, blank, text)


def pick_sheets(parsed: Parsed, raw: RawFile, kind: str | None) -> list[tuple[RawSheet, str]]:
    """Every sheet of a known kind (of the chosen kind, when one is chosen), in the order the store needs them.

    Sheets of no known kind (notes, instructions) are named in one informational line.
    """
    for name in raw.hidden:
        parsed.problems.append(problem("warning", "hidden_sheet", sheet=name))
    if not raw.sheets:
        parsed.problems.append(problem("error", "no_sheets"))
        return []
    found = [(s, detect_kind(s)) for s in raw.sheets]
    candidates = [(s, k) for s, k in found if k is not None and (kind is None or k == kind)]
    if kind is not None and not candidates:
        # The chosen kind wins when its headers are there, even if another kind matched better; but a sheet
        # with every column of another kind and not all of the chosen one's is that other kind (wrong_kind).
        for s, k in found:
            if (k is None or required_present(s, kind)) and cut_sheet(s, kind) is not None:
                candidates = [(s, kind)]
                break
    if not candidates:
        other = next((k for _, k in found if k is not None), None)
        if kind is not None and other is not None:
            parsed.problems.append(problem("error", "wrong_kind", sheet=found[0][0].name, found=other, asked=kind))
        elif kind is not None:
            example = ", ".join(c.th or c.name for c in SPECS[kind] if c.required)
            parsed.problems.append(problem("error", "no_header", sheet=raw.sheets[0].name, example=example))
        else:
            parsed.problems.append(problem("error", "unknown_kind", sheet=raw.sheets[0].name))
        return []
    chosen = {id(s) for s, _ in candidates}
    if kind is not None:
        others = [s.name for s, k in found if id(s) not in chosen and k is not None]
        if others:
            parsed.problems.append(problem("warning", "ignored_sheets", sheet=candidates[0][0].name,
                                           others=", ".join(others)))
    unknown = [s.name for s, k in found if id(s) not in chosen and k is None]
    if unknown:
        parsed.problems.append(problem("info", "unknown_sheets", sheets=", ".join(unknown)))
    # Organisations first: the other kinds refer to them.
    return sorted(candidates, key=lambda c: KINDS.index(c[1]))
