"""Connection, cursors and transactions: the one place that opens the database (the engine seam).

PRAMERN_DB (or --db) names either a DuckDB file (the embedded default) or a PostgreSQL URL
(`postgresql://user:password@host:port/dbname`, the shared store for many servers).

- DuckDB allows one process at a time to hold a file. The store holds it only while it works: a unit
  of work (a read, a transaction) leases the file, and the last lease lets go of it shortly after
  (PRAMERN_DB_LINGER seconds, 0.3 by default), so the command line can work beside a running
  dashboard. Whoever finds the file held waits for it (PRAMERN_DB_WAIT seconds, 5 by default),
  saying so on stderr once, and then gives up with StoreBusyError.
- PostgreSQL: a pool of connections (psycopg-pool); a read runs in autocommit, a transaction on one
  pooled connection. The URL's password never leaves this module: `label` masks it.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import duckdb
import pandas as pd

from analytics.errors import (
    NotPramernDatabaseError,
    PramernError,
    StoreBusyError,
    StoreDamagedError,
    StoreReadOnlyError,
    StoreUnavailableError,
)
from analytics.i18n import t
from analytics.store.dialect import DUCKDB, POSTGRES, Dialect, quote_ident

__all__ = ["DEFAULT_DB", "Cursor", "StoreBase", "default_db_path", "is_url", "mask_url", "quote_ident"]

DEFAULT_DB = Path(__file__).resolve().parents[2] / "data" / "pramern.duckdb"
_URL = re.compile(r"^postgres(ql)?://", re.IGNORECASE)


def is_url(target: str | Path) -> bool:
    return isinstance(target, str) and bool(_URL.match(target))


def default_db_path() -> Path | str:
    """PRAMERN_DB when set (a file path, or a postgresql:// URL kept as text), else data/pramern.duckdb."""
    value = os.environ.get("PRAMERN_DB") or ""
    if is_url(value):
        return value
    return Path(value or DEFAULT_DB)


def mask_url(text: str) -> str:
    """A connection URL (or any text holding one) with its password replaced by ***."""
    def one(match: re.Match[str]) -> str:
        url = match.group(0)
        try:
            parts = urlsplit(url)
        except ValueError:
            return re.sub(r"://[^@/]*@", "://***@", url)
        if parts.password is None:
            return url
        user = parts.username or ""
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        return urlunsplit((parts.scheme, f"{user}:***@{host}{port}", parts.path, parts.query, parts.fragment))

    text = re.sub(r"postgres(?:ql)?://\S+", one, text, flags=re.IGNORECASE)
    return re.sub(r"(password\s*=\s*)\S+", r"\1***", text, flags=re.IGNORECASE)


def _fault_point(name: str) -> None:
    """Where the kill test stops an import: PRAMERN_FAULT names the point, the process then waits.

    The test kills the process here, mid-transaction, and checks that nothing of the batch remains.
    """
    if os.environ.get("PRAMERN_FAULT") == name:
        print(f"FAULT POINT {name}", file=sys.stderr, flush=True)
        time.sleep(600)


def _seconds(name: str, default: float) -> float:
    try:
        return max(0.0, float(os.environ.get(name, default)))
    except ValueError:
        return default


def _file_error(key: str, cls: type[PramernError], **params: Any) -> PramernError:
    return cls(t(key, "en", **params), t(key, "th", **params))


def file_problem(path: Path, exc: BaseException | None = None) -> PramernError | None:
    """What is wrong with a DuckDB file that cannot be opened or read, for a person; None when it is
    something else (held by another process, or unexpected).

    Told apart: a folder or a file that is no DuckDB database (empty, zeros, anything else): "not a
    Pramern database"; a DuckDB file cut short or corrupt: "damaged"; a file or folder this account
    may not write: "read-only".
    """
    text = str(exc or "").lower()
    where = str(path)
    if path.is_dir():
        return _file_error("sec.db.folder", NotPramernDatabaseError, path=where)
    if "not a valid duckdb database file" in text:
        size = path.stat().st_size if path.exists() else 0
        with open(path, "rb") as f:
            head = f.read(4096)
        why = "empty" if size == 0 else "zeros" if not head.strip(b"\0") else "other"
        return _file_error(f"sec.db.not_duckdb_{why}", NotPramernDatabaseError, path=where, size=f"{size:,}")
    if any(w in text for w in ("could not read enough bytes", "corrupt", "checksum", "failed to read", "invalid block")):
        return _file_error("sec.db.damaged", StoreDamagedError, path=where)
    if "permission denied" in text or "read-only file system" in text or (
            path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))):
        return _file_error("sec.db.read_only", StoreReadOnlyError, path=where)
    return None


class Cursor:
    """A cursor of either engine: DuckDB placeholders in, rows or frames out."""

    def __init__(self, raw: Any, dialect: Dialect, path: Path | None = None):
        self.raw = raw
        self.dialect = dialect
        self.path = path  # a DuckDB file's, to name it when reading it fails

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Cursor:
        try:
            if params is None or (not isinstance(params, dict) and len(params) == 0):
                self.raw.execute(sql)
            else:
                self.raw.execute(self.dialect.sql(sql, params), params)
        except duckdb.IOException as exc:  # damage found only when a block is read, or a WAL not writable
            problem = file_problem(self.path, exc) if self.path is not None else None
            if problem is None:
                raise
            raise problem from exc
        return self

    def fetchone(self) -> tuple[Any, ...] | None:
        found = self.raw.fetchone()
        return tuple(found) if found is not None else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.raw.fetchall()]

    def df(self) -> pd.DataFrame:
        return self.dialect.frame(self.raw)  # type: ignore[attr-defined,no-any-return]

    def put_keys(self, name: str, frame: pd.DataFrame, like: str) -> None:
        """Make frame joinable as `name` (columns typed as table `like`'s) until drop_keys or commit."""
        self.dialect.put_keys(self.raw, name, frame, like)  # type: ignore[attr-defined]

    def drop_keys(self, name: str) -> None:
        self.dialect.drop_keys(self.raw, name)  # type: ignore[attr-defined]

    def insert_frame(self, table: str, frame: pd.DataFrame) -> None:
        """Bulk insert: the frame's columns are the table's column names."""
        self.dialect.insert_frame(self.raw, table, frame)  # type: ignore[attr-defined]

    def lock_keys(self, keys: Sequence[str]) -> None:
        """Hold writers of the same keys (import scopes) back until this transaction ends."""
        self.dialect.lock_keys(self.raw, keys)  # type: ignore[attr-defined]

    def nextvals(self, sequence: str, count: int) -> list[int]:
        found = self.execute(f"SELECT nextval('{sequence}') FROM generate_series(1, ?)", [count]).fetchall()
        return [int(r[0]) for r in found]


class _DuckEngine:
    """A DuckDB file leased per unit of work and let go of shortly after the last one."""

    dialect = DUCKDB

    def __init__(self, path: Path):
        self.path = path
        self.label = str(path)
        self.memory = str(path) == ":memory:"
        self.linger = _seconds("PRAMERN_DB_LINGER", 0.3)
        self.wait = _seconds("PRAMERN_DB_WAIT", 5.0)
        self._lock = threading.RLock()
        self._write_lock = threading.RLock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._leases = 0
        self._timer: threading.Timer | None = None
        self._closed = False

    def _busy(self, exc: BaseException) -> StoreBusyError:
        return StoreBusyError(
            f"The database {self.path} is in use by another Pramern process (the dashboard or an import) "
            f"and was not let go of within {self.wait:g} s. Try again when it has finished, or import from "
            f"the app's upload page. ({exc})",
            f"ฐานข้อมูล {self.path} กำลังถูกใช้งานโดยโปรแกรม Pramern อื่น (แดชบอร์ดหรือการนำเข้า) และไม่ว่างภายใน "
            f"{self.wait:g} วินาที โปรดลองใหม่เมื่อเสร็จแล้ว หรือนำเข้าผ่านหน้าอัปโหลดในแอป")

    def _open(self) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self.wait
        told = False
        while True:
            try:
                return duckdb.connect(str(self.path))
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() and "in use" not in str(exc).lower():
                    problem = file_problem(self.path, exc)
                    if problem is None:
                        raise
                    raise problem from exc
                if time.monotonic() >= deadline:
                    raise self._busy(exc) from exc
                if not told:
                    print(f"กำลังรอฐานข้อมูล {self.path} ซึ่งโปรแกรม Pramern อื่นใช้อยู่ (ไม่เกิน {self.wait:g} วินาที)\n"
                          f"Waiting for the database {self.path}, held by another Pramern process "
                          f"(at most {self.wait:g} s) ...", file=sys.stderr, flush=True)
                    told = True
                time.sleep(0.05)

    @contextmanager
    def lease(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            if self._closed:
                raise RuntimeError("the store is closed")
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._con is None:
                self._con = self._open()
            self._leases += 1
            con = self._con
        try:
            yield con
        finally:
            with self._lock:
                self._leases -= 1
                if self._leases == 0 and not self.memory:
                    if self.linger <= 0:
                        self._let_go()
                    else:
                        self._timer = threading.Timer(self.linger, self._let_go)
                        self._timer.daemon = True
                        try:
                            self._timer.start()
                        except RuntimeError:  # no thread to be had (the address space or thread limit
                            self._timer = None  # reached): let go at once rather than fail what committed
                            self._let_go()

    def _let_go(self) -> None:
        with self._lock:
            if self._leases == 0 and self._con is not None:
                self._con.close()
                self._con = None

    def held(self) -> bool:
        return self._con is not None

    @contextmanager
    def cursor(self) -> Iterator[Cursor]:
        with self.lease() as con:
            raw = con.cursor()
            try:
                yield Cursor(raw, self.dialect, None if self.memory else self.path)
            finally:
                raw.close()

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        with self._write_lock, self.cursor() as cur:
            cur.raw.execute("BEGIN TRANSACTION")
            try:
                yield cur
            except BaseException:
                cur.raw.execute("ROLLBACK")
                raise
            cur.raw.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._con is not None:
                self._con.close()
                self._con = None
            self._closed = True


class _PgEngine:
    """A pool of PostgreSQL connections."""

    dialect = POSTGRES

    def __init__(self, url: str):
        import psycopg
        from psycopg_pool import ConnectionPool

        self.label = mask_url(url)
        self.dbname = urlsplit(url).path.lstrip("/") or "postgres"
        self._psycopg = psycopg
        self._url = url
        wait = _seconds("PRAMERN_DB_WAIT", 5.0)
        # One direct connection first: a stopped server, an unknown host, a wrong password or a missing
        # database is then told as such at once (the pool would only time out after `wait`, logging retries).
        self._connect_timeout = max(1, int(wait))
        problem = self._probe()
        if problem is not None:
            raise problem
        # After the server restarts (or drops idle connections) the first rerun must work again at once:
        # `check` tries a pooled connection before handing it out (a dead one is replaced), and a short
        # reconnect_timeout ends the pool's backing-off reconnection attempts of an outage, so that a
        # request made once the server is back connects right away instead of waiting for the next try.
        self.pool = ConnectionPool(url, min_size=1, max_size=int(os.environ.get("PRAMERN_DB_POOL", "8")),
                                   kwargs={"autocommit": True, "connect_timeout": max(1, int(wait))},
                                   timeout=max(wait, 1.0), open=False, name="pramern",
                                   check=ConnectionPool.check_connection, reconnect_timeout=max(wait, 1.0))
        try:
            self.pool.open(wait=True, timeout=max(wait, 1.0))
        except Exception as exc:  # noqa: BLE001 - reported to a person, masked
            self.pool.close()
            raise self.unavailable(exc) from None

    def _probe(self) -> StoreUnavailableError | None:
        """Why a new connection fails now (None when it succeeds)."""
        try:
            self._psycopg.connect(self._url, connect_timeout=self._connect_timeout, autocommit=True).close()
        except self._psycopg.Error as exc:
            return self.unavailable(exc)
        return None

    def _where(self) -> dict[str, str]:
        """The server, port, user and database the URL names, for messages (never the password)."""
        parts = urlsplit(self._url)
        query = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p)
        try:
            port = str(parts.port or query.get("port") or 5432)
        except ValueError:
            port = "?"
        return {"db": self.label, "host": parts.hostname or query.get("host") or "localhost", "port": port,
                "user": parts.username or query.get("user") or "(default)", "name": self.dbname}

    def unavailable(self, exc: BaseException) -> StoreUnavailableError:
        """What stops a connection, told apart: no server answering, an unknown host, the user or password
        refused, the machine not allowed, no such database; else the driver's own reason (masked)."""
        reason = mask_url(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
        text = str(exc).lower()
        key = "sec.pg.unreachable"
        if "password authentication failed" in text or "no password supplied" in text or re.search(
                r'role "[^"]*" does not exist', text):
            key = "sec.pg.auth"
        elif "no pg_hba.conf entry" in text:
            key = "sec.pg.not_allowed"
        elif re.search(r'database "[^"]*" does not exist', text):
            key = "sec.pg.no_database"
        elif "failed to resolve host" in text or "could not translate host name" in text:
            key = "sec.pg.host"
        elif any(w in text for w in ("connection refused", "timeout expired", "no route to host",
                                     "is the server running", "network is unreachable")):
            key = "sec.pg.refused"
        params = {**self._where(), "reason": reason}
        return StoreUnavailableError(t(key, "en", **params), t(key, "th", **params))

    def read_only(self, exc: BaseException) -> StoreReadOnlyError:
        reason = mask_url(str(exc).strip().splitlines()[0])
        params = {**self._where(), "reason": reason}
        return StoreReadOnlyError(t("sec.pg.read_only", "en", **params), t("sec.pg.read_only", "th", **params))

    def _refused_write(self, exc: BaseException) -> bool:
        """A write the role may not make (no privilege, or a read-only server or transaction); not the audit
        trail's own append-only trigger, which raises the same code with its own words."""
        errors = self._psycopg.errors
        if isinstance(exc, errors.ReadOnlySqlTransaction):
            return True
        return isinstance(exc, errors.InsufficientPrivilege) and str(exc).lower().startswith("permission denied")

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        from psycopg_pool import PoolTimeout
        try:
            cm = self.pool.connection()
            con = cm.__enter__()
        except PoolTimeout:  # the pool keeps why it could not connect to its log: ask once, to say it
            raise (self._probe() or self.unavailable(TimeoutError("no connection within the wait"))) from None
        except self._psycopg.OperationalError as exc:
            raise self.unavailable(exc) from None
        try:
            yield con
        except BaseException as exc:
            if cm.__exit__(type(exc), exc, exc.__traceback__):
                return
            if isinstance(exc, self._psycopg.OperationalError):
                raise self.unavailable(exc) from None
            if self._refused_write(exc):
                raise self.read_only(exc) from None
            raise
        else:
            cm.__exit__(None, None, None)

    @contextmanager
    def cursor(self) -> Iterator[Cursor]:
        with self._connection() as con, con.cursor() as raw:
            yield Cursor(raw, self.dialect)

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        with self._connection() as con, con.transaction(), con.cursor() as raw:
            yield Cursor(raw, self.dialect)

    def held(self) -> bool:
        return False

    def close(self) -> None:
        self.pool.close()


class StoreBase:
    """The database behind a Store: `engine` is "duckdb" or "postgresql"; `label` names it for people."""

    def __init__(self, path: str | Path | None = None):
        target = path if path is not None else default_db_path()
        # What was opened, to open it again (tests, child processes). A URL may hold a password:
        # never show it; show `label`.
        self.target: str | Path = target
        if is_url(target):
            pg = _PgEngine(str(target))
            self._engine: _DuckEngine | _PgEngine = pg
            # Original files of imports are kept under data/ (or PRAMERN_FILES_DIR), in a folder named
            # after the database (<dbname>_files).
            files = os.environ.get("PRAMERN_FILES_DIR") or DEFAULT_DB.parent
            self.path = Path(files) / f"{pg.dbname}.postgresql"
        else:
            self.path = Path(target)
            if str(self.path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._engine = _DuckEngine(self.path)
        self.dialect: Dialect = self._engine.dialect
        self.engine = self.dialect.name
        self.label = self._engine.label
        self._lock = threading.RLock()

    def close(self) -> None:
        self._engine.close()

    @contextmanager
    def cursor(self) -> Iterator[Cursor]:
        with self._engine.cursor() as cur:
            yield cur

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
    def transaction(self) -> Iterator[Cursor]:
        """One write: committed whole, or rolled back whole."""
        with self._engine.transaction() as cur:
            yield cur

    @contextmanager
    def unit(self) -> Iterator[None]:
        """Hold the database across several reads (DuckDB: one lease; PostgreSQL: nothing to hold)."""
        if isinstance(self._engine, _DuckEngine):
            with self._engine.lease():
                yield
        else:
            yield
