"""The one entry point: a file's path through the stages, and its import as one batch.

    guard (guard.py)           refuse what must not be read; say how to read the rest
    read (reading/)            the file's sheets as rows of cells
    sheets (sheets.py)         which sheet holds which kind; cut to header and rows (specs.py)
    columns (checks/columns)   every column to its type; organisation, year, groups, duplicate rows
    kind checks (checks/<kind>) the rules of each kind
    plan (plan.py)             the rows the store applies in one transaction (Store.apply_import)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analytics.errors import ImportRejected
from analytics.importing.checks import CHECKS, Checker
from analytics.importing.checks.columns import (
    apply_defaults,
    continue_groups,
    convert_columns,
    drop_duplicate_rows,
    resolve_orgs,
)
from analytics.importing.guard import Limits, ReadError, guard
from analytics.importing.originals import (
    commit_original,
    discard_original,
    sha256_of,
    stage_original,
    sweep_staged,
)
from analytics.importing.plan import Parsed, SheetPart, build_plan, merge_plans, unstorable
from analytics.importing.problems import Problem, problem, sort_problems
from analytics.importing.reading import RawFile, RawSheet, read
from analytics.importing.sheets import cut_sheet, pick_sheets
from analytics.importing.specs import SPECS
from analytics.store import plan_orgs
from analytics.store.connection import _fault_point

if TYPE_CHECKING:
    from analytics.auth import User
    from analytics.store import Store

# The rows of these kinds whose key cell is blank continue the group above (merged cells).
GROUP_KEY = {"kpi": "dimension", "ita": "indicator_no", "actions": "ref"}


def parse_file(data: bytes, file_name: str, store: Store | None = None, kind: str | None = None,
               org: str | None = None, year: int | None = None, limits: Limits = Limits()) -> Parsed:
    """Read and check a file; nothing is written. Every problem is reported at once."""
    parsed = Parsed(kind=kind, sheet=None, file_name=Path(file_name).name, sha256=sha256_of(data))
    try:
        raw = read(guard(data, file_name, limits), limits)
    except ReadError as exc:
        parsed.problems.append(problem("error", exc.code, **exc.params))
        return parsed
    return parse_raw(parsed, raw, store, kind, org, year)


def a1(cell: str) -> tuple[int, int]:
    """'C2' -> (2, 2): the row as numbered in the file and the 0-based column."""
    m = re.fullmatch(r"([A-Z]+)(\d+)", cell.upper())
    if not m:
        return 0, 0
    col = 0
    for ch in m[1]:
        col = col * 26 + ord(ch) - ord("A") + 1
    return int(m[2]), col - 1


def parse_raw(parsed: Parsed, raw: RawFile, store: Store | None, kind: str | None,
              org: str | None, year: int | None) -> Parsed:
    """Check every sheet of a known kind; the plans only when no sheet has an error."""
    lookup = store.org_lookup() if store is not None else {}
    for sheet, chosen in pick_sheets(parsed, raw, kind):
        part = parse_sheet(parsed, raw, sheet, chosen, store, lookup, org, year)
        parsed.parts.append(part)
        if parsed.kind is None or parsed.sheet is None:
            parsed.kind, parsed.sheet = chosen, sheet.name
        if chosen == "orgs" and part.preview is not None:
            # The other sheets of the workbook may name the organisations this sheet brings.
            for r in part.preview[["org_code", "abbr_th", "name_th", "name_en"]].itertuples(index=False):
                for key in r:
                    if isinstance(key, str) and key and isinstance(r[0], str):
                        lookup.setdefault(key.strip().lower(), r[0])
                        lookup.setdefault(key.replace(".", "").strip().lower(), r[0])
    parsed.problems = sort_problems(parsed.problems, [s.name for s in raw.sheets] + raw.hidden)
    if not parsed.errors:
        plans = merge_plans(parsed)
        if not parsed.errors:
            parsed.plans = plans
    return parsed


def parse_sheet(parsed: Parsed, raw: RawFile, sheet: RawSheet, chosen: str, store: Store | None,
                lookup: dict[str, str], org: str | None, year: int | None) -> SheetPart:
    """Check one sheet of a kind; its problems go to parsed, its plan (when it has no error) to the part."""
    part = SheetPart(chosen, sheet.name)
    cut = cut_sheet(sheet, chosen)
    for sheet_name, cell in raw.formula_cells:
        if sheet_name == sheet.name:
            row, col_no = a1(cell)
            col_no -= sheet.col_offset
            header = cut.headers[col_no] if cut is not None and 0 <= col_no < len(cut.headers) and cut.headers[col_no] else None
            parsed.problems.append(problem("error", "formula_no_value", sheet=sheet_name, row=row, column=header, cell=cell))
    for sheet_name, cell, error in raw.error_cells:
        # A cached error (#DIV/0!, #N/A ...) reads as a blank cell: it is an error, never a blank.
        if sheet_name == sheet.name:
            row, col_no = a1(cell)
            col_no -= sheet.col_offset
            header = cut.headers[col_no] if cut is not None and 0 <= col_no < len(cut.headers) and cut.headers[col_no] else None
            parsed.problems.append(problem("error", "error_cell", sheet=sheet_name, row=row, column=header, cell=cell,
                                           error=error))
    if cut is None:
        example = ", ".join(c.th or c.name for c in SPECS[chosen] if c.required)
        parsed.problems.append(problem("error", "no_header", sheet=sheet.name, example=example))
        return part
    ch = Checker(cut, chosen)
    # A formula without a value or an error cell has failed already: no check raises more about it.
    canonical = {h: c for c, h in cut.header_of.items()}
    for p in parsed.problems:
        if p.sheet == sheet.name and p.code in ("formula_no_value", "error_cell") and p.row and p.column in canonical:
            ch.fail_cell(p.row, canonical[p.column])
    frame = apply_defaults(ch, cut.frame.copy(), org, year)
    present = set(frame.columns)
    for col in SPECS[chosen]:
        if col.required and col.name not in present and not (chosen == "kpi" and col.name == "kpi_code"):
            ch.problems.append(problem("error", "missing_column", sheet=sheet.name, column=col.name, column_th=col.th))
    if any(p.code in ("missing_column", "missing_org_year") for p in ch.problems):
        parsed.problems.extend(ch.listed())
        return part
    if frame.empty:
        ch.problems.append(problem("error", "no_rows", sheet=sheet.name))
        parsed.problems.extend(ch.listed())
        return part
    group_key = GROUP_KEY.get(chosen)
    if group_key:
        frame = continue_groups(ch, frame, group_key)
    frame = drop_duplicate_rows(ch, frame)
    out = convert_columns(ch, frame)
    if chosen != "orgs":
        names = sorted(set(lookup.values()) | {k for k in lookup if not k.isascii()})
        resolve_orgs(ch, out, lookup, names)
        if org is not None:
            chosen_org = lookup.get(org.strip().lower(), org)
            conflict = out["org_code"].notna() & (out["org_code"] != chosen_org)
            ch.add_mask("org_conflict", conflict, "org_code", out["org_code"], chosen=chosen_org)
        if year is not None and "fiscal_year" in out.columns:
            conflict = out["fiscal_year"].notna() & (out["fiscal_year"] != year)
            ch.add_mask("year_conflict", conflict, "fiscal_year", out["fiscal_year"], chosen=year)
    if "fiscal_year" in out.columns:
        out["fiscal_year"] = out["fiscal_year"].astype("Int64")
    frames = CHECKS[chosen](ch, out, store)
    parsed.problems.extend(ch.listed())
    preview = frames.pop("_preview", None)
    shown = out if chosen == "kpi" else preview if preview is not None else next(iter(frames.values()))
    # The kpi and ita previews are frames of their own; the others are the stored frame itself.
    part.preview = shown if chosen == "kpi" or preview is not None else shown.copy()
    if len(part.preview) == len(ch.sheet.row_no):
        part.preview.insert(0, "_row", ch.sheet.row_no)
    if not any(p.severity == "error" for p in ch.problems):
        stuck = unstorable(frames)
        parsed.problems.extend(stuck)
        if not stuck:
            part.plan = build_plan(parsed, chosen, frames)
    return part


@dataclass
class ImportOutcome:
    """What an import stored: one batch per kind of the file, all written in one transaction."""

    batch_ids: list[int]
    kinds: list[str]
    rows: dict[str, int]  # by table
    warnings: list[Problem]
    replaced: list[tuple[Any, ...]]

    @property
    def batch_id(self) -> int:
        return self.batch_ids[0]

    @property
    def kind(self) -> str:
        return ", ".join(self.kinds)


def import_file(store: Store, data: bytes, file_name: str, user: User, kind: str | None = None,
                org: str | None = None, year: int | None = None, replace: bool = False,
                limits: Limits = Limits()) -> ImportOutcome:
    """Check a file and store every sheet of it, or raise with every problem of every sheet; all or nothing.

    Each kind becomes a batch of its own, all in one transaction (organisations first). The user needs
    the "import" permission (Store.apply_imports checks it for the file's orgs too).
    """
    store.require(user, "import", (), "import", Path(file_name).name)
    parsed = parse_file(data, file_name, store, kind, org, year, limits)
    if not parsed.ok:
        raise ImportRejected(parsed.errors or parsed.problems)
    orgs = sorted({o for plan in parsed.plans for o in plan_orgs(plan)})
    store.require(user, "import", orgs, "import", parsed.file_name)
    replaced = [s for plan in parsed.plans for s in store.existing_scopes(plan.kind, plan.scopes)]
    # The original is kept only if its batches commit: staged first, moved in after the commit.
    sweep_staged(store)
    staged = stage_original(store, data, file_name, parsed.sha256)
    try:
        batch_ids = store.apply_imports(parsed.plans, user, replace=replace,
                                        stored_file=staged.name if staged is not None else None,
                                        original=staged.data if staged is not None else None)
    except BaseException:
        discard_original(staged)
        raise
    _fault_point("import_after_commit")
    commit_original(staged)
    rows: dict[str, int] = {}
    for plan in parsed.plans:
        for table, frame in plan.frames.items():
            rows[table] = rows.get(table, 0) + len(frame)
    return ImportOutcome(batch_ids, parsed.kinds, rows, parsed.warnings, replaced)
