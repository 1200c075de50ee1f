"""KPI scoring of the OPDC performance agreement (seed 001, seed 000).

A scheme is a list of (criterion, score) points; the score is piecewise-linear between
neighbouring points, capped at the top score, with a policy below the first criterion.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FIVE_LEVEL = "5-level"
THREE_LEVEL = "3-level"
SCHEMES = (FIVE_LEVEL, THREE_LEVEL)
HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True)
class SchemeConfig:
    """Scores earned at each criterion, the score below the first one and the target level."""

    scores: tuple[float, ...]
    below_first: float
    target_level: int  # 1-based index of the criterion that is the target

    @property
    def top(self) -> float:
        return self.scores[-1]


# The 3-level points are configuration: agencies report other sets (DOMAIN.md).
DEFAULT_SCHEMES: dict[str, SchemeConfig] = {
    FIVE_LEVEL: SchemeConfig(scores=(1.0, 2.0, 3.0, 4.0, 5.0), below_first=1.0, target_level=3),
    THREE_LEVEL: SchemeConfig(scores=(50.0, 75.0, 100.0), below_first=0.0, target_level=2),
}


def round4(value: float) -> float:
    """Round half up to 4 decimals, as OPDC reports do."""
    return math.floor(value * 10_000 + 0.5 + 1e-9) / 10_000


def round4_array(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.floor(values * 10_000 + 0.5 + 1e-9) / 10_000


def criteria_problem(criteria: Sequence[float], direction: str) -> str | None:
    """Why a list of criteria cannot be a scheme, or None when it can."""
    steps = [b - a for a, b in zip(criteria, criteria[1:], strict=False)]
    if direction == HIGHER and not all(s > 0 for s in steps):
        return "ascending"
    if direction == LOWER and not all(s < 0 for s in steps):
        return "descending"
    return None


def score_result(result: float, criteria: Sequence[float], scheme: SchemeConfig,
                 direction: str = HIGHER) -> float:
    """The score a result earns against its criteria, to 4 decimals.

    >>> score_result(72.5, [60, 65, 70, 75, 80], DEFAULT_SCHEMES[FIVE_LEVEL])
    3.5
    """
    if len(criteria) != len(scheme.scores):
        raise ValueError(f"expected {len(scheme.scores)} criteria, got {len(criteria)}")
    sign = 1.0 if direction == HIGHER else -1.0
    x = sign * result
    points = [sign * c for c in criteria]
    if x < points[0]:
        return round4(scheme.below_first)
    if x >= points[-1]:
        return round4(scheme.top)
    for (c0, s0), (c1, s1) in zip(zip(points, scheme.scores, strict=True),
                                  zip(points[1:], scheme.scores[1:], strict=True), strict=False):
        if c0 <= x < c1:
            return round4(s0 + (x - c0) / (c1 - c0) * (s1 - s0))
    raise AssertionError("unreachable: criteria must be monotonic")


def score_many(results: npt.ArrayLike, criteria: npt.ArrayLike, directions: npt.ArrayLike,
               scheme: SchemeConfig) -> npt.NDArray[np.float64]:
    """Vectorised score_result over rows of one scheme; NaN where the result is missing.

    criteria has one row per result and one column per scheme point (further columns are ignored).

    One pass per criterion finds how many criteria each result has reached (0: below the first,
    k: at the top), which picks the segment; its two criteria are gathered and interpolated once,
    with the same arithmetic as score_result (a lower-is-better row's signs cancel in the ratio).
    Rows go in chunks that stay in the CPU cache.
    """
    res = np.asarray(results, dtype=np.float64)
    n, k = len(res), len(scheme.scores)
    if n == 0:
        return np.empty(0)
    crit = np.asarray(criteria, dtype=np.float64).reshape(n, -1)
    if crit.shape[1] < k:
        raise ValueError(f"expected {k} criteria per row, got {crit.shape[1]}")
    crit = np.ascontiguousarray(crit[:, :k])
    lower = np.asarray(directions) == LOWER
    scores = np.asarray(scheme.scores, dtype=np.float64)
    # By the number of criteria reached (0..k): the score where that segment starts, and its rise.
    start = np.concatenate(([scheme.below_first], scores[:-1], [scheme.top]))
    rise = np.concatenate(([0.0], np.diff(scores), [0.0]))
    flat = crit.ravel()
    out = np.empty(n)
    reached = np.empty(n, dtype=np.intp)
    with np.errstate(invalid="ignore", divide="ignore"):
        for a in range(0, n, _CHUNK):
            b = min(n, a + _CHUNK)
            r, c = res[a:b], crit[a:b]
            sign = np.where(lower[a:b], -1.0, 1.0)
            x = r * sign
            seg = reached[a:b]
            seg[:] = x >= c[:, 0] * sign
            for j in range(1, k):
                seg += x >= c[:, j] * sign
            pos = np.clip(seg - 1, 0, k - 2)
            pos += np.arange(a * k, b * k, k)
            c0 = flat[pos]
            t = np.subtract(r, c0, out=out[a:b])
            t /= flat[pos + 1] - c0
            t *= rise[seg]  # 0 below the first criterion and at the top: the score is start[seg]
            t += start[seg]
    # A missing result stays NaN; an infinite one (inf x 0) gets the score of its end.
    odd = np.isnan(out)
    if odd.any():
        odd &= ~np.isnan(res)
        out[odd & (reached == 0)] = scheme.below_first
        out[odd & (reached == k)] = scheme.top
    if np.isnan(flat @ flat):  # one fast pass: is any criterion missing? Its row has no segment (imports reject it)
        out[np.isnan(crit).any(axis=1)] = np.nan
    # round4_array, in place.
    out *= 10_000
    out += 0.5
    out += 1e-9
    np.floor(out, out=out)
    out /= 10_000
    return out


_CHUNK = 8192  # rows per pass of score_many: its temporaries stay in the CPU cache


def weighted_score(weight: float, score: float) -> float:
    """A KPI's contribution: weight x score / 100."""
    return round4(weight * score / 100)


@dataclass(frozen=True)
class ScoredKpi:
    dimension: str
    weight: float
    score: float | None
    active: bool = True


def dimension_score(kpis: Iterable[ScoredKpi]) -> float | None:
    """sum(weight x score) / sum(weight) over the active, scored KPIs of one dimension."""
    pairs = [(k.weight, k.score) for k in kpis if k.active and k.score is not None]
    total = sum(w for w, _ in pairs)
    if total <= 0:
        return None
    return round4(sum(w * s for w, s in pairs) / total)


def composite_score(dimension_scores: dict[str, float | None],
                    dimension_weights: dict[str, float]) -> float | None:
    """sum(dimension weight x dimension score) / sum(dimension weights) over scored dimensions.

    A dimension's weight is the agreed one, so a cancelled KPI's weight stays in its own
    dimension and is redistributed there in proportion.
    """
    scored = {d: s for d, s in dimension_scores.items() if s is not None}
    total = sum(dimension_weights[d] for d in scored)
    if total <= 0:
        return None
    return round4(sum(dimension_weights[d] * s for d, s in scored.items()) / total)


def composite_of_kpis(kpis: Sequence[ScoredKpi],
                      dimension_weights: dict[str, float] | None = None) -> float | None:
    """Composite straight from KPIs; dimension weights default to the sum of their KPI weights."""
    weights = dict(dimension_weights or {})
    for k in kpis:
        if dimension_weights is None:
            weights[k.dimension] = weights.get(k.dimension, 0.0) + k.weight
    by_dim: dict[str, list[ScoredKpi]] = {}
    for k in kpis:
        by_dim.setdefault(k.dimension, []).append(k)
    # Unrounded dimension scores keep the composite exact to 4 decimals.
    raw: dict[str, float | None] = {}
    for d, ks in by_dim.items():
        pairs = [(k.weight, k.score) for k in ks if k.active and k.score is not None]
        total = sum(w for w, _ in pairs)
        raw[d] = sum(w * s for w, s in pairs) / total if total > 0 else None
    return composite_score(raw, weights)


def target_criterion(criteria: Sequence[float], scheme: SchemeConfig) -> float:
    return criteria[scheme.target_level - 1]


def gap_to_target(result: float, criteria: Sequence[float], scheme: SchemeConfig,
                  direction: str = HIGHER) -> float:
    """How far a result is past the target criterion, in its good direction (negative: short)."""
    gap = result - target_criterion(criteria, scheme)
    return round4(gap if direction == HIGHER else -gap)


def gap_to_top(result: float, criteria: Sequence[float], direction: str = HIGHER) -> float:
    """How far a result is from the last criterion (negative: short of the top)."""
    gap = result - criteria[-1]
    return round4(gap if direction == HIGHER else -gap)


def score_gap_to_top(score: float, scheme: SchemeConfig) -> float:
    """How far a score is from the top score (5, or 100)."""
    return round4(scheme.top - score)
