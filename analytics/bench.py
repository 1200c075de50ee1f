"""`python -m analytics bench`: what Pramern's costs are at national scale, measured as ratios.

Each figure is a ratio of medians over several runs (a machine twice as fast changes both sides),
printed with the goal issue 7 holds it to and whether it is met. `--quick` runs the same code on
small inputs and a ministry-scale database, once each: the test suite runs it for correctness
only, never asserting a time.

Databases and the benchmark workbook are cached under the temp dir, keyed by everything that
makes them (scale, seed, generator version, the demo files), so a rerun measures rather than builds.
The app itself runs in child processes: a database file takes one writing process at a time,
and each database's page times and memory must not see the other's caches.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import hashlib
import inspect
import json
import math
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analytics import scoring
from analytics import synth as syn
from analytics.auth import DEMO_VIEWER, SYSTEM, page_permission
from analytics.demo import DEMO_DIR, load_demo
from analytics.store import Store

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
BENCH_ORG, BENCH_YEAR, BENCH_ROUND = "DPIM", 2568, 12
BENCH_TODAY = "2026-11-20"  # the day the test suite pins, so overdue counts do not drift

# name -> (comparison, threshold); None: recorded, no goal.
GOALS: dict[str, tuple[str, float] | None] = {
    "import_vs_read": ("<=", 1.3),
    "openpyxl_vs_import": (">=", 5.0),
    "loop_vs_engine": (">=", 100.0),
    "page_national_vs_demo": ("<=", 1.5),
    "rss_national_vs_demo": ("<=", 2.0),
    "deck_seconds": None,
}
PARTS = ("import", "openpyxl", "scoring", "pages", "rss", "deck")


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


FULL = BenchConfig()
QUICK = BenchConfig(quick=True, runs=1, heavy_runs=1, import_rows=2_000, score_rows=20_000, scale="ministry",
                    browser=False)


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


# -- databases --------------------------------------------------------------------------------------
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


# -- import versus a bare read ------------------------------------------------------------------------
def kpi_workbook(cfg: BenchConfig) -> tuple[Path, pd.DataFrame]:
    """A KPI workbook of import_rows rows with the template's headers (cached), and the orgs it names."""
    from analytics.importers import SPECS
    spec = syn.SCALES["national"]
    orgs = syn.orgs_frame(spec, np.random.default_rng(cfg.seed))
    per_unit = spec.kpis_per_agreement * len(spec.kpi_years)
    units = syn.kpi_units(orgs, spec).head(max(1, math.ceil(cfg.import_rows / per_unit)))
    path = cfg.work_dir / f"kpi_{cfg.import_rows}_seed{cfg.seed}_v{syn.SYNTH_VERSION}.xlsx"
    if path.exists():
        return path, orgs
    cfg.work_dir.mkdir(parents=True, exist_ok=True)
    frames = syn.kpi_frames(units, spec.kpi_years, spec.kpis_per_agreement, np.random.default_rng(cfg.seed))
    wide = frames.results.pivot_table(index=["org_code", "fiscal_year", "kpi_code"], columns="round",
                                      values="result", observed=True)
    wide.columns = [f"result_{r}m" for r in wide.columns]
    rows = frames.kpis.merge(wide.reset_index(), on=["org_code", "fiscal_year", "kpi_code"], how="left")
    rows = rows.head(cfg.import_rows)
    cols = SPECS["kpi"]
    import xlsxwriter
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.xlsx")
    workbook = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
    sheet = workbook.add_worksheet("kpi")
    sheet.write_row(0, 0, [f"{c.th or c.name} ({c.name}){' *' if c.required else ''}" for c in cols])
    values = [rows[c.name].astype(object).where(rows[c.name].notna(), None).tolist() for c in cols]
    for i, row in enumerate(zip(*values, strict=True), start=1):
        sheet.write_row(i, 0, row)
    workbook.close()
    tmp.replace(path)
    return path, orgs


def _store_with_orgs(path: Path, orgs: pd.DataFrame) -> Store:
    _fresh(path)
    store = Store(path)
    syn.store_kind(store, "orgs", {"orgs": orgs}, "bench", 0)
    return store


def import_once(workbook: Path, orgs: pd.DataFrame, work: Path) -> tuple[float, int]:
    """Seconds for a validated import (read, check, store) into a fresh store that has the orgs; rows stored."""
    from analytics.importers import parse_file
    target = work / "import.duckdb"
    store = _store_with_orgs(target, orgs)
    try:
        def run() -> int:
            data = workbook.read_bytes()
            parsed = parse_file(data, workbook.name, store, kind="kpi")
            if not parsed.ok or parsed.plan is None:
                raise AssertionError(f"the benchmark workbook does not import: {parsed.errors[:3]}")
            store.apply_import(parsed.plan, SYSTEM)
            return parsed.plan.rows
        seconds, rows = timed(run)
    finally:
        store.close()
        _fresh(target)
    return seconds, int(rows)


def calamine_once(workbook: Path) -> float:
    import python_calamine as pc

    def run() -> int:
        book = pc.CalamineWorkbook.from_path(str(workbook))
        return len(book.get_sheet_by_index(0).to_python())
    return timed(run)[0]


def openpyxl_once(workbook: Path) -> float:
    return timed(lambda: pd.read_excel(workbook, engine="openpyxl"))[0]


def bench_import(cfg: BenchConfig, log: Callable[[str], None]) -> list[Figure]:
    workbook, orgs = kpi_workbook(cfg)
    reads: list[float] = []
    imports: list[float] = []
    rows = 0
    with tempfile.TemporaryDirectory(prefix="pramern-import-") as tmp:
        for _ in range(cfg.runs):  # interleaved, so drift touches both sides alike
            reads.append(calamine_once(workbook))
            seconds, rows = import_once(workbook, orgs, Path(tmp))
            imports.append(seconds)
    log(f"import {median(imports):.2f} s, calamine read {median(reads):.2f} s")
    sheet = {"workbook": str(workbook), "sheet_rows": cfg.import_rows, "bytes": workbook.stat().st_size,
             "stored_rows": rows}
    figures = []
    if "import" in cfg.parts:
        figures.append(Figure("import_vs_read", ratio(imports, reads), detail={
            "numerator": "import (parse_file + apply_import)", "numerator_s": round(median(imports), 4),
            "denominator": "python-calamine from_path + to_python", "denominator_s": round(median(reads), 4),
            "samples_s": {"import": _ms(imports), "read": _ms(reads)}, **sheet}))
    if "openpyxl" in cfg.parts:
        slow = [openpyxl_once(workbook) for _ in range(cfg.heavy_runs)]
        log(f"pandas + openpyxl {median(slow):.2f} s")
        figures.append(Figure("openpyxl_vs_import", ratio(slow, imports), detail={
            "numerator": "pandas.read_excel(engine='openpyxl')", "numerator_s": round(median(slow), 4),
            "denominator": "import", "denominator_s": round(median(imports), 4),
            "samples_s": {"openpyxl": _ms(slow), "import": _ms(imports)}, **sheet}))
    return figures


# -- scoring: a Python loop versus the engine ---------------------------------------------------------
@dataclass
class ScoringInput:
    rows: list[tuple[float, tuple[float, ...], str, scoring.SchemeConfig]]  # what a loop over records sees
    by_scheme: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]  # index, results, criteria, dirs


def scoring_input(n: int, seed: int) -> ScoringInput:
    """n KPI results with their criteria, direction and scheme, drawn like the synthetic agreements."""
    per_unit = 40 * 10
    units = pd.DataFrame({"org_code": [f"U{i:05d}" for i in range(math.ceil(n / (per_unit * 2.9)) + 1)]})
    frames = syn.kpi_frames(units, tuple(range(2559, 2569)), 40, np.random.default_rng(seed))
    rows = frames.results.merge(frames.kpis, on=["org_code", "fiscal_year", "kpi_code"]).head(n)
    if len(rows) < n:
        raise AssertionError(f"only {len(rows)} scoring rows for {n}")
    configs = scoring.DEFAULT_SCHEMES
    crit5 = rows[["c1", "c2", "c3", "c4", "c5"]].to_numpy(dtype=np.float64)
    schemes = rows["scheme"].astype(str).to_numpy()
    directions = rows["direction"].astype(str).to_numpy()
    results = rows["result"].to_numpy(dtype=np.float64)
    by_scheme = {}
    for name, cfg in configs.items():
        idx = np.flatnonzero(schemes == name)
        by_scheme[name] = (idx, results[idx], crit5[idx, :len(cfg.scores)], directions[idx])
    points = {name: len(cfg.scores) for name, cfg in configs.items()}
    records = [(r, tuple(c[:points[s]]), d, configs[s])
               for r, c, d, s in zip(results.tolist(), crit5.tolist(), directions.tolist(), schemes.tolist(),
                                     strict=True)]
    return ScoringInput(records, by_scheme)


def score_loop(data: ScoringInput) -> np.ndarray:
    out = []
    for result, criteria, direction, cfg in data.rows:
        out.append(scoring.score_result(result, criteria, cfg, direction))
    return np.array(out)


def score_engine(data: ScoringInput, n: int) -> np.ndarray:
    out = np.empty(n)
    for name, (idx, results, criteria, directions) in data.by_scheme.items():
        out[idx] = scoring.score_many(results, criteria, directions, scoring.DEFAULT_SCHEMES[name])
    return out


def bench_scoring(cfg: BenchConfig, log: Callable[[str], None]) -> list[Figure]:
    data = scoring_input(cfg.score_rows, cfg.seed)
    n = len(data.rows)
    engine: list[float] = []
    loop: list[float] = []
    diff = 0.0
    for i in range(max(cfg.runs, cfg.heavy_runs)):
        seconds, fast = timed(lambda: score_engine(data, n))
        engine.append(seconds)
        if i < cfg.heavy_runs:
            seconds, slow = timed(lambda: score_loop(data))
            loop.append(seconds)
            diff = max(diff, float(np.max(np.abs(slow - fast))))
    if diff > 1e-9:
        raise AssertionError(f"score_many and score_result disagree by {diff}")
    log(f"scoring {n:,} results: loop {median(loop):.2f} s, engine {median(engine):.4f} s")
    return [Figure("loop_vs_engine", ratio(loop, engine), detail={
        "rows": n, "numerator": "Python loop over rows calling scoring.score_result",
        "numerator_s": round(median(loop), 4), "denominator": "scoring.score_many per scheme",
        "denominator_s": round(median(engine), 5), "max_abs_diff": diff,
        "samples_s": {"loop": _ms(loop), "engine": [round(s, 5) for s in engine]}})]


# -- pages ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Page:
    path: str
    url: str
    default: bool
    permission: str  # what a user needs to see it; the benchmark browses as the demo viewer

    @property
    def viewable(self) -> bool:
        return DEMO_VIEWER.may(self.permission)


def app_pages(app: Path = APP) -> list[Page]:
    """The pages app.py lists in PAGES, read from its source (running it needs Streamlit)."""
    tree = ast.parse(app.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "PAGES" for t in node.targets):
            sections = ast.literal_eval(node.value)
            break
    else:
        raise AssertionError(f"{app} has no PAGES")
    pages = [(path, url) for entries in sections.values() for path, _title, url, *_ in entries]
    return [Page(path, url, url == "overview", page_permission(path)) for path, url in pages]


def app_env(db: Path) -> dict[str, str]:
    return {**os.environ, "PRAMERN_DB": str(db), "PRAMERN_TODAY": BENCH_TODAY, "PRAMERN_DEMO": "1",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def peak_rss_kib(pid: int | str = "self") -> int:
    """VmHWM, the peak resident set size of a process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM in /proc status")


PROTOCOL = "@@bench "  # marks the page child's answers among whatever else reaches its stdout


class PageChild:
    """A page child process for one database, driven one command at a time."""

    def __init__(self, db: Path):
        self.db = db
        # The child lives in ui/: it drives the app with Streamlit's AppTest, and analytics never imports streamlit.
        self.proc = subprocess.Popen([sys.executable, "-m", "ui.bench_pages"], cwd=ROOT,
                                     env=app_env(db), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, bufsize=1)
        self.first = self._answer()

    def _answer(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith(PROTOCOL):
                answer: dict[str, Any] = json.loads(line[len(PROTOCOL):])
                return answer
        err = self.proc.stderr.read() if self.proc.stderr else ""
        raise AssertionError(f"the page child for {self.db} stopped:\n{err[-3000:]}")

    def ask(self, op: str, **params: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"op": op, **params}) + "\n")
        self.proc.stdin.flush()
        return self._answer()

    def close(self) -> None:
        if self.proc.stdin is not None:
            with contextlib.suppress(OSError):
                self.proc.stdin.write(json.dumps({"op": "quit"}) + "\n")
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def bench_pages(cfg: BenchConfig, big: Path, demo: Path,
                log: Callable[[str], None]) -> tuple[list[Figure], dict[str, int]]:
    """Each page's warm rerun time on the big database over the demo's, the two runs interleaved.

    The children run the app in demo mode (app_env), which lists only what the demo viewer may
    see; a page that needs more (upload, admin, audit) is reported without a value.
    """
    every = app_pages()
    pages = [p.path for p in every if p.viewable]
    labels = ("demo", cfg.scale)
    children = {"demo": PageChild(demo)}
    try:
        children[cfg.scale] = PageChild(big)
        figures = []
        for page in pages:
            first = {label: children[label].ask("page", page=page) for label in labels}
            samples: dict[str, list[float]] = {label: [] for label in labels}
            errors = [e for answer in first.values() for e in answer["errors"]]
            if not all(answer["sidebar"] for answer in first.values()):
                errors.append("the sidebar did not run with the page")
            for r in range(cfg.runs):
                for label in (labels if r % 2 == 0 else labels[::-1]):  # alternate who goes first
                    answer = children[label].ask("rerun")
                    samples[label].append(answer["s"])
                    errors += answer["errors"]
            d, n = samples["demo"], samples[cfg.scale]
            log(f"{page}: {cfg.scale} {median(n):.3f} s, demo {median(d):.3f} s")
            figures.append(Figure(f"page_national_vs_demo:{Path(page).stem}", ratio(n, d),
                                  note=("page raised: " + "; ".join(sorted(set(errors)))) if errors else None, detail={
                                      "page": page, "org": BENCH_ORG, "year": BENCH_YEAR,
                                      "numerator": f"AppTest rerun, {cfg.scale} database, warm caches",
                                      "numerator_s": round(median(n), 4),
                                      "denominator": "AppTest rerun, demo database, warm caches",
                                      "denominator_s": round(median(d), 4),
                                      "first_run_s": {label: round(first[label]["s"], 4) for label in labels},
                                      "samples_s": {label: _ms(samples[label]) for label in labels}}))
        peaks = {label: int(children[label].ask("rss")["peak_rss_kib"]) for label in labels}
        figures += [Figure(f"page_national_vs_demo:{Path(p.path).stem}", None, detail={"page": p.path},
                           note=f"not measured: needs the {p.permission!r} permission and the benchmark "
                                "browses as the demo viewer") for p in every if not p.viewable]
    finally:
        for child in children.values():
            child.close()
    return figures, peaks


# -- memory: the app process over a tour of every page --------------------------------------------------
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


@contextlib.contextmanager
def streamlit_server(db: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`streamlit run app.py` on a free loopback port against one database; stopped on exit."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"], cwd=ROOT, env=app_env(db),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"streamlit exited: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                    if resp.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("streamlit did not start within 120 s")
            time.sleep(0.2)
        yield proc, base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def browser_tour(db: Path, pages: Sequence[Page], chromium: str) -> dict[str, Any]:
    """Peak RSS of the app process after headless Chromium has shown every page once."""
    from playwright.sync_api import sync_playwright
    query = f"?org={BENCH_ORG}&year={BENCH_YEAR}&round={BENCH_ROUND}&lang=th"
    seconds: dict[str, float] = {}
    with streamlit_server(db) as (proc, base), sync_playwright() as pw:
        idle_kib = peak_rss_kib(proc.pid)
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            tab = browser.new_page(viewport={"width": 1400, "height": 1000})
            for page in pages:
                start = time.perf_counter()
                tab.goto(f"{base}/{'' if page.default else page.url}{query}")
                tab.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=600_000)
                seconds[page.path] = round(time.perf_counter() - start, 3)
        finally:
            browser.close()
        peak = peak_rss_kib(proc.pid)
    return {"method": "streamlit run + headless Chromium", "peak_rss_kib": peak, "startup_rss_kib": idle_kib,
            "page_seconds": seconds}


def bench_rss(cfg: BenchConfig, big: Path, demo: Path, apptest_peaks: dict[str, int] | None,
              log: Callable[[str], None]) -> list[Figure]:
    """Peak RSS of the app over a tour of every page, big database over demo.

    With Chromium (the full run): a real `streamlit run` process. Otherwise, or when asked (the quick
    run), the AppTest processes of the page timings, which ran every page too.
    """
    pages = [p for p in app_pages() if p.viewable]
    chromium = chromium_path() if cfg.browser else None
    if chromium is not None:
        try:
            import playwright  # noqa: F401
        except ImportError:
            chromium = None
    tours: dict[str, dict[str, Any]] = {}
    note = None
    if chromium is not None:
        for label, db in (("demo", demo), (cfg.scale, big)):
            tours[label] = browser_tour(db, pages, chromium)
    else:
        note = "AppTest processes that ran every page" + ("" if cfg.browser else " (browser tour not asked for)")
        if apptest_peaks is None:
            _, apptest_peaks = bench_pages(replace(cfg, runs=1), big, demo, lambda _msg: None)
        tours = {label: {"method": "AppTest in a child process", "peak_rss_kib": kib}
                 for label, kib in apptest_peaks.items()}
    value = round(tours[cfg.scale]["peak_rss_kib"] / tours["demo"]["peak_rss_kib"], 3)
    log(f"peak RSS: {cfg.scale} {tours[cfg.scale]['peak_rss_kib'] / 1024:.0f} MiB, "
        f"demo {tours['demo']['peak_rss_kib'] / 1024:.0f} MiB")
    return [Figure("rss_national_vs_demo", value, note=note, detail={
        "numerator": f"peak RSS (VmHWM) of the app process, {cfg.scale} database",
        "numerator_mib": round(tours[cfg.scale]["peak_rss_kib"] / 1024, 1),
        "denominator": "the same, demo database", "denominator_mib": round(tours["demo"]["peak_rss_kib"] / 1024, 1),
        "tours": tours})]


# -- the meeting deck -----------------------------------------------------------------------------------
def _deck_arguments(func: Callable[..., Any], store: Store) -> dict[str, Any]:
    """Arguments for build_deck by parameter name; its signature belongs to the exports module."""
    known: dict[str, Any] = {
        "store": store, "org": BENCH_ORG, "org_code": BENCH_ORG, "year": BENCH_YEAR, "fiscal_year": BENCH_YEAR,
        "round": BENCH_ROUND, "round_": BENCH_ROUND, "lang": "th", "language": "th",
        "today": dt.date.fromisoformat(BENCH_TODAY)}
    args = {}
    for name, param in inspect.signature(func).parameters.items():
        if name in known:
            args[name] = known[name]
        elif param.default is inspect.Parameter.empty and param.kind not in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise TypeError(f"build_deck needs {name!r}, which the benchmark does not know how to give")
    return args


def bench_deck(cfg: BenchConfig, big: Path, log: Callable[[str], None]) -> list[Figure]:
    try:
        from analytics.exports.deck import build_deck  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        return [Figure("deck_seconds", None, unit="s", note=f"analytics.exports.deck.build_deck is not there yet ({exc})")]
    store = Store(big)
    try:
        args = _deck_arguments(build_deck, store)
        samples = [timed(lambda: build_deck(**args))[0] for _ in range(max(1, min(cfg.runs, 3)))]
    except Exception as exc:  # the deck is another module's work in progress: record, do not crash the run
        return [Figure("deck_seconds", None, unit="s", note=f"build_deck failed: {type(exc).__name__}: {exc}")]
    finally:
        store.close()
    log(f"deck {median(samples):.2f} s")
    return [Figure("deck_seconds", round(median(samples), 3), unit="s", detail={
        "org": BENCH_ORG, "year": BENCH_YEAR, "database": cfg.scale, "samples_s": _ms(samples)})]


# -- the run ----------------------------------------------------------------------------------------------
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

    if {"import", "openpyxl"} & set(cfg.parts):
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
