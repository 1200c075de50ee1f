"""Settings kept in the database, changed by administrators (audited)."""

from __future__ import annotations

import json
from typing import Any

from analytics import auth
from analytics.auth import User
from analytics.store.audit import AuditStore


class SettingsStore(AuditStore):
    # Times are the app's clock (auth.now(), local time), never the database server's.
    _UPSERT = ("INSERT INTO settings VALUES (?, ?, ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")

    def setting(self, key: str) -> Any:
        found = self.scalar("SELECT value FROM settings WHERE key = ?", [key])
        return json.loads(found) if found is not None else None

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction() as cur:
            cur.execute(self._UPSERT, [key, json.dumps(value), auth.now()])

    def change_setting(self, user: User, key: str, value: Any) -> None:
        """An administrator's change of a setting, audited with the old and the new value."""
        self.require(user, "settings", (), "setting_change", key)
        with self.transaction() as cur:
            old = cur.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
            cur.execute(self._UPSERT, [key, json.dumps(value), auth.now()])
            self._append_audit(cur, user.email, "setting_change", key,
                               {"old": json.loads(old[0]) if old else None, "new": value})
