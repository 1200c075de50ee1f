"""Reads: ITA summaries, indicators, questions and groups (the ITA and compare pages)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from analytics.store.connection import StoreBase
from analytics.store.reads.actions import ActionReads


class ItaReads(StoreBase):
    def ita_summary(self, org_code: str, fiscal_year: int) -> dict[str, Any] | None:
        found = self.df("SELECT org_code, fiscal_year, overall, rank_ministry, ministry_size, rank_group, "
                        "group_size FROM ita_summaries WHERE replaced_by IS NULL AND org_code = ? "
                        "AND fiscal_year = ?", [org_code, fiscal_year])
        return found.iloc[0].to_dict() if len(found) else None

    def ita_history(self, org_code: str) -> pd.DataFrame:
        return self.df("SELECT fiscal_year, overall, rank_ministry, ministry_size, rank_group, group_size "
                       "FROM ita_summaries WHERE replaced_by IS NULL AND org_code = ? ORDER BY fiscal_year",
                       [org_code])

    def ita_indicators(self, org_code: str, fiscal_year: int) -> pd.DataFrame:
        """Indicator scores as published, or the mean of their questions where none was published."""
        return self.df("""
            WITH q AS (
                SELECT indicator_no, min(tool) AS tool, avg(score) AS score FROM ita_questions
                WHERE replaced_by IS NULL AND org_code = $org AND fiscal_year = $year GROUP BY indicator_no),
            i AS (
                SELECT indicator_no, tool, score FROM ita_indicators
                WHERE replaced_by IS NULL AND org_code = $org AND fiscal_year = $year)
            SELECT coalesce(i.indicator_no, q.indicator_no) AS indicator_no, coalesce(i.tool, q.tool) AS tool,
                   coalesce(i.score, q.score) AS score, i.score IS NULL AS derived
            FROM i FULL OUTER JOIN q ON i.indicator_no = q.indicator_no
            ORDER BY indicator_no""", {"org": org_code, "year": fiscal_year})

    def ita_questions(self, org_code: str, fiscal_year: int) -> pd.DataFrame:
        return self.df("SELECT indicator_no, tool, question_code, question_text, score, recommendation, "
                       "analysis_label FROM ita_questions WHERE replaced_by IS NULL AND org_code = ? "
                       "AND fiscal_year = ? ORDER BY seq", [org_code, fiscal_year])

    def ita_group(self, fiscal_year: int, ministry: str | None = None,
                  org_group: str | None = None) -> pd.DataFrame:
        """Overall ITA of every org of a ministry (or group) for a year, best first."""
        return self.df("""
            SELECT s.org_code, o.abbr_th, o.name_th, o.name_en, s.overall, s.rank_ministry, s.ministry_size,
                   s.rank_group, s.group_size
            FROM ita_summaries s JOIN orgs o ON o.org_code = s.org_code AND o.replaced_by IS NULL
            WHERE s.replaced_by IS NULL AND s.fiscal_year = $year
              AND (CAST($ministry AS VARCHAR) IS NULL OR o.ministry = $ministry)
              AND (CAST($grp AS VARCHAR) IS NULL OR o.org_group = $grp)
            ORDER BY s.overall DESC, s.org_code""",
                       {"year": fiscal_year, "ministry": ministry, "grp": org_group})

    def ita_indicator_grid(self, fiscal_year: int, org_codes: Sequence[str]) -> pd.DataFrame:
        """Indicator scores of several orgs as ita_indicators gives them: published, else their questions' mean."""
        return self.df("""
            WITH q AS (
                SELECT org_code, indicator_no, avg(score) AS score FROM ita_questions
                WHERE replaced_by IS NULL AND fiscal_year = $year AND org_code = ANY(CAST($orgs AS VARCHAR[]))
                GROUP BY org_code, indicator_no),
            i AS (
                SELECT org_code, indicator_no, score FROM ita_indicators
                WHERE replaced_by IS NULL AND fiscal_year = $year AND org_code = ANY(CAST($orgs AS VARCHAR[])))
            SELECT coalesce(i.org_code, q.org_code) AS org_code, coalesce(i.indicator_no, q.indicator_no) AS indicator_no,
                   coalesce(i.score, q.score) AS score, i.score IS NULL AS derived
            FROM i FULL OUTER JOIN q ON i.org_code = q.org_code AND i.indicator_no = q.indicator_no
            ORDER BY org_code, indicator_no""", {"year": fiscal_year, "orgs": list(org_codes)})

    def ita_measures(self, org_code: str, fiscal_years: Sequence[int]) -> pd.DataFrame:
        """ITA improvement measures (actions with source 'ita', ref = indicator number) of some plan years."""
        return self.df(f"SELECT {ActionReads._ACTION_COLUMNS}, {self.dialect.try_int('ref')} AS indicator_no "
                       "FROM actions "
                       "WHERE replaced_by IS NULL AND org_code = ? AND source = 'ita' "
                       "AND fiscal_year = ANY(CAST(? AS INTEGER[])) ORDER BY indicator_no, fiscal_year, seq",
                       [org_code, list(fiscal_years)])

    def ita_movement(self, fiscal_year: int, org_codes: Sequence[str]) -> pd.DataFrame:
        """Each org's overall ITA in a year and the year before (NULL where it has none)."""
        return self.df("""
            SELECT u.org_code, cur.overall, prev.overall AS prev_overall, cur.overall - prev.overall AS delta
            FROM (SELECT unnest(CAST($orgs AS VARCHAR[])) AS org_code) u
            LEFT JOIN ita_summaries cur ON cur.replaced_by IS NULL AND cur.org_code = u.org_code
                 AND cur.fiscal_year = $year
            LEFT JOIN ita_summaries prev ON prev.replaced_by IS NULL AND prev.org_code = u.org_code
                 AND prev.fiscal_year = $year - 1
            ORDER BY u.org_code""", {"year": fiscal_year, "orgs": list(org_codes)})
