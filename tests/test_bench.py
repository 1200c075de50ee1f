"""The benchmark's quick mode, run for correctness only: every figure is there with its goal.

No test here asserts a time: timings belong to `python -m analytics bench`, not to the suite.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from analytics import bench
from analytics.cli import main
from tests.conftest import ROOT

FIGURE_KEYS = {"value", "unit", "goal", "met", "note"}


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One quick run (small sizes, one repetition, a ministry-scale database), shared by the tests."""
    cfg = bench.config_for(quick=True, work_dir=tmp_path_factory.mktemp("bench"))
    result = bench.run(cfg)
    json.dumps(result)  # what --json prints must be JSON
    return result


def test_quick_run_has_every_figure_with_goal_and_met(quick):
    """The JSON has each figure of issue 7, each page of app.py included, with value, goal and met."""
    names = set(quick["figures"])
    pages = bench.app_pages()
    expected = {"import_vs_read", "openpyxl_vs_import", "import_ita_national_vs_read", "import_rss_mib",
                "import_rss_vs_file", "loop_vs_engine", "rss_national_vs_demo", "deck_seconds",
                "sessions_p95_ratio", "sessions_rss_ratio", "first_metric_vs_bare",
                "sessions_p95_ratio:postgres_2_replicas", "sessions_rss_ratio:postgres_2_replicas"}
    expected |= {f"page_national_vs_demo:{Path(p.path).stem}" for p in pages}
    expected |= {f"first_export_vs_warm:{kind}" for kind in ("png", "pdf", "deck")}
    expected |= {"import_pg_vs_duckdb"}
    expected |= {f"{figure}:{Path(p.path).stem}" for p in pages
                 for figure in ("page_pg_vs_duckdb", "page_pg_national_vs_demo")}
    assert names == expected
    for name, figure in quick["figures"].items():
        assert FIGURE_KEYS <= set(figure), name
        goal = bench.GOALS[name.split(":")[0]]
        assert figure["goal"] == (None if goal is None else f"{goal[0]} {goal[1]:g}")
        if figure["value"] is None or goal is None:
            assert figure["met"] is None
        else:
            assert figure["met"] == (figure["value"] <= goal[1] if goal[0] == "<=" else figure["value"] >= goal[1])
    assert quick["mode"] == "quick" and quick["runs"] == 1


def test_quick_run_measures_what_it_says(quick):
    """Ratios divide positive medians; the loop and the engine agree; the import stored the workbook."""
    f = quick["figures"]
    for name in ("import_vs_read", "openpyxl_vs_import", "loop_vs_engine"):
        assert f[name]["value"] > 0 and f[name]["numerator_s"] > 0 and f[name]["denominator_s"] > 0
    assert f["loop_vs_engine"]["max_abs_diff"] <= 1e-9
    assert f["loop_vs_engine"]["rows"] == bench.QUICK.score_rows
    assert f["import_vs_read"]["sheet_rows"] == bench.QUICK.import_rows
    assert f["import_vs_read"]["stored_rows"] > bench.QUICK.import_rows  # KPIs and their round results
    assert f["rss_national_vs_demo"]["value"] > 0
    ita = f["import_ita_national_vs_read"]
    assert ita["value"] > 0 and ita["stored_rows"] == 25 * 45  # quick: the ministry scale, 45 questions each
    assert f["import_rss_mib"]["value"] > f["import_rss_mib"]["before_import_mib"] > 0
    assert quick["databases"]["ministry"]["rows"]["orgs"] > quick["databases"]["demo"]["rows"]["orgs"]


def test_every_page_ran_with_the_sidebar_and_without_error(quick):
    """Every page, upload, admin and audit included, ran as an administrator on both databases, sidebar included."""
    for page in bench.app_pages():
        figure = quick["figures"][f"page_national_vs_demo:{Path(page.path).stem}"]
        assert figure["note"] is None, figure["note"]
        assert figure["value"] > 0 and set(figure["samples_s"]) == {"demo", "ministry"}
        assert figure["user"] == "administrator"


@pytest.mark.parametrize("suffix", ["", ":postgres_2_replicas"])
def test_sessions_drive_the_app_through_its_websocket_protocol(quick, suffix):
    """One session and a small crowd ran reruns through /_stcore/stream with no error, on one process over
    DuckDB and on two replicas over PostgreSQL behind nginx (wss); percentiles and RSS given."""
    p95, rss = quick["figures"][f"sessions_p95_ratio{suffix}"], quick["figures"][f"sessions_rss_ratio{suffix}"]
    assert p95["note"] is None, p95["note"]
    one, many = p95["one_session"], p95["sessions"]
    assert one["sessions"] == 1 and many["sessions"] == bench.QUICK.load_sessions
    assert one["errors"] == many["errors"] == 0
    clicks = 1 + bench.QUICK.min_clicks  # the first page and the clicks every person makes however slow
    assert one["reruns"] >= clicks and many["reruns"] >= clicks * many["sessions"]
    assert 0 < one["p50_s"] <= one["p95_s"] <= one["p99_s"] <= one["max_s"]
    assert many["server_cpu_s"] > 0 and many["server_cpu_ms_per_rerun"] > 0
    assert p95["value"] == round(many["p95_s"] / one["p95_s"], 3)
    assert rss["numerator_mib"] >= rss["denominator_mib"] > 50
    assert p95["server"] == ("postgres_2_replicas" if suffix else "one process")


def test_start_up_figures_measure_real_starts(quick):
    """The first metric is timed for Pramern and the bare app; each first export against the same again."""
    metric = quick["figures"]["first_metric_vs_bare"]
    if bench.chromium_path() is None:
        pytest.skip("no Chromium")
    assert metric["numerator_s"] > 0 and metric["denominator_s"] > 0, metric
    for name in ("pramern", "bare"):  # the start split into the server's own and the first page's
        assert metric["server_start_s"][name] > 0 and metric["first_page_s"][name] > 0
    for kind in ("png", "pdf", "deck"):
        figure = quick["figures"][f"first_export_vs_warm:{kind}"]
        assert figure["note"] is None, figure["note"]
        assert figure["numerator_s"] > 0 and figure["denominator_s"] > 0


def test_render_prints_each_figure_with_its_goal(quick):
    """The text report has one line per figure with its goal and yes / NO / –."""
    text = bench.render(quick)
    for name, figure in quick["figures"].items():
        line = next(line for line in text.splitlines() if line.startswith(name + " "))
        assert (figure["goal"] or "–") in line
        assert {True: "yes", False: "NO", None: "–"}[figure["met"]] in line


@pytest.mark.parametrize("name,value,met", [
    ("import_vs_read", 1.0, True), ("import_vs_read", 1.01, False),
    ("openpyxl_vs_import", 10.0, True), ("openpyxl_vs_import", 9.9, False),
    ("import_ita_national_vs_read", 1.0, True), ("import_ita_national_vs_read", 1.2, False),
    ("import_rss_mib", 900.0, None), ("import_rss_vs_file", 4.0, True), ("import_rss_vs_file", 4.5, False),
    ("loop_vs_engine", 120.0, None), ("sessions_p95_ratio", 3.0, True), ("sessions_p95_ratio", 3.2, False),
    ("sessions_rss_ratio", 1.6, False), ("first_metric_vs_bare", 1.3, True), ("first_export_vs_warm:pdf", 1.6, False),
    ("page_national_vs_demo:1_overview", 1.5, True), ("page_national_vs_demo:1_overview", 1.6, False),
    ("rss_national_vs_demo", 2.0, True), ("rss_national_vs_demo", 2.5, False),
    ("deck_seconds", 3.0, None), ("import_vs_read", None, None),
])
def test_goal_is_met(name, value, met):
    """A figure meets its goal by its own comparison; a recorded figure or a missing value has none."""
    assert bench.Figure(name, value).met is met


def test_pages_are_read_from_app_py():
    """The pages are app.py's PAGES, in order, with the permission each needs."""
    pages = bench.app_pages()
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    assert [p.path for p in pages] == [p.path for p in pages if p.path in source]
    assert pages and pages[0].default and all(not p.default for p in pages[1:])
    assert all(p.path.startswith("pages/") for p in pages)


def test_app_pages_needs_pages(tmp_path):
    """An app.py without PAGES is an error that names the file."""
    app = tmp_path / "app.py"
    app.write_text("import streamlit as st\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="has no PAGES"):
        bench.app_pages(app)


def test_scoring_loop_and_engine_agree():
    """The plain loop over score_result and score_many give the same scores to 1e-9."""
    data = bench.scoring_input(3_000, seed=5)
    loop, engine = bench.score_loop(data), bench.score_engine(data, len(data.rows))
    assert len(loop) == 3_000
    assert abs(loop - engine).max() <= 1e-9


def test_unknown_part_is_refused(capsys):
    """`bench --only` names the parts it knows and exits 2 without measuring anything."""
    assert main(["bench", "--quick", "--only", "import,colour"]) == 2
    assert "unknown benchmark parts: colour" in capsys.readouterr().err


@pytest.mark.skipif(bench.chromium_path() is None, reason="no Chromium")
def test_browser_tour_reads_the_app_process_peak_rss(demo_db_file):
    """`streamlit run` serves the overview to headless Chromium; the app process's VmHWM is read."""
    pytest.importorskip("playwright")
    overview = [p for p in bench.app_pages() if p.default]
    tour = bench.browser_tour(demo_db_file, overview, str(bench.chromium_path()))
    assert tour["peak_rss_kib"] >= tour["startup_rss_kib"] > 10_000
    assert list(tour["page_seconds"]) == [overview[0].path]


def test_percentiles_and_summary():
    """Percentiles interpolate between ranks; a summary counts reruns and errors over every session."""
    from analytics.bench.sessions import SessionLog, percentile, summary
    samples = [float(i) for i in range(1, 101)]
    assert percentile(samples, 50) == pytest.approx(50.5)
    assert percentile(samples, 95) == pytest.approx(95.05)
    assert percentile([0.3], 95) == 0.3
    logs = [SessionLog([0.1, 0.2], []), SessionLog([0.4], ["exception: ValueError: x"])]
    out = summary(logs)
    assert out["sessions"] == 2 and out["reruns"] == 3 and out["errors"] == 1
    assert out["error_examples"] == ["exception: ValueError: x"] and out["max_s"] == 0.4


def test_copy_to_postgres_gives_the_same_answers(demo_db_file, pg_database):
    """The benchmark's PostgreSQL copy of a DuckDB database holds the same rows and answers the same reads."""
    from analytics.bench.postgres import copy_database
    from analytics.store import Store
    url = pg_database
    copied = copy_database(demo_db_file, url)
    pg, duck = Store(url), Store(demo_db_file)
    try:
        for table, rows in copied.items():
            assert rows == duck.scalar(f"SELECT count(*) FROM {table}"), table
        assert pg.ita_summary("DPIM", 2568) == duck.ita_summary("DPIM", 2568)
        assert pg.scalar("SELECT nextval('batch_ids')") == duck.scalar("SELECT max(batch_id) FROM batches") + 1
    finally:
        pg.close()
        duck.close()


def test_postgres_figures_time_every_page_on_both_engines(quick):
    """PostgreSQL beside DuckDB: every page ran without error on the three databases; the import stored rows."""
    f = quick["figures"]
    for page in bench.app_pages():
        stem = Path(page.path).stem
        versus, scale = f[f"page_pg_vs_duckdb:{stem}"], f[f"page_pg_national_vs_demo:{stem}"]
        assert versus["note"] is None, versus["note"]
        assert versus["value"] > 0 and set(versus["samples_s"]) == {"postgres", "duckdb"}
        assert scale["value"] > 0 and set(scale["samples_s"]) == {"postgres", "postgres_demo"}
    assert f["import_pg_vs_duckdb"]["value"] > 0 and f["import_pg_vs_duckdb"]["rows"] == bench.QUICK.import_rows
