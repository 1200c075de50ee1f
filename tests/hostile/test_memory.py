"""The memory budget: the worst files are refused or read by the command line within the address space the
README states (RLIMIT_AS, as `ulimit -v` sets it), with their message, never a crash or a traceback."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT
from tests.hostile import files as f
from tests.hostile.cases import GUARD_CASES

BUDGET_MIB = 2048  # address space of the whole command-line process (README, "Memory budget")
RSS_MIB = 1024  # its peak resident memory for these files, with room for a loaded machine

WORST = {c.name: c for c in GUARD_CASES}


def _run_capped(upload: Path, db: Path, *args: str) -> tuple[int, str, int]:
    """Run `python -m analytics import` with RLIMIT_AS at the budget: (exit code, stderr, peak RSS in MiB)."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (BUDGET_MIB << 20, BUDGET_MIB << 20))
    proc = subprocess.Popen([sys.executable, "-m", "analytics", "import", str(upload), "--db", str(db), *args],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=cap)
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, err, usage.ru_maxrss // 1024


@pytest.mark.parametrize(("name", "build", "file_name", "expect"), [
    ("far cell XFD20000 (a 10 GB grid)", WORST["far_cell_XFD20000"].build, "far.xlsx", "XFD20000"),
    ("declared dimension A1:XFD1048576", WORST["declared_dimension"].build, "dim.xlsx", "XFD1048576"),
    ("grid of 14 million cells", WORST["far_cell_ZZ20000"].build, "zz.xlsx", "14040000"),
    ("a million columns", WORST["csv_million_columns"].build, "wide.csv", "1000001"),
    ("cells without references", WORST["cells_without_refs"].build, "norefs.xlsx", "702"),
    ("zip bomb", lambda: (DATA / "bad" / "zip_bomb.xlsx").read_bytes(), "bomb.xlsx", "16.1 MB"),
    ("largest grid the guard lets through, read in full",
     lambda: f.xlsx([f.KPI_HEADER, f.KPI_ROW], "kpi", extra_cells=[("ZZ7100", 1)]), "sparse.xlsx", "DPIM"),
], ids=lambda v: v if isinstance(v, str) and " " in v else "")
def test_worst_files_stay_within_the_budget(tmp_path: Path, name: str, build, file_name: str, expect: str) -> None:
    upload = tmp_path / file_name
    upload.write_bytes(build())
    code, err, rss = _run_capped(upload, tmp_path / "m.duckdb")
    assert code == 2, (name, code, err[-2000:])
    assert "Traceback" not in err and expect in err
    assert rss < RSS_MIB, (name, rss)
