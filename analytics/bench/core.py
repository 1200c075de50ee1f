"""What every figure shares: goals, the run configuration, figures, timing, cached databases."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analytics import synth as syn
from analytics.demo import DEMO_DIR
from analytics.store import Store

ROOT = Path(__file__).resolve().parents[2]


APP = ROOT / "app.py"


BENCH_ORG, BENCH_YEAR, BENCH_ROUND = "DPIM", 2568, 12


BENCH_TODAY = "2026-11-20"  # the day the test suite pins, so overdue counts do not drift


# name -> (comparison, threshold); None: recorded, no goal.
GOALS: dict[str, tuple[str, float] | None] = {
    "import_vs_read": ("<=", 1.0),
    "openpyxl_vs_import": (">=", 10.0),
    "import_ita_national_vs_read": ("<=", 1.0),
    "import_rss_mib": None,  # recorded; its goal is import_rss_vs_file
    "import_rss_vs_file": ("<=", 4.0),
    "loop_vs_engine": None,  # recorded: no one waits on scoring a million rows
    "page_national_vs_demo": ("<=", 1.5),
    "rss_national_vs_demo": ("<=", 2.0),
    "deck_seconds": None,
    "sessions_p95_ratio": ("<=", 3.0),
    "sessions_rss_ratio": ("<=", 1.5),
    "first_metric_vs_bare": ("<=", 1.3),
    "first_export_vs_warm": ("<=", 1.5),
    "page_pg_vs_duckdb": ("<=", 2.0),
    "page_pg_national_vs_demo": ("<=", 1.5),
    "import_pg_vs_duckdb": ("<=", 1.5),
}


PARTS = ("import", "openpyxl", "ita", "scoring", "pages", "rss", "deck", "sessions", "startup", "exports",
         "postgres")


@dataclass(frozen=True)
class BenchConfig:
    """Sizes and repetitions of one benchmark run."""

    quick: bool = False
    runs: int = 5  # repetitions of the quick measurements (page reruns, imports, calamine reads)
    heavy_runs: int = 3  # repetitions of the slow ones (openpyxl, the Python loop)
    import_rows: int = 100_000
    score_rows: int = 1_000_000
    scale: str = "national"
    seed: int = 2568
    work_dir: Path = Path(tempfile.gettempdir()) / "pramern-bench"
    parts: tuple[str, ...] = PARTS
    browser: bool = True  # tour the pages with headless Chromium when it is there
    load_sessions: int = 40  # people at once in the session load test
    load_seconds: float = 60.0  # how long each phase of the load test lasts
    solo_think: tuple[float, float] = (0.3, 0.8)  # the lone user's pause between clicks (s)
    crowd_think: tuple[float, float] = (5.0, 15.0)  # the crowd's: reading before the next click (s)
    min_clicks: int = 0  # clicks every simulated person makes after the first page, however slow the machine
    start_runs: int = 3  # cold starts of the app and of the bare app
    postgres: bool = True  # also measure on a throw-away PostgreSQL (needs Debian's postgresql and nginx)


FULL = BenchConfig()


QUICK = BenchConfig(quick=True, runs=1, heavy_runs=1, import_rows=2_000, score_rows=20_000, scale="ministry",
                    browser=False, load_sessions=3, load_seconds=3.0, solo_think=(0.05, 0.2),
                    crowd_think=(0.2, 0.5), min_clicks=2, start_runs=1)


@dataclass
class Figure:
    """One measured figure: value, the goal it is held to, and what it was computed from."""

    name: str
    value: float | None
    unit: str = "ratio"
    note: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def goal(self) -> str | None:
        goal = GOALS[self.name.split(":")[0]]
        return None if goal is None else f"{goal[0]} {goal[1]:g}"

    @property
    def met(self) -> bool | None:
        goal = GOALS[self.name.split(":")[0]]
        if goal is None or self.value is None:
            return None
        return self.value <= goal[1] if goal[0] == "<=" else self.value >= goal[1]

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit, "goal": self.goal, "met": self.met, "note": self.note,
                **self.detail}


def median(samples: Sequence[float]) -> float:
    return float(statistics.median(samples))


def ratio(numerator: Sequence[float], denominator: Sequence[float]) -> float:
    return round(median(numerator) / median(denominator), 3)


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = func()
    return time.perf_counter() - start, out


def _ms(samples: Sequence[float]) -> list[float]:
    return [round(s, 4) for s in samples]


def demo_fingerprint() -> str:
    """What the demo files hold: a cached database made from other demo files is stale."""
    digest = hashlib.sha256()
    for path in sorted(DEMO_DIR.iterdir()):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def _fresh(path: Path) -> None:
    for suffix in ("", ".wal", ".tmp", ".tmp.wal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def cached_database(cfg: BenchConfig, scale: str, log: Callable[[str], None]) -> tuple[Path, dict[str, Any] | None]:
    """A database of a scale, built once (then reused) under the work dir; and the synth report if built now."""
    cfg.work_dir.mkdir(parents=True, exist_ok=True)
    path = cfg.work_dir / f"{scale}_seed{cfg.seed}_v{syn.SYNTH_VERSION}_{demo_fingerprint()}.duckdb"
    if path.exists():
        return path, None
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
    _fresh(tmp)
    log(f"building the {scale} database {path} (once)")
    store = Store(tmp)
    try:
        started = time.perf_counter()
        report = syn.synth(store, scale, cfg.seed)
        built = report.as_dict() | {"wall_seconds": round(time.perf_counter() - started, 2)}
    finally:
        store.close()
    tmp.replace(path)
    return path, built


def database_rows(path: Path) -> dict[str, int]:
    store = Store(path)
    try:
        return {t: int(store.scalar(f"SELECT count(*) FROM {t}")) for t in
                ("orgs", "kpis", "kpi_results", "ita_indicators", "ita_questions", "ita_summaries", "actions",
                 "cycle_steps")}
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def peak_rss_kib(pid: int | str = "self") -> int:
    """VmHWM, the peak resident set size of a process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM in /proc status")
