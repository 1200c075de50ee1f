"""Connection, cursors and transactions: the one place that opens the database."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from analytics.errors import (
    StoreBusyError,
)

DEFAULT_DB = Path(__file__).resolve().parents[2] / "data" / "pramern.duckdb"


def default_db_path() -> Path:
    """PRAMERN_DB when set, else data/pramern.duckdb."""
    return Path(os.environ.get("PRAMERN_DB") or DEFAULT_DB)


def _fault_point(name: str) -> None:
    """Where the kill test stops an import: PRAMERN_FAULT names the point, the process then waits.

    The test kills the process here, mid-transaction, and checks that nothing of the batch remains.
    """
    if os.environ.get("PRAMERN_FAULT") == name:
        import sys
        import time
        print(f"FAULT POINT {name}", file=sys.stderr, flush=True)
        time.sleep(600)


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class StoreBase:
    def close(self) -> None:
        self._con.close()

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def df(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> pd.DataFrame:
        with self.cursor() as cur:
            return cur.execute(sql, params).df()

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[tuple[Any, ...]]:
        with self.cursor() as cur:
            return cur.execute(sql, params).fetchall()

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        found = self.rows(sql, params)
        return found[0][0] if found else None

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One serialised write: committed whole, or rolled back whole."""
        with self._lock, self.cursor() as cur:
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else default_db_path()
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(str(self.path))
        except duckdb.IOException as exc:
            raise StoreBusyError(
                f"The database {self.path} is in use by another Pramern process (the dashboard or "
                f"an import). Try again when it has finished, or import from the app's upload page. ({exc})",
                f"ฐานข้อมูล {self.path} กำลังถูกใช้งานโดยโปรแกรม Pramern อื่น (แดชบอร์ดหรือการนำเข้า) "
                "โปรดลองใหม่เมื่อเสร็จแล้ว หรือนำเข้าผ่านหน้าอัปโหลดในแอป") from exc
        self._lock = threading.RLock()
