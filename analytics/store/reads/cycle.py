"""Reads: the evaluation cycle's steps."""

from __future__ import annotations

import pandas as pd

from analytics.store.connection import StoreBase


class CycleReads(StoreBase):
    def cycle_steps(self, org_code: str, fiscal_year: int) -> pd.DataFrame:
        """Every pass of every step (pass_no 1 unless a step was sent back and done again), with its outcome."""
        return self.df("SELECT step_no, coalesce(pass_no, 1) AS pass_no, step_name, standard_days, started, "
                       "finished, outcome FROM cycle_steps WHERE replaced_by IS NULL AND org_code = ? "
                       "AND fiscal_year = ? ORDER BY step_no, pass_no",
                       [org_code, fiscal_year])
