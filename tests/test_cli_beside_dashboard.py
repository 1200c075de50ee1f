"""The embedded default beside a running dashboard: with `streamlit run` serving the demo DuckDB file
(as `make run` does) and a browser on it, the command line adds an account, imports, reports, lists the
audit trail and undoes, each exiting 0; the dashboard shows the import, then the undo, on its next rerun.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from analytics.devservers import AppServer, streamlit_server
from tests.conftest import DATA, ROOT
from tests.e2e.driver import open_app

CHROMIUM = "/usr/bin/chromium"
# What the KPI page says of kpi_dpim_2569.csv imported for FY2570 (DPIM has no FY2570 agreement in the demo).
SHOWN = "4 ตัวชี้วัดใน 3 มิติ"
GOOD = DATA / "good" / "kpi_dpim_2569.csv"


@pytest.fixture
def dashboard(demo_db_file: Path, tmp_path: Path) -> Iterator[AppServer]:
    db = tmp_path / "pramern.duckdb"
    shutil.copy(demo_db_file, db)
    with streamlit_server(db, tmp_path / "streamlit.log",
                          env={"PRAMERN_DEMO": "1", "PRAMERN_TODAY": "2026-11-20"}) as server:
        yield server


@pytest.fixture
def page(dashboard: AppServer) -> Iterator[Page]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield browser.new_page(viewport={"width": 1400, "height": 1000})
        finally:
            browser.close()


def cli(db: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "analytics", *args, "--db", db], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PRAMERN_DEMO": "1", "PRAMERN_DB_WAIT": "10"})
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr
    assert time.monotonic() - started < 60
    return done


def shows_kpi(page: Page, url: str) -> bool:
    open_app(page, f"{url}/kpi?org=DPIM&year=2570&lang=th")
    text = page.get_by_test_id("stMain").inner_text()
    assert ("ยังไม่มีตัวชี้วัดตามคำรับรอง" in text) != (SHOWN in text), text[:500]
    return SHOWN in text


def test_the_cli_works_beside_the_running_dashboard(dashboard: AppServer, page: Page) -> None:
    url, db = dashboard.url, dashboard.db
    assert not shows_kpi(page, url)  # the dashboard has opened the file and drawn a page

    cli(db, "user", "add", "boss@example.go.th", "--role", "admin", stdin="a-long-password-2568\n")
    imported = cli(db, "import", str(GOOD), "--org", "DPIM", "--year", "2570")
    batch = int(re.search(r"Imported batch (\d+)", imported.stdout).group(1))  # type: ignore[union-attr]
    report = json.loads(cli(db, "report", "--org", "DPIM", "--year", "2570", "--json").stdout)
    assert {k["kpi_code"] for k in report["kpi"]["kpis"]} == {"1.1", "1.2", "2.1", "3.1"}
    assert report["kpi"]["composite"] == pytest.approx(92.25)
    trail = cli(db, "audit", "--json").stdout
    assert "user_add" in trail and "boss@example.go.th" in trail and '"import"' in trail

    assert shows_kpi(page, url), "the dashboard did not show the command line's import on its next run"
    cli(db, "undo", str(batch))
    assert not shows_kpi(page, url), "the dashboard did not show the command line's undo on its next run"
    users = cli(db, "user", "list").stdout
    assert "boss@example.go.th" in users
    assert dashboard.healthy()
