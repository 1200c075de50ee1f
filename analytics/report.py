"""What the pages, the deck and `report --json` show: KPI scorecards, ITA results, actions, cycle.

Everything here takes a Store and plain inputs and returns data; nothing here renders.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analytics import ita as ita_rules
from analytics import scoring
from analytics.actions import count_actions
from analytics.cycle import STANDARD_TOTAL_DAYS
from analytics.importing import scheme_configs
from analytics.store import Store

ROUNDS = (6, 9, 12)


def score_frame(kpis: pd.DataFrame, round_: int, configs: dict[str, scoring.SchemeConfig]) -> pd.DataFrame:
    """Add result, score, weighted score and gaps for one round to a frame of KPIs (vectorised)."""
    out = kpis.copy()
    out["result"] = out[f"result_{round_}m"].astype("float64") if len(out) else pd.Series(dtype="float64")
    out["score"] = np.nan
    out["gap_to_target"] = np.nan
    out["gap_to_top"] = np.nan
    out["target"] = np.nan
    out["top_score"] = np.nan
    for name, cfg in configs.items():
        sel = (out["scheme"] == name).to_numpy()
        if not sel.any():
            continue
        k = len(cfg.scores)
        crit = out.loc[sel, ["c1", "c2", "c3", "c4", "c5"]].astype("float64").to_numpy()[:, :k]
        res = out.loc[sel, "result"].to_numpy()
        directions = out.loc[sel, "direction"].to_numpy()
        out.loc[sel, "score"] = scoring.score_many(res, crit, directions, cfg)
        sign = np.where(directions == scoring.LOWER, -1.0, 1.0)
        target = crit[:, cfg.target_level - 1]
        out.loc[sel, "target"] = target
        out.loc[sel, "gap_to_target"] = scoring.round4_array(sign * (res - target))
        out.loc[sel, "gap_to_top"] = scoring.round4_array(sign * (res - crit[:, -1]))
        out.loc[sel, "top_score"] = cfg.top
    active = out["status"] == "active"
    out.loc[~active, "score"] = np.nan
    out["weighted"] = scoring.round4_array(out["weight"].astype("float64").to_numpy() * out["score"].to_numpy() / 100)
    out["below_target"] = active & (out["gap_to_target"] < 0)
    return out


def dimension_table(scored: pd.DataFrame) -> pd.DataFrame:
    """Per org, year and dimension: the agreed weight and the score over active, scored KPIs."""
    if scored.empty:
        return pd.DataFrame(columns=["org_code", "fiscal_year", "dimension", "name", "weight", "score",
                                     "active_weight", "cancelled"])
    f = scored.assign(
        ws=scored["weight"] * scored["score"],
        w_scored=np.where(scored["score"].notna(), scored["weight"], 0.0),
        cancelled_flag=(scored["status"] == "cancelled").astype(int),
        first_seq=scored["seq"])
    g = f.groupby(["org_code", "fiscal_year", "dimension"], sort=False)
    agg = g.agg(name=("dimension_name", "first"), stated=("dimension_weight", "max"), total=("weight", "sum"),
                ws=("ws", "sum"), w_scored=("w_scored", "sum"), cancelled=("cancelled_flag", "sum"),
                first_seq=("first_seq", "min")).reset_index()
    agg["weight"] = agg["stated"].where(agg["stated"].notna(), agg["total"])
    raw = np.where(agg["w_scored"] > 0, agg["ws"] / agg["w_scored"].where(agg["w_scored"] > 0, 1), np.nan)
    agg["raw_score"] = raw
    agg["score"] = scoring.round4_array(raw)
    agg["active_weight"] = agg["w_scored"]
    agg = agg.sort_values(["org_code", "fiscal_year", "first_seq"]).reset_index(drop=True)
    return agg[["org_code", "fiscal_year", "dimension", "name", "weight", "score", "raw_score",
                "active_weight", "cancelled"]]


def composites(dimensions: pd.DataFrame) -> pd.DataFrame:
    """Per org and year: sum(dimension weight x score) / sum(dimension weights) over scored dimensions."""
    if dimensions.empty:
        return pd.DataFrame(columns=["org_code", "fiscal_year", "composite"])
    d = dimensions[dimensions["raw_score"].notna()]
    d = d.assign(ws=d["weight"] * d["raw_score"])
    g = d.groupby(["org_code", "fiscal_year"]).agg(ws=("ws", "sum"), w=("weight", "sum")).reset_index()
    g["composite"] = scoring.round4_array((g["ws"] / g["w"]).to_numpy())
    return g[["org_code", "fiscal_year", "composite"]]


@dataclass
class KpiReport:
    kpis: pd.DataFrame
    dimensions: pd.DataFrame
    composite: float | None
    scheme: str | None
    configs: dict[str, scoring.SchemeConfig]

    @property
    def has_cancelled(self) -> bool:
        return bool((self.kpis["status"] == "cancelled").any())


def kpi_report(store: Store, org_code: str, fiscal_year: int, round_: int) -> KpiReport | None:
    rows = store.kpis(org_code, fiscal_year)
    if rows.empty:
        return None
    configs = scheme_configs(store)
    scored = score_frame(rows, round_, configs)
    dims = dimension_table(scored)
    comp = composites(dims)
    composite = float(comp["composite"].iloc[0]) if len(comp) and pd.notna(comp["composite"].iloc[0]) else None
    schemes = scored["scheme"].unique().tolist()
    return KpiReport(scored, dims, composite, schemes[0] if len(schemes) == 1 else None, configs)


def composites_for(store: Store, org_codes: list[str], years: list[int], round_: int) -> pd.DataFrame:
    """KPI composites of several orgs and years for one round (comparison and trends)."""
    rows = store.kpis_for_orgs(org_codes, years)
    if rows.empty:
        return pd.DataFrame(columns=["org_code", "fiscal_year", "composite"])
    return composites(dimension_table(score_frame(rows, round_, scheme_configs(store))))


@dataclass
class ItaReport:
    summary: dict[str, Any] | None
    indicators: pd.DataFrame
    questions: pd.DataFrame
    recomputed: float | None
    fiscal_year: int

    @property
    def overall(self) -> float | None:
        return None if self.summary is None else float(self.summary["overall"])

    @property
    def band(self) -> str | None:
        return None if self.overall is None else ita_rules.band(self.overall)

    @property
    def rating(self) -> str | None:
        return None if self.overall is None else ita_rules.rating(self.overall, self.fiscal_year)


def ita_report(store: Store, org_code: str, fiscal_year: int) -> ItaReport | None:
    summary = store.ita_summary(org_code, fiscal_year)
    indicators = store.ita_indicators(org_code, fiscal_year)
    questions = store.ita_questions(org_code, fiscal_year)
    if summary is None and indicators.empty:
        return None
    if len(indicators):
        indicators["band"] = [ita_rules.band(s) for s in indicators["score"]]
    else:
        indicators["band"] = pd.Series(dtype=object)
    if len(questions):
        # A question whose score was not published has no band and is never flagged.
        questions["published"] = questions["score"].notna()
        questions["band"] = [ita_rules.band(s) if pd.notna(s) else None for s in questions["score"]]
        questions["label_band"] = [ita_rules.label_band(lab) for lab in questions["analysis_label"]]
        questions["label_mismatch"] = [bool(pd.notna(s) and ita_rules.label_mismatch(s, lab))
                                       for s, lab in zip(questions["score"], questions["analysis_label"], strict=True)]
    recomputed = ita_rules.recompute_overall(dict(zip(indicators["indicator_no"].astype(int), indicators["score"],
                                                      strict=True)), ita_rules.tool_weights(fiscal_year)) \
        if len(indicators) else None
    return ItaReport(summary, indicators, questions, recomputed, fiscal_year)


def action_summary(store: Store, org_code: str, fiscal_year: int | None, today: dt.date) -> dict[str, Any] | None:
    """The action counts as `report --json` prints them: statuses that add up to total, overdue "of which"."""
    counts = count_actions(store, org_code, fiscal_year, today)
    return counts.as_json() if counts.total else None


def cycle_report(store: Store, org_code: str, fiscal_year: int) -> pd.DataFrame | None:
    """One row per step, its passes folded in: working days from the government's calendar as the
    administrators keep it (store.days_off_changes), lateness and state per analytics.cycle.step_timing.

    Columns: step_no, step_name, standard_days, started (first pass), finished (last pass, once all
    are finished), actual_days, late, state, passes (the Pass objects), pass_days, sent_back.
    """
    from analytics import cycle as rules
    rows = store.cycle_steps(org_code, fiscal_year)
    if rows.empty:
        return None
    changes = store.days_off_changes()

    def day(v: Any) -> dt.date | None:
        return None if v is None or pd.isna(v) else pd.Timestamp(v).date()

    out = []
    for step_no, group in rows.groupby("step_no", sort=True):
        group = group.sort_values("pass_no")
        passes = [rules.Pass(int(r.pass_no), day(r.started), day(r.finished),
                             None if r.outcome is None or pd.isna(r.outcome) else str(r.outcome))
                  for r in group.itertuples()]
        standard = int(group["standard_days"].iloc[0])
        timing = rules.step_timing(int(step_no), standard, passes, changes)
        counted = [p for p in passes if p.outcome != rules.NOT_APPLICABLE]
        starts = [p.started for p in counted if p.started is not None]
        out.append({"step_no": int(step_no), "step_name": group["step_name"].iloc[0], "standard_days": standard,
                    "started": min(starts) if starts else None,
                    "finished": counted[-1].finished if timing.actual_days is not None else None,
                    "actual_days": timing.actual_days, "late": timing.late, "state": timing.state,
                    "passes": passes, "pass_days": list(timing.pass_days), "sent_back": timing.sent_back})
    steps = pd.DataFrame(out)
    steps["actual_days"] = pd.array(steps["actual_days"].tolist(), dtype="Int64")
    for col in ("started", "finished"):
        steps[col] = pd.to_datetime(steps[col])
    return steps


def _num(v: Any) -> Any:
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v)
    return v


def full_report(store: Store, org_code: str, fiscal_year: int, round_: int = 12,
                today: dt.date | None = None) -> dict[str, Any]:
    """The object `report --json` prints; a part with no data is None."""
    today = today or dt.date.today()
    kr = kpi_report(store, org_code, fiscal_year, round_)
    kpi_part = None
    if kr is not None:
        kpi_part = {
            "composite": kr.composite,
            "dimensions": [{"dimension": r.dimension, "name": _num(r.name), "weight": _num(r.weight),
                            "score": _num(r.score)} for r in kr.dimensions.itertuples()],
            "kpis": [{"kpi_code": r.kpi_code, "name": r.kpi_name, "dimension": r.dimension, "weight": _num(r.weight),
                      "result": _num(r.result), "score": _num(r.score), "weighted": _num(r.weighted),
                      "gap_to_target": _num(r.gap_to_target)} for r in kr.kpis.itertuples()],
        }
    ir = ita_report(store, org_code, fiscal_year)
    ita_part = None
    if ir is not None:
        s = ir.summary or {}
        ita_part = {
            "overall": ir.overall, "recomputed": ir.recomputed, "band": ir.band, "rating": ir.rating,
            "rank_ministry": _num(s.get("rank_ministry")), "ministry_size": _num(s.get("ministry_size")),
            "rank_group": _num(s.get("rank_group")), "group_size": _num(s.get("group_size")),
            "indicators": [{"no": int(r.indicator_no), "tool": r.tool, "score": round(float(r.score), 4),
                            "band": r.band} for r in ir.indicators.itertuples()],
            "questions": [{"code": r.question_code, "indicator_no": int(r.indicator_no),
                           "score": None if pd.isna(r.score) else float(r.score), "published": bool(r.published),
                           "band": _num(r.band), "label_mismatch": bool(r.label_mismatch)}
                          for r in ir.questions.itertuples()] if len(ir.questions) else [],
        }
    cr = cycle_report(store, org_code, fiscal_year)
    cycle_part = None
    if cr is not None:
        cycle_part = {"steps": int(len(cr)), "standard_days": int(cr["standard_days"].sum()),
                      "late_steps": [int(n) for n, late in zip(cr["step_no"], cr["late"], strict=True) if late],
                      "not_applicable_steps": [int(n) for n, st in zip(cr["step_no"], cr["state"], strict=True)
                                               if st == "not_applicable"],
                      "sent_back_steps": [int(n) for n, k in zip(cr["step_no"], cr["sent_back"], strict=True) if k]}
    return {"org": org_code, "fiscal_year": fiscal_year, "round": round_, "kpi": kpi_part, "ita": ita_part,
            "actions": action_summary(store, org_code, fiscal_year, today), "cycle": cycle_part,
            "standard_cycle_days": STANDARD_TOTAL_DAYS}
