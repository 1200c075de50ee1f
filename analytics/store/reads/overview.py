"""Reads: what the overview needs beyond the other areas (how fresh each kind of data is)."""

from __future__ import annotations

import datetime as dt

from analytics.store.connection import StoreBase

# Kind of data shown on the overview -> the tables its current rows live in.
_FRESHNESS_TABLES: dict[str, tuple[str, ...]] = {
    "kpi": ("kpis", "kpi_results"),
    "ita_summary": ("ita_summaries",),
    "ita": ("ita_indicators", "ita_questions"),
    "actions": ("actions",),
    "cycle": ("cycle_steps",),
}


class OverviewReads(StoreBase):
    def last_imports(self, org_code: str, fiscal_year: int) -> dict[str, dt.datetime | None]:
        """Per kind, when the newest batch behind the org's current rows for the year landed (None: no data).

        An action-plan edit is a batch too, so the actions' date moves when someone updates a status.
        """
        parts = []
        for kind, tables in _FRESHNESS_TABLES.items():
            ids = " UNION ".join(f"SELECT batch_id FROM {table} WHERE replaced_by IS NULL AND org_code = $org "
                                 f"AND fiscal_year = $year" for table in tables)
            parts.append(f"SELECT '{kind}' AS kind, max(created_at) AS at FROM batches WHERE batch_id IN ({ids})")
        found = dict(self.rows(" UNION ALL ".join(parts), {"org": org_code, "year": fiscal_year}))
        return {kind: found.get(kind) for kind in _FRESHNESS_TABLES}
