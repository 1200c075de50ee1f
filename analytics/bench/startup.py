"""Start-up figures: the first metric after `streamlit run`, and the first export after a start.

first_metric_vs_bare: from spawning `streamlit run` to the first metric drawn in headless Chromium,
for Pramern's overview against a bare one-metric app started the same way (same flags, same
browser, alternating which goes first).

first_export_vs_warm: in a fresh process that has served its first page and waited as a person
reads it, the first chart PNG, PDF and deck against the same export made again at once.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from analytics.bench.core import (
    APP,
    BENCH_ORG,
    BENCH_ROUND,
    BENCH_YEAR,
    ROOT,
    BenchConfig,
    Figure,
    _ms,
    chromium_path,
    median,
    ratio,
)
from analytics.bench.pages import PROTOCOL, app_env

BARE_APP = 'import streamlit as st\n\nst.metric("ตัวชี้วัด", 1)\n'
READ_SECONDS = 3.0  # a person reads the first page before clicking an export
METRIC = '[data-testid="stMetric"]'


def first_metric_seconds(browser: Any, script: Path, env: dict[str, str], query: str) -> tuple[float, float]:
    """Seconds from spawning `streamlit run script` to the first metric on screen, and of those to the
    server's first /_stcore/health answer (the server's own start, the same for any script)."""
    from analytics.devservers import start_streamlit, stop_process_group, wait_healthy

    tab = browser.new_page(viewport={"width": 1366, "height": 768})
    with tempfile.TemporaryDirectory(prefix="pramern-start-") as logs:
        started = time.perf_counter()
        server = start_streamlit(env["PRAMERN_DB"], Path(logs) / "server.log", env, app=script)
        try:
            wait_healthy([server], poll=0.02)
            healthy = time.perf_counter() - started
            tab.goto(f"{server.url}/{query}")
            tab.wait_for_selector(METRIC, timeout=120_000)
            return time.perf_counter() - started, healthy
        finally:
            tab.close()
            stop_process_group(server.process)


def bench_first_metric(cfg: BenchConfig, big: Path, log: Callable[[str], None]) -> list[Figure]:
    chromium = chromium_path()
    if chromium is None:
        return [Figure("first_metric_vs_bare", None, note="not measured: no Chromium")]
    from playwright.sync_api import sync_playwright

    bare = cfg.work_dir / "bare_metric_app.py"
    bare.write_text(BARE_APP, encoding="utf-8")
    query = f"?org={BENCH_ORG}&year={BENCH_YEAR}&round={BENCH_ROUND}&lang=th"
    samples: dict[str, list[float]] = {"pramern": [], "bare": []}
    healthy: dict[str, list[float]] = {"pramern": [], "bare": []}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            for r in range(cfg.start_runs):
                order = ("pramern", "bare") if r % 2 == 0 else ("bare", "pramern")
                for name in order:
                    script = APP if name == "pramern" else bare
                    total, health = first_metric_seconds(browser, script, app_env(big), query)
                    samples[name].append(total)
                    healthy[name].append(health)
        finally:
            browser.close()
    log(f"first metric: pramern {median(samples['pramern']):.2f} s, bare {median(samples['bare']):.2f} s")
    return [Figure("first_metric_vs_bare", ratio(samples["pramern"], samples["bare"]), detail={
        "numerator": f"streamlit run app.py to the overview's first metric, {cfg.scale} database",
        "numerator_s": round(median(samples["pramern"]), 3),
        "denominator": "streamlit run of a bare one-metric app to its metric",
        "denominator_s": round(median(samples["bare"]), 3),
        "samples_s": {k: _ms(v) for k, v in samples.items()},
        # where the time goes: the server's start (spawn to health) against the page (health to metric)
        "server_start_s": {k: round(median(v), 3) for k, v in healthy.items()},
        "first_page_s": {k: round(median(samples[k]) - median(v), 3) for k, v in healthy.items()}})]


def bench_first_export(cfg: BenchConfig, big: Path, log: Callable[[str], None]) -> list[Figure]:
    if chromium_path() is None:
        return [Figure("first_export_vs_warm", None, note="not measured: no Chromium")]
    env = {k: v for k, v in app_env(big).items() if k != "PRAMERN_WARM_EXPORTS"}
    runs: list[dict[str, Any]] = []
    for _ in range(cfg.start_runs):
        done = subprocess.run([sys.executable, "-m", "ui.bench_exports", str(READ_SECONDS)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=900)
        answer = next((json.loads(line[len(PROTOCOL):]) for line in done.stdout.splitlines()
                       if line.startswith(PROTOCOL)), None)
        if answer is None:
            return [Figure("first_export_vs_warm", None, note=f"the export child failed: {done.stderr[-500:]}")]
        runs.append(answer)
    figures = []
    for kind in ("png", "pdf", "deck"):
        first = [r["seconds"][kind][0] for r in runs]
        again = [r["seconds"][kind][1] for r in runs]
        errors = sorted({e for r in runs for e in r["errors"]})
        log(f"first {kind}: {median(first):.2f} s, again {median(again):.2f} s")
        figures.append(Figure(f"first_export_vs_warm:{kind}", ratio(first, again),
                              note=("page raised: " + "; ".join(errors)) if errors else None, detail={
                                  "numerator": f"first {kind} after a start, its first page and {READ_SECONDS:g} s",
                                  "numerator_s": round(median(first), 3),
                                  "denominator": f"the same {kind} again", "denominator_s": round(median(again), 3),
                                  "first_page_s": _ms([r["first_page_s"] for r in runs])}))
    return figures
