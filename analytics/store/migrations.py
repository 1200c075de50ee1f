"""Schema version and migrations, applied on opening (and by `python -m analytics migrate`)."""

from __future__ import annotations

import re
from typing import Any

from analytics.errors import InvalidUserError, NotPramernDatabaseError, SchemaTooNewError
from analytics.i18n import t
from analytics.store.connection import Cursor, StoreBase, quote_ident
from analytics.store.schema import MIGRATION_STEPS, MIGRATIONS, SCHEMA_VERSION

_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class SchemaStore(StoreBase):
    def _version(self, cur: Cursor) -> int:
        has_meta = cur.execute("SELECT count(*) FROM (" + self.dialect.tables_sql() + ") AS t "
                               "WHERE table_name = 'meta'").fetchone()
        if not has_meta or not has_meta[0]:
            return 0
        found = cur.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(found[0]) if found else 0

    def schema_version(self) -> int:
        with self.cursor() as cur:
            return self._version(cur)

    def _refuse_newer(self, current: int) -> None:
        if current > SCHEMA_VERSION:
            raise SchemaTooNewError(
                f"The database {self.label} has schema version {current}, newer than this Pramern knows "
                f"({SCHEMA_VERSION}). Update Pramern on this server (git pull, then make run) before using it; "
                "nothing was changed.",
                f"ฐานข้อมูล {self.label} ใช้โครงสร้างรุ่น {current} ซึ่งใหม่กว่าที่ Pramern รุ่นนี้รู้จัก ({SCHEMA_VERSION}) "
                "โปรดปรับรุ่น Pramern บนเครื่องนี้ก่อนใช้งาน ไม่มีการเปลี่ยนแปลงข้อมูลใด ๆ")

    def _refuse_foreign(self) -> None:
        """A database without Pramern's version that holds tables is another program's: never add to it."""
        tables = [r[0] for r in self.rows(self.dialect.tables_sql())]
        if tables:
            shown = ", ".join(tables[:5]) + (" ..." if len(tables) > 5 else "")
            raise NotPramernDatabaseError(t("sec.db.foreign", "en", path=self.label, tables=shown),
                                          t("sec.db.foreign", "th", path=self.label, tables=shown))

    def migrate(self, target: int = SCHEMA_VERSION) -> list[int]:
        """Bring the database up to `target`, one transaction per step; returns the versions applied."""
        current = self.schema_version()
        self._refuse_newer(current)
        if current == 0:
            self._refuse_foreign()
        applied: list[int] = []
        for step in MIGRATIONS:
            if not current < step.version <= target:
                continue
            with self.transaction() as cur:
                cur.lock_keys(["pramern:migrate"])  # PostgreSQL: servers starting together take turns
                if self._version(cur) >= step.version:
                    continue
                ddl = step.statements(self.engine)
                if ddl.strip():
                    cur.execute(ddl)
                if step.version in MIGRATION_STEPS:  # what SQL alone cannot do, in the same transaction
                    getattr(self, MIGRATION_STEPS[step.version])(cur)
                cur.execute("INSERT INTO meta VALUES ('schema_version', ?) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [str(step.version)])
                applied.append(step.version)
        return applied

    def grant_app_role(self, role: str) -> None:
        """PostgreSQL: let `role` (created with LOGIN when missing) use the app's tables as the app does,
        with only INSERT and SELECT on audit_log: the role can append to the trail, never change it.

        Run by the owner of the tables after migrating; run it again after a later migration.
        """
        if self.engine != "postgresql":
            raise InvalidUserError("An app role is a PostgreSQL feature; a DuckDB file has no roles.",
                                   "บทบาทของแอป (app role) ใช้ได้กับ PostgreSQL เท่านั้น ไฟล์ DuckDB ไม่มีบทบาทผู้ใช้")
        if not _ROLE.match(role):
            raise InvalidUserError(
                f"The role name {role!r} is not valid: use lower-case letters, digits and _, starting with a letter.",
                f"ชื่อบทบาท {role!r} ไม่ถูกต้อง ใช้ได้เฉพาะอักษรอังกฤษตัวเล็ก ตัวเลข และ _ โดยขึ้นต้นด้วยตัวอักษร")
        name = quote_ident(role)
        with self.transaction() as cur:
            exists = cur.execute("SELECT count(*) FROM pg_roles WHERE rolname = ?", [role]).fetchone()
            if not exists or not exists[0]:
                cur.execute(f"CREATE ROLE {name} LOGIN")
            owner = cur.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log' "
                                "AND schemaname = current_schema()").fetchone()
            if owner and owner[0] == role:
                raise InvalidUserError(
                    f"The role {role} owns the tables; the app's role must be another one, without ownership.",
                    f"บทบาท {role} เป็นเจ้าของตาราง บทบาทของแอปต้องเป็นบทบาทอื่นที่ไม่ใช่เจ้าของ")
            schema = cur.execute("SELECT current_schema()").fetchone()
            db = cur.execute("SELECT current_database()").fetchone()
            assert schema is not None and db is not None
            cur.execute(f"GRANT CONNECT ON DATABASE {quote_ident(db[0])} TO {name}")
            cur.execute(f"GRANT USAGE ON SCHEMA {quote_ident(schema[0])} TO {name}")
            cur.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {quote_ident(schema[0])} "
                        f"TO {name}")
            cur.execute(f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM {name}")
            cur.execute(f"REVOKE TRUNCATE ON ALL TABLES IN SCHEMA {quote_ident(schema[0])} FROM {name}")
            cur.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {quote_ident(schema[0])} TO {name}")

    def table_privileges(self, role: str, table: str) -> list[str]:
        """PostgreSQL: the privileges `role` holds on `table`, sorted (for checks and the report)."""
        found = self.rows("SELECT privilege_type FROM information_schema.role_table_grants "
                          "WHERE grantee = ? AND table_name = ? AND table_schema = current_schema() ORDER BY 1",
                          [role, table])
        return [r[0] for r in found]

    def is_empty(self) -> bool:
        return not self.scalar("SELECT count(*) FROM batches")

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every table's content, sorted: what tests compare before and after a failure.

        audit_chain is left out: it only repeats the newest audit event's place and hash.
        """
        with self.cursor() as cur:
            tables = [r[0] for r in cur.execute(self.dialect.tables_sql()).fetchall() if r[0] != "audit_chain"]
            return {t: sorted(cur.execute(f"SELECT * FROM {quote_ident(t)}").fetchall(), key=repr) for t in tables}
