"""The run: every part asked for, as the JSON `bench --json` prints, and its table."""

from __future__ import annotations

import datetime as dt
import os
import platform
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from analytics.bench.core import FULL, PARTS, QUICK, BenchConfig, Figure, cached_database, database_rows
from analytics.bench.deck import bench_deck
from analytics.bench.engines import bench_postgres
from analytics.bench.imports import bench_import
from analytics.bench.pages import bench_pages
from analytics.bench.rss import bench_rss
from analytics.bench.scoring import bench_scoring
from analytics.bench.sessions import bench_sessions, bench_sessions_replicas
from analytics.bench.startup import bench_first_export, bench_first_metric
from analytics.demo import load_demo
from analytics.store import Store


def run(cfg: BenchConfig = FULL, log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Every figure, as the JSON `bench --json` prints."""
    say = log or (lambda _msg: None)
    started = time.perf_counter()
    cfg.work_dir.mkdir(parents=True, exist_ok=True)
    figures: list[Figure] = []
    out: dict[str, Any] = {
        "mode": "quick" if cfg.quick else "full", "runs": cfg.runs, "heavy_runs": cfg.heavy_runs,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "started_at": dt.datetime.now().isoformat(timespec="seconds")}
    parts: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(part: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        parts[part] = round(now - clock, 1)
        clock = now

    if {"import", "openpyxl", "ita"} & set(cfg.parts):
        figures += bench_import(cfg, say)
        lap("import")
    if "scoring" in cfg.parts:
        figures += bench_scoring(cfg, say)
        lap("scoring")
    if {"pages", "rss", "deck"} & set(cfg.parts):
        big, built = cached_database(cfg, cfg.scale, say)
        with tempfile.TemporaryDirectory(prefix="pramern-demo-") as tmp:
            demo = Path(tmp) / "demo.duckdb"
            store = Store(demo)
            load_demo(store)
            store.close()
            out["databases"] = {cfg.scale: {"path": str(big), "rows": database_rows(big), "synth": built},
                                "demo": {"rows": database_rows(demo)}}
            lap("databases")
            peaks = None
            if "pages" in cfg.parts:
                page_figures, peaks = bench_pages(cfg, big, demo, say)
                figures += page_figures
                lap("pages")
            if "rss" in cfg.parts:
                figures += bench_rss(cfg, big, demo, peaks, say)
                lap("rss")
        if "deck" in cfg.parts:
            figures += bench_deck(cfg, big, say)
            lap("deck")
    if {"sessions", "startup", "exports"} & set(cfg.parts):
        big, _ = cached_database(cfg, cfg.scale, say)
        if "sessions" in cfg.parts:
            figures += bench_sessions(cfg, big, say)
            lap("sessions")
            if cfg.postgres:
                figures += bench_sessions_replicas(cfg, big, say)
                lap("sessions_postgres")
        if "startup" in cfg.parts:
            figures += bench_first_metric(cfg, big, say)
            lap("startup")
        if "exports" in cfg.parts:
            figures += bench_first_export(cfg, big, say)
            lap("exports")
    if "postgres" in cfg.parts and cfg.postgres:
        big, _ = cached_database(cfg, cfg.scale, say)
        figures += bench_postgres(cfg, big, say)
        lap("postgres")
    out["figures"] = {f.name: f.as_dict() for f in figures}
    out["part_seconds"] = parts
    out["seconds"] = round(time.perf_counter() - started, 1)
    return out


def render(result: dict[str, Any]) -> str:
    """The figures as a table: value, goal, met, and what the ratio divides."""
    lines = [f"Pramern benchmark ({result['mode']}, median of {result['runs']} runs; "
             f"{result['machine']['cpus']} CPUs, Python {result['machine']['python']})", ""]
    lines.append(f"{'figure':<42} {'value':>10}  {'goal':<8} {'met':<5} detail")
    for name, f in result["figures"].items():
        value = "–" if f["value"] is None else f"{f['value']:,.3f}" if f["unit"] != "ratio" else f"{f['value']:,.2f}"
        met = {True: "yes", False: "NO", None: "–"}[f["met"]]
        detail = ""
        if "numerator_s" in f:
            detail = f"{f['numerator_s']:.4g} s / {f['denominator_s']:.4g} s"
        elif "numerator_mib" in f:
            detail = f"{f['numerator_mib']:.0f} MiB / {f['denominator_mib']:.0f} MiB"
        if f.get("note"):
            detail = f"{detail}  ({f['note']})" if detail else f["note"]
        lines.append(f"{name:<42} {value:>10}  {f['goal'] or '–':<8} {met:<5} {detail}")
    lines.append("")
    lines.append(f"took {result['seconds']} s")
    return "\n".join(lines)


def config_for(quick: bool, runs: int | None = None, work_dir: Path | None = None,
               parts: Sequence[str] | None = None, browser: bool | None = None) -> BenchConfig:
    cfg = QUICK if quick else FULL
    changes: dict[str, Any] = {} if browser is None else {"browser": browser}
    if runs is not None:
        changes.update(runs=runs, heavy_runs=min(cfg.heavy_runs, runs) if quick else max(1, min(3, runs)))
    if work_dir is not None:
        changes["work_dir"] = work_dir
    if parts:
        unknown = set(parts) - set(PARTS)
        if unknown:
            raise ValueError(f"unknown benchmark parts: {', '.join(sorted(unknown))} (known: {', '.join(PARTS)})")
        changes["parts"] = tuple(parts)
    return replace(cfg, **changes)
