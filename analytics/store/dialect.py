"""What differs between the two engines, in one place: DuckDB (embedded) and PostgreSQL (shared).

The store writes one SQL text per statement in the subset both engines accept, with DuckDB's
placeholders (`?` positional, `$name` named; nullable parameters tested with `CAST($x AS type) IS
NULL` so that PostgreSQL can type them). What the subset cannot say goes through a Dialect:

- placeholders: PostgreSQL (psycopg) gets `%s` / `%(name)s`, and a literal `%` doubled;
- expressions: `try_number` (DuckDB TRY_CAST, PostgreSQL a guarded CAST);
- catalog questions: the tables of the schema, whether the audit triggers are in place;
- results into pandas (DuckDB's own `.df()`, PostgreSQL rows typed like DuckDB's);
- pandas frames into the database: a keyed relation the next statement can join (DuckDB registers
  the frame, PostgreSQL fills a temporary table), and bulk inserts (DuckDB INSERT ... SELECT from
  the registered frame, PostgreSQL COPY);
- serialising writers on one scope (PostgreSQL advisory locks; DuckDB serialises writers itself);
- the migrations' engine-specific statements (triggers) are keyed by `Dialect.name`;
- where the originals of imported files live (`originals_in_database`: PostgreSQL's table, shared by
  every replica; beside a DuckDB file, in a folder).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Dialect:
    name = ""
    # Where the originals of imported files are kept: in the database (table originals, written in the
    # import's transaction, so every server behind a load balancer reads them) or as files beside it.
    originals_in_database = False

    def sql(self, text: str, params: Any) -> str:
        return text

    def try_number(self, expr: str) -> str:
        """expr (text) as a DOUBLE, NULL where it is not a number."""
        raise NotImplementedError

    def try_int(self, expr: str) -> str:
        """expr (text) as an INTEGER, NULL where it is not a whole number."""
        raise NotImplementedError

    def tables_sql(self) -> str:
        """SELECT the names of the schema's base tables."""
        raise NotImplementedError

    def audit_triggers_sql(self) -> str:
        """SELECT the number of triggers on audit_log."""
        raise NotImplementedError


class DuckDialect(Dialect):
    name = "duckdb"

    def try_number(self, expr: str) -> str:
        return f"TRY_CAST({expr} AS DOUBLE)"

    def try_int(self, expr: str) -> str:
        return f"TRY_CAST({expr} AS INTEGER)"

    def tables_sql(self) -> str:
        return ("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
                "AND table_type = 'BASE TABLE' ORDER BY 1")

    def audit_triggers_sql(self) -> str:
        return "SELECT count(*) FROM duckdb_triggers() WHERE table_name = 'audit_log'"

    # Reading and writing frames ------------------------------------------------------------
    @staticmethod
    def frame(raw: Any) -> pd.DataFrame:
        return raw.df()

    @staticmethod
    def put_keys(raw: Any, name: str, frame: pd.DataFrame, like: str) -> None:
        raw.register(name, frame)

    @staticmethod
    def drop_keys(raw: Any, name: str) -> None:
        raw.unregister(name)

    @staticmethod
    def insert_frame(raw: Any, table: str, frame: pd.DataFrame) -> None:
        cols = ", ".join(quote_ident(c) for c in frame.columns)
        raw.register("incoming", frame)
        try:
            raw.execute(f"INSERT INTO {quote_ident(table)} ({cols}) SELECT {cols} FROM incoming")
        finally:
            raw.unregister("incoming")

    @staticmethod
    def lock_keys(raw: Any, keys: Sequence[str]) -> None:
        """DuckDB: the store's lock serialises this process's writers, the file lock other processes."""


# psycopg's type OIDs, grouped by the pandas dtype DuckDB's .df() gives the same SQL type.
_INT32 = {21, 23}
_INT64 = {20}
_FLOAT = {700, 701, 1700}
_BOOL = {16}
_DATES = {1082, 1114, 1184}
_TEXT = {25, 1043, 1042, 19}


@lru_cache(maxsize=2048)
def _pg_text(text: str, named: bool) -> str:
    """DuckDB placeholders to psycopg's, outside quotes and comments; a literal % doubled."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in ("'", '"'):
            end = i + 1
            while end < n:
                if text[end] == ch:
                    if end + 1 < n and text[end + 1] == ch:
                        end += 2
                        continue
                    break
                end += 1
            out.append(text[i:end + 1].replace("%", "%%"))
            i = end + 1
        elif ch == "-" and text.startswith("--", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(text[i:end].replace("%", "%%"))
            i = end
        elif ch == "?":
            out.append("%s")
            i += 1
        elif ch == "$" and named and i + 1 < n and (text[i + 1].isalpha() or text[i + 1] == "_"):
            m = re.match(r"\$([A-Za-z_][A-Za-z0-9_]*)", text[i:])
            assert m is not None
            out.append(f"%({m.group(1)})s")
            i += m.end()
        elif ch == "%":
            out.append("%%")
            i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _py(value: Any) -> Any:
    """A frame cell as psycopg can send it: None for missing, plain Python numbers and dates."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, np.generic):
        value = value.item()
        if isinstance(value, float) and value != value:
            return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def _column_values(series: pd.Series) -> list[Any]:
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return [None if pd.isna(v) else v.to_pydatetime() for v in series]
    if pd.api.types.is_integer_dtype(series.dtype) and not isinstance(series.dtype, pd.api.extensions.ExtensionDtype):
        return [int(v) for v in series.to_numpy()]
    if pd.api.types.is_float_dtype(series.dtype) and not isinstance(series.dtype, pd.api.extensions.ExtensionDtype):
        arr = series.to_numpy(dtype="float64")
        return [None if v != v else float(v) for v in arr.tolist()]
    return [_py(v) for v in series.tolist()]


class PostgresDialect(Dialect):
    name = "postgresql"
    originals_in_database = True

    def sql(self, text: str, params: Any) -> str:
        return _pg_text(text, isinstance(params, Mapping))

    def try_number(self, expr: str) -> str:
        return (f"(CASE WHEN {expr} ~ '^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?\\s*$' "
                f"THEN CAST({expr} AS DOUBLE PRECISION) END)")

    def try_int(self, expr: str) -> str:
        return f"(CASE WHEN {expr} ~ '^\\s*[-+]?[0-9]{{1,9}}\\s*$' THEN CAST({expr} AS INTEGER) END)"

    def tables_sql(self) -> str:
        return ("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                "AND table_type = 'BASE TABLE' ORDER BY 1")

    def audit_triggers_sql(self) -> str:
        return ("SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE c.relname = 'audit_log' AND c.relnamespace = current_schema()::regnamespace "
                "AND NOT t.tgisinternal")

    @staticmethod
    def frame(raw: Any) -> pd.DataFrame:
        """Rows as a frame typed as DuckDB's .df() types them (int32/Int32, int64, float64, str,
        datetime64[us], bool/boolean), so pages and tests see the same frames on both engines."""
        desc = raw.description or []
        names = [d.name for d in desc]
        rows = raw.fetchall()
        columns: dict[str, Any] = {}
        for i, d in enumerate(desc):
            values = [r[i] for r in rows]
            oid = d.type_code
            has_null = any(v is None for v in values)
            if oid in _INT32 or oid in _INT64:
                width = "32" if oid in _INT32 else "64"
                columns[names[i]] = pd.array(values, dtype=f"Int{width}") if has_null else \
                    np.array(values, dtype=f"int{width}")
            elif oid in _FLOAT:
                columns[names[i]] = np.array([np.nan if v is None else float(v) for v in values], dtype="float64")
            elif oid in _BOOL:
                columns[names[i]] = pd.array(values, dtype="boolean") if has_null else np.array(values, dtype=bool)
            elif oid in _DATES:
                columns[names[i]] = pd.to_datetime(
                    pd.Series([v.replace(tzinfo=None) if isinstance(v, dt.datetime) and v.tzinfo else v
                               for v in values], dtype=object), errors="coerce").astype("datetime64[us]")
            elif oid in _TEXT and rows and not all(v is None for v in values):
                columns[names[i]] = pd.array(values, dtype="str")
            else:
                columns[names[i]] = pd.Series(values, dtype=object)
        if not columns:
            return pd.DataFrame()
        out = pd.DataFrame({k: (v.to_numpy() if isinstance(v, pd.Series) else v) for k, v in columns.items()})
        if len(set(names)) != len(names):
            out.columns = names
        return out

    @staticmethod
    def put_keys(raw: Any, name: str, frame: pd.DataFrame, like: str) -> None:
        """A temporary table `name` with frame's columns, typed like those of table `like`; dropped at commit."""
        cols = ", ".join(quote_ident(c) for c in frame.columns)
        raw.execute(f"CREATE TEMP TABLE {quote_ident(name)} ON COMMIT DROP AS "
                    f"SELECT {cols} FROM {quote_ident(like)} WITH NO DATA")
        PostgresDialect.insert_frame(raw, name, frame)

    @staticmethod
    def drop_keys(raw: Any, name: str) -> None:
        raw.execute(f"DROP TABLE IF EXISTS {quote_ident(name)}")

    @staticmethod
    def insert_frame(raw: Any, table: str, frame: pd.DataFrame) -> None:
        """COPY the frame into the table (binary-free text COPY, values dumped by psycopg)."""
        if frame.empty:
            return
        cols = ", ".join(quote_ident(c) for c in frame.columns)
        values = [_column_values(frame[c]) for c in frame.columns]
        with raw.copy(f"COPY {quote_ident(table)} ({cols}) FROM STDIN") as copy:
            for row in zip(*values, strict=True):
                copy.write_row(row)

    @staticmethod
    def lock_keys(raw: Any, keys: Sequence[str]) -> None:
        """Serialise writers of the same keys across servers until the transaction ends (sorted: no deadlock)."""
        for key in sorted(set(keys)):
            raw.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


DUCKDB = DuckDialect()
POSTGRES = PostgresDialect()
