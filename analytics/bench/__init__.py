"""`python -m analytics bench`: what Pramern's costs are at national scale, measured as ratios.

Each figure is a ratio of medians over several runs (a machine twice as fast changes both sides),
printed with the goal it is held to and whether it is met. `--quick` runs the same code on
small inputs and a ministry-scale database, once each: the test suite runs it for correctness
only, never asserting a time.

Databases and the benchmark workbook are cached under the temp dir, keyed by everything that
makes them (scale, seed, generator version, the demo files), so a rerun measures rather than builds.
The app itself runs in child processes: a database file takes one writing process at a time,
and each database's page times and memory must not see the other's caches.

One module a part: `core` (goals, configuration, figures, cached databases), `imports`, `scoring`,
`pages`, `rss`, `deck`, and `runner` (the run and its table).
"""

from analytics.bench.core import (
    APP,
    BENCH_ORG,
    BENCH_ROUND,
    BENCH_TODAY,
    BENCH_YEAR,
    FULL,
    GOALS,
    PARTS,
    QUICK,
    BenchConfig,
    Figure,
    chromium_path,
    free_port,
    median,
    peak_rss_kib,
    ratio,
    timed,
)
from analytics.bench.pages import PROTOCOL, Page, PageChild, app_pages
from analytics.bench.rss import browser_tour
from analytics.bench.runner import config_for, render, run
from analytics.bench.scoring import score_engine, score_loop, scoring_input

__all__ = ["APP", "BENCH_ORG", "BENCH_ROUND", "BENCH_TODAY", "BENCH_YEAR", "FULL", "GOALS", "PARTS", "PROTOCOL",
           "QUICK", "BenchConfig", "Figure", "Page", "PageChild", "app_pages", "browser_tour", "chromium_path", "config_for", "free_port", "median",
           "peak_rss_kib", "ratio", "render", "run", "score_engine", "score_loop", "scoring_input", "timed"]
