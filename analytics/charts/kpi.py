"""KPI scorecard charts: a bullet chart of one KPI's criteria, its results over time, dimension scores.

Pure functions from report rows to Plotly figures; every text comes from the catalogue.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics.charts.base import names_above_bars, styled
from analytics.i18n import t
from analytics.palette import (
    KPI_STATUS_COLOURS,
    LINE_TARGET,
    NEUTRAL,
    PRIMARY,
    SEQUENCE,
    hex_to_rgb,
)
from analytics.scoring import DEFAULT_SCHEMES, LOWER, THREE_LEVEL, SchemeConfig

ON_TARGET, BELOW_TARGET, NO_RESULT, CANCELLED = "on_target", "below_target", "no_result", "cancelled"
STATUSES = (ON_TARGET, BELOW_TARGET, NO_RESULT, CANCELLED)
ROUND_COLOURS = {6: SEQUENCE[2], 9: SEQUENCE[1], 12: SEQUENCE[0]}
SCORES_BARGAP = 0.5  # room above each bar for its name


# -- shared helpers -------------------------------------------------------------------------------
def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def kpi_status(status: Any, result: Any, gap_to_target: Any) -> str:
    """A KPI's scorecard status: cancelled, no result this round, on target, or below target."""
    if status == "cancelled":
        return CANCELLED
    if _missing(result) or _missing(gap_to_target):
        return NO_RESULT
    return ON_TARGET if float(gap_to_target) >= 0 else BELOW_TARGET


def kpi_statuses(kpis: pd.DataFrame) -> pd.Series:
    """kpi_status for every row of a scored KPI frame (report.score_frame)."""
    return pd.Series([kpi_status(s, r, g) for s, r, g in
                      zip(kpis["status"], kpis["result"], kpis["gap_to_target"], strict=True)],
                     index=kpis.index, dtype=object)


def level_name(scheme: str, level: int, n_levels: int, lang: str) -> str:
    """ขั้นต้น / มาตรฐาน / ขั้นสูง for a 3-point 3-level scheme, else 'ระดับ n'."""
    if scheme == THREE_LEVEL and n_levels == 3:
        return t(f"kpi.level.{THREE_LEVEL}.{level}", lang)
    return t("kpi.level.n", lang, n=level)


def number(value: float, decimals: int | None = None) -> str:
    """A criterion or result with separators; without decimals given, as few as it needs (up to 4)."""
    if decimals is not None:
        return f"{value:,.{decimals}f}"
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def shorten(text: str, limit: int) -> str:
    """Cut a (Thai) text to about limit characters without splitting a vowel or tone mark from its letter."""
    if len(text) <= limit:
        return text
    cut = limit
    while cut > 0 and unicodedata.category(text[cut]) == "Mn":
        cut -= 1
    return text[:cut].rstrip() + "…"


def criteria_of(kpi_row: Mapping[str, Any], config: SchemeConfig) -> list[float]:
    return [float(kpi_row[f"c{i}"]) for i in range(1, len(config.scores) + 1)]


def _rgba(colour: str, alpha: float) -> str:
    r, g, b = hex_to_rgb(colour)
    return f"rgba({r},{g},{b},{alpha:.2f})"


def band_colours(n_bands: int) -> list[str]:
    """The primary colour, fainter for worse bands and stronger for better ones."""
    return [_rgba(PRIMARY, a) for a in np.linspace(0.06, 0.34, n_bands)]


# -- one KPI: criteria and result ---------------------------------------------------------------------
def _axis_ends(criteria: list[float], result: float | None, lower: bool) -> tuple[float, float]:
    """The worst and best ends of the axis: one criterion step beyond the criteria (and the result)."""
    lo, hi = min(criteria), max(criteria)
    step = (hi - lo) / max(len(criteria) - 1, 1) or max(abs(hi), 1.0) * 0.25
    low_end, high_end = lo - step, hi + step
    if result is not None:
        low_end = min(low_end, result - step * 0.25)
        high_end = max(high_end, result + step * 0.25)
    if lo >= 0 and (result is None or result >= 0):
        low_end = max(low_end, 0.0)  # counts and percentages do not go below zero
    return (high_end, low_end) if lower else (low_end, high_end)


def bullet_chart(kpi_row: Mapping[str, Any], lang: str, round_: int = 12,
                 config: SchemeConfig | None = None) -> go.Figure:
    """One KPI's criteria as shaded bands, its result as a bar and a line at the target criterion.

    Better is always to the right: for a lower-is-better KPI the axis is reversed.
    """
    scheme = str(kpi_row["scheme"])
    cfg = config or DEFAULT_SCHEMES[scheme]
    criteria = criteria_of(kpi_row, cfg)
    k = len(criteria)
    lower = kpi_row.get("direction") == LOWER
    result = None if _missing(kpi_row.get("result")) else float(kpi_row["result"])
    score = None if _missing(kpi_row.get("score")) else float(kpi_row["score"])
    status = kpi_status(kpi_row.get("status"), result, kpi_row.get("gap_to_target"))
    if status == CANCELLED:
        result = None
    worst, best = _axis_ends(criteria, result, lower)
    levels = [level_name(scheme, i + 1, k, lang) for i in range(k)]
    edges = [worst, *criteria, best]
    fig = go.Figure()
    for i, colour in enumerate(band_colours(k + 1)):
        if i == 0:
            name = t("kpi.chart.band_below", lang, level=levels[0])
            scores = t("kpi.chart.band_score", lang, score=number(cfg.below_first))
        elif i == k:
            name = t("kpi.chart.band_above", lang, level=levels[-1])
            scores = t("kpi.chart.band_score", lang, score=number(cfg.top))
        else:
            name = t("kpi.chart.band_between", lang, low=levels[i - 1], high=levels[i])
            scores = t("kpi.chart.band_scores", lang, low=number(cfg.scores[i - 1]), high=number(cfg.scores[i]))
        fig.add_trace(go.Bar(
            x=[edges[i + 1] - edges[i]], y=[0], base=[edges[i]], orientation="h", width=0.8,
            marker={"color": colour, "line": {"width": 0}}, name=name, showlegend=False,
            meta="band", hovertemplate=f"{name}<br>{scores}<extra></extra>"))
    if result is not None:
        colour = KPI_STATUS_COLOURS[status]
        label = t("kpi.chart.result_label", lang, result=number(result, 2),
                  score="–" if score is None else number(score, 4))
        fig.add_trace(go.Bar(
            x=[result - worst], y=[0], base=[worst], orientation="h", width=0.3,
            marker={"color": colour}, name=t("kpi.chart.result", lang), meta="result",
            hovertemplate=f"{label}<extra></extra>"))
        fig.add_annotation(x=result, y=0.42, text=f"<b>{label}</b>", showarrow=False, yanchor="bottom",
                           font={"color": colour, "size": 13})
    else:
        key = "kpi.chart.cancelled" if status == CANCELLED else "kpi.chart.no_result"
        fig.add_annotation(x=(worst + best) / 2, y=0.42, text=t(key, lang, months=round_), showarrow=False,
                           yanchor="bottom", font={"color": KPI_STATUS_COLOURS[status], "size": 13})
    target = criteria[cfg.target_level - 1]
    fig.add_trace(go.Scatter(
        x=[target, target], y=[-0.5, 0.5], mode="lines", line={"color": LINE_TARGET, "width": 3},
        name=t("kpi.chart.target", lang, level=levels[cfg.target_level - 1], value=number(target)),
        meta="target", hoverinfo="name"))
    unit = str(kpi_row.get("unit") or "")
    subtitle = shorten(str(kpi_row.get("kpi_name") or ""), 90)
    notes = ([t("kpi.chart.unit", lang, unit=unit)] if unit else []) + ([t("kpi.chart.lower_note", lang)] if lower else [])
    if notes:
        subtitle += "<br>" + " · ".join(notes)
    title = t("kpi.chart.bullet_title", lang, code=kpi_row["kpi_code"], months=round_) + f"<br><sup>{subtitle}</sup>"
    styled(fig, title, height=340)
    fig.update_layout(barmode="overlay", bargap=0, margin={"l": 20, "r": 30, "t": 95, "b": 70},
                      legend={"yanchor": "top", "y": -0.42})
    fig.update_xaxes(range=[worst, best], tickvals=criteria,
                     ticktext=[f"{lv}<br>{number(c)}" for lv, c in zip(levels, criteria, strict=True)],
                     showgrid=False, zeroline=False)
    fig.update_yaxes(range=[-0.5, 0.9], visible=False, fixedrange=True)
    return fig


# -- one KPI over time ----------------------------------------------------------------------------------
def targets_by_year(agreements: pd.DataFrame, configs: Mapping[str, SchemeConfig]) -> pd.DataFrame:
    """The target criterion of each year's agreement of one KPI (store.kpi_agreements), cancelled years left out."""
    rows = []
    for r in agreements.to_dict("records"):
        cfg = configs.get(str(r["scheme"]))
        if cfg is None or r.get("status") == "cancelled":
            continue
        value = r.get(f"c{cfg.target_level}")
        if not _missing(value):
            rows.append({"fiscal_year": int(r["fiscal_year"]), "target": float(value)})
    return pd.DataFrame(rows, columns=["fiscal_year", "target"])


def prior_results(kpi_row: Mapping[str, Any]) -> pd.DataFrame:
    """The prior-year results printed in an agreement: prev_result_1 is the year before, prev_result_2 the one before."""
    year = int(kpi_row["fiscal_year"])
    rows = [{"fiscal_year": year - back, "result": float(kpi_row[col])}
            for back, col in ((1, "prev_result_1"), (2, "prev_result_2")) if not _missing(kpi_row.get(col))]
    return pd.DataFrame(rows, columns=["fiscal_year", "result"])


def kpi_trend_chart(history: pd.DataFrame, kpi_name: str, lang: str, *, kpi_code: str = "",
                    unit: str = "", targets: pd.DataFrame | None = None,
                    prior: pd.DataFrame | None = None) -> go.Figure:
    """Results by fiscal year (BE on the axis): a bar per round, the prior results an agreement printed,
    and each year's target criterion as a dashed segment across the year."""
    targets = targets if targets is not None else pd.DataFrame(columns=["fiscal_year", "target"])
    prior = prior if prior is not None else pd.DataFrame(columns=["fiscal_year", "result"])
    years = sorted({int(y) for y in pd.concat([history["fiscal_year"], targets["fiscal_year"],
                                                  prior["fiscal_year"]]).dropna()})
    fig = go.Figure()
    for rnd in sorted(int(r) for r in history["round"].dropna().unique()):
        part = history[history["round"] == rnd]
        name = t("app.round_months", lang, months=rnd)
        fig.add_trace(go.Bar(
            x=part["fiscal_year"].astype(int).tolist(), y=part["result"].astype(float).tolist(), name=name,
            marker={"color": ROUND_COLOURS.get(rnd, NEUTRAL)}, meta=f"round_{rnd}",
            text=[number(float(v)) for v in part["result"]], textposition="outside", cliponaxis=False,
            hovertemplate=f"%{{y:,.2f}} ({name})<extra></extra>"))
    if len(prior):
        name = t("kpi.chart.prior", lang)
        fig.add_trace(go.Bar(
            x=prior["fiscal_year"].astype(int).tolist(), y=prior["result"].astype(float).tolist(), name=name,
            marker={"color": "white", "line": {"color": NEUTRAL, "width": 1.5},
                    "pattern": {"shape": "/", "fgcolor": NEUTRAL, "size": 6}},
            meta="prior", text=[number(float(v)) for v in prior["result"]], textposition="outside",
            cliponaxis=False, hovertemplate=f"%{{y:,.2f}} ({name})<extra></extra>"))
    if len(targets):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for year, value in zip(targets["fiscal_year"], targets["target"], strict=True):
            xs += [int(year) - 0.45, int(year) + 0.45, None]
            ys += [float(value), float(value), None]
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", name=t("kpi.chart.target_by_year", lang), meta="target",
            line={"color": LINE_TARGET, "width": 2.5, "dash": "dash"},
            hovertemplate=f"%{{y:,.2f}} ({t('kpi.chart.target_by_year', lang)})<extra></extra>"))
    subtitle = shorten(kpi_name, 90) + (f"<br>{t('kpi.chart.unit', lang, unit=unit)}" if unit else "")
    title = t("kpi.chart.trend_title", lang, code=kpi_code) + f"<br><sup>{subtitle}</sup>"
    styled(fig, title, height=380)
    fig.update_layout(barmode="group", bargap=0.2, bargroupgap=0.05, margin={"l": 60, "r": 30, "t": 95, "b": 90},
                      legend={"yanchor": "top", "y": -0.3})
    span = [years[0] - 0.6, years[-1] + 0.6] if years else None
    fig.update_xaxes(tickvals=years, ticktext=[t("app.year_be", lang, year=y) for y in years], range=span,
                     showgrid=False, title={"text": t("kpi.chart.year_axis", lang)})
    fig.update_yaxes(rangemode="tozero", tickformat=",")
    return fig


# -- dimensions ----------------------------------------------------------------------------------------
def dimension_chart(dimensions: pd.DataFrame, lang: str, config: SchemeConfig) -> go.Figure:
    """Each dimension's score on the scheme's scale, with a line at the target level's score."""
    dims = dimensions.iloc[::-1]  # first dimension on top
    labels = [t("kpi.chart.dimension_label", lang, dim=d, weight=number(float(w)))
              for d, w in zip(dims["dimension"], dims["weight"], strict=True)]
    scores = [None if _missing(s) else float(s) for s in dims["score"]]
    rows = list(range(len(labels)))
    fig = go.Figure(go.Bar(
        x=scores, y=rows, orientation="h", marker={"color": PRIMARY}, name=t("kpi.chart.dimension_score", lang),
        text=["–" if s is None else number(s, 4) for s in scores], textposition="outside", cliponaxis=False,
        customdata=[[lab, str(n or "")] for lab, n in zip(labels, dims["name"], strict=True)], meta="dimension",
        hovertemplate="%{customdata[0]}<br>%{customdata[1]}<br>%{x:.4f}<extra></extra>"))
    target = config.scores[config.target_level - 1]
    fig.add_trace(go.Scatter(
        x=[target, target], y=[-0.5, len(labels) - 0.5], mode="lines", meta="target",
        name=t("kpi.chart.target_score", lang, score=number(target)),
        line={"color": LINE_TARGET, "width": 2, "dash": "dash"}))
    styled(fig, t("kpi.chart.dimension_title", lang), height=150 + 45 * len(labels))
    fig.update_layout(margin={"l": 20, "r": 60, "t": 50, "b": 60}, legend={"yanchor": "top", "y": -0.12})
    fig.update_xaxes(range=[0, config.top * 1.15])
    fig.update_yaxes(tickvals=rows, ticktext=labels, range=[-0.5, len(labels) - 0.5], automargin=True,
                     showgrid=False, fixedrange=True)
    return fig


# -- every KPI's score, to click into one ----------------------------------------------------------------
def kpi_scores_chart(kpis: pd.DataFrame, lang: str, config: SchemeConfig, months: int) -> go.Figure:
    """Each KPI's score as a bar coloured (and marked) by status, against the target level's score.

    kpis is a scored frame (report.score_frame) with kpi_state; a KPI without a score this round has an
    empty bar and says so. customdata carries the KPI code, so a click can open that KPI.
    """
    k = kpis.iloc[::-1]  # the agreement's first KPI on top
    codes = [str(c) for c in k["kpi_code"]]
    labels = [f"{c} {shorten(str(n), 48)}" for c, n in zip(codes, k["kpi_name"], strict=True)]
    scores = [None if _missing(s) else float(s) for s in k["score"]]
    states = [str(s) for s in k["kpi_state"]]
    symbols = {ON_TARGET: "✔", BELOW_TARGET: "✖", NO_RESULT: "…", CANCELLED: "⊘"}
    text = [f"{symbols[st]} {number(s, 2)}" if s is not None else f"{symbols[st]} {t(f'kpi.status.{st}', lang)}"
            for s, st in zip(scores, states, strict=True)]
    fig = go.Figure(go.Bar(
        x=[s if s is not None else 0 for s in scores], y=labels, orientation="h",
        marker={"color": [KPI_STATUS_COLOURS[s] for s in states]}, text=text, textposition="outside",
        cliponaxis=False, textfont={"color": "#262626"}, customdata=codes, showlegend=False,
        hovertemplate="%{y}: %{text}<extra></extra>", name=t("kpi.chart.kpi_scores", lang, months=months)))
    target = config.scores[config.target_level - 1]
    fig.add_vline(x=target, line={"color": LINE_TARGET, "width": 2, "dash": "dash"}, layer="above")
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", hoverinfo="skip",
                             line={"color": LINE_TARGET, "width": 2, "dash": "dash"},
                             name=t("kpi.chart.target_score", lang, score=number(target))))
    styled(fig, t("kpi.chart.kpi_scores", lang, months=months), height=130 + 46 * max(len(labels), 1))
    fig.update_layout(margin={"l": 20, "r": 70, "t": 50, "b": 50}, legend={"yanchor": "top", "y": -0.06},
                      clickmode="event+select", bargap=SCORES_BARGAP)
    fig.update_xaxes(range=[0, config.top * 1.18], fixedrange=True)
    # The axis names each bar by its code; the name is written above the bar (readable at 390 px too).
    fig.update_yaxes(automargin=True, showgrid=False, fixedrange=True, tickmode="array", tickvals=labels,
                     ticktext=codes)
    names_above_bars(fig, [label.split(" ", 1)[1] if " " in label else label for label in labels], SCORES_BARGAP,
                     top_down=False)
    return fig
