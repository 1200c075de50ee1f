"""Plotly figures of a briefing's charts, for the PDF: the same bars, colours and patterns as the deck.

Nothing may overlap or be cut at A4: both axes use automargin (Plotly grows the margins to fit
their tick labels and titles), axis titles stand off from the tick labels, and the value axis
runs on past the longest bar so its outside label stays inside the plot. pdf.chart_text_problems
measures the rendered text boxes to prove it.
"""

from __future__ import annotations

import plotly.graph_objects as go

from analytics.charts.base import styled
from analytics.exports.briefing import Chart
from analytics.exports.text import base_length

BAR_HEIGHT_PX = 40
LINE_PX = 32  # a Thai line: the fonts' ascent and descent come to about 1.65 em
PDF_WIDTH_PX = 700
FONT_SIZE_PX = 19  # about 13 pt once the chart takes two thirds of a landscape A4 page
TITLE_STANDOFF_PX = 14
HEADROOM = 1.15  # the value axis runs 15 % past the largest value, for the bar labels


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
    """A bar chart (horizontal or vertical) drawn from a briefing Chart, untitled (the page heads it)."""
    fig = go.Figure()
    fmt = f",.{spec.decimals}f"
    categories = [wrap_label(c) for c in spec.categories] if spec.horizontal else spec.categories
    if spec.bold_category is not None:
        categories = [f"<b>{c}</b>" if i == spec.bold_category else c for i, c in enumerate(categories)]
    values_seen: list[float] = []
    for s in spec.series:
        values = list(s.values)
        values_seen += [v for v in values if v is not None]
        text = [f"{v:{fmt}}" if v is not None else "" for v in values]
        marker: dict[str, object] = {"color": s.point_colours or s.colour}
        if s.point_patterns:
            marker["pattern"] = {"shape": s.point_patterns, "fillmode": "overlay", "fgcolor": "white", "size": 8}
        common = {"name": s.name, "text": text, "textposition": "outside", "marker": marker, "cliponaxis": False,
                  "textfont": {"size": FONT_SIZE_PX - 2}}
        if spec.horizontal:
            fig.add_trace(go.Bar(y=categories, x=values, orientation="h", **common))  # type: ignore[arg-type]
        else:
            fig.add_trace(go.Bar(x=categories, y=values, **common))  # type: ignore[arg-type]
    if spec.horizontal:
        # A row per category, as tall as its wrapped label: ten indicators then fit under a heading on one page.
        rows = [max(BAR_HEIGHT_PX * len(spec.series), LINE_PX * (wrap_label(c).count("<br>") + 1) + 16)
                for c in spec.categories]
        height = max(300, 100 + sum(rows))
    else:
        height = 440
    styled(fig, spec.title, height=height)
    fig.update_layout(width=width, font_size=FONT_SIZE_PX, showlegend=spec.legend, barmode="group", bargap=0.3,
                      # Automargin reckons a rotated axis title as tall as its font size, but a Thai font's line
                      # box is 1.65 em: a left margin wider than automargin would grow to keeps it inside.
                      margin={"l": 16 if spec.horizontal else 80, "r": 24, "t": 24, "b": 24, "autoexpand": True})
    fig.update_layout(title={"text": ""})
    top = max([spec.maximum or 0.0, *values_seen, 1.0])
    value_range = [0, top * HEADROOM]
    if spec.horizontal:
        fig.update_yaxes(autorange="reversed", automargin=True, ticksuffix="  ")
        fig.update_xaxes(range=value_range, automargin=True,
                         title={"text": spec.value_title, "standoff": TITLE_STANDOFF_PX})
    else:
        fig.update_yaxes(range=value_range, automargin=True, rangemode="tozero",
                         title={"text": spec.value_title, "standoff": TITLE_STANDOFF_PX})
        fig.update_xaxes(type="category", automargin=True,
                         title={"text": spec.category_title, "standoff": TITLE_STANDOFF_PX})
        if spec.decimals == 0:
            fig.update_yaxes(tickformat=",d")
    if spec.legend:
        fig.update_layout(legend={"orientation": "h", "y": 1.0, "yanchor": "top", "x": 0, "yref": "container"},
                          margin={"t": 64})
    return fig
