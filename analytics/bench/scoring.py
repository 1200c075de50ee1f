"""Scoring figures: a Python loop against the vectorised engine."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics import scoring
from analytics import synth as syn
from analytics.bench.core import BenchConfig, Figure, _ms, median, ratio, timed


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
