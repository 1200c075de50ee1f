"""The organisations file's checks: one row per code."""

from __future__ import annotations

import pandas as pd

from analytics.importing.checks.base import Checker, duplicate_keys


def check_orgs(ch: Checker, out: pd.DataFrame) -> dict[str, pd.DataFrame]:
    for c in ("abbr_th", "name_en", "ministry", "org_group"):
        if c not in out.columns:
            out[c] = None
    duplicate_keys(ch, out, ["org_code"], "duplicate_key", "org_code", lambda r: str(r["org_code"]))
    return {"orgs": out[["org_code", "abbr_th", "name_th", "name_en", "ministry", "org_group"]].copy()}

