"""KPI scoring (seed 001, seed 000): schemes, rounding, dimensions, the composite and gaps."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import report, scoring
from analytics.auth import SYSTEM
from analytics.importing import scheme_configs
from analytics.scoring import (
    DEFAULT_SCHEMES,
    FIVE_LEVEL,
    HIGHER,
    LOWER,
    THREE_LEVEL,
    SchemeConfig,
    ScoredKpi,
    composite_of_kpis,
    composite_score,
    dimension_score,
    gap_to_target,
    gap_to_top,
    round4,
    score_gap_to_top,
    score_many,
    score_result,
    weighted_score,
)
from tests.conftest import ROOT

FIVE = DEFAULT_SCHEMES[FIVE_LEVEL]
THREE = DEFAULT_SCHEMES[THREE_LEVEL]

# Seed 001 criteria, written out from the agreement's tables.
KPI_1 = (60, 65, 70, 75, 80)
KPI_2 = (60, 70, 80, 90, 100)
KPI_5 = (0, 5, 10, 15, 20)
KPI_12 = (40, 50, 60, 70, 80)
KPI_16_1 = (0.00, 1.25, 2.50, 3.75, 5.00)
MILESTONE = (1, 2, 3, 4, 5)


@pytest.mark.parametrize(("criteria", "result", "expected"), [
    (KPI_1, 72.5, 3.5),  # the worked example of DOMAIN.md
    (KPI_1, 60, 1.0),
    (KPI_1, 61, 1.2),
    (KPI_1, 65, 2.0),
    (KPI_1, 79, 4.8),
    (KPI_1, 80, 5.0),
    (KPI_2, 90, 4.0),
    (KPI_2, 75, 2.5),
    (KPI_2, 100, 5.0),
    (KPI_5, 6.25, 2.25),
    (KPI_5, 2.10, 1.42),
    (KPI_5, 7.15, 2.43),
    (KPI_5, 0, 1.0),
    (KPI_12, 74.6, 4.46),
    (KPI_12, 68.4, 3.84),
    (KPI_16_1, 2.10, 2.68),
    (KPI_16_1, 0.80, 1.64),
    (KPI_16_1, 3.20, 3.56),
    (KPI_16_1, 5.00, 5.0),
    (MILESTONE, 1, 1.0),
    (MILESTONE, 3, 3.0),
    (MILESTONE, 4, 4.0),
    (MILESTONE, 3.5, 3.5),
    (MILESTONE, 5, 5.0),
])
def test_five_level_seed_001(criteria, result, expected):
    """It interpolates linearly between neighbouring criteria of seed 001's 5-level scheme."""
    assert score_result(result, criteria, FIVE) == expected


@pytest.mark.parametrize(("criteria", "result"), [
    (MILESTONE, 4), (MILESTONE, 2), (MILESTONE, 5), (MILESTONE, 1), (MILESTONE, 2.5),
])
def test_milestone_level_is_the_score(criteria, result):
    """It scores a milestone KPI (levels 1..5) with the level reached."""
    assert score_result(result, criteria, FIVE) == result


@pytest.mark.parametrize(("criteria", "result", "scheme", "expected"), [
    (KPI_1, 59.99, FIVE, 1.0),
    (KPI_1, 0, FIVE, 1.0),
    (KPI_5, -3, FIVE, 1.0),
    (MILESTONE, 0, FIVE, 1.0),
    ((80, 85, 90), 79.99, THREE, 0.0),
    ((80, 85, 90), 0, THREE, 0.0),
    ((80, 85, 90), 80, THREE, 50.0),
    ((80, 85, 90), 79.99, SchemeConfig((50.0, 75.0, 100.0), below_first=25.0, target_level=2), 25.0),
    (KPI_1, 10, SchemeConfig((1.0, 2.0, 3.0, 4.0, 5.0), below_first=0.0, target_level=3), 0.0),
    ((80, 85, 90, 95), 70, SchemeConfig((60.0, 70.0, 80.0, 100.0), below_first=30.0, target_level=2), 30.0),
])
def test_below_first_policy(criteria, result, scheme, expected):
    """It gives the scheme's below-first score under the first criterion: 1.0 (5-level), 0 (3-level) or configured."""
    assert score_result(result, criteria, scheme) == expected


def test_default_below_first_policies():
    """It defaults the below-first score to 1.0 for 5-level and 0 for 3-level, with 50/75/100 for 3-level."""
    assert FIVE.below_first == 1.0
    assert THREE.below_first == 0.0
    assert THREE.scores == (50.0, 75.0, 100.0)
    assert FIVE.scores == (1.0, 2.0, 3.0, 4.0, 5.0)


@pytest.mark.parametrize(("criteria", "result", "scheme", "expected"), [
    (KPI_1, 80, FIVE, 5.0),
    (KPI_1, 80.01, FIVE, 5.0),
    (KPI_1, 1000, FIVE, 5.0),
    ((80, 85, 90), 90, THREE, 100.0),
    ((80, 85, 90), 150, THREE, 100.0),
    ((3000, 3500, 4000), 4200, THREE, 100.0),
])
def test_capped_at_the_top(criteria, result, scheme, expected):
    """It caps the score at the top score at or beyond the last criterion."""
    assert score_result(result, criteria, scheme) == expected


@pytest.mark.parametrize(("criteria", "result", "scheme", "expected"), [
    ((1.2, 1.0, 0.8), 0.86, THREE, 92.5),  # DPIM KPI 1.3 (injuries per 1,000 workers)
    ((1.2, 1.0, 0.8), 1.0, THREE, 75.0),
    ((1.2, 1.0, 0.8), 1.1, THREE, 62.5),
    ((1.2, 1.0, 0.8), 1.2, THREE, 50.0),
    ((1.2, 1.0, 0.8), 1.3, THREE, 0.0),
    ((1.2, 1.0, 0.8), 0.5, THREE, 100.0),
    ((30, 25, 20, 15, 10), 22, FIVE, 2.6),
    ((30, 25, 20, 15, 10), 31, FIVE, 1.0),
    ((30, 25, 20, 15, 10), 10, FIVE, 5.0),
    ((30, 25, 20, 15, 10), 2, FIVE, 5.0),
])
def test_lower_is_better(criteria, result, scheme, expected):
    """It scores a lower-is-better KPI against descending criteria the same way."""
    assert score_result(result, criteria, scheme, LOWER) == expected


@pytest.mark.parametrize(("criteria", "result", "expected"), [
    ((80, 85, 90), 87.5, 87.5),
    ((80, 85, 90), 82, 60.0),
    ((80, 85, 90), 85, 75.0),
    ((3000, 3500, 4000), 3260, 63.0),
    ((70, 80, 90), 76.5, 66.25),
    ((3, 4, 5), 4, 75.0),
])
def test_three_level(criteria, result, expected):
    """It earns 50 / 75 / 100 at ขั้นต้น / มาตรฐาน / ขั้นสูง and interpolates between them."""
    assert score_result(result, criteria, THREE) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (2.00005, 2.0001),  # Python's round() gives 2.0 here
    (3.14165, 3.1417),
    (0.00015, 0.0002),
    (1.00004999, 1.0),
    (3.5, 3.5),
    (4.123449, 4.1234),
])
def test_round4_half_up(value, expected):
    """It rounds half up to 4 decimals, as OPDC reports do."""
    assert round4(value) == expected


@pytest.mark.parametrize(("criteria", "result", "expected"), [
    ((0, 8, 16, 24, 32), 0.0004, 1.0001),  # 1.00005 rounds up
    ((0, 8, 16, 24, 32), 0.0012, 1.0002),  # 1.00015 rounds up
    ((0, 3, 6, 9, 12), 1, 1.3333),
    ((0, 3, 6, 9, 12), 2, 1.6667),
])
def test_score_rounded_to_four_decimals(criteria, result, expected):
    """It reports a score to 4 decimals, rounding half up."""
    assert score_result(result, criteria, FIVE) == expected


def test_wrong_number_of_criteria():
    """It refuses criteria that do not match the scheme's number of points."""
    with pytest.raises(ValueError, match="expected 5 criteria, got 3"):
        score_result(1, (1, 2, 3), FIVE)


@pytest.mark.parametrize(("criteria", "direction", "expected"), [
    (KPI_1, HIGHER, None),
    ((1.2, 1.0, 0.8), LOWER, None),
    ((60, 65, 65, 75, 80), HIGHER, "ascending"),
    ((80, 75, 70, 65, 60), HIGHER, "ascending"),
    ((0.8, 1.0, 1.2), LOWER, "descending"),
    ((1.2, 1.2, 0.8), LOWER, "descending"),
])
def test_criteria_problem(criteria, direction, expected):
    """It names the order criteria must have: ascending for higher-is-better, descending for lower."""
    assert scoring.criteria_problem(criteria, direction) == expected


@pytest.mark.parametrize(("weight", "score", "expected"), [
    (15, 3.5, 0.525),
    (17.5, 4.0, 0.7),
    (17.5, 4.65, 0.8138),  # 0.81375 rounds half up
    (2, 1.42, 0.0284),
    (1, 2.68, 0.0268),
    (20, 100.0, 20.0),
    (15, 92.5, 13.875),
])
def test_weighted_score(weight, score, expected):
    """It weights a KPI's score as weight x score / 100."""
    assert weighted_score(weight, score) == expected


# Seed 001 (FY2547, Office of the Permanent Secretary): code, dimension, weight, criteria, 12-month result.
SEED_001 = [
    ("1", "1", 15.0, KPI_1, 72.5),
    ("2", "1", 17.5, KPI_2, 90.0),
    ("3", "1", 17.5, KPI_2, 100.0),
    ("4", "1", 20.0, (80, 85, 90, 95, 100), 93.5),
    ("5", "2", 2.0, KPI_5, 6.25),
    ("6", "2", 2.0, MILESTONE, 4),
    ("7", "2", 2.0, MILESTONE, 5),
    ("8", "2", 2.0, MILESTONE, 3),
    ("9", "2", 2.0, MILESTONE, 4),
    ("10", "2", 2.0, MILESTONE, 2),
    ("11", "3", 2.0, MILESTONE, 4),
    ("12", "3", 2.0, KPI_12, 74.6),
    ("13", "3", 2.0, MILESTONE, 3),
    ("14", "3", 2.0, MILESTONE, 3),
    ("15", "3", 2.0, MILESTONE, 5),
    ("16.1", "4", 1.0, KPI_16_1, 2.10),
    ("16.2", "4", 1.0, KPI_16_1, 3.20),
    ("16.3", "4", 2.0, MILESTONE, 4),
    ("17", "4", 2.0, MILESTONE, 5),
    ("18", "4", 2.0, MILESTONE, 3),
]
SEED_001_DIMENSION_WEIGHTS = {"1": 70.0, "2": 12.0, "3": 10.0, "4": 8.0}
# Scores by hand: KPI 1 3.5, 2 4, 3 5, 4 3.7; 5 2.25; 12 4.46; 16.1 2.68; 16.2 3.56.
SEED_001_SCORES = {"1": 3.5, "2": 4.0, "3": 5.0, "4": 3.7, "5": 2.25, "6": 4.0, "7": 5.0, "8": 3.0, "9": 4.0,
                   "10": 2.0, "11": 4.0, "12": 4.46, "13": 3.0, "14": 3.0, "15": 5.0, "16.1": 2.68,
                   "16.2": 3.56, "16.3": 4.0, "17": 5.0, "18": 3.0}


def _seed_001_kpis(cancelled: frozenset[str] = frozenset()) -> list[ScoredKpi]:
    return [ScoredKpi(dim, weight, score_result(result, crit, FIVE), active=code not in cancelled)
            for code, dim, weight, crit, result in SEED_001]


def test_seed_001_dimension_weights_add_up():
    """It has seed 001's KPI weights add to the agreed 70 / 12 / 10 / 8."""
    sums: dict[str, float] = {}
    for _, dim, weight, _, _ in SEED_001:
        sums[dim] = sums.get(dim, 0.0) + weight
    assert sums == SEED_001_DIMENSION_WEIGHTS


@pytest.mark.parametrize(("code", "expected"), sorted(SEED_001_SCORES.items()))
def test_seed_001_scores(code, expected):
    """It scores every KPI of seed 001's agreement as worked out by hand."""
    _, _, _, crit, result = next(k for k in SEED_001 if k[0] == code)
    assert score_result(result, crit, FIVE) == expected


@pytest.mark.parametrize(("dimension", "expected"), [
    ("1", round4((15 * 3.5 + 17.5 * 4 + 17.5 * 5 + 20 * 3.7) / 70)),
    ("2", round4((2 * 2.25 + 2 * 4 + 2 * 5 + 2 * 3 + 2 * 4 + 2 * 2) / 12)),
    ("3", round4((2 * 4 + 2 * 4.46 + 2 * 3 + 2 * 3 + 2 * 5) / 10)),
    ("4", round4((1 * 2.68 + 1 * 3.56 + 2 * 4 + 2 * 5 + 2 * 3) / 8)),
])
def test_dimension_score(dimension, expected):
    """It scores a dimension as sum(weight x score) / sum(weight) over its KPIs."""
    kpis = [k for k in _seed_001_kpis() if k.dimension == dimension]
    assert dimension_score(kpis) == expected


def test_dimension_score_values():
    """It gives seed 001's dimension 1 a score of 4.0571 and dimension 2 of 3.375."""
    kpis = _seed_001_kpis()
    assert dimension_score([k for k in kpis if k.dimension == "1"]) == 4.0571  # 284 / 70 = 4.05714
    assert dimension_score([k for k in kpis if k.dimension == "2"]) == 3.375


@pytest.mark.parametrize(("kpis", "expected"), [
    ([], None),
    ([ScoredKpi("1", 10, None)], None),
    ([ScoredKpi("1", 10, 4.0, active=False)], None),
    ([ScoredKpi("1", 10, 4.0), ScoredKpi("1", 10, None)], 4.0),
    ([ScoredKpi("1", 10, 4.0), ScoredKpi("1", 30, 2.0, active=False)], 4.0),
    ([ScoredKpi("1", 10, 4.0), ScoredKpi("1", 30, 2.0)], 2.5),
])
def test_dimension_score_edge_cases(kpis, expected):
    """It leaves out cancelled and unscored KPIs and gives None when none is left."""
    assert dimension_score(kpis) == expected


def test_composite_equals_weighted_sum_when_nothing_cancelled():
    """With nothing cancelled, the composite equals sum(weight x score) / 100."""
    kpis = _seed_001_kpis()
    expected = round4(sum(k.weight * k.score for k in kpis) / 100)  # type: ignore[operator]
    assert composite_of_kpis(kpis) == expected
    assert composite_of_kpis(kpis, SEED_001_DIMENSION_WEIGHTS) == expected
    assert expected == 3.9366  # 393.66 / 100


def test_composite_from_dimension_scores():
    """It weights dimension scores by the agreed dimension weights."""
    scores = {"1": 4.0, "2": 3.0, "3": 5.0, "4": 2.0}
    assert composite_score(scores, SEED_001_DIMENSION_WEIGHTS) == round4((70 * 4 + 12 * 3 + 10 * 5 + 8 * 2) / 100)
    assert composite_score({"1": 4.0, "2": None}, {"1": 70.0, "2": 12.0}) == 4.0
    assert composite_score({"1": None}, {"1": 70.0}) is None


def _expected_composite(cancelled: frozenset[str]) -> float:
    """Composite by hand: each dimension's score over its active KPIs, weighted by the agreed weight."""
    total = 0.0
    for dim, dim_weight in SEED_001_DIMENSION_WEIGHTS.items():
        rest = [(w, SEED_001_SCORES[c]) for c, d, w, _, _ in SEED_001 if d == dim and c not in cancelled]
        total += dim_weight * sum(w * s for w, s in rest) / sum(w for w, _ in rest)
    return round4(total / 100)


@pytest.mark.parametrize("cancelled", ["10", "5", "12", "16.1", "4"])
def test_cancelled_weight_redistributed_within_its_dimension(cancelled):
    """It redistributes a cancelled KPI's weight within its dimension, leaving the dimension's weight as agreed."""
    kpis = _seed_001_kpis(frozenset({cancelled}))
    dim = next(d for c, d, *_ in SEED_001 if c == cancelled)
    rest = [(w, SEED_001_SCORES[c]) for c, d, w, _, _ in SEED_001 if d == dim and c != cancelled]
    assert dimension_score([k for k in kpis if k.dimension == dim]) == round4(
        sum(w * s for w, s in rest) / sum(w for w, _ in rest))
    expected = _expected_composite(frozenset({cancelled}))
    assert composite_of_kpis(kpis) == expected
    assert composite_of_kpis(kpis, SEED_001_DIMENSION_WEIGHTS) == expected


def test_cancelled_kpi_differs_from_dropping_it():
    """It keeps a cancelled KPI's weight in its dimension rather than dropping it from the total."""
    kpis = _seed_001_kpis(frozenset({"10"}))
    # Dimension 2 without KPI 10: (2.25 + 4 + 5 + 3 + 4) x 2 / 10 = 3.65, still weighted 12.
    assert composite_of_kpis(kpis) == round4((284 + 12 * 3.65 + 38.92 + 30.24) / 100) == 3.9696
    dropped = round4((284 + 36.5 + 38.92 + 30.24) / 98)  # the weight of KPI 10 simply lost
    assert dropped == 3.9761
    assert composite_of_kpis(kpis) != dropped


@pytest.mark.parametrize(("result", "criteria", "scheme", "direction", "to_target", "to_top"), [
    (72.5, KPI_1, FIVE, HIGHER, 2.5, -7.5),  # target level 3 of 5 is 70
    (65, KPI_1, FIVE, HIGHER, -5.0, -15.0),
    (6.25, KPI_5, FIVE, HIGHER, -3.75, -13.75),
    (3260, (3000, 3500, 4000), THREE, HIGHER, -240.0, -740.0),  # มาตรฐาน of 3 is 3500
    (87.5, (80, 85, 90), THREE, HIGHER, 2.5, -2.5),
    (0.86, (1.2, 1.0, 0.8), THREE, LOWER, 0.14, -0.06),
    (1.1, (1.2, 1.0, 0.8), THREE, LOWER, -0.1, -0.3),
    (22, (30, 25, 20, 15, 10), FIVE, LOWER, -2.0, -12.0),
])
def test_gaps(result, criteria, scheme, direction, to_target, to_top):
    """It measures a result's gap to the target level (3 of 5, มาตรฐาน of 3) and to the top, in its good direction."""
    assert gap_to_target(result, criteria, scheme, direction) == to_target
    assert gap_to_top(result, criteria, direction) == to_top


@pytest.mark.parametrize(("score", "scheme", "expected"), [
    (3.5, FIVE, 1.5), (5.0, FIVE, 0.0), (1.0, FIVE, 4.0), (87.5, THREE, 12.5), (0.0, THREE, 100.0),
])
def test_score_gap_to_top(score, scheme, expected):
    """It measures a score's distance from the top score: 5, or 100."""
    assert score_gap_to_top(score, scheme) == expected


def test_target_levels():
    """It takes level 3 of 5 and มาตรฐาน (level 2) of 3 as the target."""
    assert scoring.target_criterion(KPI_1, FIVE) == 70
    assert scoring.target_criterion((80, 85, 90), THREE) == 85


# -- score_many against score_result ---------------------------------------------------------
@pytest.mark.parametrize(("scheme", "rows"), [
    (FIVE, [(72.5, KPI_1, HIGHER), (59, KPI_1, HIGHER), (90, KPI_1, HIGHER), (6.25, KPI_5, HIGHER),
            (2.1, KPI_16_1, HIGHER), (3.5, MILESTONE, HIGHER), (22, (30, 25, 20, 15, 10), LOWER),
            (40, (30, 25, 20, 15, 10), LOWER), (0.0004, (0, 8, 16, 24, 32), HIGHER)]),
    (THREE, [(0.86, (1.2, 1.0, 0.8), LOWER), (3260, (3000, 3500, 4000), HIGHER), (79, (80, 85, 90), HIGHER),
             (95, (80, 85, 90), HIGHER), (1.3, (1.2, 1.0, 0.8), LOWER)]),
])
def test_score_many_matches_score_result(scheme, rows):
    """It scores a whole column exactly as score_result scores each row."""
    results = [r for r, _, _ in rows]
    criteria = [list(c) for _, c, _ in rows]
    directions = [d for _, _, d in rows]
    got = score_many(results, criteria, directions, scheme)
    assert got.tolist() == [score_result(r, c, scheme, d) for r, c, d in rows]


def test_score_many_missing_result():
    """It gives NaN where the result is missing."""
    got = score_many([np.nan, 72.5], [list(KPI_1), list(KPI_1)], [HIGHER, HIGHER], FIVE)
    assert math.isnan(got[0])
    assert got[1] == 3.5


def test_score_many_ends_of_the_scale_and_missing_criteria():
    """It gives an infinite result the score of its end, a row missing a criterion NaN, and no rows nothing."""
    got = score_many([np.inf, -np.inf, 72.5, 1e12], [list(KPI_1), list(KPI_1), [60, np.nan, 70, 75, 80], list(KPI_1)],
                     [HIGHER, HIGHER, HIGHER, LOWER], FIVE)
    assert got[0] == 5.0 and got[1] == 1.0 and math.isnan(got[2]) and got[3] == 1.0
    assert score_many([], [], [], FIVE).shape == (0,)


def test_score_many_across_chunks():
    """It scores many rows (several passes of its chunk size) exactly as score_result does row by row."""
    rng = np.random.default_rng(7)
    n = 20_000
    crit = np.sort(rng.uniform(0, 100, (n, 5)), axis=1).round(2)
    lower = rng.random(n) < 0.3
    crit[lower] = crit[lower][:, ::-1]
    results = np.where(rng.random(n) < 0.3, crit[np.arange(n), rng.integers(0, 5, n)], rng.uniform(-10, 110, n))
    directions = np.where(lower, LOWER, HIGHER)
    got = score_many(results, crit, directions, FIVE)
    want = [score_result(r, c, FIVE, d) for r, c, d in zip(results.tolist(), crit.tolist(), directions, strict=True)]
    assert np.array_equal(got, np.array(want))


# -- the report frames against the scalar functions (oracle) --------------------------------
@pytest.fixture(scope="module")
def kpi_store(tmp_path_factory):
    """Seed 001's agreement (OPS 2547) and DPIM's FY2568 agreement (3-level, lower-is-better, a cancelled KPI).

    Built once for the module; the tests only read it.
    """
    from analytics.importing import import_file
    from analytics.store import Store
    s = Store(tmp_path_factory.mktemp("kpi") / "kpi.duckdb")
    for name in ("01_orgs.csv", "10_kpi_ops_2547.csv", "13_kpi_dpim_2568.csv"):
        path = ROOT / "data" / "demo" / name
        import_file(s, path.read_bytes(), path.name, SYSTEM)
    yield s
    s.close()


def _oracle(rows: pd.DataFrame, round_: int, configs: dict[str, SchemeConfig]):
    """Scores, dimension scores and the composite computed row by row with the scalar functions."""
    scores, kpis = {}, []
    for r in rows.itertuples():
        cfg = configs[r.scheme]
        crit = [r.c1, r.c2, r.c3, r.c4, r.c5][:len(cfg.scores)]
        result = getattr(r, f"result_{round_}m")
        score = None
        if r.status == "active" and pd.notna(result):
            score = score_result(float(result), [float(c) for c in crit], cfg, r.direction)
        scores[r.kpi_code] = score
        kpis.append(ScoredKpi(r.dimension, float(r.weight), score, r.status == "active"))
    dims: dict[str, list[ScoredKpi]] = {}
    for k in kpis:
        dims.setdefault(k.dimension, []).append(k)
    # A dimension's weight is the one stated in the file, else the sum of its KPI weights.
    weights = {d: sum(k.weight for k in ks) for d, ks in dims.items()}
    for r in rows.itertuples():
        if pd.notna(r.dimension_weight):
            weights[r.dimension] = float(r.dimension_weight)
    dim_scores = {d: dimension_score(ks) for d, ks in dims.items()}
    return scores, dim_scores, composite_of_kpis(kpis, weights)


@pytest.mark.parametrize(("org", "year"), [("OPS", 2547), ("DPIM", 2568)])
@pytest.mark.parametrize("round_", [6, 9, 12])
def test_report_frames_match_scalar_functions(kpi_store, org, year, round_):
    """It computes the same scores, dimension scores and composite in report's frames as in the scalar rules."""
    rows = kpi_store.kpis(org, year)
    configs = scheme_configs(kpi_store)
    scored = report.score_frame(rows, round_, configs)
    dims = report.dimension_table(scored)
    comp = report.composites(dims)
    scores, dim_scores, composite = _oracle(rows, round_, configs)
    for code, s in zip(scored["kpi_code"], scored["score"], strict=True):
        assert (pd.isna(s) and scores[code] is None) or s == pytest.approx(scores[code], abs=1e-9), code
    for d, s in zip(dims["dimension"], dims["score"], strict=True):
        assert (pd.isna(s) and dim_scores[d] is None) or s == pytest.approx(dim_scores[d], abs=1e-9), d
    assert float(comp["composite"].iloc[0]) == pytest.approx(composite, abs=1e-9)


@pytest.mark.parametrize("round_", [6, 12])
def test_report_frames_match_scalar_functions_on_demo(demo_store, round_):
    """It agrees with the scalar rules for every org and year of the demo data."""
    configs = scheme_configs(demo_store)
    pairs = demo_store.rows("SELECT DISTINCT org_code, fiscal_year FROM kpis WHERE replaced_by IS NULL ORDER BY 1, 2")
    assert len(pairs) >= 5
    rows = demo_store.kpis_for_orgs(sorted({o for o, _ in pairs}), sorted({y for _, y in pairs}))
    comp = report.composites(report.dimension_table(report.score_frame(rows, round_, configs)))
    got = {(o, int(y)): c for o, y, c in comp.itertuples(index=False)}
    for org, year in pairs:
        _, _, expected = _oracle(demo_store.kpis(org, year), round_, configs)
        assert got[(org, year)] == pytest.approx(expected, abs=1e-9), (org, year)


def test_report_seed_001_composite(kpi_store):
    """It reports seed 001's 12-month composite as sum(weight x score) / 100 = 3.9366."""
    kr = report.kpi_report(kpi_store, "OPS", 2547, 12)
    assert kr is not None
    assert kr.composite == 3.9366
    assert kr.kpis.set_index("kpi_code")["score"].to_dict() == SEED_001_SCORES
    assert not kr.has_cancelled


def test_report_cancelled_dimension_keeps_agreed_weight(kpi_store):
    """It keeps the agreed weight of DPIM's dimension 2, whose KPI 2.3 is cancelled."""
    kr = report.kpi_report(kpi_store, "DPIM", 2568, 12)
    assert kr is not None and kr.has_cancelled
    dim2 = kr.dimensions.set_index("dimension").loc["2"]
    assert dim2["weight"] == 20.0
    assert dim2["active_weight"] == 14.0
    scores = kr.kpis.set_index("kpi_code")["score"]
    assert pd.isna(scores["2.3"])
    assert dim2["score"] == round4((8 * scores["2.1"] + 6 * scores["2.2"]) / 14)


def test_configured_three_level_points(orgs_store):
    """It scores with the 3-level points and below-first score configured in the store's settings."""
    from analytics.importing import import_file
    path = ROOT / "data" / "demo" / "13_kpi_dpim_2568.csv"
    import_file(orgs_store, path.read_bytes(), path.name, SYSTEM)
    orgs_store.set_setting("schemes", {THREE_LEVEL: {"scores": [60, 80, 100], "below_first": 20, "target_level": 2}})
    configs = scheme_configs(orgs_store)
    assert configs[THREE_LEVEL] == SchemeConfig((60.0, 80.0, 100.0), 20.0, 2)
    assert configs[FIVE_LEVEL] == FIVE
    kr = report.kpi_report(orgs_store, "DPIM", 2568, 12)
    assert kr is not None
    scores = kr.kpis.set_index("kpi_code")["score"]
    assert scores["1.3"] == 94.0  # 0.86 against 1.2 / 1.0 / 0.8: 80 + 0.7 x 20
    assert scores["1.2"] == 70.4  # 3260 against 3000 / 3500 / 4000: 60 + 0.52 x 20


# -- invariants (Hypothesis) -----------------------------------------------------------------
finite = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False)


@st.composite
def scheme_rows(draw, n_points: int):
    start = draw(st.floats(min_value=-1000, max_value=1000, allow_nan=False))
    steps = draw(st.lists(st.floats(min_value=0.01, max_value=500, allow_nan=False),
                          min_size=n_points - 1, max_size=n_points - 1))
    crit = [start]
    for s in steps:
        crit.append(crit[-1] + s)
    direction = draw(st.sampled_from([HIGHER, LOWER]))
    if direction == LOWER:
        crit = crit[::-1]
    result = draw(st.one_of(finite, st.sampled_from(crit)))
    return result, crit, direction


@settings(max_examples=100, deadline=None)
@given(data=st.data(), scheme_name=st.sampled_from([FIVE_LEVEL, THREE_LEVEL]))
def test_score_many_equals_score_result_on_random_inputs(data, scheme_name):
    """It gives the same score vectorised and row by row, to 1e-9."""
    cfg = DEFAULT_SCHEMES[scheme_name]
    rows = data.draw(st.lists(scheme_rows(len(cfg.scores)), min_size=1, max_size=8))
    got = score_many([r for r, _, _ in rows], [c for _, c, _ in rows], [d for _, _, d in rows], cfg)
    for value, (result, crit, direction) in zip(got, rows, strict=True):
        assert value == pytest.approx(score_result(result, crit, cfg, direction), abs=1e-9)
        assert cfg.scores[0] - 1e-9 <= value <= cfg.top + 1e-9 or value == cfg.below_first


kpi_strategy = st.builds(
    ScoredKpi,
    dimension=st.sampled_from(["1", "2", "3", "4"]),
    weight=st.floats(min_value=0.5, max_value=30, allow_nan=False),
    score=st.floats(min_value=1, max_value=5, allow_nan=False).map(round4),
    active=st.booleans(),
)


@settings(max_examples=100, deadline=None)
@given(kpis=st.lists(kpi_strategy, min_size=1, max_size=20))
def test_composite_between_lowest_and_highest_score(kpis):
    """It keeps a composite between the lowest and the highest score of the active KPIs."""
    active = [k.score for k in kpis if k.active and k.score is not None]
    composite = composite_of_kpis(kpis)
    if not active:
        assert composite is None
        return
    assert composite is not None
    assert min(active) - 1e-9 <= composite <= max(active) + 1e-9
