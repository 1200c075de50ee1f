"""The plan the store applies: what a file would import (Parsed), and the ImportPlan built from checked frames."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analytics.importing.problems import Problem, problem
from analytics.store import ImportPlan
from analytics.store.schema import KIND_SCOPE

# Columns stored as whole numbers (nullable).
INT_COLUMNS = ("fiscal_year", "indicator_no", "rank_ministry", "ministry_size", "rank_group", "group_size",
               "step_no", "standard_days", "pass_no")


@dataclass
class SheetPart:
    """One sheet of a file as checked: its kind, its rows with computed values (the preview), its plan."""

    kind: str
    sheet: str
    preview: pd.DataFrame | None = None
    plan: ImportPlan | None = None


@dataclass
class Parsed:
    """What a file would import (every sheet of a known kind), or why it cannot."""

    kind: str | None  # the first sheet's kind (orgs come first); all of them in kinds
    sheet: str | None
    file_name: str
    sha256: str
    problems: list[Problem] = field(default_factory=list)
    parts: list[SheetPart] = field(default_factory=list)
    plans: list[ImportPlan] = field(default_factory=list)  # one per kind, in the order the store applies them

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def notes(self) -> list[Problem]:
        """Information that needs no action (sheets of no known kind)."""
        return [p for p in self.problems if p.severity == "info"]

    @property
    def kinds(self) -> list[str]:
        return [p.kind for p in self.plans]

    @property
    def plan(self) -> ImportPlan | None:
        """The plan of a one-kind file (the first plan of a workbook of several kinds)."""
        return self.plans[0] if self.plans and not self.errors else None

    @property
    def scopes(self) -> list[tuple[Any, ...]]:
        return self.plan.scopes if self.plan is not None else []

    @property
    def ok(self) -> bool:
        return bool(self.plans) and not self.errors


def unstorable(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Values the tables cannot hold (a non-finite DOUBLE, a fraction or a number past 32 bits in an INTEGER).

    Every column's checks refuse such values with a located message first; this last look makes sure
    that nothing a check missed reaches the database as a failed INSERT after the preview said "ready".
    """
    found: list[Problem] = []
    for f in frames.values():
        for c in f.columns:
            col = f[c]
            if c in INT_COLUMNS:
                num = pd.to_numeric(col, errors="coerce").astype("float64")
                bad = num.notna() & ((num != num.round()) | (num.abs() > 2**31 - 1))
            elif col.dtype.kind == "f":
                bad = col.notna() & ~np.isfinite(col.to_numpy())
            else:
                continue
            found.extend(problem("error", "not_storable", column=c, value=v) for v in col[bad].head(5))
    return found


def build_plan(parsed: Parsed, kind: str, frames: dict[str, pd.DataFrame]) -> ImportPlan:
    """The rows to store, typed as the tables want them, and the scopes (organisation, year ...) they replace."""
    for name, f in frames.items():
        for c in INT_COLUMNS:
            if c in f.columns:
                f[c] = f[c].astype("Int64")
        frames[name] = f.reset_index(drop=True)
    scope_cols = list(KIND_SCOPE[kind])
    first = frames[next(iter(frames))]
    distinct = first[scope_cols].drop_duplicates()
    # Column by column to Python values (tolist), not cell by cell.
    scopes = sorted(set(zip(*(distinct[c].tolist() for c in scope_cols), strict=True)), key=repr)
    scopes = [tuple(int(v) if isinstance(v, (np.integer,)) else v for v in s) for s in scopes]
    return ImportPlan(kind=kind, file_name=parsed.file_name, sha256=parsed.sha256, frames=frames, scopes=scopes)


def merge_plans(parsed: Parsed) -> list[ImportPlan]:
    """One plan per kind, in the order of the sheets (organisations first).

    Sheets of one kind are stored together; two of them for the same scope (the same organisation and
    year twice) would replace each other, so that is an error on the later sheet.
    """
    by_kind: dict[str, list[SheetPart]] = {}
    for part in parsed.parts:
        if part.plan is not None:
            by_kind.setdefault(part.kind, []).append(part)
    plans: list[ImportPlan] = []
    for kind, parts in by_kind.items():
        if len(parts) == 1:
            plans.append(parts[0].plan)  # type: ignore[arg-type]
            continue
        seen: dict[tuple[Any, ...], str] = {}
        for part in parts:
            assert part.plan is not None
            for scope in part.plan.scopes:
                if scope in seen:
                    parsed.problems.append(problem("error", "sheet_scope_overlap", sheet=part.sheet,
                                                   scope="/".join(str(v) for v in scope), first_sheet=seen[scope]))
                else:
                    seen[scope] = part.sheet
        tables = list(parts[0].plan.frames)  # type: ignore[union-attr]
        frames = {t: pd.concat([p.plan.frames[t] for p in parts], ignore_index=True)  # type: ignore[union-attr]
                  for t in tables}
        plans.append(ImportPlan(kind=kind, file_name=parsed.file_name, sha256=parsed.sha256, frames=frames,
                                scopes=sorted(seen, key=repr)))
    return plans
