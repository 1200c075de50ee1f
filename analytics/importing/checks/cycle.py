"""The evaluation cycle's checks: step numbers and days in range, finished after started, one row per step
and pass; a step sent back (ไม่เห็นชอบ) or not needed (ถ้ามี) where seed 000's flow chart has none is warned about."""

from __future__ import annotations

import pandas as pd

from analytics import cycle as rules
from analytics.importing.cells import is_missing
from analytics.importing.checks.base import Checker, duplicate_keys


def check_cycle(ch: Checker, out: pd.DataFrame) -> dict[str, pd.DataFrame]:
    for c in ("step_name", "started", "finished", "outcome"):
        if c not in out.columns:
            out[c] = None
    # Step numbers (1-99) and days (0-365) are held to their ranges with every column (columns.INT_RANGES).
    if "pass_no" not in out.columns:
        out["pass_no"] = 1
    out["pass_no"] = out["pass_no"].fillna(1)
    out["outcome"] = out["outcome"].where(out["outcome"] != "done", None)
    for idx in range(len(out)):
        step, outcome = out["step_no"].iloc[idx], out["outcome"].iloc[idx]
        if is_missing(step) or is_missing(outcome):
            continue
        if outcome == rules.NOT_APPLICABLE and int(step) not in rules.OPTIONAL_STEPS:
            ch.add("cycle_not_optional", idx, "outcome", outcome, "warning", step=int(step),
                   optional=", ".join(str(n) for n in sorted(rules.OPTIONAL_STEPS)))
        if outcome == rules.SENT_BACK and int(step) not in rules.DECISION_STEPS:
            ch.add("cycle_not_a_decision", idx, "outcome", outcome, "warning", step=int(step),
                   decisions=", ".join(str(n) for n in sorted(rules.DECISION_STEPS)))
    for idx in range(len(out)):
        s, f = out["started"].iloc[idx], out["finished"].iloc[idx]
        if not is_missing(s) and not is_missing(f) and f < s:
            ch.add("finished_before_started", idx, "finished", f)
    duplicate_keys(ch, out, ["org_code", "fiscal_year", "step_no", "pass_no"], "duplicate_key", "step_no",
                lambda r: f"{r['org_code']} {int(r['fiscal_year'])} step {int(r['step_no'])} pass {int(r['pass_no'])}")
    frame = out[["org_code", "fiscal_year", "step_no", "pass_no", "step_name", "standard_days", "started", "finished",
                 "outcome"]].copy()
    for c in ("started", "finished"):
        frame[c] = pd.to_datetime(frame[c]).dt.date
    return {"cycle_steps": frame}

