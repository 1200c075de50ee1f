"""The overview's verdict: where a unit stands in one sentence, its dimensions against target, its trends.

Built from analytics.report and analytics.attention; worded through the catalogue (ov.v_*) in Thai or English.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analytics import attention as att
from analytics import ita as ita_rules
from analytics import report
from analytics.actions import ActionCounts, count_actions
from analytics.i18n import t
from analytics.store import Store

ON_TARGET, BELOW_TARGET, NO_RESULT = "on_target", "below_target", "no_result"
FRESHNESS_KINDS = ("kpi", "ita_summary", "ita", "actions", "cycle")


@dataclass(frozen=True)
class DimensionStatus:
    dimension: str
    name: str
    weight: float
    score: float | None
    target: float | None
    top: float | None

    @property
    def status(self) -> str:
        if self.score is None or self.target is None:
            return NO_RESULT
        return ON_TARGET if self.score >= self.target else BELOW_TARGET


@dataclass(frozen=True)
class Verdict:
    org: str
    org_abbr: str
    year: int
    round: int
    composite: float | None
    previous: float | None  # the composite of the year before, same round
    scheme: str | None
    dimensions: tuple[DimensionStatus, ...]
    ita_overall: float | None
    ita_band: str | None
    ita_recomputed: float | None  # the overall recomputed from the indicator scores, a check beside the published one
    ita_rating: str | None
    rank_ministry: int | None
    ministry_size: int | None
    actions: ActionCounts
    attention: att.Attention
    freshness: dict[str, dt.datetime | None]

    @property
    def change(self) -> float | None:
        if self.composite is None or self.previous is None:
            return None
        return round(self.composite - self.previous, 4)

    @property
    def passed(self) -> bool | None:
        return None if self.ita_overall is None else ita_rules.passed(self.ita_overall)

    @property
    def dimensions_below(self) -> int:
        return sum(d.status == BELOW_TARGET for d in self.dimensions)

    def sentence(self, lang: str) -> str:
        """One sentence: composite and its change, ITA band and pass, rank in the ministry, items to look at."""
        parts = []
        if self.composite is None:
            parts.append(t("ov.v_no_kpi", lang, year=self.year, months=self.round))
        elif self.change is None:
            parts.append(t("ov.v_composite", lang, months=self.round, value=_num(self.composite, 4)))
        else:
            key = "ov.v_composite_up" if self.change > 0 else "ov.v_composite_down" if self.change < 0 \
                else "ov.v_composite_same"
            parts.append(t(key, lang, months=self.round, value=_num(self.composite, 4),
                           change=_num(abs(self.change), 4), prev=self.year - 1))
        if self.ita_overall is None:
            parts.append(t("ov.v_no_ita", lang, year=self.year))
        else:
            band = t(f"band.{self.ita_band}", lang)
            rating = t("ov.v_pass", lang) if self.passed else t("ov.v_fail", lang)
            parts.append(t("ov.v_ita", lang, value=_num(self.ita_overall, 2), band=band, rating=rating)
                         + ita_line_text(self.ita_overall, lang))
        if self.rank_ministry is not None and self.ministry_size is not None:
            parts.append(t("ov.v_rank", lang, rank=self.rank_ministry, size=self.ministry_size))
        n = self.attention.total
        parts.append(t("ov.v_attention", lang, n=n) if n else t("ov.v_attention_none", lang))
        head = t("ov.v_head", lang, org=self.org_abbr, year=self.year)
        return (head + t("ov.v_join", lang).join(parts) + t("ov.v_end", lang)).strip()


def ita_line_text(score: float, lang: str) -> str:
    """The distance to the next line, to follow the ITA part of the sentence: ", 0.77 points below 95, the
    Maintain band" (the pass mark 85, the national target 89, the develop band 90, the maintain band 95)."""
    near = ita_rules.next_line(score)
    key = "ov.v_ita_below" if not near.above else "ov.v_ita_above" if near.gap else "ov.v_ita_on"
    return t(key, lang, gap=_num(near.gap, 2), line=f"{near.line:g}", name=t(f"ov.v_line.{near.kind}", lang))


def _num(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def _blank(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def dimension_statuses(kpi: report.KpiReport | None) -> tuple[DimensionStatus, ...]:
    """Each dimension's score against the target level's score of its scheme (75 of 100, 3 of 5)."""
    if kpi is None or kpi.dimensions.empty:
        return ()
    cfg = kpi.configs.get(kpi.scheme) if kpi.scheme else None
    out = []
    for d in kpi.dimensions.to_dict("records"):
        out.append(DimensionStatus(
            str(d["dimension"]), "" if _blank(d["name"]) else str(d["name"]), float(d["weight"]),
            None if _blank(d["score"]) else float(d["score"]),
            cfg.scores[cfg.target_level - 1] if cfg else None, cfg.top if cfg else None))
    return tuple(out)


def build_verdict(store: Store, org_code: str, fiscal_year: int, round_: int, today: dt.date) -> Verdict:
    info = store.org(org_code) or {}
    kpi = report.kpi_report(store, org_code, fiscal_year, round_)
    prev_frame = report.composites_for(store, [org_code], [fiscal_year - 1], round_)
    previous = float(prev_frame["composite"].iloc[0]) \
        if len(prev_frame) and not _blank(prev_frame["composite"].iloc[0]) else None
    ita = report.ita_report(store, org_code, fiscal_year)
    s = (ita.summary if ita is not None else None) or {}
    return Verdict(
        org=org_code, org_abbr=str(info.get("abbr_th") or org_code), year=fiscal_year, round=round_,
        composite=kpi.composite if kpi is not None else None, previous=previous,
        scheme=kpi.scheme if kpi is not None else None, dimensions=dimension_statuses(kpi),
        ita_overall=ita.overall if ita is not None else None, ita_band=ita.band if ita is not None else None,
        ita_recomputed=ita.recomputed if ita is not None else None,
        ita_rating=ita.rating if ita is not None else None,
        rank_ministry=None if _blank(s.get("rank_ministry")) else int(s["rank_ministry"]),
        ministry_size=None if _blank(s.get("ministry_size")) else int(s["ministry_size"]),
        actions=count_actions(store, org_code, fiscal_year, today),
        attention=att.attention(store, org_code, fiscal_year, round_, today, kpi, ita),
        freshness=store.last_imports(org_code, fiscal_year))


def composite_trend(store: Store, org_code: str) -> pd.DataFrame:
    """The composite of every year with an agreement, for each round: fiscal_year, round, composite, scheme.

    A 5-level composite (out of 5) and a 3-level one (out of 100) are not on one scale: the scheme says which.
    """
    years = sorted(int(y) for y in store.years(org_code))
    frames = []
    for round_ in report.ROUNDS:
        comp = report.composites_for(store, [org_code], years, round_)
        if len(comp):
            frames.append(comp.assign(round=round_)[["fiscal_year", "round", "composite"]])
    if not frames:
        return pd.DataFrame({"fiscal_year": pd.Series(dtype="int64"), "round": pd.Series(dtype="int64"),
                             "composite": pd.Series(dtype="float64"), "scheme": pd.Series(dtype=object)})
    out = pd.concat(frames, ignore_index=True).dropna(subset=["composite"])
    schemes = store.kpi_schemes(years, [org_code])[["fiscal_year", "scheme"]]
    out = out.merge(schemes, on="fiscal_year", how="left")
    return out.sort_values(["fiscal_year", "round"]).reset_index(drop=True)
