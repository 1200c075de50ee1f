"""The checks of each kind, after the column checks every kind shares (columns.py).

CHECKS[kind](checker, frame, store) checks the converted frame and returns the frames to store, by table
(and "_preview" for a preview frame that is not stored).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from analytics.importing.checks.actions import check_actions
from analytics.importing.checks.base import Checker
from analytics.importing.checks.cycle import check_cycle
from analytics.importing.checks.ita import check_ita
from analytics.importing.checks.kpi import check_kpi, scheme_configs
from analytics.importing.checks.orgs import check_orgs
from analytics.importing.checks.summary import check_summary

if TYPE_CHECKING:
    from analytics.store import Store

KindCheck = Callable[[Checker, pd.DataFrame, "Store | None"], dict[str, pd.DataFrame]]

CHECKS: dict[str, KindCheck] = {
    "orgs": lambda ch, out, store: check_orgs(ch, out),
    "kpi": lambda ch, out, store: check_kpi(ch, out, scheme_configs(store)),
    "ita": lambda ch, out, store: check_ita(ch, out),
    "ita_summary": lambda ch, out, store: check_summary(ch, out),
    "actions": lambda ch, out, store: check_actions(ch, out),
    "cycle": lambda ch, out, store: check_cycle(ch, out),
}

__all__ = ["CHECKS", "Checker", "KindCheck", "scheme_configs"]
