"""Synthetic ITA results: indicator and question scores, summaries with bands and ranks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics import ita as ita_rules
from analytics.synth.orgs import categorical


# -- ITA ----------------------------------------------------------------------------------------
def _questions() -> list[tuple[str, int, str]]:
    """45 questions (code, indicator, tool): i1-i15 over indicators 1-5, e1-e15 over 6-8, o1-o15 over 9-10."""
    out = [(f"i{n}", (n - 1) // 3 + 1, ita_rules.IIT) for n in range(1, 16)]
    out += [(f"e{n}", 6 + (n - 1) // 5, ita_rules.EIT) for n in range(1, 16)]
    out += [(f"o{n}", 9 if n <= 8 else 10, ita_rules.OIT) for n in range(1, 16)]
    return out


QUESTIONS = _questions()
RECOMMENDATION = "หน่วยงานควรทบทวนขั้นตอนการปฏิบัติงานและสื่อสารให้บุคลากรและผู้รับบริการรับทราบอย่างทั่วถึง"
IMPROVE_LABEL = "ปรับปรุงแก้ไข ผลประเมินสะท้อนว่ายังมีประเด็นที่ต้องเร่งพัฒนา"


@dataclass
class ItaFrames:
    indicators: pd.DataFrame
    questions: pd.DataFrame
    summaries: pd.DataFrame


def ita_frames(orgs: pd.DataFrame, years: Sequence[int], rng: np.random.Generator) -> ItaFrames:
    """Question, indicator and overall scores with ranks; most overall scores in the 80s and 90s.

    IIT and EIT questions are survey means around the agency's level; OIT items score 0 or 100
    (a document is published or not). Indicators are the mean of their questions and the overall
    is the tool-weighted mean of the indicators, so the app's recomputed check agrees.
    """
    n_org, n_year, n_q = len(orgs), len(years), len(QUESTIONS)
    quality = np.clip(rng.normal(90.0, 4.0, n_org), 60.0, 99.5)
    drift = np.linspace(-2.0, 0.5, n_year)  # the national average rose over the years
    level = quality[:, None] + drift[None, :] + rng.normal(0.0, 1.5, (n_org, n_year))
    q_ind = np.array([q[1] for q in QUESTIONS])
    q_tool = np.array([q[2] for q in QUESTIONS])
    tool_offset = np.where(q_tool == ita_rules.IIT, 3.0, np.where(q_tool == ita_rules.EIT, -1.0, 0.0))
    indicator_effect = rng.normal(0.0, 2.0, (n_org, 1, 11))[:, :, q_ind]  # per agency, stable over years
    survey = level[:, :, None] + tool_offset[None, None, :] + indicator_effect + rng.normal(0.0, 2.0, (n_org, n_year, n_q))
    published = 1.0 / (1.0 + np.exp(-(level - 80.0) / 3.0))
    items = np.where(rng.random((n_org, n_year, n_q)) < published[:, :, None], 100.0, 0.0)
    scores = np.where(q_tool[None, None, :] == ita_rules.OIT, items, np.clip(survey, 0.0, 100.0))
    scores = np.round(scores, 2)

    ind_scores = np.stack([scores[:, :, q_ind == i].mean(axis=2) for i in range(1, 11)], axis=2)
    ind_scores = np.round(ind_scores, 2)
    weights = ita_rules.DEFAULT_TOOL_WEIGHTS
    tool_mean = {t: ind_scores[:, :, [i - 1 for i in range(1, 11) if ita_rules.INDICATOR_TOOL[i] == t]].mean(axis=2)
                 for t in ita_rules.TOOLS}
    overall = sum(weights[t] * tool_mean[t] for t in ita_rules.TOOLS) / sum(weights.values())
    overall = np.round(overall, 2)

    codes = orgs["org_code"].to_numpy()
    org_idx = np.arange(n_org)
    year_arr = np.asarray(years, dtype=np.int64)

    q_org = np.repeat(org_idx, n_year * n_q)
    q_year = np.tile(np.repeat(year_arr, n_q), n_org)
    q_idx = np.tile(np.arange(n_q), n_org * n_year)
    flat = scores.ravel()
    weak = flat < ita_rules.DEVELOP_FROM
    texts = [f"ตัวชี้วัดที่ {i} {ita_rules.INDICATOR_NAMES_TH[i]}: ข้อคำถาม {c}" for c, i, _ in QUESTIONS]
    questions = pd.DataFrame({
        "org_code": categorical(codes, q_org),
        "fiscal_year": q_year,
        "indicator_no": q_ind[q_idx],
        "tool": categorical(q_tool, q_idx),
        "question_code": categorical([q[0] for q in QUESTIONS], q_idx),
        "question_text": categorical(texts, q_idx),
        "score": flat,
        "recommendation": categorical([None, RECOMMENDATION], weak.astype(np.int64)),
        "analysis_label": categorical([None, IMPROVE_LABEL], weak.astype(np.int64)),
        "seq": q_idx,
    })

    i_org = np.repeat(org_idx, n_year * 10)
    i_no = np.tile(np.arange(1, 11), n_org * n_year)
    ind_tools = [ita_rules.INDICATOR_TOOL[i] for i in range(1, 11)]
    indicators = pd.DataFrame({
        "org_code": categorical(codes, i_org),
        "fiscal_year": np.tile(np.repeat(year_arr, 10), n_org),
        "indicator_no": i_no,
        "tool": categorical(ind_tools, i_no - 1),
        "score": ind_scores.ravel(),
    })

    s_org = np.repeat(org_idx, n_year)
    summaries = pd.DataFrame({
        "org_code": codes[s_org],
        "fiscal_year": np.tile(year_arr, n_org),
        "overall": overall.ravel(),
        "ministry": orgs["ministry"].to_numpy()[s_org],
        "org_group": orgs["org_group"].to_numpy()[s_org],
    })
    for rank, size, by in (("rank_ministry", "ministry_size", "ministry"), ("rank_group", "group_size", "org_group")):
        grouped = summaries.groupby(["fiscal_year", by], dropna=True)["overall"]
        summaries[rank] = grouped.rank(method="min", ascending=False).astype("Int64")
        summaries[size] = grouped.transform("size").astype("Int64")
    summaries = summaries.drop(columns=["ministry", "org_group"])
    summaries["org_code"] = categorical(codes, s_org)
    return ItaFrames(indicators, questions, summaries)
