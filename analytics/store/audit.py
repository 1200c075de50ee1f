"""The audit trail: append-only events, their reads, and the permission check that records refusals."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analytics import auth
from analytics.auth import User
from analytics.errors import (
    PermissionDenied,
)
from analytics.i18n import t
from analytics.store.connection import Cursor
from analytics.store.migrations import SchemaStore
from analytics.store.schema import _V3_DUCKDB

# Keys an audit detail may never carry: the trail records what happened, never a credential.
_SECRET_KEYS = ("password", "secret", "hash", "token", "cookie")


def _audit_detail(detail: dict[str, Any] | None) -> str | None:
    if not detail:
        return None
    bad = [k for k in detail if any(word in k.lower() for word in _SECRET_KEYS) and k != "sha256"]
    if bad:
        raise ValueError(f"an audit detail may not carry {', '.join(bad)}")
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)


# -- the hash chain ----------------------------------------------------------------------------------
GENESIS = "0" * 64
AUDIT_COLUMNS = ("id", "at", "actor", "action", "object", "detail", "batch_id", "seq", "hash")
def _canonical(value: Any) -> Any:
    """A value as the hash sees it: timestamps to the microsecond, numbers as integers, text as is."""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    return str(value)


def event_hash(previous: str, seq: int, event_id: int, at: Any, actor: Any, action: Any, obj: Any, detail: Any,
               batch_id: Any) -> str:
    """SHA-256 over the previous event's hash and this event's place and content."""
    payload = json.dumps([_canonical(v) for v in (seq, event_id, at, actor, action, obj, detail, batch_id)],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{previous}\n{payload}".encode()).hexdigest()


@dataclass(frozen=True)
class ChainCheck:
    """What `audit --verify` and the audit page report: intact, or the first event that is not.

    problem: None (intact), "changed", "removed", "reordered" or "table" (the table itself was
    altered so that events cannot be read as written).
    """

    events: int
    head: str
    problem: str | None = None
    event_id: int | None = None  # the first event changed or out of place; the one after a removal
    after_id: int | None = None  # for a removal: the last intact event before it
    position: int | None = None  # the place in the chain (1 = first event) where it goes wrong
    columns: tuple[str, ...] = ()  # for "table": the columns missing
    recorded: int = 0  # how many events the chain's head says were written

    @property
    def intact(self) -> bool:
        return self.problem is None

    def message(self, lang: str = "en") -> str:
        """What it found, for a person: intact, or the first event changed, removed or reordered."""
        if self.problem is None:
            return t("sec.chain.intact", lang, n=f"{self.events:,}", head=self.head[:16]) if self.events \
                else t("sec.chain.empty", lang)
        if self.problem == "table":
            return t("sec.chain.table", lang, columns=", ".join(self.columns), id=self.event_id or 1)
        if self.problem == "removed":
            if self.event_id is None:
                return t("sec.chain.removed_last", lang, after=self.after_id or "-", n=f"{self.events:,}",
                         expected=f"{self.recorded:,}")
            if self.after_id is None:
                return t("sec.chain.removed_first", lang, id=self.event_id)
            return t("sec.chain.removed", lang, pos=self.position, after=self.after_id, id=self.event_id)
        return t(f"sec.chain.{self.problem}", lang, id=self.event_id, pos=self.position)


class AuditStore(SchemaStore):
    # Append-only: the only write is _append_audit (triggers in the schema refuse UPDATE and DELETE),
    # and each event is chained to the one before it (verify_audit finds any change made otherwise).
    _AUDIT_INSERT = ('INSERT INTO audit_log (id, "at", actor, action, object, detail, batch_id, seq, hash) '
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")

    @classmethod
    def _append_audit(cls, cur: Cursor, actor: str, action: str, obj: str | None = None,
                      detail: dict[str, Any] | None = None, batch_id: int | None = None,
                      at: dt.datetime | None = None) -> None:
        """Append one event inside the caller's transaction, chained to the newest one.

        The UPDATE of the chain's head comes first: on PostgreSQL it holds the head's row lock until
        the transaction ends, so concurrent appends queue up in order; DuckDB serialises writers.
        """
        head = cur.execute("UPDATE audit_chain SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash").fetchone()
        if head is None:
            raise RuntimeError("the audit chain's head row is missing")
        seq, previous = int(head[0]), str(head[1])
        found = cur.execute("SELECT nextval('audit_ids')").fetchone()
        event_id = int(found[0]) if found else 0
        when = at or auth.now()
        text = _audit_detail(detail)
        digest = event_hash(previous, seq, event_id, when, actor, action, obj, text, batch_id)
        cur.execute(cls._AUDIT_INSERT, [event_id, when, actor, action, obj, text, batch_id, seq, digest])
        cur.execute("UPDATE audit_chain SET hash = ? WHERE id = 1", [digest])

    def _chain_existing_events(self, cur: Cursor) -> None:
        """Migration step: hash the events written before the chain existed, in id order, and start the head."""
        rows = cur.execute('SELECT id, "at", actor, action, object, detail, batch_id FROM audit_log '
                           "ORDER BY id").fetchall()
        previous, chained = GENESIS, []
        for seq, (event_id, at, actor, action, obj, detail, batch_id) in enumerate(rows, start=1):
            previous = event_hash(previous, seq, event_id, at, actor, action, obj, detail, batch_id)
            chained.append((event_id, seq, previous))
        if chained:
            # The append-only triggers refuse this one UPDATE too: step past them inside this
            # transaction (DuckDB: drop and create again; PostgreSQL: disable and enable).
            if self.engine == "postgresql":
                cur.execute("ALTER TABLE audit_log DISABLE TRIGGER USER")
            else:
                for name in ("audit_log_no_update", "audit_log_no_delete"):
                    cur.execute(f"DROP TRIGGER {name} ON audit_log")
            cur.put_keys("audit_fill", pd.DataFrame(chained, columns=["id", "seq", "hash"]), like="audit_log")
            cur.execute("UPDATE audit_log SET seq = audit_fill.seq, hash = audit_fill.hash FROM audit_fill "
                        "WHERE audit_log.id = audit_fill.id")
            cur.drop_keys("audit_fill")
            if self.engine == "postgresql":
                cur.execute("ALTER TABLE audit_log ENABLE TRIGGER USER")
            else:
                cur.execute(_V3_DUCKDB)
        cur.execute("INSERT INTO audit_chain VALUES (1, ?, ?)", [len(chained), previous])

    def verify_audit(self) -> ChainCheck:
        """Walk the chain from the first event: the first event changed, removed or out of order, if any.

        Reads only what any SQL leaves behind (the rows and the head), so it finds an UPDATE with the
        triggers dropped as well as ALTER TABLE ... USING, DROP COLUMN or CREATE OR REPLACE TABLE.
        """
        columns = {r[0] for r in self.rows("SELECT column_name FROM information_schema.columns "
                                           "WHERE table_name = 'audit_log' AND table_schema = current_schema()")}
        missing = tuple(c for c in AUDIT_COLUMNS if c not in columns)
        head_row = self.rows("SELECT seq, hash FROM audit_chain WHERE id = 1") if self._has_table("audit_chain") else []
        if missing:
            first = self.rows("SELECT min(id) FROM audit_log") if "id" in columns else []
            return ChainCheck(0, "", "table", first[0][0] if first else None, None, 1, missing)
        rows = self.rows('SELECT id, "at", actor, action, object, detail, batch_id, seq, hash FROM audit_log '
                         "ORDER BY id")
        places = {r[7] for r in rows if r[7] is not None}
        previous, previous_id, expected = GENESIS, None, 1
        for event_id, at, actor, action, obj, detail, batch_id, seq, digest in rows:
            if seq is None or digest is None:
                return ChainCheck(len(rows), previous, "changed", event_id, previous_id, expected)
            if seq != expected:
                kind = "reordered" if seq < expected or expected in places else "removed"
                return ChainCheck(len(rows), previous, kind, event_id, previous_id, expected)
            if event_hash(previous, seq, event_id, at, actor, action, obj, detail, batch_id) != digest:
                return ChainCheck(len(rows), previous, "changed", event_id, previous_id, expected)
            previous, previous_id, expected = digest, event_id, expected + 1
        if not head_row:
            return ChainCheck(len(rows), previous, "table", None, previous_id, expected, ("audit_chain",))
        head_seq, head_hash = int(head_row[0][0]), str(head_row[0][1])
        if head_seq > expected - 1:
            return ChainCheck(len(rows), previous, "removed", None, previous_id, expected, recorded=head_seq)
        if head_seq < expected - 1 or head_hash != previous:
            return ChainCheck(len(rows), previous, "changed", previous_id, None, expected - 1)
        return ChainCheck(len(rows), previous)

    def _has_table(self, name: str) -> bool:
        return name in {r[0] for r in self.rows(self.dialect.tables_sql())}

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
