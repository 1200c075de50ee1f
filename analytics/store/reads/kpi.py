"""Reads: KPI agreements, results and schemes (the KPI and compare pages)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analytics.store.connection import StoreBase


class KpiReads(StoreBase):
    _KPI_SELECT = """
        SELECT k.org_code, k.fiscal_year, k.dimension, k.dimension_name, k.dimension_weight, k.kpi_code,
               k.kpi_name, k.kpi_type, k.weight, k.unit, k.direction, k.scheme, k.c1, k.c2, k.c3, k.c4, k.c5,
               k.prev_result_1, k.prev_result_2, k.status, k.owner, k.seq,
               r6.result AS result_6m, r9.result AS result_9m, r12.result AS result_12m
        FROM kpis k
        LEFT JOIN kpi_results r6 ON r6.replaced_by IS NULL AND r6.org_code = k.org_code
             AND r6.fiscal_year = k.fiscal_year AND r6.kpi_code = k.kpi_code AND r6.round = 6
        LEFT JOIN kpi_results r9 ON r9.replaced_by IS NULL AND r9.org_code = k.org_code
             AND r9.fiscal_year = k.fiscal_year AND r9.kpi_code = k.kpi_code AND r9.round = 9
        LEFT JOIN kpi_results r12 ON r12.replaced_by IS NULL AND r12.org_code = k.org_code
             AND r12.fiscal_year = k.fiscal_year AND r12.kpi_code = k.kpi_code AND r12.round = 12
        WHERE k.replaced_by IS NULL"""

    def kpis(self, org_code: str, fiscal_year: int) -> pd.DataFrame:
        """One org's agreement for one year, with its results for every round."""
        return self.df(self._KPI_SELECT + " AND k.org_code = ? AND k.fiscal_year = ? ORDER BY k.seq",
                       [org_code, fiscal_year])

    def kpis_for_orgs(self, org_codes: Sequence[str], fiscal_years: Sequence[int]) -> pd.DataFrame:
        """The agreements of several orgs and years (comparison, trends)."""
        if not org_codes or not fiscal_years:
            return self.df(self._KPI_SELECT + " AND false")
        return self.df(self._KPI_SELECT + " AND k.org_code = ANY(CAST(? AS VARCHAR[])) "
                       "AND k.fiscal_year = ANY(CAST(? AS INTEGER[])) ORDER BY k.org_code, k.fiscal_year, k.seq",
                       [list(org_codes), list(fiscal_years)])

    def kpi_history(self, org_code: str, kpi_code: str) -> pd.DataFrame:
        """One KPI's results across rounds and years."""
        return self.df("""
            SELECT r.fiscal_year, r.round, r.result FROM kpi_results r
            WHERE r.replaced_by IS NULL AND r.org_code = ? AND r.kpi_code = ?
            ORDER BY r.fiscal_year, r.round""", [org_code, kpi_code])

    def kpi_agreements(self, org_code: str, kpi_code: str) -> pd.DataFrame:
        """One KPI's agreed scheme, direction and criteria in every year it was agreed (its targets over time)."""
        return self.df("""
            SELECT fiscal_year, scheme, direction, c1, c2, c3, c4, c5, unit, status FROM kpis
            WHERE replaced_by IS NULL AND org_code = ? AND kpi_code = ?
            ORDER BY fiscal_year""", [org_code, kpi_code])

    def kpi_type_counts(self, fiscal_year: int, org_codes: Sequence[str]) -> pd.DataFrame:
        """How many active KPIs each org agreed per type (strategic, monitor, joint ...) in a year."""
        return self.df("""
            SELECT org_code, coalesce(nullif(trim(kpi_type), ''), 'other') AS kpi_type, count(*) AS kpis
            FROM kpis WHERE replaced_by IS NULL AND status = 'active' AND fiscal_year = ?
              AND org_code = ANY(CAST(? AS VARCHAR[]))
            GROUP BY org_code, coalesce(nullif(trim(kpi_type), ''), 'other') ORDER BY org_code, kpi_type""", [fiscal_year, list(org_codes)])

    def kpi_schemes(self, fiscal_years: Sequence[int], org_codes: Sequence[str]) -> pd.DataFrame:
        """The scoring scheme of each org's agreement per year ('mixed' when one agreement uses several)."""
        return self.df("""
            SELECT org_code, fiscal_year, CASE WHEN count(DISTINCT scheme) = 1 THEN min(scheme)
                                               ELSE 'mixed' END AS scheme
            FROM kpis WHERE replaced_by IS NULL AND fiscal_year = ANY(CAST(? AS INTEGER[]))
              AND org_code = ANY(CAST(? AS VARCHAR[]))
            GROUP BY org_code, fiscal_year ORDER BY org_code, fiscal_year""", [list(fiscal_years), list(org_codes)])
