"""The evaluation cycle's checks: step numbers and days in range, finished after started, one row per step."""

from __future__ import annotations

import pandas as pd

from analytics.importing.cells import is_missing
from analytics.importing.checks.base import Checker, duplicate_keys


def check_cycle(ch: Checker, out: pd.DataFrame) -> dict[str, pd.DataFrame]:
    for c in ("step_name", "started", "finished"):
        if c not in out.columns:
            out[c] = None
    # Step numbers (1-99) and days (0-365) are held to their ranges with every column (columns.INT_RANGES).
    for idx in range(len(out)):
        s, f = out["started"].iloc[idx], out["finished"].iloc[idx]
        if not is_missing(s) and not is_missing(f) and f < s:
            ch.add("finished_before_started", idx, "finished", f)
    duplicate_keys(ch, out, ["org_code", "fiscal_year", "step_no"], "duplicate_key", "step_no",
                lambda r: f"{r['org_code']} {int(r['fiscal_year'])} step {int(r['step_no'])}")
    frame = out[["org_code", "fiscal_year", "step_no", "step_name", "standard_days", "started", "finished"]].copy()
    for c in ("started", "finished"):
        frame[c] = pd.to_datetime(frame[c]).dt.date
    return {"cycle_steps": frame}

