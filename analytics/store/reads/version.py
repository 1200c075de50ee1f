"""Reads: the data version, which every cached read of the app is keyed by."""

from __future__ import annotations

import hashlib

from analytics.store.connection import StoreBase


class VersionReads(StoreBase):
    def data_version(self) -> int:
        """A number that changes whenever anything the pages show changes in the database: an import, a
        replace, an undo or an action-plan edit (each a batch: the newest id and how many are no longer
        active) or an administrator's change to the days off (how many, the first and last change).

        The app reads it on every rerun and keys its caches by it, so a change made by another replica,
        the command line or another machine shows on the next rerun, never a stale cached page.
        """
        row = self.rows(
            "SELECT (SELECT coalesce(max(batch_id), 0) FROM batches), "
            "(SELECT count(*) FROM batches WHERE status <> 'active'), "
            "(SELECT count(*) FROM days_off_changes), (SELECT min(changed_at) FROM days_off_changes), "
            "(SELECT max(changed_at) FROM days_off_changes)")[0]
        return int.from_bytes(hashlib.blake2b(repr(tuple(row)).encode(), digest_size=7).digest(), "big")
