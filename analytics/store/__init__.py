"""The store: the only package that speaks SQL, split by area.

- `connection`: opening the database (a DuckDB file or a PostgreSQL URL), cursors, transactions.
- `dialect`: what differs between DuckDB and PostgreSQL, in one place.
- `schema` and `migrations`: the versioned schema and how a database is brought up to date.
- `audit`, `settings`, `accounts`: the audit trail, settings and accounts.
- `batches`: imports as batches, undo, replace and action-plan edits; `originals`: the imported files
  kept in the database (PostgreSQL), where every replica reads them.
- `holidays`: an administrator's changes to the government's days off.
- `reads/<area>`: the read queries of each page area (orgs, kpi, ita, actions, cycle), and `version`,
  the data version the app's caches are keyed by.
"""

from __future__ import annotations

from pathlib import Path

from analytics.store.batches import Batch, BatchStore, ImportPlan, plan_orgs
from analytics.store.connection import DEFAULT_DB, default_db_path, is_url, mask_url, quote_ident
from analytics.store.holidays import HolidayStore
from analytics.store.reads.actions import ActionReads
from analytics.store.reads.cycle import CycleReads
from analytics.store.reads.ita import ItaReads
from analytics.store.reads.kpi import KpiReads
from analytics.store.reads.overview import OverviewReads
from analytics.store.reads.sources import SourceReads
from analytics.store.reads.version import VersionReads

__all__ = ["DEFAULT_DB", "Batch", "ImportPlan", "Store", "default_db_path", "is_url", "mask_url", "plan_orgs",
           "quote_ident"]


class Store(BatchStore, HolidayStore, KpiReads, ItaReads, ActionReads, CycleReads, VersionReads, SourceReads,
            OverviewReads):
    """A Pramern database, migrated to the current schema on opening."""

    def __init__(self, path: str | Path | None = None, migrate: bool = True):
        super().__init__(path)
        if migrate:
            try:
                self.migrate()
            except BaseException:
                self.close()
                raise
        else:
            self._refuse_newer(self.schema_version())
