"""The ITA summary's checks: ranks within their group sizes, one row per organisation and year."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.importing.checks.base import Checker, duplicate_keys
from analytics.importing.problems import show_value


def check_summary(ch: Checker, out: pd.DataFrame) -> dict[str, pd.DataFrame]:
    for c in ("rank_ministry", "ministry_size", "rank_group", "group_size"):
        if c not in out.columns:
            out[c] = np.nan
    for rank, size in (("rank_ministry", "ministry_size"), ("rank_group", "group_size")):
        over = out[rank].notna() & out[size].notna() & (out[rank] > out[size])
        for idx in np.flatnonzero(over.to_numpy()):
            ch.add("summary_rank", int(idx), rank, out[rank].iloc[idx], rank=show_value(out[rank].iloc[idx]),
                   size=show_value(out[size].iloc[idx]))
    duplicate_keys(ch, out, ["org_code", "fiscal_year"], "duplicate_key", "org_code",
                lambda r: f"{r['org_code']} {int(r['fiscal_year'])}")
    cols = ["org_code", "fiscal_year", "overall", "rank_ministry", "ministry_size", "rank_group", "group_size"]
    return {"ita_summaries": out[cols].copy()}

