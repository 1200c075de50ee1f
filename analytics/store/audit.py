"""The audit trail: append-only events, their reads, and the permission check that records refusals."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import pandas as pd

from analytics import auth
from analytics.auth import User
from analytics.errors import (
    PermissionDenied,
)
from analytics.store.connection import Cursor
from analytics.store.migrations import SchemaStore

# Keys an audit detail may never carry: the trail records what happened, never a credential.
_SECRET_KEYS = ("password", "secret", "hash", "token", "cookie")


def _audit_detail(detail: dict[str, Any] | None) -> str | None:
    if not detail:
        return None
    bad = [k for k in detail if any(word in k.lower() for word in _SECRET_KEYS) and k != "sha256"]
    if bad:
        raise ValueError(f"an audit detail may not carry {', '.join(bad)}")
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)


class AuditStore(SchemaStore):
    # Append-only: the only write is _append_audit (triggers in the schema refuse UPDATE and DELETE).
    _AUDIT_INSERT = ('INSERT INTO audit_log (id, "at", actor, action, object, detail, batch_id) '
                     "VALUES (nextval('audit_ids'), ?, ?, ?, ?, ?, ?)")

    @classmethod
    def _append_audit(cls, cur: Cursor, actor: str, action: str, obj: str | None = None,
                      detail: dict[str, Any] | None = None, batch_id: int | None = None,
                      at: dt.datetime | None = None) -> None:
        cur.execute(cls._AUDIT_INSERT, [at or auth.now(), actor, action, obj, _audit_detail(detail), batch_id])

    def append_audit(self, actor: str, action: str, obj: str | None = None, detail: dict[str, Any] | None = None,
                     batch_id: int | None = None, at: dt.datetime | None = None) -> None:
        """Add one event to the audit trail (sign-outs, exports, refusals): who, when, what, on what."""
        with self.transaction() as cur:
            self._append_audit(cur, actor, action, obj, detail, batch_id, at)

    _AUDIT_FILTER = """
        FROM audit_log
        WHERE (CAST($actor AS VARCHAR) IS NULL OR actor = $actor)
          AND (CAST($actions AS VARCHAR[]) IS NULL OR action = ANY($actions))
          AND (CAST($since AS TIMESTAMP) IS NULL OR "at" >= $since)
          AND (CAST($until AS TIMESTAMP) IS NULL OR "at" < $until)
          AND (CAST($object AS VARCHAR) IS NULL OR strpos(lower(coalesce(object, '')), lower($object)) > 0)
          AND (CAST($batch AS INTEGER) IS NULL OR batch_id = $batch)"""

    def audit_events(self, actor: str | None = None, actions: Sequence[str] | None = None,
                     since: dt.datetime | None = None, until: dt.datetime | None = None,
                     object_contains: str | None = None, batch_id: int | None = None,
                     limit: int = 10_000) -> pd.DataFrame:
        """Audit events, newest first, filtered by actor, actions, [since, until), object text and batch."""
        return self.df('SELECT id, "at", actor, action, object, detail, batch_id' + self._AUDIT_FILTER
                       + " ORDER BY id DESC LIMIT $limit",
                       {"actor": actor or None, "actions": list(actions) if actions else None, "since": since,
                        "until": until, "object": object_contains or None, "batch": batch_id, "limit": limit})

    def audit_count(self, actor: str | None = None, actions: Sequence[str] | None = None,
                    since: dt.datetime | None = None, until: dt.datetime | None = None,
                    object_contains: str | None = None, batch_id: int | None = None) -> int:
        return int(self.scalar("SELECT count(*)" + self._AUDIT_FILTER,
                               {"actor": actor or None, "actions": list(actions) if actions else None,
                                "since": since, "until": until, "object": object_contains or None,
                                "batch": batch_id}) or 0)

    def audit_vocabulary(self) -> tuple[list[str], list[str]]:
        """The actors and the actions the trail holds, for the audit page's filters."""
        actors = [r[0] for r in self.rows("SELECT DISTINCT actor FROM audit_log ORDER BY 1")]
        actions = [r[0] for r in self.rows("SELECT DISTINCT action FROM audit_log ORDER BY 1")]
        return actors, actions

    def audit_guarded(self) -> bool:
        """Whether the triggers that refuse changes to audit rows are in place."""
        return bool(self.scalar(self.dialect.audit_triggers_sql()))

    def require(self, user: User | None, permission: str, orgs: Sequence[str] = (), attempted: str = "",
                 obj: str | None = None) -> None:
        """auth.require, with a refusal written to the audit trail before it is raised."""
        try:
            auth.require(user, permission, orgs)
        except PermissionDenied:
            self.append_audit(user.email if user else "(nobody)", "denied", obj,
                              {"permission": permission, "attempted": attempted, "orgs": sorted(orgs),
                               "role": user.role if user else None})
            raise
