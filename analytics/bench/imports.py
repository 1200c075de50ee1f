"""Import figures: our import against a bare python-calamine read and against pandas + openpyxl."""

from __future__ import annotations

import math
import os
import tempfile
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


def import_once(workbook: Path, orgs: pd.DataFrame, work: Path) -> tuple[float, int]:
    """Seconds for a validated import (read, check, store) into a fresh store that has the orgs; rows stored."""
    from analytics.importing import parse_file
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
