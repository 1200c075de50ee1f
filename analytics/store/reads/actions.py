"""Reads: action plans, their counts and breakdowns (the action-plan page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from analytics.store.connection import StoreBase


class ActionReads(StoreBase):
    _ACTION_COLUMNS = ("action_id, org_code, fiscal_year, source, ref, level, assessor_result, assessor_reason, "
                       "action_no, action, owner_main, owner_support, start_date, due_date, quarters, status, "
                       "progress, note")

    def actions(self, org_code: str, fiscal_year: int | None = None) -> pd.DataFrame:
        return self.df(f"SELECT {self._ACTION_COLUMNS} FROM actions WHERE replaced_by IS NULL AND org_code = ? "
                       "AND (CAST(? AS INTEGER) IS NULL OR fiscal_year = ?) ORDER BY fiscal_year, seq",
                       [org_code, fiscal_year, fiscal_year])

    def overdue_actions(self, org_code: str, fiscal_year: int | None, today: dt.date,
                        limit: int = 200) -> pd.DataFrame:
        """Actions past their due date and neither done nor cancelled, oldest first."""
        return self.df(f"SELECT {self._ACTION_COLUMNS} FROM actions WHERE replaced_by IS NULL AND org_code = $org "
                       "AND (CAST($year AS INTEGER) IS NULL OR fiscal_year = $year) AND due_date < $today "
                       "AND status NOT IN ('done', 'cancelled') ORDER BY due_date, seq LIMIT $limit",
                       {"org": org_code, "year": fiscal_year, "today": today, "limit": limit})

    # owner_main can name several main units ("กจ., กค., กพร.", "กพร. และทุกหน่วยงาน"); the owner filter
    # and the per-unit counts treat each of them as an owner. A space before และ keeps unit names such
    # as "กองยุทธศาสตร์และแผนงาน" whole.
    _OWNER_UNITS = r"regexp_split_to_array(trim(coalesce(owner_main, '')), '\s*,\s*|\s+และ\s*')"

    _SHOWN_ACTIONS = f"""
        WITH shown AS (
            SELECT *,
                   CASE WHEN source = 'pmqa' THEN split_part(ref, '.', 1) ELSE ref END AS category,
                   coalesce(level, '') AS level_key,
                   coalesce(due_date < $today AND status NOT IN ('done', 'cancelled'), false) AS overdue,
                   {_OWNER_UNITS} AS owner_units
            FROM actions
            WHERE replaced_by IS NULL AND org_code = $org
              AND (CAST($year AS INTEGER) IS NULL OR fiscal_year = $year)
              AND (CAST($source AS VARCHAR) IS NULL OR source = $source)
              AND (CAST($owner AS VARCHAR) IS NULL OR $owner = ANY({_OWNER_UNITS})))"""

    _ACTION_COUNTS = """
        count(*) AS total,
        count(*) FILTER (WHERE status = 'not_started') AS not_started,
        count(*) FILTER (WHERE status = 'in_progress') AS in_progress,
        count(*) FILTER (WHERE status = 'done') AS done,
        count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
        count(*) FILTER (WHERE overdue) AS overdue,
        count(*) FILTER (WHERE status = 'not_started' AND NOT overdue) AS not_started_on_time,
        count(*) FILTER (WHERE status = 'in_progress' AND NOT overdue) AS in_progress_on_time"""

    # Grouping -> (select list, GROUP BY, FROM, ORDER BY); callers pick a key, never a fragment.
    # {number} in ORDER BY is the dialect's "category as a number, else NULL".
    _ACTION_GROUPINGS: dict[str, tuple[str, str, str, str]] = {
        "source": ("source", "source", "shown", "source"),
        "category": ("source, category", "source, category", "shown",
                     "source, {number} NULLS LAST, category"),
        "level": ("level_key AS level", "level_key", "shown",
                  "CASE level_key WHEN 'basic' THEN 1 WHEN 'advance' THEN 2 WHEN 'significance' THEN 3 "
                  "WHEN '' THEN 4 END NULLS LAST, level_key"),
        "unit": ("unit", "unit", "(SELECT *, unnest(owner_units) AS unit FROM shown) AS by_unit", "total DESC, unit"),
        "fiscal_year": ("fiscal_year", "fiscal_year", "shown", "fiscal_year"),
    }

    @staticmethod
    def _shown_params(org_code: str, fiscal_year: int | None, today: dt.date, source: str | None,
                      owner: str | None) -> dict[str, Any]:
        return {"org": org_code, "year": fiscal_year, "today": today, "source": source or None,
                "owner": owner or None}

    def action_tally(self, org_code: str, fiscal_year: int | None, today: dt.date,
                     source: str | None = None, owner: str | None = None) -> list[tuple[str, bool, int]]:
        """(status, overdue, count) groups of the shown actions; analytics.actions.count_actions adds them up."""
        return [(str(status), bool(overdue), int(n)) for status, overdue, n in self.rows(
            self._SHOWN_ACTIONS + " SELECT status, overdue, count(*) AS n FROM shown GROUP BY status, overdue "
            "ORDER BY status, overdue", self._shown_params(org_code, fiscal_year, today, source, owner))]

    def action_breakdown(self, org_code: str, fiscal_year: int | None, today: dt.date, by: str,
                         source: str | None = None, owner: str | None = None) -> pd.DataFrame:
        """Counts by status (and overdue) per source, category, level, owner unit or fiscal year.

        The category of a PMQA item is its หมวด (the first number of ref), of anything else its ref.
        """
        if by not in self._ACTION_GROUPINGS:
            raise ValueError(f"by must be one of {', '.join(self._ACTION_GROUPINGS)}, not {by!r}")
        select, group, relation, order = self._ACTION_GROUPINGS[by]
        return self.df(self._SHOWN_ACTIONS + f" SELECT {select}, {self._ACTION_COUNTS} FROM {relation} "
                       f"GROUP BY {group} ORDER BY {order.format(number=self.dialect.try_number('category'))}",
                       self._shown_params(org_code, fiscal_year, today, source, owner))

    def action_rows(self, org_code: str, fiscal_year: int | None, today: dt.date,
                    source: str | None = None, owner: str | None = None) -> pd.DataFrame:
        """The shown actions with their category and whether each is overdue, in plan order."""
        return self.df(self._SHOWN_ACTIONS + f" SELECT {self._ACTION_COLUMNS}, category, overdue FROM shown "
                       "ORDER BY fiscal_year, seq",
                       self._shown_params(org_code, fiscal_year, today, source, owner))

    def action_units(self, org_code: str, fiscal_year: int | None = None) -> list[str]:
        """The main owner units named in an org's actions, the busiest first."""
        found = self.rows(f"""
            SELECT unit FROM (SELECT unnest({self._OWNER_UNITS}) AS unit FROM actions
                              WHERE replaced_by IS NULL AND org_code = $org
                                AND (CAST($year AS INTEGER) IS NULL OR fiscal_year = $year)) AS u
            WHERE unit <> '' GROUP BY unit ORDER BY count(*) DESC, unit""",
                          {"org": org_code, "year": fiscal_year})
        return [r[0] for r in found]

    def action_sources(self, org_code: str, fiscal_year: int | None = None) -> list[str]:
        return [r[0] for r in self.rows(
            "SELECT DISTINCT source FROM actions WHERE replaced_by IS NULL AND org_code = $org "
            "AND (CAST($year AS INTEGER) IS NULL OR fiscal_year = $year) ORDER BY source", {"org": org_code, "year": fiscal_year})]

    def assessed_levels(self, org_code: str, fiscal_year: int | None, today: dt.date,
                        source: str | None = None, owner: str | None = None) -> pd.DataFrame:
        """Each assessed item and level with the assessor's verdict and reason, and how its actions stand."""
        return self.df(self._SHOWN_ACTIONS + """
            SELECT fiscal_year, ref, level_key AS level, assessor_result, min(assessor_reason) AS assessor_reason,
                   count(*) AS actions, count(*) FILTER (WHERE status = 'done') AS done,
                   count(*) FILTER (WHERE overdue) AS overdue
            FROM shown WHERE assessor_result IS NOT NULL
            GROUP BY fiscal_year, ref, level_key, assessor_result ORDER BY fiscal_year, min(seq)""",
                       self._shown_params(org_code, fiscal_year, today, source, owner))
