"""The overview's small trend charts: the KPI composite by year and round, ITA by year against 85/89/95."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics import ita as ita_rules
from analytics.charts.base import styled
from analytics.charts.ita import BAND_MARKERS, THRESHOLDS
from analytics.i18n import t
from analytics.palette import BAND_COLOURS, NEUTRAL, PRIMARY, SECONDARY

# Each round a colour of at least 3:1 against white (WCAG 1.4.11) and its own dash, so no colour is needed.
ROUND_STYLES = {12: (PRIMARY, "solid"), 9: (SECONDARY, "dash"), 6: (NEUTRAL, "dot")}
SMALL_HEIGHT = 250


def _small(fig: go.Figure, title: str) -> go.Figure:
    styled(fig, title, height=SMALL_HEIGHT)
    fig.update_layout(margin={"l": 44, "r": 16, "t": 40, "b": 56}, title={"font": {"size": 15}},
                      legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0.0, "x": 0,
                              "font": {"size": 12}})
    fig.update_xaxes(type="category", fixedrange=True, tickfont={"size": 12})
    fig.update_yaxes(fixedrange=True, tickfont={"size": 12})
    return fig


def composite_trend_chart(trend: pd.DataFrame, lang: str, scheme: str | None, year: int, round_: int) -> go.Figure:
    """One line per round across years, for the years on the selected year's scale (3-level or 5-level)."""
    shown = trend[trend["scheme"] == scheme] if scheme else trend.iloc[0:0]
    years = sorted({int(y) for y in shown["fiscal_year"]})
    fig = go.Figure()
    for r in (6, 9, 12):
        rows = shown[shown["round"] == r].sort_values("fiscal_year")
        if rows.empty:
            continue
        colour, dash = ROUND_STYLES[r]
        chosen = r == round_
        fig.add_trace(go.Scatter(
            x=[str(int(y)) for y in rows["fiscal_year"]], y=[float(v) for v in rows["composite"]],
            mode="lines+markers+text" if chosen else "lines+markers", name=t("ov.trend_round", lang, months=r),
            line={"color": colour, "dash": dash, "width": 3 if chosen else 1.5},
            marker={"color": colour, "size": [11 if int(y) == year and chosen else 7 for y in rows["fiscal_year"]]},
            text=[f"{v:,.2f}" for v in rows["composite"]] if chosen else None, textposition="top center",
            textfont={"size": 12, "color": "#262626"}, cliponaxis=False,
            hovertemplate="%{x}: %{y:,.4f}<extra>" + t("ov.trend_round", lang, months=r) + "</extra>"))
    _small(fig, t("ov.trend_composite", lang))
    top = 5.0 if scheme == "5-level" else 100.0
    fig.update_xaxes(categoryorder="array", categoryarray=[str(y) for y in years])
    fig.update_yaxes(range=[0, top * 1.12], tickformat=",")
    return fig


def ita_trend_chart(history: pd.DataFrame, lang: str, year: int) -> go.Figure:
    """The published overall by year, markers shaped and coloured by band, against the 85, 89 and 95 lines."""
    h = history.dropna(subset=["overall"]).sort_values("fiscal_year")
    scores = [float(v) for v in h["overall"]]
    bands = [ita_rules.band(v) for v in scores]
    fig = go.Figure(go.Scatter(
        x=[str(int(y)) for y in h["fiscal_year"]], y=scores, mode="lines+markers+text",
        name=t("ita.series_overall", lang), showlegend=False, line={"color": PRIMARY, "width": 2.5},
        marker={"color": [BAND_COLOURS[b] for b in bands], "symbol": [BAND_MARKERS[b] for b in bands],
                "size": [13 if int(y) == year else 9 for y in h["fiscal_year"]],
                "line": {"color": "white", "width": 1}},
        text=[f"{v:.2f}" for v in scores], textposition="top center", textfont={"size": 12, "color": "#262626"},
        cliponaxis=False, customdata=[t(f"band.{b}", lang) for b in bands],
        hovertemplate="%{x}: %{y:.2f} (%{customdata})<extra></extra>"))
    for value, key, colour, dash in THRESHOLDS:
        # The label in body text colour (the 89 line's orange is below 4.5:1 on white), set on its line.
        fig.add_hline(y=value, line={"color": colour, "width": 1.2, "dash": dash}, layer="below")
        fig.add_annotation(x=1, xref="paper", xanchor="left", y=value, yref="y", text=t(f"ov.{key}", lang),
                           showarrow=False, font={"size": 11, "color": "#262626"})
    _small(fig, t("ov.trend_ita", lang))
    fig.update_layout(margin={"r": 86, "b": 28})  # the lines' names sit in the right margin, beside their line
    low = min([*scores, ita_rules.PASS_MARK])
    fig.update_yaxes(range=[max(0.0, low - 4), 100.5])
    return fig
