"""Import figures: our import against a bare python-calamine read and against pandas + openpyxl."""

from __future__ import annotations

import math
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from analytics import synth as syn
from analytics.auth import SYSTEM
from analytics.bench.core import BenchConfig, Figure, _fresh, _ms, median, ratio, timed
from analytics.store import Store


def kpi_workbook(cfg: BenchConfig) -> tuple[Path, pd.DataFrame]:
    """A KPI workbook of import_rows rows with the template's headers (cached), and the orgs it names."""
    from analytics.importing import SPECS
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


def _timed_cpu(func: Callable[[], object], cpu: list[float] | None) -> tuple[float, object]:
    """timed(func), appending the CPU seconds it took (every thread of this process) to cpu when given:
    on a shared machine the wall-clock seconds swing with the load, the CPU seconds much less."""
    start = time.process_time()
    seconds, out = timed(func)
    if cpu is not None:
        cpu.append(time.process_time() - start)
    return seconds, out


def timed_import(workbook: Path, store: Store, cpu: list[float] | None = None) -> tuple[float, int]:
    """Seconds to read, check and store the KPI workbook into store, and the rows it stored."""
    from analytics.importing import parse_file

    def run() -> int:
        parsed = parse_file(workbook.read_bytes(), workbook.name, store, kind="kpi")
        if not parsed.ok or parsed.plan is None:
            raise AssertionError(f"the benchmark workbook does not import: {parsed.errors[:3]}")
        store.apply_import(parsed.plan, SYSTEM)
        return parsed.plan.rows
    seconds, rows = _timed_cpu(run, cpu)
    return seconds, int(rows)  # type: ignore[call-overload]


def import_once(workbook: Path, orgs: pd.DataFrame, work: Path, cpu: list[float] | None = None) -> tuple[float, int]:
    """Seconds for a validated import (read, check, store) into a fresh store that has the orgs; rows stored."""
    target = work / "import.duckdb"
    store = _store_with_orgs(target, orgs)
    try:
        seconds, rows = timed_import(workbook, store, cpu)
    finally:
        store.close()
        _fresh(target)
    return seconds, int(rows)


def calamine_once(workbook: Path, cpu: list[float] | None = None) -> float:
    import python_calamine as pc

    def run() -> int:
        book = pc.CalamineWorkbook.from_path(str(workbook))
        return len(book.get_sheet_by_index(0).to_python())
    return _timed_cpu(run, cpu)[0]


def openpyxl_once(workbook: Path) -> float:
    return timed(lambda: pd.read_excel(workbook, engine="openpyxl"))[0]


ITA_COLUMNS = ("org_code", "fiscal_year", "indicator_no", "tool", "question_code", "question_text", "score",
               "recommendation", "analysis_label")
# The national ITA question file (about 373,500 rows) is within an upload's default limits (Limits()).


def ita_workbook(cfg: BenchConfig) -> tuple[Path, pd.DataFrame]:
    """One year's ITA question file for every agency of cfg.scale (national: 8,300 x 45 questions), cached."""
    from analytics.importing import SPECS
    spec = syn.SCALES[cfg.scale]
    orgs = syn.orgs_frame(spec, np.random.default_rng(cfg.seed))
    path = cfg.work_dir / f"ita_{cfg.scale}_seed{cfg.seed}_v{syn.SYNTH_VERSION}.xlsx"
    if path.exists():
        return path, orgs
    cfg.work_dir.mkdir(parents=True, exist_ok=True)
    frames = syn.ita_frames(orgs, spec.ita_years[-1:], np.random.default_rng(cfg.seed))
    rows = frames.questions
    th = {c.name: c.th for c in SPECS["ita"]}
    import xlsxwriter
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.xlsx")
    workbook = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
    sheet = workbook.add_worksheet("ita")
    sheet.write_row(0, 0, [f"{th[c]} ({c})" for c in ITA_COLUMNS])
    values = [rows[c].astype(object).where(rows[c].notna(), None).tolist() for c in ITA_COLUMNS]
    for i, row in enumerate(zip(*values, strict=True), start=1):
        sheet.write_row(i, 0, row)
    workbook.close()
    tmp.replace(path)
    return path, orgs


def ita_import_once(workbook: Path, orgs: pd.DataFrame, work: Path, cpu: list[float] | None = None
                    ) -> tuple[float, int]:
    """Seconds for a validated import of the ITA question file (read, check, store); rows stored."""
    from analytics.importing import parse_file
    target = work / "ita.duckdb"
    store = _store_with_orgs(target, orgs)
    try:
        def run() -> int:
            parsed = parse_file(workbook.read_bytes(), workbook.name, store, kind="ita")
            if not parsed.ok:
                raise AssertionError(f"the ITA benchmark workbook does not import: {parsed.errors[:3]}")
            store.apply_imports(parsed.plans, SYSTEM)
            return sum(p.rows for p in parsed.plans)
        seconds, rows = _timed_cpu(run, cpu)
    finally:
        store.close()
        _fresh(target)
    return seconds, int(rows)  # type: ignore[call-overload]


def _cpu_detail(imports: list[float], reads: list[float]) -> dict[str, object]:
    """The same ratio in CPU seconds (medians), recorded beside the wall-clock one the goal is judged by."""
    return {"cpu_ratio": ratio(imports, reads), "numerator_cpu_s": round(median(imports), 4),
            "denominator_cpu_s": round(median(reads), 4),
            "samples_cpu_s": {"import": _ms(imports), "read": _ms(reads)}}


_RSS_CHILD = """
import sys
from pathlib import Path
import pandas as pd
from analytics.auth import SYSTEM
from analytics.bench.core import peak_rss_kib
from analytics.bench.imports import _store_with_orgs
from analytics.importing import parse_file
store = _store_with_orgs(Path(sys.argv[3]) / "rss.duckdb", pd.read_pickle(sys.argv[2]))
data = Path(sys.argv[1]).read_bytes()
before = peak_rss_kib()
parsed = parse_file(data, Path(sys.argv[1]).name, store, kind="ita")
assert parsed.ok, parsed.errors[:3]
store.apply_imports(parsed.plans, SYSTEM)
print(before, peak_rss_kib(), sum(p.rows for p in parsed.plans))
"""


def ita_import_rss(workbook: Path, orgs: pd.DataFrame, work: Path) -> tuple[int, int]:
    """Peak RSS (KiB) of a fresh process that imports the ITA file, and of the same process before it
    (with its libraries loaded, the store open and the file's bytes read)."""
    import subprocess
    import sys

    from analytics.bench.core import ROOT
    orgs_file = work / "orgs.pkl"
    orgs.to_pickle(orgs_file)
    done = subprocess.run([sys.executable, "-c", _RSS_CHILD, str(workbook), str(orgs_file), str(work)], cwd=ROOT,
                          capture_output=True, text=True, timeout=1800, check=True)
    before, peak, _ = (int(v) for v in done.stdout.split())
    return before, peak


def bench_ita_import(cfg: BenchConfig, log: Callable[[str], None]) -> list[Figure]:
    """The national ITA question file: import against the bare read, and the importing process's peak memory."""
    workbook, orgs = ita_workbook(cfg)
    reads: list[float] = []
    imports: list[float] = []
    cpu_reads: list[float] = []
    cpu_imports: list[float] = []
    rows = 0
    with tempfile.TemporaryDirectory(prefix="pramern-ita-") as tmp:
        for _ in range(cfg.heavy_runs):
            reads.append(calamine_once(workbook, cpu_reads))
            seconds, rows = ita_import_once(workbook, orgs, Path(tmp), cpu_imports)
            imports.append(seconds)
        before, peak = ita_import_rss(workbook, orgs, Path(tmp))
    size = workbook.stat().st_size
    log(f"ITA {cfg.scale} import {median(imports):.2f} s, calamine read {median(reads):.2f} s, "
        f"peak RSS {peak / 1024:.0f} MiB")
    sheet = {"workbook": str(workbook), "scale": cfg.scale, "bytes": size, "stored_rows": rows}
    return [
        Figure("import_ita_national_vs_read", ratio(imports, reads), detail={
            "numerator": "import of the ITA question file (parse_file + apply_imports)",
            "numerator_s": round(median(imports), 4),
            "denominator": "python-calamine from_path + to_python", "denominator_s": round(median(reads), 4),
            **_cpu_detail(cpu_imports, cpu_reads),
            "samples_s": {"import": _ms(imports), "read": _ms(reads)}, **sheet}),
        Figure("import_rss_mib", round(peak / 1024, 1), unit="MiB", detail={
            "what": "peak RSS of a fresh process importing the ITA file (interpreter and libraries included)",
            "before_import_mib": round(before / 1024, 1), "file_mib": round(size / 2**20, 2), **sheet}),
        Figure("import_rss_vs_file", round((peak - before) * 1024 / size, 2), detail={
            "what": "(peak RSS - RSS before the import) / file size on disk", **sheet}),
    ]


def bench_import(cfg: BenchConfig, log: Callable[[str], None]) -> list[Figure]:
    """The import figures of the parts asked for: the KPI workbook's (import, openpyxl) and the ITA file's (ita)."""
    figures = bench_kpi_import(cfg, log) if {"import", "openpyxl"} & set(cfg.parts) else []
    if "ita" in cfg.parts:
        figures += bench_ita_import(cfg, log)
    return figures


def bench_kpi_import(cfg: BenchConfig, log: Callable[[str], None]) -> list[Figure]:
    workbook, orgs = kpi_workbook(cfg)
    reads: list[float] = []
    imports: list[float] = []
    cpu_reads: list[float] = []
    cpu_imports: list[float] = []
    rows = 0
    with tempfile.TemporaryDirectory(prefix="pramern-import-") as tmp:
        for _ in range(cfg.runs):  # interleaved, so drift touches both sides alike
            reads.append(calamine_once(workbook, cpu_reads))
            seconds, rows = import_once(workbook, orgs, Path(tmp), cpu_imports)
            imports.append(seconds)
    log(f"import {median(imports):.2f} s, calamine read {median(reads):.2f} s")
    sheet = {"workbook": str(workbook), "sheet_rows": cfg.import_rows, "bytes": workbook.stat().st_size,
             "stored_rows": rows}
    figures = []
    if "import" in cfg.parts:
        figures.append(Figure("import_vs_read", ratio(imports, reads), detail={
            "numerator": "import (parse_file + apply_import)", "numerator_s": round(median(imports), 4),
            "denominator": "python-calamine from_path + to_python", "denominator_s": round(median(reads), 4),
            **_cpu_detail(cpu_imports, cpu_reads),
            "samples_s": {"import": _ms(imports), "read": _ms(reads)}, **sheet}))
    if "openpyxl" in cfg.parts:
        slow = [openpyxl_once(workbook) for _ in range(cfg.heavy_runs)]
        log(f"pandas + openpyxl {median(slow):.2f} s")
        figures.append(Figure("openpyxl_vs_import", ratio(slow, imports), detail={
            "numerator": "pandas.read_excel(engine='openpyxl')", "numerator_s": round(median(slow), 4),
            "denominator": "import", "denominator_s": round(median(imports), 4),
            "samples_s": {"openpyxl": _ms(slow), "import": _ms(imports)}, **sheet}))
    return figures
