"""PostgreSQL figures beside DuckDB's, in one run: every page and the 100,000-row import.

A throw-away PostgreSQL (analytics/devservers/) holds a copy of the cached DuckDB database
(bench.postgres.copy_database) and the demo; the pages are timed with the same AppTest children as
`pages`, the three databases interleaved:

- `page_pg_vs_duckdb:<page>`: a warm rerun on PostgreSQL over the same rerun on DuckDB (national);
- `page_pg_national_vs_demo:<page>`: on PostgreSQL, national over demo;
- `import_pg_vs_duckdb`: the workbook's validated import (read, check, store) into PostgreSQL over
  the same into DuckDB, each into a fresh database that holds the organisations.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from analytics import synth as syn
from analytics.bench.core import BENCH_ORG, BENCH_YEAR, BenchConfig, Figure, _ms, median, ratio
from analytics.bench.imports import import_once, kpi_workbook, timed_import
from analytics.bench.pages import PageChild, app_pages, ensure_bench_admin
from analytics.bench.postgres import copy_database
from analytics.demo import load_demo
from analytics.store import Store


def _pg_import_once(server, workbook: Path, orgs) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    with server.database() as url:
        store = Store(url)
        try:
            syn.store_kind(store, "orgs", {"orgs": orgs}, "bench", 0)
            seconds, rows = timed_import(workbook, store)
        finally:
            store.close()
    return seconds, int(rows)


def bench_import_pg(cfg: BenchConfig, server, log: Callable[[str], None]) -> list[Figure]:  # type: ignore[no-untyped-def]
    workbook, orgs = kpi_workbook(cfg)
    duck: list[float] = []
    pg: list[float] = []
    with tempfile.TemporaryDirectory(prefix="pramern-import-") as tmp:
        for r in range(cfg.runs):
            for engine in (("duckdb", "postgres") if r % 2 == 0 else ("postgres", "duckdb")):
                if engine == "duckdb":
                    duck.append(import_once(workbook, orgs, Path(tmp))[0])
                else:
                    pg.append(_pg_import_once(server, workbook, orgs)[0])
    log(f"import on PostgreSQL {median(pg):.2f} s, on DuckDB {median(duck):.2f} s")
    return [Figure("import_pg_vs_duckdb", ratio(pg, duck), detail={
        "rows": cfg.import_rows, "numerator": "import (parse_file + apply_import) into PostgreSQL",
        "numerator_s": round(median(pg), 4), "denominator": "the same import into DuckDB",
        "denominator_s": round(median(duck), 4), "samples_s": {"postgres": _ms(pg), "duckdb": _ms(duck)}})]


def bench_pages_pg(cfg: BenchConfig, big: Path, server, log: Callable[[str], None]) -> list[Figure]:  # type: ignore[no-untyped-def]
    pg_big = server.url(server.create_database())
    pg_demo = server.url(server.create_database())
    copy_database(big, pg_big, log)
    store = Store(pg_demo)
    try:
        load_demo(store)
        with store.cursor() as cur:
            cur.execute("ANALYZE")
    finally:
        store.close()
    databases: dict[str, Path | str] = {"duckdb": big, "postgres": pg_big, "postgres_demo": pg_demo}
    for db in databases.values():
        ensure_bench_admin(db)
    labels = tuple(databases)
    children: dict[str, PageChild] = {}
    figures: list[Figure] = []
    try:
        for label, db in databases.items():
            children[label] = PageChild(db)
        for page in [p.path for p in app_pages()]:
            first = {label: children[label].ask("page", page=page) for label in labels}
            errors = [e for answer in first.values() for e in answer["errors"]]
            samples: dict[str, list[float]] = {label: [] for label in labels}
            for r in range(cfg.runs):
                order = labels[r % len(labels):] + labels[:r % len(labels)]  # each goes first in turn
                for label in order:
                    answer = children[label].ask("rerun")
                    samples[label].append(answer["s"])
                    errors += answer["errors"]
            d, p, pd_ = samples["duckdb"], samples["postgres"], samples["postgres_demo"]
            log(f"{page}: PostgreSQL {median(p):.3f} s, DuckDB {median(d):.3f} s, PostgreSQL demo {median(pd_):.3f} s")
            note = ("page raised: " + "; ".join(sorted(set(errors)))) if errors else None
            common = {"page": page, "org": BENCH_ORG, "year": BENCH_YEAR, "user": "administrator"}
            figures.append(Figure(f"page_pg_vs_duckdb:{Path(page).stem}", ratio(p, d), note=note, detail={
                **common, "numerator": f"AppTest rerun, {cfg.scale} database on PostgreSQL, warm caches",
                "numerator_s": round(median(p), 4),
                "denominator": f"AppTest rerun, {cfg.scale} database on DuckDB, warm caches",
                "denominator_s": round(median(d), 4),
                "samples_s": {"postgres": _ms(p), "duckdb": _ms(d)}}))
            figures.append(Figure(f"page_pg_national_vs_demo:{Path(page).stem}", ratio(p, pd_), note=note, detail={
                **common, "numerator": f"AppTest rerun, {cfg.scale} database on PostgreSQL, warm caches",
                "numerator_s": round(median(p), 4),
                "denominator": "AppTest rerun, demo database on PostgreSQL, warm caches",
                "denominator_s": round(median(pd_), 4),
                "samples_s": {"postgres": _ms(p), "postgres_demo": _ms(pd_)}}))
    finally:
        for child in children.values():
            child.close()
    return figures


def bench_postgres(cfg: BenchConfig, big: Path, log: Callable[[str], None]) -> list[Figure]:
    """Both PostgreSQL parts against one throw-away server."""
    from analytics.devservers import postgres_server
    with postgres_server() as server:
        log(f"PostgreSQL {server.version} on 127.0.0.1:{server.port}")
        figures = bench_import_pg(cfg, server, log)
        figures += bench_pages_pg(cfg, big, server, log)
    return figures
