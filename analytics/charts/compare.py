"""Comparison figures: units of a ministry (or group) side by side for one year.

Units are named by their Thai abbreviation in Thai and by their code in English; the selected
unit is drawn with a thick outline and a bold label, so it stands out without colour.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics import ita as ita_rules
from analytics.charts.base import styled
from analytics.charts.ita import band_legend, band_text, indicator_name, legend_below, threshold_lines
from analytics.i18n import t
from analytics.palette import BAND_COLOURS, BAND_PATTERNS, BAND_SYMBOLS, PRIMARY, SEQUENCE

KPI_TYPES = ("strategic", "monitor", "joint", "flagship", "output", "other")
TYPE_COLOURS = {"strategic": SEQUENCE[0], "monitor": SEQUENCE[2], "joint": SEQUENCE[5], "flagship": SEQUENCE[1],
                "output": SEQUENCE[7], "other": "#bfbfbf"}
OTHER_UNIT_COLOUR = SEQUENCE[2]
SELECTED_OUTLINE = "#000000"
BAND_INDEX = {ita_rules.IMPROVE: 0, ita_rules.DEVELOP: 1, ita_rules.MAINTAIN: 2}
KPI_TOPS = {"3-level": 100.0, "5-level": 5.0}
# A chart of a larger group (a ministry of 8,000 local offices) shows its first and last CHART_LIMIT
# units and the selected one: thousands of bars are neither readable nor quick to draw.
CHART_LIMIT = 10
HEAT_GAP = 3  # white between heat-map cells, so neighbouring scores read apart


def first_and_last(units: pd.DataFrame, selected: str | None, limit: int | None) -> pd.DataFrame:
    """The first and last `limit` rows of an ordered frame of units, and the selected unit's row.

    Every row when there are at most 2 x limit + 1 of them, or no limit.
    """
    if limit is None or len(units) <= 2 * limit + 1:
        return units
    keep = np.zeros(len(units), dtype=bool)
    keep[:limit] = True
    keep[-limit:] = True
    keep |= (units["org_code"] == selected).to_numpy()
    return units[keep]


def unit_label(row: dict[str, Any] | pd.Series, lang: str) -> str:
    """กพร. in Thai, DPIM in English."""
    abbr = row.get("abbr_th")
    if lang == "th" and isinstance(abbr, str) and abbr:
        return abbr
    return str(row["org_code"])


def _labels(frame: pd.DataFrame, lang: str, selected: str | None) -> tuple[list[str], list[str]]:
    """Plain labels (the categories) and display labels (the selected one in bold)."""
    plain = [unit_label(r, lang) for r in frame.to_dict("records")]
    shown = [f"<b>{lab}</b>" if code == selected else lab for lab, code in zip(plain, frame["org_code"], strict=True)]
    return plain, shown


def _name(row: dict[str, Any], lang: str) -> str:
    name = row.get("name_th") if lang == "th" else (row.get("name_en") or row.get("name_th"))
    return str(name or row["org_code"])


def ita_ranking_chart(group: pd.DataFrame, lang: str, selected: str | None = None,
                      year: int | None = None, limit: int | None = None) -> go.Figure:
    """Overall ITA per unit as horizontal bars, best at the top, coloured and patterned by band.

    With a limit, only the best and worst `limit` units and the selected one (first_and_last).
    """
    d = group.dropna(subset=["overall"]).sort_values(["overall", "org_code"], ascending=[False, True])
    d = first_and_last(d, selected, limit)
    plain, shown = _labels(d, lang, selected)
    scores = [float(v) for v in d["overall"]]
    bands = [ita_rules.band(v) for v in scores]
    is_sel = [code == selected for code in d["org_code"]]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        orientation="h", x=scores, y=plain, showlegend=False,
        marker={"color": [BAND_COLOURS[b] for b in bands],
                "pattern": {"shape": [BAND_PATTERNS[b] for b in bands], "fillmode": "overlay", "fgcolor": "white",
                            "fgopacity": 0.6, "size": 8},
                "line": {"color": [SELECTED_OUTLINE if s else BAND_COLOURS[b] for s, b in zip(is_sel, bands, strict=True)],
                         "width": [3 if s else 0.5 for s in is_sel]}},
        text=[f"{v:.2f} {band_text(b, lang)}" for v, b in zip(scores, bands, strict=True)],
        textposition="outside", cliponaxis=False,
        customdata=[[_name(r, lang), t(f"band.{b}", lang), r["org_code"]]
                    for r, b in zip(d.to_dict("records"), bands, strict=True)],
        hovertemplate="%{customdata[0]}: %{x:.2f} (%{customdata[1]})<extra></extra>"))
    fig.update_layout(clickmode="event+select")
    band_legend(fig, bands, lang)
    threshold_lines(fig, lang, axis="x")
    styled(fig, t("cmp.ita_rank_title", lang, year=year) if year else t("cmp.ita_rank", lang),
           height=190 + 34 * max(len(d), 1))
    legend_below(fig, 100)
    fig.update_xaxes(title_text=t("cmp.axis_score", lang), range=[0, 145], tickvals=[0, 20, 40, 60, 80, 100])
    fig.update_yaxes(autorange="reversed", tickmode="array", tickvals=plain, ticktext=shown, showgrid=False)
    return fig


def kpi_composite_chart(composites: pd.DataFrame, lang: str, months: int, scheme: str,
                        selected: str | None = None, limit: int | None = None) -> go.Figure:
    """KPI composites of units on one scoring scheme as horizontal bars, best at the top (limit: first_and_last)."""
    d = composites.dropna(subset=["composite"]).sort_values(["composite", "org_code"], ascending=[False, True])
    d = first_and_last(d, selected, limit)
    plain, shown = _labels(d, lang, selected)
    values = [float(v) for v in d["composite"]]
    is_sel = [code == selected for code in d["org_code"]]
    top = KPI_TOPS.get(scheme, max(values, default=1.0))
    decimals = 4
    fig = go.Figure()
    fig.add_trace(go.Bar(
        orientation="h", x=values, y=plain, showlegend=False,
        marker={"color": [PRIMARY if s else OTHER_UNIT_COLOUR for s in is_sel],
                "line": {"color": [SELECTED_OUTLINE if s else OTHER_UNIT_COLOUR for s in is_sel],
                         "width": [3 if s else 0.5 for s in is_sel]}},
        text=[f"{v:,.{decimals}f}" for v in values], textposition="outside", cliponaxis=False,
        customdata=[[_name(r, lang), r["org_code"]] for r in d.to_dict("records")],
        hovertemplate="%{customdata[0]}: %{x:,.4f}<extra></extra>"))
    fig.update_layout(clickmode="event+select")
    scale = t(f"cmp.scale.{scheme}", lang)
    styled(fig, t("cmp.kpi_rank_title", lang, months=months, scale=scale), height=150 + 34 * max(len(d), 1))
    fig.update_layout(margin={"b": 50})
    fig.update_xaxes(title_text=t("cmp.axis_score", lang), range=[0, top * 1.18])
    fig.update_yaxes(autorange="reversed", tickmode="array", tickvals=plain, ticktext=shown, showgrid=False)
    return fig


def indicator_heatmap(grid: pd.DataFrame, units: pd.DataFrame, lang: str, selected: str | None = None,
                      year: int | None = None, limit: int | None = None) -> go.Figure:
    """Units (rows) x indicators (columns): each cell coloured by band with its score and band symbol.

    Units are rows so that their names read across, and the ten indicators, numbered and grouped
    by tool (IIT, EIT, OIT) above them, stay narrow enough for a phone. `units` gives the row order
    (with a limit, only its first and last `limit` units and the selected one); a cell whose score is
    its questions' mean carries ※. A click on any cell of a row carries that unit's code.
    """
    nos = sorted({int(n) for n in grid["indicator_no"]}) or list(range(1, 11))
    units = first_and_last(units, selected, limit)
    if len(units) < grid["org_code"].nunique():
        grid = grid[grid["org_code"].isin(set(units["org_code"]))]
    plain, shown = _labels(units, lang, selected)
    codes = list(units["org_code"])
    columns = [str(no) for no in nos]
    names = [indicator_name(no, lang) for no in nos]
    full = [_name(r, lang) for r in units.to_dict("records")]
    cells = {(r["org_code"], int(r["indicator_no"])): r for r in grid.to_dict("records")}
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    hover: list[list[str]] = []
    for code in codes:
        z_row: list[float | None] = []
        text_row: list[str] = []
        hover_row: list[str] = []
        for no in nos:
            cell = cells.get((code, no))
            if cell is None or pd.isna(cell["score"]):
                z_row.append(None)
                text_row.append("")
                hover_row.append("–")
                continue
            score = float(cell["score"])
            band = ita_rules.band(score)
            mark = " ※" if bool(cell.get("derived")) else ""
            z_row.append(BAND_INDEX[band])
            # Two short lines keep a column narrow: ten of them fit a phone's width.
            text_row.append(f"{score:.2f}<br>{BAND_SYMBOLS[band]}{mark}")
            hover_row.append(f"{score:.2f} {t(f'band.{band}', lang)}{mark}")
        z.append(z_row)
        text.append(text_row)
        hover.append(hover_row)
    colours = [BAND_COLOURS[ita_rules.IMPROVE], BAND_COLOURS[ita_rules.DEVELOP], BAND_COLOURS[ita_rules.MAINTAIN]]
    scale = [[0.0, colours[0]], [1 / 3, colours[0]], [1 / 3, colours[1]], [2 / 3, colours[1]],
             [2 / 3, colours[2]], [1.0, colours[2]]]
    fig = go.Figure(go.Heatmap(
        z=z, x=columns, y=plain, zmin=0, zmax=2, colorscale=scale, opacity=0.55, xgap=HEAT_GAP, ygap=HEAT_GAP,
        showscale=False,
        text=text, texttemplate="%{text}", textfont={"size": 11, "color": "#1a1a1a"},
        hoverinfo="skip"))  # the clickable squares below carry the hover text
    present = {ita_rules.band(float(s)) for s in grid["score"].dropna()}
    for band in ita_rules.BANDS:
        if band in present:
            fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=band_text(band, lang),
                                     marker={"color": BAND_COLOURS[band], "symbol": "square", "size": 14,
                                             "opacity": 0.55}, hoverinfo="skip"))
    # A heat map cell cannot be selected in Plotly: an invisible square on each cell takes the click and
    # carries the unit's code, so a click anywhere in a unit's row opens that unit.
    fig.add_trace(go.Scatter(
        x=[columns[j] for _ in codes for j in range(len(nos))], y=[lab for lab in plain for _ in nos],
        mode="markers", marker={"symbol": "square", "size": 28, "color": "rgba(0,0,0,0)", "opacity": 0.01},
        selected={"marker": {"opacity": 0.01}}, unselected={"marker": {"opacity": 0.01}}, showlegend=False,
        customdata=[code for code in codes for _ in nos], name="cells",
        hovertemplate=[f"{full[i]} · {names[j]}: {hover[i][j]}<extra></extra>"
                       for i in range(len(codes)) for j in range(len(nos))]))
    fig.update_layout(clickmode="event+select")
    if selected in codes:
        i = codes.index(selected)
        fig.add_shape(type="rect", x0=-0.5, x1=len(nos) - 0.5, y0=i - 0.5, y1=i + 0.5,
                      line={"color": SELECTED_OUTLINE, "width": 3}, fillcolor="rgba(0,0,0,0)")
    # The tools above their indicators: IIT 1-5, EIT 6-8, OIT 9-10.
    for tool in ita_rules.TOOLS:
        mine = [j for j, no in enumerate(nos) if ita_rules.indicator_tool(no) == tool]
        if mine:
            fig.add_annotation(x=(mine[0] + mine[-1]) / 2, y=1, xref="x", yref="paper", yanchor="bottom", yshift=22,
                               text=f"<b>{tool}</b>", showarrow=False, font={"size": 12, "color": "#404040"})
        if mine and mine[0] > 0:  # a white gap between two tools' columns
            fig.add_shape(type="line", xref="x", yref="paper", x0=mine[0] - 0.5, x1=mine[0] - 0.5, y0=0, y1=1,
                          line={"color": "white", "width": 5}, layer="above")
    styled(fig, t("cmp.heatmap_title", lang, year=year) if year else t("cmp.heatmap", lang),
           height=190 + 40 * len(codes))
    fig.update_layout(margin={"l": 2, "r": 6, "t": 110}, title={"y": 0.98, "yanchor": "top"})
    legend_below(fig, 50)
    fig.update_xaxes(side="top", type="category", tickmode="array", tickvals=columns, ticktext=columns,
                     showline=False, showgrid=False, fixedrange=True)
    # No tick marks: on a phone every pixel left of the cells is a pixel less for ten columns of scores.
    fig.update_yaxes(autorange="reversed", type="category", tickmode="array", tickvals=plain, ticktext=shown,
                     showline=False, showgrid=False, automargin=True, fixedrange=True, ticks="", ticklabelstandoff=4)
    return fig


def indicator_key(nos: list[int], lang: str) -> str:
    """What the heat map's numbered columns are: '1. การปฏิบัติหน้าที่ · 2. การใช้งบประมาณ ...'."""
    return " · ".join(indicator_name(no, lang) for no in nos)


def kpi_type_chart(counts: pd.DataFrame, units: pd.DataFrame, lang: str, selected: str | None = None,
                   year: int | None = None, limit: int | None = None) -> go.Figure:
    """KPIs per unit stacked by type (strategic, monitor, joint ...), each segment labelled with its count.

    Units in the order of `units` that have KPIs (with a limit, their first and last and the selected one).
    """
    with_kpis = first_and_last(units[units["org_code"].isin(set(counts["org_code"]))], selected, limit)
    if len(with_kpis) < counts["org_code"].nunique():
        counts = counts[counts["org_code"].isin(set(with_kpis["org_code"]))]
    plain, shown = _labels(with_kpis, lang, selected)
    codes = list(with_kpis["org_code"])
    present = list(dict.fromkeys(counts["kpi_type"]))
    order = [k for k in KPI_TYPES if k in present] + sorted(k for k in present if k not in KPI_TYPES)
    by = {(r["org_code"], r["kpi_type"]): int(r["kpis"]) for r in counts.to_dict("records")}
    fig = go.Figure()
    for kind in order:
        values = [by.get((code, kind), 0) for code in codes]
        label = t(f"cmp.type.{kind}", lang) if kind in KPI_TYPES else kind
        fig.add_trace(go.Bar(
            x=plain, y=values, name=label,
            marker={"color": TYPE_COLOURS.get(kind, "#bfbfbf"), "line": {"color": "white", "width": 1}},
            text=[str(v) if v else "" for v in values], textposition="inside", insidetextanchor="middle",
            textangle=0, constraintext="none",
            hovertemplate="%{x} · " + label + ": %{y}<extra></extra>"))
    styled(fig, t("cmp.types_title", lang, year=year) if year else t("cmp.types", lang), height=430)
    fig.update_layout(barmode="stack")
    legend_below(fig, 110)
    fig.update_xaxes(tickmode="array", tickvals=plain, ticktext=shown)
    fig.update_yaxes(title_text=t("cmp.axis_count", lang))
    return fig

