"""Layout shared by every chart."""

from __future__ import annotations

import re

import plotly.graph_objects as go

from analytics.palette import FONT_FAMILY, NEUTRAL


def styled(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        # A left pad keeps the title off the edge of a downloaded PNG or SVG (pad needs xanchor "left").
        title={"text": title, "x": 0.0, "xanchor": "left", "xref": "container", "pad": {"l": 16}},
        font={"family": FONT_FAMILY, "size": 14, "color": "#262626"},
        height=height, margin={"l": 60, "r": 30, "t": 60, "b": 60},
        plot_bgcolor="white", paper_bgcolor="white",
        legend={"orientation": "h", "yanchor": "bottom", "y": -0.3, "x": 0},
    )
    fig.update_xaxes(showline=True, linecolor=NEUTRAL, gridcolor="#eeeeee")
    fig.update_yaxes(showline=True, linecolor=NEUTRAL, gridcolor="#eeeeee")
    return fig


def file_stem(*parts: object) -> str:
    """A download name such as DPIM_2568_ita_indicators, safe in any file system."""
    text = "_".join(str(p) for p in parts if p not in (None, ""))
    return re.sub(r"[^\w.-]+", "_", text, flags=re.UNICODE).strip("_")
