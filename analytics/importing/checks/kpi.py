"""The KPI agreement's checks: weights, criteria in order, duplicate KPIs, and the scores as computed."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from analytics import scoring
from analytics.importing.checks.base import Checker, duplicate_keys
from analytics.importing.problems import show_value

if TYPE_CHECKING:
    from analytics.store import Store


def scheme_configs(store: Store | None) -> dict[str, scoring.SchemeConfig]:
    """The scheme points in force: defaults, overridden by the store's settings."""
    configs = dict(scoring.DEFAULT_SCHEMES)
    stored = store.setting("schemes") if store is not None else None
    for name, value in (stored or {}).items():
        configs[name] = scoring.SchemeConfig(tuple(value["scores"]), float(value["below_first"]),
                                             int(value["target_level"]))
    return configs


_KPI_CODE_IN_NAME = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?\s+(.+)$")


def check_kpi(ch: Checker, out: pd.DataFrame, config: dict[str, scoring.SchemeConfig]) -> dict[str, pd.DataFrame]:
    if "kpi_code" not in out.columns and "kpi_name" in out.columns:
        split = out["kpi_name"].map(lambda v: _KPI_CODE_IN_NAME.match(v) if isinstance(v, str) else None)
        out["kpi_code"] = split.map(lambda m: m[1] if m else None)
        out["kpi_name"] = [m[2] if m else v for m, v in zip(split, out["kpi_name"], strict=True)]
    for c in ("c4", "c5", "direction", "scheme", "status", "dimension_name", "dimension_weight",
              "kpi_type", "unit", "owner", "prev_result_1", "prev_result_2", "result_6m", "result_9m", "result_12m"):
        if c not in out.columns:
            out[c] = None
    out["direction"] = out["direction"].fillna(scoring.HIGHER)
    out["status"] = out["status"].fillna("active")
    both = out["c4"].notna() & out["c5"].notna()
    out["scheme"] = out["scheme"].where(out["scheme"].notna(),
                                        np.where(both, scoring.FIVE_LEVEL, scoring.THREE_LEVEL))
    weights = out["weight"]
    ch.add_mask("bad_weight", weights.notna() & (weights <= 0), "weight", weights)
    five = out["scheme"] == scoring.FIVE_LEVEL
    # A scheme or criterion that already failed (a word where a number belongs) raises nothing more here.
    lacking = five & ~both & ~ch.failed("scheme", "c4", "c5")
    ch.add_mask("missing_criteria", lacking, "c4", None, scheme=scoring.FIVE_LEVEL, columns="c1-c5")
    crit = out[["c1", "c2", "c3", "c4", "c5"]].astype("float64").to_numpy()
    n_points = np.where(five.to_numpy(), 5, 3)
    steps = np.diff(crit, axis=1)
    lower = (out["direction"] == scoring.LOWER).to_numpy()
    mask3 = np.arange(4)[None, :] < (n_points[:, None] - 1)
    with np.errstate(invalid="ignore"):
        good = np.where(lower[:, None], steps < 0, steps > 0)
    complete = (~np.isnan(crit[:, :3]).any(axis=1) & ~(lacking.to_numpy())
                & ~ch.failed("direction", "scheme", "c1", "c2", "c3", "c4", "c5"))
    monotonic = np.where(mask3, good, True).all(axis=1)
    for idx in np.flatnonzero(complete & ~monotonic):
        points = [show_value(v) for v in crit[idx, :n_points[idx]]]
        direction = out["direction"].iloc[idx]
        ch.add("criteria_not_monotonic", int(idx), "c1", " / ".join(points), criteria=" / ".join(points),
               direction=direction, order_th="เพิ่มขึ้น" if direction == scoring.HIGHER else "ลดลง",
               order_en="ascending" if direction == scoring.HIGHER else "descending")
    duplicate_keys(ch, out, ["org_code", "fiscal_year", "kpi_code"], "duplicate_kpi", "kpi_code",
                lambda r: str(r["kpi_code"]))
    out.loc[~five, ["c4", "c5"]] = np.nan
    out["seq"] = np.arange(len(out))
    # Preview and warnings: scores as they will be computed.
    for rnd in (6, 9, 12):
        out[f"score_{rnd}m"] = np.nan
    ok = ~ch.bad_rows
    for scheme_name, cfg in config.items():
        sel = ok & (out["scheme"] == scheme_name).to_numpy()
        if not sel.any():
            continue
        k = len(cfg.scores)
        c = crit[sel][:, :k]
        for rnd in (6, 9, 12):
            res = out.loc[sel, f"result_{rnd}m"].astype("float64").to_numpy()
            out.loc[sel, f"score_{rnd}m"] = scoring.score_many(res, c, out.loc[sel, "direction"].to_numpy(), cfg)
    weight_warnings(ch, out)
    kpis = out[["org_code", "fiscal_year", "dimension", "dimension_name", "dimension_weight", "kpi_code",
                "kpi_name", "kpi_type", "weight", "unit", "direction", "scheme", "c1", "c2", "c3", "c4", "c5",
                "prev_result_1", "prev_result_2", "status", "owner", "seq"]].copy()
    long = []
    for rnd in (6, 9, 12):
        part = out.loc[out[f"result_{rnd}m"].notna(), ["org_code", "fiscal_year", "kpi_code", f"result_{rnd}m"]]
        long.append(part.rename(columns={f"result_{rnd}m": "result"}).assign(round=rnd))
    results = pd.concat(long, ignore_index=True)[["org_code", "fiscal_year", "kpi_code", "round", "result"]]
    return {"kpis": kpis, "kpi_results": results}


def weight_warnings(ch: Checker, out: pd.DataFrame) -> None:
    """A dimension's KPI weights should add up to its stated weight, an agreement's dimensions to 100.

    The sums are taken for all groups at once; Python looks again only at the groups that may be off,
    with the arithmetic of a group at a time (so the warnings are the same to the last digit).
    """
    keys = ["org_code", "fiscal_year", "dimension"]
    valid = out[[*keys, "weight"]].notna().all(axis=1) & ~ch.bad_rows
    if ch.bad_rows.any():
        # An agreement with a row that failed is not summed: its sums would only repeat that row's error.
        failed = out.loc[ch.bad_rows, ["org_code", "fiscal_year"]]
        if failed.isna().any(axis=None):
            return
        agreement = pd.MultiIndex.from_frame(out[["org_code", "fiscal_year"]].astype(object))
        valid &= ~agreement.isin(pd.MultiIndex.from_frame(failed.astype(object)))
    if not valid.any():
        return
    sub = out.loc[valid, [*keys, "weight"]].assign(stated=out.loc[valid, "dimension_weight"].astype("float64"),
                                                    row=out.index[valid])
    by_dim = sub.groupby(keys, sort=False)
    dims = by_dim.agg(total=("weight", "sum"), stated=("stated", "first"), row=("row", "min")).reset_index()
    rows_of: dict[Any, np.ndarray] = {}

    def weights_of(key: tuple[Any, ...]) -> float:
        """A dimension's weight sum exactly as summing its rows gives it."""
        if not rows_of:
            rows_of.update(by_dim.indices)
        return float(sub["weight"].iloc[rows_of[key]].sum())

    # Totals are rounded to 4 decimals before they are compared. numpy rounds as Python does unless
    # total x 10^4 is within a hair of a half: such groups are looked at again too.
    scaled = dims["total"] * 10_000
    near_half = ((scaled - np.floor(scaled)) - 0.5).abs() < 1e-6
    maybe = dims["stated"].notna() & (((dims["total"].round(4) - dims["stated"]).abs() > 1e-6 - 1e-9) | near_half)
    for r in dims[maybe].itertuples(index=False):
        total = round(weights_of((r.org_code, r.fiscal_year, r.dimension)), 4)
        if abs(total - float(r.stated)) > 1e-6:
            ch.add("weights_sum", int(r.row), "weight", severity="warning",
                   scope=f"มิติ {r.dimension} ({r.org_code} {int(r.fiscal_year)})",
                   scope_en=f"dimension {r.dimension} ({r.org_code} FY{int(r.fiscal_year)})", total=show_value(total),
                   expected=show_value(float(r.stated)))
    # An agreement's dimensions count with their stated weight, else the sum of their KPIs' weights.
    dims["agreed"] = dims["stated"].where(dims["stated"].notna(), dims["total"])
    by_agreement = dims.groupby(["org_code", "fiscal_year"], sort=False)
    totals = by_agreement["agreed"].sum()
    off = totals[(totals - 100).abs() > 1e-6 - 1e-7]
    if off.empty:
        return
    dims_of = by_agreement.indices
    for org, year in off.index:
        part = dims.iloc[dims_of[(org, year)]].sort_values("dimension")
        total = sum(float(d.stated) if pd.notna(d.stated) else weights_of((org, year, d.dimension))
                    for d in part.itertuples(index=False))
        if abs(total - 100) > 1e-6:
            ch.add("weights_sum", int(part["row"].min()), "weight", severity="warning",
                   scope=f"ทุกมิติ ({org} {int(year)})", scope_en=f"all dimensions ({org} FY{int(year)})",
                   total=show_value(round(total, 4)), expected=100)

