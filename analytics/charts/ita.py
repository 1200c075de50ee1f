"""ITA figures: the overall across years against the thresholds, and the indicators by tool and band.

Bands show as colour, pattern, marker shape and a text label together, so none depends on colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from analytics import ita as ita_rules
from analytics.charts.base import names_above_bars, styled
from analytics.i18n import t
from analytics.palette import (
    BAND_COLOURS,
    BAND_PATTERNS,
    BAND_SYMBOLS,
    LINE_MAINTAIN,
    LINE_PASS,
    LINE_TARGET,
    PRIMARY,
)

# Plotly marker shapes drawn like BAND_SYMBOLS (● ▲ ■).
BAND_MARKERS = {ita_rules.MAINTAIN: "circle", ita_rules.DEVELOP: "triangle-up", ita_rules.IMPROVE: "square"}
# (value, catalogue key, colour, dash) of the lines every ITA score is read against.
THRESHOLDS = (
    (ita_rules.PASS_MARK, "ita.line_pass", LINE_PASS, "dash"),
    (ita_rules.NATIONAL_TARGET, "ita.line_target", LINE_TARGET, "dot"),
    (ita_rules.MAINTAIN_FROM, "ita.line_maintain", LINE_MAINTAIN, "dashdot"),
)
DERIVED_MARK = "※"
INDICATOR_BARGAP = 0.45  # room above each bar for its name


def indicator_name(no: int, lang: str) -> str:
    names = ita_rules.INDICATOR_NAMES_TH if lang == "th" else ita_rules.INDICATOR_NAMES_EN
    return t("ita.indicator_label", lang, no=no, name=names.get(no, str(no)))


def band_text(band: str, lang: str) -> str:
    """A band as its symbol and its name, e.g. '▲ พัฒนาระดับ'."""
    return f"{BAND_SYMBOLS[band]} {t(f'band.{band}', lang)}"


def recomputed_check(recomputed: float, published: float, lang: str) -> str:
    """Whether the recomputed overall agrees with the published one at its 2 decimals, else by how much.

    The ITA page and the overview both say it this way ("✔ ตรงกับคะแนนที่ประกาศ" or "+0.01 จากที่ประกาศ").
    """
    diff = round(recomputed - published, 2)
    if diff == 0:
        return t("ita.recomputed_agrees", lang)
    return t("ita.recomputed_diff", lang, diff=f"{diff:+,.2f}")


def band_legend(fig: go.Figure, bands: Sequence[str], lang: str, kind: str = "bar") -> None:
    """Legend entries for the bands shown, with their colour, pattern or marker shape."""
    for band in ita_rules.BANDS:
        if band not in bands:
            continue
        if kind == "bar":
            fig.add_trace(go.Bar(x=[None], y=[None], name=band_text(band, lang), showlegend=True,
                                 marker={"color": BAND_COLOURS[band],
                                         "pattern": {"shape": BAND_PATTERNS[band], "fillmode": "overlay",
                                                     "fgcolor": "white"}},
                                 hoverinfo="skip"))
        else:
            fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=band_text(band, lang),
                                     marker={"color": BAND_COLOURS[band], "symbol": BAND_MARKERS[band], "size": 12},
                                     hoverinfo="skip"))


def threshold_lines(fig: go.Figure, lang: str, axis: str = "y") -> None:
    """The pass mark (85), national target (89) and maintain band (95), drawn and named in the legend."""
    for value, key, colour, dash in THRESHOLDS:
        line = {"color": colour, "width": 1.5, "dash": dash}
        if axis == "y":
            fig.add_hline(y=value, line=line, layer="below")
        else:
            fig.add_vline(x=value, line=line, layer="below")
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line=line, name=t(key, lang), hoverinfo="skip"))


def legend_below(fig: go.Figure, bottom: int = 110) -> None:
    """The legend in the bottom margin, clear of the x-axis title whatever the figure's height."""
    fig.update_layout(legend={"orientation": "h", "yref": "container", "y": 0.0, "yanchor": "bottom", "x": 0},
                      margin={"b": bottom})


def history_chart(history: pd.DataFrame, lang: str, org: str = "", selected_year: int | None = None) -> go.Figure:
    """The published overall by fiscal year (BE) as a line, against 85, 89 and 95."""
    h = history.dropna(subset=["overall"]).sort_values("fiscal_year")
    years = [str(int(y)) for y in h["fiscal_year"]]
    scores = [float(v) for v in h["overall"]]
    bands = [ita_rules.band(v) for v in scores]
    selected = [selected_year is not None and int(y) == selected_year for y in h["fiscal_year"]]
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=years, y=scores, mode="lines+markers+text", name=t("ita.series_overall", lang),
        line={"color": PRIMARY, "width": 3},
        marker={"color": [BAND_COLOURS[b] for b in bands], "symbol": [BAND_MARKERS[b] for b in bands],
                "size": [18 if s else 13 for s in selected], "line": {"color": "white", "width": 1.5}},
        text=[f"{v:.2f} {BAND_SYMBOLS[b]}" for v, b in zip(scores, bands, strict=True)],
        textposition="top center", textfont={"size": 14}, cliponaxis=False,  # a phone's narrow plot cuts no label
        customdata=[t(f"band.{b}", lang) for b in bands],
        hovertemplate="%{x}: %{y:.2f} (%{customdata})<extra></extra>"))
    band_legend(fig, bands, lang, kind="marker")
    threshold_lines(fig, lang, axis="y")
    low = min([*scores, ita_rules.PASS_MARK]) if scores else ita_rules.PASS_MARK
    styled(fig, t("ita.history_title", lang, org=org), height=420)
    legend_below(fig, 100)
    fig.update_xaxes(type="category", title_text=t("ita.axis_year", lang))
    fig.update_yaxes(title_text=t("ita.axis_score", lang), range=[max(0.0, low - 5), 101.5])
    return fig


def indicator_chart(indicators: pd.DataFrame, lang: str, year: int | None = None) -> go.Figure:
    """Indicators 1-10 as horizontal bars grouped by tool (IIT, EIT, OIT), coloured and patterned by band.

    An indicator whose score is its questions' mean (`derived`) carries ※ in its label.
    """
    d = indicators.dropna(subset=["score"]).sort_values("indicator_no")
    nos = [int(n) for n in d["indicator_no"]]
    scores = [float(s) for s in d["score"]]
    bands = [ita_rules.band(s) for s in scores]
    derived = [bool(x) for x in d["derived"]] if "derived" in d else [False] * len(d)
    names = [indicator_name(no, lang) + (f" {DERIVED_MARK}" if der else "") for no, der in zip(nos, derived, strict=True)]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        orientation="h", x=scores, y=names, showlegend=False,
        marker={"color": [BAND_COLOURS[b] for b in bands],
                "pattern": {"shape": [BAND_PATTERNS[b] for b in bands], "fillmode": "overlay", "fgcolor": "white",
                            "fgopacity": 0.6, "size": 8}},
        text=[f"{s:.2f} {band_text(b, lang)}" for s, b in zip(scores, bands, strict=True)],
        textposition="outside", cliponaxis=False,
        # The indicator's number last: a click on its bar opens its questions and measures.
        customdata=[[t(f"band.{b}", lang), t("ita.derived_mark", lang) if der else "", no]
                    for b, der, no in zip(bands, derived, nos, strict=True)],
        hovertemplate="%{y}: %{x:.2f} (%{customdata[0]}) %{customdata[1]}<extra></extra>"))
    band_legend(fig, bands, lang)
    styled(fig, t("ita.indicators_title", lang, year=year) if year else t("ita.indicators", lang),
           height=170 + 46 * max(len(nos), 1))
    fig.update_layout(bargap=INDICATOR_BARGAP, margin={"l": 20, "r": 30, "t": 60}, clickmode="event+select")
    legend_below(fig, 90)
    # Room past 100 for the score-and-band labels, even in a narrow column.
    fig.update_xaxes(title_text=t("ita.axis_score", lang), range=[0, 152], tickvals=[0, 20, 40, 60, 80, 100])
    # The axis says each bar's tool and number (IIT 1); its name is written above the bar, so a phone has room.
    fig.update_yaxes(autorange="reversed", showgrid=False, tickmode="array", tickvals=names,
                     ticktext=[f"{ita_rules.indicator_tool(no)} {no}" for no in nos])
    names_above_bars(fig, names, INDICATOR_BARGAP, top_down=True)
    return fig
