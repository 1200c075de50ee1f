"""The plan the store applies: what a file would import (Parsed), and the ImportPlan built from checked frames."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analytics.importing.problems import Problem
from analytics.store import ImportPlan
from analytics.store.schema import KIND_SCOPE

# Columns stored as whole numbers (nullable).
INT_COLUMNS = ("fiscal_year", "indicator_no", "rank_ministry", "ministry_size", "rank_group", "group_size",
               "step_no", "standard_days")


@dataclass
class Parsed:
    """What a file would import, or why it cannot."""

    kind: str | None
    sheet: str | None
    file_name: str
    sha256: str
    problems: list[Problem] = field(default_factory=list)
    plan: ImportPlan | None = None
    preview: dict[str, pd.DataFrame] = field(default_factory=dict)
    scopes: list[tuple[Any, ...]] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.plan is not None and not self.errors



def build_plan(parsed: Parsed, kind: str, frames: dict[str, pd.DataFrame]) -> ImportPlan:
    """The rows to store, typed as the tables want them, and the scopes (organisation, year ...) they replace."""
    for name, f in frames.items():
        for c in INT_COLUMNS:
            if c in f.columns:
                f[c] = f[c].astype("Int64")
        frames[name] = f.reset_index(drop=True)
    scope_cols = list(KIND_SCOPE[kind])
    first = frames[next(iter(frames))]
    scopes = sorted({tuple(r) for r in first[scope_cols].itertuples(index=False)}, key=repr)
    scopes = [tuple(int(v) if isinstance(v, (np.integer,)) else v for v in s) for s in scopes]
    return ImportPlan(kind=kind, file_name=parsed.file_name, sha256=parsed.sha256, frames=frames, scopes=scopes)
