"""The benchmark's PostgreSQL: a throw-away server holding the same data as a cached DuckDB database.

Building the national data again through `synth` on PostgreSQL would take minutes; the cached
DuckDB database already holds it. `copy_database` creates the schema through the store (the one
migration history), then moves each table with DuckDB's CSV writer and PostgreSQL's COPY, columns
named, sequences set past the copied ids, and ANALYZE, so both engines answer the same questions
over the same rows.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from analytics.store import Store, quote_ident

# sequence -> (table, id column): set past the copied rows so new batches and events do not collide
SEQUENCES = {"batch_ids": ("batches", "batch_id"), "action_ids": ("actions", "action_id"),
             "audit_ids": ("audit_log", "id")}
COPY_CHUNK = 1 << 20
PREFILLED = ("audit_chain",)  # the head of the audit trail's hash chain, written by the migration


def copy_database(source: Path, url: str, log: Callable[[str], None] = lambda _msg: None) -> dict[str, int]:
    """Fill the (empty) PostgreSQL database at url with every row of the DuckDB file source."""
    import psycopg

    Store(url).close()  # the schema, by the same migrations as every database
    copied: dict[str, int] = {}
    duck = duckdb.connect(str(source), read_only=True)
    try:
        duck_columns: dict[str, list[str]] = {}
        for table, column in duck.execute("SELECT table_name, column_name FROM information_schema.columns "
                                          "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
                                          ).fetchall():
            duck_columns.setdefault(table, []).append(column)
        with psycopg.connect(url) as pg, tempfile.TemporaryDirectory(prefix="pramern-copy-") as tmp:
            pg_columns: dict[str, list[str]] = {}
            for table, column in pg.execute("SELECT table_name, column_name FROM information_schema.columns "
                                            "WHERE table_schema = current_schema() "
                                            "ORDER BY table_name, ordinal_position").fetchall():
                pg_columns.setdefault(table, []).append(column)
            for table, columns in pg_columns.items():
                shared = [c for c in columns if c in duck_columns.get(table, [])]
                if table == "meta" or not shared:
                    continue
                names = ", ".join(quote_ident(c) for c in shared)
                if table in PREFILLED:  # rows the migrations wrote, which the copy brings again
                    pg.execute(f"DELETE FROM {quote_ident(table)}")
                csv = Path(tmp) / f"{table}.csv"
                duck.execute(f"COPY (SELECT {names} FROM {quote_ident(table)}) TO '{csv}' (HEADER false)")
                with pg.cursor() as cur, cur.copy(f"COPY {quote_ident(table)} ({names}) FROM STDIN (FORMAT csv)") as cp:
                    with open(csv, "rb") as data:
                        while chunk := data.read(COPY_CHUNK):
                            cp.write(chunk)
                copied[table] = int(pg.execute(f"SELECT count(*) FROM {quote_ident(table)}").fetchone()[0])  # type: ignore[index]
            for sequence, (table, column) in SEQUENCES.items():
                if column in pg_columns.get(table, []):
                    pg.execute(f"SELECT setval('{sequence}', coalesce((SELECT max({quote_ident(column)}) "
                               f"FROM {quote_ident(table)}), 0) + 1, false)")
            pg.commit()
            pg.autocommit = True
            pg.execute("ANALYZE")
    finally:
        duck.close()
    log(f"copied {sum(copied.values()):,} rows of {len(copied)} tables to PostgreSQL")
    return copied


@contextlib.contextmanager
def postgres_copy(source: Path, log: Callable[[str], None]) -> Iterator[str]:
    """A throw-away PostgreSQL server holding a copy of source; yields the database URL."""
    from analytics.devservers import postgres_server

    with postgres_server() as pg:
        url = pg.url(pg.create_database())
        copy_database(source, url, log)
        yield url
