"""Batches: applying an import plan as one transaction, undo, replace, action-plan edits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analytics import auth
from analytics.auth import User
from analytics.errors import (
    BatchNotFoundError,
    DuplicateFileError,
    ReplaceRequiredError,
)
from analytics.store.accounts import AccountStore
from analytics.store.connection import Cursor, _fault_point, quote_ident
from analytics.store.originals import OriginalStore
from analytics.store.schema import DATA_TABLES, KIND_SCOPE, KIND_TABLES


@dataclass
class ImportPlan:
    """Rows ready to store, by table, with what they replace; built by the importers."""

    kind: str
    file_name: str
    sha256: str
    frames: dict[str, pd.DataFrame]
    scopes: list[tuple[Any, ...]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return int(sum(len(f) for f in self.frames.values()))


def plan_orgs(plan: ImportPlan) -> list[str]:
    """The organisations a plan's rows belong to."""
    found: set[str] = set()
    for frame in plan.frames.values():
        if "org_code" in frame.columns:
            found.update(str(v) for v in frame["org_code"].dropna().unique())
    return sorted(found)


# The columns an action-plan edit carries over unchanged from the row it replaces.
_ACTION_KEPT = ("action_id", "org_code", "fiscal_year", "source", "ref", "level", "assessor_result",
                "assessor_reason", "action_no", "action", "owner_main", "owner_support", "start_date", "due_date",
                "quarters", "seq")


def _ids_text(ids: Sequence[int], shown: int = 20) -> str:
    text = ", ".join(str(i) for i in ids[:shown])
    return text + (f" (+{len(ids) - shown})" if len(ids) > shown else "")


@dataclass(frozen=True)
class Batch:
    batch_id: int
    kind: str
    file_name: str
    sha256: str
    rows: int
    actor: str
    created_at: dt.datetime
    status: str
    scope: str | None
    stored_file: str | None


class BatchStore(AccountStore, OriginalStore):
    _BATCH_COLUMNS = "batch_id, kind, file_name, sha256, rows, actor, created_at, status, scope, stored_file"

    def batches(self, limit: int = 500) -> list[Batch]:
        found = self.rows(f"SELECT {self._BATCH_COLUMNS} FROM batches ORDER BY batch_id DESC LIMIT ?", [limit])
        return [Batch(*r) for r in found]

    def batch(self, batch_id: int) -> Batch:
        found = self.rows(f"SELECT {self._BATCH_COLUMNS} FROM batches WHERE batch_id = ?", [batch_id])
        if not found:
            raise BatchNotFoundError(f"No import batch has the id {batch_id}.",
                                     f"ไม่พบชุดการนำเข้าหมายเลข {batch_id}")
        return Batch(*found[0])

    def existing_scopes(self, kind: str, scopes: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """Which of these scopes already hold current data of this kind."""
        if not scopes:
            return []
        cols = KIND_SCOPE[kind]
        table = KIND_TABLES[kind][0]
        keys = pd.DataFrame(list(scopes), columns=list(cols))
        col_list = ", ".join(quote_ident(c) for c in cols)
        with self.transaction() as cur:
            cur.put_keys("scope_keys", keys, table)
            found = cur.execute(
                f"SELECT DISTINCT {col_list} FROM {quote_ident(table)} JOIN scope_keys USING ({col_list}) "
                f"WHERE replaced_by IS NULL ORDER BY {col_list}").fetchall()
            cur.drop_keys("scope_keys")
        return [tuple(r) for r in found]

    def batches_keeping(self, stored_file: str) -> int:
        """How many batches (active or undone) name this kept original file."""
        return int(self.scalar("SELECT count(*) FROM batches WHERE stored_file = ?", [stored_file]) or 0)

    def apply_import(self, plan: ImportPlan, user: User, replace: bool = False,
                     stored_file: str | None = None) -> int:
        """Store a validated plan as one batch; returns its id. All or nothing.

        The user needs "import" for every organisation the plan's rows belong to.
        """
        return self.apply_imports([plan], user, replace, stored_file)[0]

    def apply_imports(self, plans: Sequence[ImportPlan], user: User, replace: bool = False,
                      stored_file: str | None = None, original: bytes | None = None) -> list[int]:
        """Store several validated plans (the sheets of one workbook) as one batch each, in one transaction.

        Plans are applied in the order their data needs (organisations first, whatever order they come
        in); any refusal (permission, duplicate file, replace not asked for) stores none of them.
        original (the file's bytes, kept as stored_file) is written in the same transaction where the
        database keeps originals (PostgreSQL); elsewhere the caller keeps it as a file.
        """
        order = {kind: i for i, kind in enumerate(KIND_TABLES)}
        ordered = sorted(plans, key=lambda p: order.get(p.kind, len(order)))
        for plan in ordered:
            self.require(user, "import", plan_orgs(plan), "import", plan.file_name)
        ids: dict[int, int] = {}
        with self.transaction() as cur:
            # Writers of the same file or the same scopes take turns (PostgreSQL, across servers), so
            # the second sees the first's rows and is refused or replaces them, never mixes with them.
            cur.lock_keys([f"sha:{p.sha256}" for p in ordered]
                          + [f"scope:{p.kind}:" + "/".join(str(v) for v in s) for p in ordered for s in p.scopes])
            # First, so that every fault point of the plans below is after it: a kill anywhere leaves neither.
            if original is not None and stored_file is not None and self.originals_in_database and ordered:
                self._keep_original(cur, stored_file, ordered[0].sha256, original)
            for plan in ordered:
                ids[id(plan)] = self._apply_plan(cur, plan, user, replace, stored_file)
        return [ids[id(p)] for p in plans]

    def _apply_plan(self, cur: Cursor, plan: ImportPlan, user: User, replace: bool,
                    stored_file: str | None) -> int:
        dup = cur.execute("SELECT batch_id FROM batches WHERE sha256 = ? AND kind = ? AND status = 'active'",
                          [plan.sha256, plan.kind]).fetchone()
        if dup:
            raise DuplicateFileError(
                f"This file was already imported as batch {dup[0]} (same SHA-256); nothing was added.",
                f"ไฟล์นี้เคยนำเข้าแล้วในชุดที่ {dup[0]} (SHA-256 เดียวกัน) จึงไม่ได้เพิ่มข้อมูลซ้ำ")
        cols = KIND_SCOPE[plan.kind]
        col_list = ", ".join(quote_ident(c) for c in cols)
        keys = pd.DataFrame(list(plan.scopes), columns=list(cols))
        cur.put_keys("scope_keys", keys, KIND_TABLES[plan.kind][0])
        clashes = cur.execute(
            f"SELECT DISTINCT {col_list} FROM {quote_ident(KIND_TABLES[plan.kind][0])} "
            f"JOIN scope_keys USING ({col_list}) WHERE replaced_by IS NULL ORDER BY {col_list}").fetchall()
        if clashes and not replace:
            cur.drop_keys("scope_keys")
            shown = ", ".join("/".join(str(v) for v in c) for c in clashes[:10])
            raise ReplaceRequiredError(
                f"Data of kind {plan.kind} already exists for {shown}; import with replace to replace it.",
                f"มีข้อมูลประเภท {plan.kind} ของ {shown} อยู่แล้ว หากต้องการแทนที่ให้เลือกนำเข้าแบบแทนที่ (--replace)")
        batch_id = cur.execute("SELECT nextval('batch_ids')").fetchone()[0]  # type: ignore[index]
        scope_text = "; ".join("/".join(str(v) for v in s) for s in plan.scopes[:50])
        cur.execute(
            "INSERT INTO batches (batch_id, kind, file_name, sha256, rows, actor, created_at, status, scope, "
            "stored_file) VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)",
            [batch_id, plan.kind, plan.file_name, plan.sha256, plan.rows, user.email, auth.now(), scope_text,
             stored_file])
        _fault_point("import_after_batch_row")
        for table in KIND_TABLES[plan.kind]:
            cur.execute(f"UPDATE {quote_ident(table)} SET replaced_by = ? WHERE replaced_by IS NULL "
                        f"AND ({col_list}) IN (SELECT {col_list} FROM scope_keys)", [batch_id])
        cur.drop_keys("scope_keys")
        _fault_point("import_after_replace")
        for i, (table, frame) in enumerate(plan.frames.items()):
            self._insert_frame(cur, table, frame, batch_id)
            if i == 0:
                _fault_point("import_mid_rows")
        _fault_point("import_before_commit")
        self._append_audit(cur, user.email, "import", plan.file_name, {
            "kind": plan.kind, "rows": {t: len(f) for t, f in plan.frames.items()}, "sha256": plan.sha256,
            "scope": scope_text, "replaced": ["/".join(str(v) for v in c) for c in clashes[:50]]},
            batch_id=int(batch_id))
        return int(batch_id)

    @staticmethod
    def _insert_frame(cur: Cursor, table: str, frame: pd.DataFrame, batch_id: int) -> None:
        if frame.empty:
            return
        if table == "actions" and "action_id" not in frame.columns:
            frame = frame.assign(action_id=cur.nextvals("action_ids", len(frame)))
        cur.insert_frame(table, frame.assign(batch_id=batch_id))

    def undo(self, batch_id: int, user: User) -> Batch:
        """Remove a batch's rows and bring back what it replaced.

        Undoing one's own batch needs "undo_own", anyone else's "undo_any"; either for the batch's orgs.
        """
        batch = self.batch(batch_id)
        permission = "undo_own" if batch.actor == user.email else "undo_any"
        self.require(user, permission, self.batch_orgs(batch_id), "undo", f"batch {batch_id}")
        if batch.status != "active":
            raise BatchNotFoundError(f"Batch {batch_id} was already undone.",
                                     f"ชุดการนำเข้าที่ {batch_id} ถูกยกเลิกไปแล้ว")
        with self.transaction() as cur:
            for table in DATA_TABLES:
                cur.execute(f"DELETE FROM {quote_ident(table)} WHERE batch_id = ?", [batch_id])
                cur.execute(f"UPDATE {quote_ident(table)} SET replaced_by = NULL WHERE replaced_by = ?", [batch_id])
            cur.execute("UPDATE batches SET status = 'undone', undone_at = ?, undone_by = ? WHERE batch_id = ?",
                        [auth.now(), user.email, batch_id])
            _fault_point("undo_before_commit")
            self._append_audit(cur, user.email, "undo", batch.file_name,
                               {"kind": batch.kind, "imported_by": batch.actor, "rows": batch.rows},
                               batch_id=batch_id)
        return self.batch(batch_id)

    def batch_orgs(self, batch_id: int) -> list[str]:
        """The organisations whose rows a batch added or replaced."""
        parts = " UNION ".join(f"SELECT org_code FROM {quote_ident(t)} WHERE batch_id = $b OR replaced_by = $b"
                               for t in DATA_TABLES)
        return [r[0] for r in self.rows(f"SELECT DISTINCT org_code FROM ({parts}) AS u ORDER BY 1", {"b": batch_id})]

    def record_action_edits(self, edits: pd.DataFrame, user: User, file_name: str, sha256: str) -> int:
        """Store edited action rows (status, progress, note) as a batch of their own, so it can be undone.

        The user needs "edit_actions" for the organisations of the edited actions.
        """
        ids = [int(a) for a in edits["action_id"].tolist()]
        orgs = [r[0] for r in self.rows("SELECT DISTINCT org_code FROM actions WHERE replaced_by IS NULL "
                                        "AND action_id IN (SELECT unnest(CAST(? AS BIGINT[])))", [ids])]
        self.require(user, "edit_actions", orgs, "action_edit", f"actions {_ids_text(ids)}")
        with self.transaction() as cur:
            batch_id = cur.execute("SELECT nextval('batch_ids')").fetchone()[0]  # type: ignore[index]
            cur.execute(
                "INSERT INTO batches (batch_id, kind, file_name, sha256, rows, actor, created_at, status, scope) "
                "VALUES (?, 'action_edit', ?, ?, ?, ?, ?, 'active', ?)",
                [batch_id, file_name, sha256, len(edits), user.email, auth.now(),
                 ", ".join(str(a) for a in edits["action_id"].tolist()[:50])])
            cur.put_keys("edits", edits[["action_id", "status", "progress", "note"]], "actions")
            cur.execute("UPDATE actions SET replaced_by = ? WHERE replaced_by IS NULL "
                        "AND action_id IN (SELECT action_id FROM edits)", [batch_id])
            kept = ", ".join(f"a.{c}" for c in _ACTION_KEPT)
            cur.execute(f"INSERT INTO actions ({', '.join(_ACTION_KEPT)}, status, progress, note, batch_id) "
                        f"SELECT {kept}, e.status, e.progress, e.note, CAST(? AS INTEGER) "
                        "FROM actions a JOIN edits e ON e.action_id = a.action_id WHERE a.replaced_by = ?",
                        [batch_id, batch_id])
            cur.drop_keys("edits")
            changes = [{"action_id": int(r["action_id"]), "status": r["status"],
                        "progress": None if pd.isna(r["progress"]) else float(r["progress"]),
                        "note": None if r["note"] is None or (not isinstance(r["note"], str) and pd.isna(r["note"]))
                        else str(r["note"])[:200]}
                       for r in edits[["action_id", "status", "progress", "note"]].head(200).to_dict("records")]
            self._append_audit(cur, user.email, "action_edit", f"actions {_ids_text(ids)}",
                               {"orgs": orgs, "rows": len(edits), "changes": changes}, batch_id=int(batch_id))
            return int(batch_id)
