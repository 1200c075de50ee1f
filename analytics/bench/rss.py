"""Memory figures: peak RSS of `streamlit run` while headless Chromium opens every page."""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from analytics.bench.core import (
    BENCH_ORG,
    BENCH_ROUND,
    BENCH_YEAR,
    BenchConfig,
    Figure,
    chromium_path,
    peak_rss_kib,
)
from analytics.bench.pages import Page, app_env, app_pages, bench_pages


@contextlib.contextmanager
def app_server(db: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`streamlit run app.py` against one database as the tests start it (analytics.devservers): its
    process and URL; stopped on exit."""
    from analytics.devservers import streamlit_server

    with tempfile.TemporaryDirectory(prefix="pramern-bench-") as logs, \
            streamlit_server(db, Path(logs) / "server.log", app_env(db)) as server:
        yield server.process, server.url


def browser_tour(db: Path, pages: Sequence[Page], chromium: str) -> dict[str, Any]:
    """Peak RSS of the app process after headless Chromium has shown every page once."""
    from playwright.sync_api import sync_playwright
    query = f"?org={BENCH_ORG}&year={BENCH_YEAR}&round={BENCH_ROUND}&lang=th"
    seconds: dict[str, float] = {}
    with app_server(db) as (proc, base), sync_playwright() as pw:
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
