"""Schema version and migrations, applied on opening."""

from __future__ import annotations

from typing import Any

from analytics.store.connection import StoreBase, quote_ident
from analytics.store.schema import MIGRATIONS, SCHEMA_VERSION


class SchemaStore(StoreBase):
    def schema_version(self) -> int:
        with self.cursor() as cur:
            has_meta = cur.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'").fetchone()
            if not has_meta or not has_meta[0]:
                return 0
            found = cur.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            return int(found[0]) if found else 0

    def migrate(self, target: int = SCHEMA_VERSION) -> None:
        current = self.schema_version()
        for version, ddl in MIGRATIONS:
            if current < version <= target:
                with self.transaction() as cur:
                    cur.execute(ddl)
                    cur.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)])

    def is_empty(self) -> bool:
        return not self.scalar("SELECT count(*) FROM batches")

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every table's content, sorted: what tests compare before and after a failure."""
        tables = [r[0] for r in self.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1")]
        out = {}
        for t in tables:
            out[t] = sorted(self.rows(f"SELECT * FROM {quote_ident(t)}"), key=repr)
        return out
