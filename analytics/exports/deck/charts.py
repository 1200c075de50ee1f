"""Native, editable python-pptx charts from a briefing's chart specs."""


from __future__ import annotations

import math
from typing import Any

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION, XL_TICK_MARK
from pptx.oxml.ns import qn
from pptx.util import Pt

from analytics.exports import text as tx
from analytics.exports.briefing import Chart
from analytics.exports.deck.layout import BAND_FILL, CHART_SIZE, DARK, FONT, PATTERNS, SHORT_LABEL, pt, rgb


# -- native charts -------------------------------------------------------------------------------------
def _number_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _axis_scale(maximum: float, decimals: int) -> tuple[float, float]:
    """The value axis's top and tick step: ticks end at the data's maximum (100, 5) or a round count above
    it, and the axis runs on a little so the longest bar's label fits."""
    if decimals == 0:  # counts and days: whole ticks of 1, 2, 5, 10 ...
        raw = max(maximum, 1.0) / 5
        power = 10.0 ** math.floor(math.log10(raw)) if raw >= 1 else 1.0
        step = max(1.0, next(m * power for m in (1, 2, 5, 10) if raw <= m * power))
        top = step * math.ceil(maximum / step)
        return top * 1.1, step
    return maximum * 1.1, maximum / 5


def _label_every_category(axis: Any, one_line: bool) -> None:
    """Label every category, each on one line: LibreOffice otherwise wraps a label at its dots (สร.อก.) and,
    finding the wrapped labels crowded, skips every other one."""
    ax = axis._element
    body = ax.find(f"{qn('c:txPr')}/{qn('a:bodyPr')}")
    if body is not None and one_line:
        body.set("wrap", "none")
    for old in ax.findall(qn("c:tickLblSkip")):
        ax.remove(old)
    skip = etree.Element(qn("c:tickLblSkip"))
    skip.set("val", "1")
    after = ax.find(qn("c:lblOffset"))
    if after is None:
        after = ax.find(qn("c:lblAlgn"))
    if after is not None:
        after.addnext(skip)
    else:
        following = ax.find(qn("c:noMultiLvlLbl"))
        if following is not None:
            following.addprevious(skip)
        else:
            ax.append(skip)


def add_chart(slide: Any, spec: Chart, x: float, y: float, w: float, h: float) -> Any:
    """A native, editable bar chart drawn from a briefing Chart."""
    data = CategoryChartData(number_format=_number_format(spec.decimals))
    data.categories = spec.categories
    for s in spec.series:
        data.add_series(s.name, s.values)
    kind = XL_CHART_TYPE.BAR_CLUSTERED if spec.horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
    frame = slide.shapes.add_chart(kind, pt(x), pt(y), pt(w), pt(h), data)
    frame.name = spec.title[:60]
    chart = frame.chart
    chart.has_title = False
    chart.font.name = FONT
    chart.font.size = Pt(CHART_SIZE)
    chart.font.color.rgb = rgb(DARK)
    chart.has_legend = spec.legend
    if spec.legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(CHART_SIZE)
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.overlap = 0 if len(spec.series) == 1 else -10
    plot.vary_by_categories = False
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = _number_format(spec.decimals)
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(CHART_SIZE)
    value_axis = chart.value_axis
    value_axis.minimum_scale = 0
    if spec.maximum is not None:
        top, step = _axis_scale(spec.maximum, spec.decimals)
        value_axis.maximum_scale = top
        value_axis.major_unit = step
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = rgb("#d9d9d9")
    value_axis.tick_labels.font.size = Pt(CHART_SIZE)
    value_axis.tick_labels.number_format = "#,##0" if spec.decimals == 0 or spec.maximum is None or spec.maximum >= 10 \
        else "0.0"
    value_axis.tick_labels.number_format_is_linked = False
    if spec.horizontal:
        # Each bar carries its value; without tick labels and a title the categories get the height,
        # and LibreOffice then labels every one of them at 18 pt instead of every other.
        value_axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
        value_axis.major_tick_mark = XL_TICK_MARK.NONE
    elif spec.value_title:
        value_axis.has_title = True
        value_axis.axis_title.text_frame.text = spec.value_title
        value_axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(CHART_SIZE)
    category_axis = chart.category_axis
    category_axis.tick_labels.font.size = Pt(CHART_SIZE)
    category_axis.has_major_gridlines = False
    _label_every_category(category_axis, max(tx.base_length(c) for c in spec.categories) <= SHORT_LABEL)
    if spec.horizontal:
        category_axis.reverse_order = True  # first category on top, as read
    if spec.category_title:
        category_axis.has_title = True
        category_axis.axis_title.text_frame.text = spec.category_title
        category_axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(CHART_SIZE)
    for s_spec, series in zip(spec.series, plot.series, strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = rgb(s_spec.colour)
        series.invert_if_negative = False
        for i, colour in enumerate(s_spec.point_colours or []):
            pattern = PATTERNS.get((s_spec.point_patterns or [""] * (i + 1))[i] or "")
            fill = series.points[i].format.fill
            if pattern is None:
                fill.solid()
                fill.fore_color.rgb = rgb(colour)
            else:
                fill.patterned()
                fill.pattern = pattern
                fill.fore_color.rgb = rgb(colour)
                fill.back_color.rgb = rgb(BAND_FILL)
            series.points[i].format.line.color.rgb = rgb(colour)
    return frame
