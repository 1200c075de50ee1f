"""Originals of imported files kept in the database (PostgreSQL), where every replica reads them.

On PostgreSQL the original is written by the import's own transaction (BatchStore.apply_imports), so
it is there exactly when its batches are: a refused, failed or killed import leaves none. On DuckDB
the originals are files beside the database (analytics/importing/originals.py) and these methods
find nothing.
"""

from __future__ import annotations

import datetime as dt

from analytics.store.connection import Cursor, StoreBase


class OriginalStore(StoreBase):
    @property
    def originals_in_database(self) -> bool:
        return self.dialect.originals_in_database

    @staticmethod
    def _keep_original(cur: Cursor, stored_file: str, sha256: str, data: bytes) -> None:
        """Inside a write: keep data as stored_file (named by its SHA-256, so one copy serves every batch of it)."""
        cur.execute("INSERT INTO originals (stored_file, sha256, size, content, kept_at) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (stored_file) DO NOTHING",
                    [stored_file, sha256, len(data), data, dt.datetime.now().replace(microsecond=0)])

    def keep_original_now(self, stored_file: str, sha256: str, data: bytes) -> None:
        """Keep an original at once, in a transaction of its own (for batches already committed)."""
        with self.transaction() as cur:
            self._keep_original(cur, stored_file, sha256, data)

    def original_in_database(self, stored_file: str) -> bytes | None:
        """The kept original's bytes, or None when the database holds none of that name."""
        if not self.originals_in_database:
            return None
        found = self.rows("SELECT content FROM originals WHERE stored_file = ?", [stored_file])
        return bytes(found[0][0]) if found else None

    def has_original_in_database(self, stored_file: str) -> bool:
        if not self.originals_in_database:
            return False
        return bool(self.scalar("SELECT count(*) FROM originals WHERE stored_file = ?", [stored_file]))
