"""The action plan's checks: quarters, due dates after start dates."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analytics import actions as act
from analytics.calendar import THAI_DIGITS
from analytics.importing.cells import is_missing, map_obj
from analytics.importing.checks.base import Checker

_QUARTER = re.compile(r"^(\d{4})(Q[1-4]|PRE)$")


def check_actions(ch: Checker, out: pd.DataFrame) -> dict[str, pd.DataFrame]:
    for c in ("level", "assessor_result", "assessor_reason", "action_no", "owner_main", "owner_support",
              "start_date", "due_date", "quarters", "status", "progress", "note"):
        if c not in out.columns:
            out[c] = None
    out["status"] = out["status"].fillna(act.NOT_STARTED)
    quarters = map_obj(out["quarters"],
        lambda q: None if is_missing(q) else ";".join(p.strip().upper() for p in re.split(r"[;,\s]+", str(q).translate(THAI_DIGITS)) if p.strip()))
    bad_q = map_obj(quarters, lambda q: q is not None and not all(_QUARTER.match(p) for p in q.split(";")))
    ch.add_mask("bad_quarters", bad_q, "quarters", out["quarters"])
    out["quarters"] = quarters
    early = out["start_date"].notna() & out["due_date"].notna() & ~ch.bad_rows
    for idx in np.flatnonzero(early.to_numpy()):
        if out["due_date"].iloc[idx] < out["start_date"].iloc[idx]:
            ch.add("due_before_start", int(idx), "due_date", out["due_date"].iloc[idx])
    out["seq"] = np.arange(len(out))
    cols = ["org_code", "fiscal_year", "source", "ref", "level", "assessor_result", "assessor_reason", "action_no",
            "action", "owner_main", "owner_support", "start_date", "due_date", "quarters", "status", "progress",
            "note", "seq"]
    frame = out[cols].copy()
    for c in ("start_date", "due_date"):
        frame[c] = pd.to_datetime(frame[c]).dt.date
    return {"actions": frame}

