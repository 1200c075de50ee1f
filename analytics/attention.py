"""What needs an executive's attention for one unit, year and round, most pressing first.

Five kinds, each a group of items: missing data (itself a finding), a low rank in the ministry,
KPIs below target, ITA questions in the improve band, and overdue actions. Nothing here renders:
the overview and the exports word the items from the fields.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analytics import ita as ita_rules
from analytics import report
from analytics.actions import count_actions
from analytics.store import Store

MISSING, RANK, KPI, ITA, ACTIONS = "missing", "rank", "kpi", "ita", "actions"
KINDS = (MISSING, RANK, KPI, ITA, ACTIONS)
SHOWN = 5  # the most pressing items of each kind the overview lists; the rest are one link away
LOW_RANK_SHARE = 2 / 3  # a rank past two thirds of the ranked units is in the bottom third


@dataclass(frozen=True)
class Item:
    """One thing to look at: its kind, a key for its detail (KPI code, question, action id), the facts."""

    kind: str
    key: str
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Group:
    kind: str
    items: tuple[Item, ...]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def shown(self) -> tuple[Item, ...]:
        return self.items[:SHOWN]

    @property
    def more(self) -> int:
        return max(0, self.total - SHOWN)


@dataclass(frozen=True)
class Attention:
    groups: tuple[Group, ...]

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups)

    @property
    def missing_data(self) -> bool:
        return any(g.kind == MISSING and g.total for g in self.groups)

    def group(self, kind: str) -> Group:
        return next((g for g in self.groups if g.kind == kind), Group(kind, ()))


def _blank(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _text(value: Any) -> str:
    return "" if _blank(value) or str(value).strip() in ("-", "–") else str(value).strip()


def is_low_rank(rank: Any, size: Any) -> bool:
    """In the bottom third: rank > two thirds of the units ranked (6, 7 and 8 of 8)."""
    if _blank(rank) or _blank(size) or int(size) < 3:
        return False
    return int(rank) > int(size) * LOW_RANK_SHARE


def missing_items(kpi: report.KpiReport | None, ita: report.ItaReport | None, actions_total: int,
                  year: int, round_: int) -> list[Item]:
    """The data the overview would need and does not have, most consequential first."""
    out: list[Item] = []
    if kpi is None:
        out.append(Item(MISSING, "kpi_agreement", {"year": year, "round": round_}))
    else:
        active = kpi.kpis[kpi.kpis["status"] == "active"]
        without = active[active["result"].isna()]
        if len(active) and len(without) == len(active):
            out.append(Item(MISSING, "kpi_results", {"year": year, "round": round_}))
        elif len(without):
            out.append(Item(MISSING, "kpi_some_results", {
                "year": year, "round": round_, "n": len(without), "total": len(active),
                "codes": [str(c) for c in without["kpi_code"]]}))
    if ita is None or ita.overall is None:
        out.append(Item(MISSING, "ita_result", {"year": year}))
    elif ita.questions.empty:
        out.append(Item(MISSING, "ita_questions", {"year": year}))
    if not actions_total:
        out.append(Item(MISSING, "action_plan", {"year": year}))
    return out


def rank_items(ita: report.ItaReport | None) -> list[Item]:
    if ita is None or ita.summary is None:
        return []
    s = ita.summary
    out = []
    for key, rank, size in (("ministry", "rank_ministry", "ministry_size"), ("group", "rank_group", "group_size")):
        if is_low_rank(s.get(rank), s.get(size)):
            out.append(Item(RANK, key, {"rank": int(s[rank]), "size": int(s[size]), "overall": float(s["overall"])}))
    return out


def kpi_items(kpi: report.KpiReport | None) -> list[Item]:
    """Active KPIs below target, the largest weighted shortfall (weight x score short of target) first."""
    if kpi is None:
        return []
    below = kpi.kpis[kpi.kpis["below_target"].astype(bool)]
    items = []
    for r in below.to_dict("records"):
        cfg = kpi.configs.get(str(r["scheme"]))
        target_score = cfg.scores[cfg.target_level - 1] if cfg else None
        shortfall = (target_score - float(r["score"])) * float(r["weight"]) / (cfg.top if cfg else 1.0) \
            if target_score is not None and not _blank(r["score"]) else 0.0
        items.append(Item(KPI, str(r["kpi_code"]), {
            "code": str(r["kpi_code"]), "name": _text(r["kpi_name"]), "result": float(r["result"]),
            "target": float(r["target"]), "unit": _text(r.get("unit")), "owner": _text(r.get("owner")),
            "weight": float(r["weight"]), "score": None if _blank(r["score"]) else float(r["score"]),
            "shortfall": round(shortfall, 4)}))
    items.sort(key=lambda i: (-i.facts["shortfall"], i.facts["code"]))
    return items


def measure_name(action: Any) -> str:
    """The measure an action belongs to: its text before ' – ' (the measure – the activity)."""
    text = _text(action)
    return text.split(" – ", 1)[0].strip() if " – " in text else text


def ita_items(ita: report.ItaReport | None, measures: pd.DataFrame) -> list[Item]:
    """Questions in the improve band (< 90), lowest score first, each with the measure that answers it.

    The measures are the ITA actions (ref = indicator) of the year and the plan year after it.
    """
    if ita is None or ita.questions.empty:
        return []
    weak = ita.questions[ita.questions["band"] == ita_rules.IMPROVE]
    by_indicator: dict[int, list[dict[str, Any]]] = {}
    if len(measures):
        for m in measures.sort_values("fiscal_year", ascending=False, kind="stable").to_dict("records"):
            if not _blank(m.get("indicator_no")):
                by_indicator.setdefault(int(m["indicator_no"]), []).append(m)
    items = []
    for r in weak.to_dict("records"):
        no = int(r["indicator_no"])
        answers = by_indicator.get(no, [])
        names = list(dict.fromkeys(measure_name(m["action"]) for m in answers))
        items.append(Item(ITA, str(r["question_code"]), {
            "code": str(r["question_code"]), "text": _text(r["question_text"]), "indicator": no,
            "score": float(r["score"]), "recommendation": _text(r.get("recommendation")),
            "measure": names[0] if names else "", "measures": len(names),
            "measure_year": int(answers[0]["fiscal_year"]) if answers else None}))
    items.sort(key=lambda i: (i.facts["score"], i.facts["code"]))
    return items


def action_items(overdue: pd.DataFrame, today: dt.date) -> list[Item]:
    """Overdue actions, the longest overdue first: what, owner, due date, days overdue."""
    items = []
    for r in overdue.to_dict("records"):
        due = pd.Timestamp(r["due_date"]).date()
        items.append(Item(ACTIONS, str(int(r["action_id"])), {
            "id": int(r["action_id"]), "ref": _text(r["ref"]), "source": _text(r["source"]),
            "action": _text(r["action"]), "owner": _text(r["owner_main"]), "due": due,
            "days": (today - due).days, "status": _text(r["status"]),
            "progress": None if _blank(r.get("progress")) else float(r["progress"])}))
    items.sort(key=lambda i: (-i.facts["days"], i.facts["id"]))
    return items


def attention(store: Store, org_code: str, fiscal_year: int, round_: int, today: dt.date,
              kpi: report.KpiReport | None = None, ita: report.ItaReport | None = None) -> Attention:
    """Everything that needs attention for a unit, year and round (pass the reports when already built)."""
    kpi = kpi if kpi is not None else report.kpi_report(store, org_code, fiscal_year, round_)
    ita = ita if ita is not None else report.ita_report(store, org_code, fiscal_year)
    counts = count_actions(store, org_code, fiscal_year, today)
    measures = store.ita_measures(org_code, [fiscal_year, fiscal_year + 1]) if ita is not None else pd.DataFrame()
    overdue = store.overdue_actions(org_code, fiscal_year, today, limit=10_000)
    return Attention((
        Group(MISSING, tuple(missing_items(kpi, ita, counts.total, fiscal_year, round_))),
        Group(RANK, tuple(rank_items(ita))),
        Group(KPI, tuple(kpi_items(kpi))),
        Group(ITA, tuple(ita_items(ita, measures))),
        Group(ACTIONS, tuple(action_items(overdue, today))),
    ))
