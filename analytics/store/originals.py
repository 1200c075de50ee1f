"""Originals of imported files kept in the database (PostgreSQL), where every replica reads them.

On PostgreSQL the original is written by the import's own transaction (BatchStore.apply_imports), so
it is there exactly when its batches are: a refused, failed or killed import leaves none. On DuckDB
the originals are files beside the database (analytics/importing/originals.py) and these methods
find nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys

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

    def _originals_from_files(self, cur: Cursor) -> None:
        """Migration 7 (PostgreSQL): the originals an earlier Pramern kept as files (under PRAMERN_FILES_DIR,
        <dbname>_files/) move into the table, so every replica serves them. A file that is missing, not
        readable by the migrating account or not what its name's SHA-256 says stays where it is; the
        replicas of that machine still serve it from there (importing.originals.read_original)."""
        if not self.originals_in_database:
            return
        folder = self.path.parent / f"{self.path.stem}_files"
        if not folder.is_dir():
            return
        names = [r[0] for r in cur.execute("SELECT DISTINCT stored_file FROM batches "
                                           "WHERE stored_file IS NOT NULL ORDER BY 1").fetchall()]
        left: list[str] = []
        for name in names:
            path = folder / name
            sha256 = name.split(".", 1)[0]
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                continue
            except OSError:
                left.append(name)
                continue
            if hashlib.sha256(data).hexdigest() != sha256:
                left.append(name)
                continue
            self._keep_original(cur, name, sha256, data)
        if left:
            print(f"{len(left)} original file(s) in {folder} were left where they are (not readable by this "
                  "account, or changed): the app still serves them from there on this machine.", file=sys.stderr)
