"""Reads: organisations, units and the years they have data for."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analytics.store.connection import StoreBase


class OrgReads(StoreBase):
    def orgs(self) -> pd.DataFrame:
        return self.df("SELECT org_code, abbr_th, name_th, name_en, ministry, org_group FROM orgs "
                       "WHERE replaced_by IS NULL ORDER BY org_code")

    def org(self, org_code: str) -> dict[str, Any] | None:
        found = self.df("SELECT org_code, abbr_th, name_th, name_en, ministry, org_group FROM orgs "
                        "WHERE replaced_by IS NULL AND org_code = ?", [org_code])
        return found.iloc[0].to_dict() if len(found) else None

    def org_lookup(self) -> dict[str, str]:
        """Code, Thai abbreviation (with and without dots) and names -> org code."""
        out: dict[str, str] = {}
        for code, abbr, name_th, name_en in self.rows(
                "SELECT org_code, abbr_th, name_th, name_en FROM orgs WHERE replaced_by IS NULL"):
            for key in (code, abbr, name_th, name_en):
                if key:
                    out[str(key).strip().lower()] = code
                    out[str(key).replace(".", "").strip().lower()] = code
        return out

    def years(self, org_code: str | None = None) -> list[int]:
        """Fiscal years with any data, newest first (for one org when given)."""
        parts = []
        params: list[Any] = []
        for table in ("kpis", "ita_summaries", "ita_indicators", "actions", "cycle_steps"):
            clause = "WHERE replaced_by IS NULL" + (" AND org_code = ?" if org_code else "")
            parts.append(f"SELECT DISTINCT fiscal_year FROM {table} {clause}")
            if org_code:
                params.append(org_code)
        return [r[0] for r in self.rows(" UNION ".join(parts) + " ORDER BY 1 DESC", params)]

    def default_year(self, org_code: str) -> int | None:
        """The newest year whose evaluation is complete for an org (a KPI agreement and an ITA result), else
        the newest with either: a year whose agreement is in but whose ITA is not yet published (FY2569 in
        the demo) is not the first thing an executive should see."""
        found = self.scalar("""
            WITH y AS (
                SELECT fiscal_year, 1 AS kpi, 0 AS ita FROM kpis WHERE replaced_by IS NULL AND org_code = $org
                UNION ALL SELECT fiscal_year, 0, 1 FROM ita_summaries WHERE replaced_by IS NULL AND org_code = $org),
            per AS (SELECT fiscal_year, max(kpi) AS kpi, max(ita) AS ita FROM y GROUP BY fiscal_year)
            SELECT coalesce(max(fiscal_year) FILTER (WHERE kpi = 1 AND ita = 1), max(fiscal_year)) FROM per""",
                            {"org": org_code})
        return int(found) if found is not None else None

    def units(self, ministry: str | None = None, org_group: str | None = None) -> pd.DataFrame:
        """The organisations of a ministry (or group), for side-by-side comparison."""
        return self.df("SELECT org_code, abbr_th, name_th, name_en, ministry, org_group FROM orgs "
                       "WHERE replaced_by IS NULL AND (CAST($ministry AS VARCHAR) IS NULL OR ministry = $ministry) "
                       "AND (CAST($grp AS VARCHAR) IS NULL OR org_group = $grp) ORDER BY org_code",
                       {"ministry": ministry, "grp": org_group})
