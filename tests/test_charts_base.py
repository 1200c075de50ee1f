"""Layout shared by every chart (analytics.charts.base): axis text at AA contrast, names above bars."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from analytics.charts.base import AXIS_TEXT, names_above_bars, styled
from analytics.palette import hex_to_rgb


def contrast(a: str, b: str = "#ffffff") -> float:
    """WCAG 2 contrast ratio of two colours."""
    def lum(c: str) -> float:
        chans = [v / 255 for v in hex_to_rgb(c)]
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in chans]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_axis_text_is_set_at_aa_contrast() -> None:
    """It sets every axis's tick labels and title in a colour of at least 4.5:1 on white (Streamlit's chart theme
    would draw them #808495, 3.8:1)."""
    fig = styled(go.Figure(go.Bar(x=[1], y=["a"])), "title")
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        assert axis.tickfont.color == AXIS_TEXT and axis.title.font.color == AXIS_TEXT
    assert contrast(AXIS_TEXT) >= 4.5 > contrast("#808495")


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
    assert all(contrast(a.font.color) >= 4.5 for a in notes)
