"""Plotly figures of a briefing's charts, for the PDF: the same bars, colours and patterns as the deck."""

from __future__ import annotations

import plotly.graph_objects as go

from analytics.charts.base import styled
from analytics.exports.briefing import Chart
from analytics.exports.text import base_length

BAR_HEIGHT_PX = 40
LINE_PX = 26
PDF_WIDTH_PX = 700
FONT_SIZE_PX = 19  # about 13 pt once the chart takes two thirds of a landscape A4 page


def wrap_label(text: str, width: int = 30) -> str:
    """Break a long category label at spaces with <br> (Plotly does not wrap tick labels)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and base_length(lines[-1]) + 1 + base_length(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def chart_figure(spec: Chart, width: int = PDF_WIDTH_PX) -> go.Figure:
    """A bar chart (horizontal or vertical) drawn from a briefing Chart, titled with its title."""
    fig = go.Figure()
    fmt = f",.{spec.decimals}f"
    for s in spec.series:
        values = list(s.values)
        text = [f"{v:{fmt}}" if v is not None else "" for v in values]
        marker: dict[str, object] = {"color": s.point_colours or s.colour}
        if s.point_patterns:
            marker["pattern"] = {"shape": s.point_patterns, "fillmode": "overlay", "fgcolor": "white", "size": 8}
        common = {"name": s.name, "text": text, "textposition": "outside", "marker": marker, "cliponaxis": False}
        categories = [wrap_label(c) for c in spec.categories] if spec.horizontal else spec.categories
        if spec.horizontal:
            fig.add_trace(go.Bar(y=categories, x=values, orientation="h", **common))  # type: ignore[arg-type]
        else:
            fig.add_trace(go.Bar(x=categories, y=values, **common))  # type: ignore[arg-type]
    if spec.horizontal:
        rows = [max(BAR_HEIGHT_PX * len(spec.series), LINE_PX * (wrap_label(c).count("<br>") + 1) + 24)
                for c in spec.categories]
        height = max(340, 110 + sum(rows))
    else:
        height = 420
    styled(fig, spec.title, height=height)
    fig.update_layout(width=width, font_size=FONT_SIZE_PX, showlegend=spec.legend, barmode="group", bargap=0.3,
                      margin={"l": 20, "r": 70, "t": 50 if spec.legend else 20, "b": 50})
    fig.update_layout(title={"text": ""})
    value_range = [0, spec.maximum * 1.1] if spec.maximum is not None else None
    if spec.horizontal:
        fig.update_yaxes(autorange="reversed", automargin=True, ticksuffix="  ")
        fig.update_xaxes(range=value_range, title={"text": spec.value_title})
    else:
        fig.update_yaxes(range=value_range, title={"text": spec.value_title})
        fig.update_xaxes(title={"text": spec.category_title}, type="category")
    if spec.legend:
        fig.update_layout(legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
    return fig
