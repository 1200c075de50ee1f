"""Synthetic data: deterministic, in the real schema, shaped like real results, and importable as files."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics import ita as ita_rules
from analytics import report, synth
from analytics.auth import SYSTEM
from analytics.cli import main
from analytics.importing import parse_file
from analytics.store import Store

SMALL = synth.Scale("small", (("department", 6), ("province", 3), ("local", 4)), ministries=3,
                    ita_years=(2566, 2567, 2568), kpi_units=8, kpi_years=(2563, 2564, 2565, 2566),
                    kpis_per_agreement=12, actions_per_unit_year=10)


@pytest.fixture(scope="module")
def ministry_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ministry-scale database built once through the CLI; copy it before changing it."""
    path = tmp_path_factory.mktemp("synth") / "ministry.duckdb"
    assert main(["synth", "--scale", "ministry", "--db", str(path), "--seed", "7"]) == 0
    return path


@pytest.fixture
def ministry_store(ministry_db: Path):  # type: ignore[no-untyped-def]
    s = Store(ministry_db)
    yield s
    s.close()


def frames(seed: int) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    orgs = synth.orgs_frame(SMALL, rng)
    units = synth.kpi_units(orgs, SMALL)
    ita = synth.ita_frames(orgs, SMALL.ita_years, rng)
    kpi = synth.kpi_frames(units, SMALL.kpi_years, SMALL.kpis_per_agreement, rng)
    return {"orgs": orgs, "indicators": ita.indicators, "questions": ita.questions, "summaries": ita.summaries,
            "kpis": kpi.kpis, "results": kpi.results,
            "actions": synth.actions_frame(units, SMALL.kpi_years, SMALL.actions_per_unit_year, rng),
            "cycle": synth.cycle_frame(units, SMALL.kpi_years, rng)}


def test_same_seed_same_rows():
    """It gives the same rows for the same seed and different ones for another seed."""
    a, b, c = frames(11), frames(11), frames(12)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_categorical=False)
    assert not a["questions"]["score"].equals(c["questions"]["score"])


def test_sizes_follow_the_scale():
    """It makes one row per agency, 10 indicators and 45 questions per agency-year, n KPIs per agreement."""
    f = frames(3)
    n_org, n_year = SMALL.agencies, len(SMALL.ita_years)
    assert len(f["orgs"]) == n_org and f["orgs"]["org_code"].is_unique
    assert len(f["indicators"]) == n_org * n_year * 10
    assert len(f["questions"]) == n_org * n_year * 45
    assert len(f["summaries"]) == n_org * n_year
    assert len(f["kpis"]) == SMALL.kpi_units * len(SMALL.kpi_years) * SMALL.kpis_per_agreement
    assert len(f["actions"]) == SMALL.kpi_units * len(SMALL.kpi_years) * SMALL.actions_per_unit_year
    assert len(f["cycle"]) == SMALL.kpi_units * len(SMALL.kpi_years) * 16
    assert set(f["kpis"]["org_code"].astype(str)) == set(synth.kpi_units(f["orgs"], SMALL)["org_code"])
    assert "local" not in set(f["orgs"].set_index("org_code").loc[f["kpis"]["org_code"].astype(str).unique(),
                                                                   "org_group"])


def test_question_codes_match_their_tools():
    """i-questions belong to indicators 1-5 (IIT), e- to 6-8 (EIT), o- to 9-10 (OIT), 15 each."""
    q = pd.DataFrame(synth.QUESTIONS, columns=["code", "indicator", "tool"])
    assert len(q) == 45
    for code, indicator, tool in synth.QUESTIONS:
        assert ita_rules.question_tool(code) == tool == ita_rules.INDICATOR_TOOL[indicator]
    assert q.groupby("tool").size().to_dict() == {"EIT": 15, "IIT": 15, "OIT": 15}


def test_ita_scores_add_up_and_look_real():
    """Indicators are their questions' mean, the overall their tool-weighted mean; most overall
    scores are in the 80s and 90s and some fail."""
    rng = np.random.default_rng(2568)
    scale = synth.Scale("t", (("local", 3000),), ministries=1, ita_years=(2567, 2568), kpi_units=0, kpi_years=())
    orgs = synth.orgs_frame(scale, rng)
    ita = synth.ita_frames(orgs, scale.ita_years, rng)
    q = ita.questions.assign(org_code=ita.questions["org_code"].astype(str))
    mean = q.groupby(["org_code", "fiscal_year", "indicator_no"])["score"].mean().round(2)
    ind = ita.indicators.assign(org_code=ita.indicators["org_code"].astype(str)).set_index(
        ["org_code", "fiscal_year", "indicator_no"])["score"]
    assert np.allclose(mean.sort_index(), ind.sort_index(), atol=0.006)
    first = ita.summaries.iloc[0]
    scores = ind.loc[(str(first["org_code"]), int(first["fiscal_year"]))].to_dict()
    assert ita_rules.recompute_overall(scores) == pytest.approx(first["overall"], abs=0.006)
    overall = ita.summaries["overall"]
    assert overall.between(0, 100).all()
    assert 0.8 <= overall.between(80, 100).mean() <= 1.0
    assert 0.02 <= (overall < ita_rules.PASS_MARK).mean() <= 0.3
    assert ita.questions["score"].between(0, 100).all()


def test_ranks_are_within_ministry_and_group():
    """Rank 1 is the best overall of its ministry (group) and year; sizes count the members."""
    f = frames(5)
    s = f["summaries"].assign(org_code=f["summaries"]["org_code"].astype(str)).merge(f["orgs"], on="org_code")
    for _, g in s.groupby(["fiscal_year", "ministry"]):
        best = g.sort_values("overall", ascending=False).iloc[0]
        assert best["rank_ministry"] == 1
        assert (g["ministry_size"] == len(g)).all()
    for _, g in s.groupby(["fiscal_year", "org_group"]):
        assert (g["group_size"] == len(g)).all()
        assert g["rank_group"].min() == 1


def test_kpi_weights_criteria_and_schemes():
    """Each dimension's KPI weights add up to its weight and the four to 100; criteria are monotonic
    in the KPI's direction; both schemes, lower-is-better and cancelled KPIs occur."""
    k = frames(8)["kpis"].assign(org_code=lambda d: d["org_code"].astype(str), dimension=lambda d: d["dimension"].astype(str))
    sums = k.groupby(["org_code", "fiscal_year", "dimension"]).agg(total=("weight", "sum"),
                                                                   agreed=("dimension_weight", "first"))
    assert np.allclose(sums["total"], sums["agreed"])
    assert np.allclose(sums.groupby(level=[0, 1])["total"].sum(), 100)
    assert ((k["weight"] * 2) % 1 == 0).all() and (k["weight"] > 0).all()
    five = k["scheme"].astype(str) == "5-level"
    crit = k[["c1", "c2", "c3", "c4", "c5"]].to_numpy()
    steps = np.diff(np.where(five.to_numpy()[:, None], crit, np.pad(crit[:, :3], ((0, 0), (0, 2)), constant_values=np.nan)),
                    axis=1)
    lower = (k["direction"].astype(str) == "lower").to_numpy()
    assert np.all(np.where(np.isnan(steps), True, np.where(lower[:, None], steps < 0, steps > 0)))
    assert k.loc[~five, ["c4", "c5"]].isna().all().all()
    assert five.any() and (~five).any() and lower.any()


def test_cancelled_kpis_have_no_results():
    """A cancelled KPI has no result in any round; an active one has all three rounds."""
    f = frames(9)
    kpis = f["kpis"].assign(org_code=f["kpis"]["org_code"].astype(str), kpi_code=f["kpis"]["kpi_code"].astype(str))
    res = f["results"].assign(org_code=f["results"]["org_code"].astype(str), kpi_code=f["results"]["kpi_code"].astype(str))
    counts = res.groupby(["org_code", "fiscal_year", "kpi_code"]).size()
    key = kpis.set_index(["org_code", "fiscal_year", "kpi_code"])
    active = key[key["status"].astype(str) == "active"].index
    assert (counts.reindex(active) == 3).all()
    assert counts.reindex(key[key["status"].astype(str) == "cancelled"].index).isna().all()
    assert set(res["round"]) == {6, 9, 12}


def test_ministry_scale_keeps_the_demo_and_adds_one_batch_per_kind(ministry_store):
    """DPIM FY2568 is there as in the demo, and each synthetic kind is one active batch by 'synth'."""
    s = ministry_store
    assert s.ita_summary("DPIM", 2568)["overall"] == pytest.approx(94.23)
    synthetic = [b for b in s.batches() if b.actor == synth.ACTOR]
    assert sorted(b.kind for b in synthetic) == sorted(["orgs", "ita", "ita_summary", "kpi", "actions", "cycle"])
    for b in synthetic:
        tables = {"orgs": ["orgs"], "ita": ["ita_indicators", "ita_questions"], "ita_summary": ["ita_summaries"],
                  "kpi": ["kpis", "kpi_results"], "actions": ["actions"], "cycle": ["cycle_steps"]}[b.kind]
        stored = sum(s.scalar(f"SELECT count(*) FROM {t} WHERE batch_id = ?", [b.batch_id]) for t in tables)
        assert stored == b.rows > 0
    units = s.units(synth.ministry_name(1), None)
    assert len(units) == 25


def test_reports_work_on_a_synthetic_unit(ministry_store):
    """The report builders read a synthetic unit like any other: composite, ITA band, late steps."""
    s = ministry_store
    kpi = report.kpi_report(s, "DEP0001", 2568, 12)
    assert kpi is not None and kpi.composite is not None and len(kpi.kpis) == 40
    ita = report.ita_report(s, "DEP0001", 2568)
    assert ita is not None and ita.overall is not None and len(ita.questions) == 45
    assert ita.recomputed == pytest.approx(ita.overall, abs=0.006)
    cycle = report.cycle_report(s, "DEP0001", 2568)
    assert cycle is not None and len(cycle) == 16
    all_steps = pd.concat([report.cycle_report(s, f"DEP{i:04d}", y) for i in range(1, 26) for y in (2567, 2568)])
    assert 0 < all_steps["late"].mean() < 0.4
    assert (all_steps["actual_days"] >= 1).all()


@pytest.mark.parametrize("kind,table", [("kpi", "kpis"), ("ita", "ita_questions"), ("actions", "actions"),
                                        ("cycle", "cycle_steps")])
def test_synthetic_rows_pass_the_importers_checks(ministry_store, kind, table):
    """One unit-year of each kind, written out as a file, imports with neither error nor warning."""
    s = ministry_store
    if kind == "kpi":
        rows = s.kpis("DEP0003", 2566).drop(columns=["seq"])
    elif kind == "ita":
        rows = s.ita_questions("DEP0003", 2566).assign(org_code="DEP0003", fiscal_year=2566)
    elif kind == "actions":
        rows = s.actions("DEP0003", 2566).drop(columns=["action_id"])
    else:
        rows = s.cycle_steps("DEP0003", 2566).assign(org_code="DEP0003", fiscal_year=2566)
    buf = io.StringIO()
    rows.to_csv(buf, index=False)
    parsed = parse_file(buf.getvalue().encode(), f"{kind}.csv", s, kind=kind)
    assert parsed.errors == [] and parsed.warnings == [], [p.message("en") for p in parsed.problems[:5]]
    assert parsed.plan is not None and len(parsed.plan.frames[table]) == len(rows)


def test_undo_removes_a_synthetic_batch(ministry_db, tmp_path):
    """A synthetic batch undoes like an import: its rows go, the demo's stay."""
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(ministry_db.read_bytes())
    s = Store(copy)
    try:
        batch = next(b for b in s.batches() if b.actor == synth.ACTOR and b.kind == "actions")
        before = s.scalar("SELECT count(*) FROM actions")
        s.undo(batch.batch_id, SYSTEM)
        assert s.scalar("SELECT count(*) FROM actions") == before - batch.rows
        assert len(s.actions("DPIM", 2568)) > 0
    finally:
        s.close()


def test_refuses_a_database_that_already_holds_synthetic_data(ministry_db, tmp_path, capsys):
    """Running synth twice on one file is refused with a message in Thai and English (exit 2)."""
    copy = tmp_path / "again.duckdb"
    copy.write_bytes(ministry_db.read_bytes())
    assert main(["synth", "--scale", "ministry", "--db", str(copy)]) == 2
    err = capsys.readouterr().err
    assert "already holds synthetic data" in err and "มีข้อมูลสังเคราะห์อยู่แล้ว" in err


def test_demo_scale_is_the_demo(tmp_path):
    """--scale demo loads the demo data and nothing else."""
    path = tmp_path / "demo.duckdb"
    s = Store(path)
    try:
        result = synth.synth(s, "demo")
        assert result.batches == {} and result.rows == {}
        assert not [b for b in s.batches() if b.actor == synth.ACTOR]
        assert s.ita_summary("DPIM", 2568) is not None
    finally:
        s.close()


def test_unknown_scale_is_refused(store):
    """It names the scales it knows."""
    with pytest.raises(ValueError, match="scale must be one of demo, ministry, national"):
        synth.synth(store, "province")
