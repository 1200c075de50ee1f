"""Layout shared by every chart (analytics.charts.base): axis text at AA contrast, names above bars."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from analytics.charts.base import AXIS_TEXT, names_above_bars, styled
from analytics.palette import contrast_ratio


def test_axis_text_is_set_at_aa_contrast() -> None:
    """It sets every axis's tick labels and title in a colour of at least 4.5:1 on white (Streamlit's chart theme
    would draw them #808495, 3.7:1)."""
    fig = styled(go.Figure(go.Bar(x=[1], y=["a"])), "title")
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        assert axis.tickfont.color == AXIS_TEXT and axis.title.font.color == AXIS_TEXT
    assert contrast_ratio(AXIS_TEXT) >= 4.5 > contrast_ratio("#808495")


@pytest.mark.parametrize(("top_down", "expected"), [(True, [-0.25, 0.75, 1.75]), (False, [0.25, 1.25, 2.25])])
def test_names_sit_just_above_their_bars(top_down: bool, expected: list[float]) -> None:
    """It writes each name from the plot's left edge, its baseline on the top of its bar (half a bar from the
    bar's middle, up the axis or down a reversed one)."""
    fig = go.Figure(go.Bar(x=[1, 2, 3], y=["a", "b", "c"], orientation="h"))
    names_above_bars(fig, ["one", "two", "three"], bargap=0.5, top_down=top_down)
    notes = fig.layout.annotations
    assert [a.text for a in notes] == ["one", "two", "three"]
    assert [a.y for a in notes] == expected
    assert {(a.x, a.xref, a.xanchor, a.yanchor) for a in notes} == {(0, "paper", "left", "bottom")}
    assert all(contrast_ratio(a.font.color) >= 4.5 for a in notes)


@pytest.mark.parametrize(("a", "b", "ratio"), [
    ("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0), ("#767676", "#ffffff", 4.54), ("#808495", "#ffffff", 3.72),
])
def test_contrast_ratio_as_wcag_defines_it(a: str, b: str, ratio: float) -> None:
    assert contrast_ratio(a, b) == pytest.approx(ratio, abs=0.01)
    assert contrast_ratio(b, a) == contrast_ratio(a, b)
