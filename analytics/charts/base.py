"""Layout shared by every chart."""

from __future__ import annotations

import re

import plotly.graph_objects as go

from analytics.palette import FONT_FAMILY, NEUTRAL

AXIS_TEXT = "#404040"


def styled(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        # A left pad keeps the title off the edge of a downloaded PNG or SVG (pad needs xanchor "left").
        title={"text": title, "x": 0.0, "xanchor": "left", "xref": "container", "pad": {"l": 16}},
        font={"family": FONT_FAMILY, "size": 14, "color": "#262626"},
        height=height, margin={"l": 60, "r": 30, "t": 60, "b": 60},
        plot_bgcolor="white", paper_bgcolor="white",
        legend={"orientation": "h", "yanchor": "bottom", "y": -0.3, "x": 0},
    )
    # Axis labels set here, not left to Streamlit's chart theme, whose grey (#808495) on white is 3.7:1, under
    # the 4.5:1 WCAG AA asks of small text; #404040 is 10:1.
    axis_text = {"tickfont": {"color": AXIS_TEXT}, "title_font": {"color": AXIS_TEXT}}
    fig.update_xaxes(showline=True, linecolor=NEUTRAL, gridcolor="#eeeeee", **axis_text)
    fig.update_yaxes(showline=True, linecolor=NEUTRAL, gridcolor="#eeeeee", **axis_text)
    return fig


def file_stem(*parts: object) -> str:
    """A download name such as DPIM_2568_ita_indicators, safe in any file system."""
    text = "_".join(str(p) for p in parts if p not in (None, ""))
    return re.sub(r"[^\w.-]+", "_", text, flags=re.UNICODE).strip("_")


def names_above_bars(fig: go.Figure, names: list[str], bargap: float, top_down: bool, size: int = 12) -> None:
    """Write each horizontal bar's name just above it, from the plot's left edge, instead of beside the axis.

    A long Thai name beside the axis takes a margin that leaves a phone's 390 px no room for the bars;
    above the bar it has the plot's whole width. `names` follow the bars' categories in order (0, 1, ...);
    `top_down` when the y axis is reversed (the first category on top). The axis keeps a short code.
    """
    half = (1 - bargap) / 2
    for i, name in enumerate(names):
        fig.add_annotation(x=0, xref="paper", xanchor="left", y=i - half if top_down else i + half, yref="y",
                           yanchor="bottom", text=name, showarrow=False, align="left",
                           font={"size": size, "color": "#262626"}, bgcolor="rgba(255,255,255,0.75)", borderpad=0,
                           yshift=1)
