"""Chart images rendered by kaleido on Debian's Chromium: PNG at 2x, SVG with Thai text, one browser kept."""

from __future__ import annotations

import io
import threading

import plotly.graph_objects as go
import pytest
from PIL import Image

from analytics.charts.base import styled
from analytics.exports import ExportError, images
from analytics.palette import BAND_COLOURS

TITLE = "คะแนนตัวชี้วัด ITA ปีงบประมาณ พ.ศ. 2568"


@pytest.fixture(scope="module")
def figure() -> go.Figure:
    fig = go.Figure(go.Bar(x=["การปฏิบัติหน้าที่", "การใช้งบประมาณ", "ประสิทธิภาพการสื่อสาร"], y=[97.02, 96.35, 83.41],
                           marker_color=[BAND_COLOURS["maintain"], BAND_COLOURS["maintain"], BAND_COLOURS["improve"]]))
    styled(fig, TITLE, height=400)
    fig.update_layout(width=640)
    return fig


def test_png_is_twice_the_layout_size(figure):
    """A PNG is 2x the layout's width and height, and not blank: the bars' colours are there."""
    png = images.to_png(figure)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (1280, 800)
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50
    counts = {rgb: n for n, rgb in colours}
    assert counts.get((0x1B, 0x7F, 0x3B), 0) > 10_000  # maintain green bars
    assert counts.get((0xC0, 0x39, 0x2B), 0) > 5_000  # improve red bar
    white = counts.get((255, 255, 255), 0)
    assert white < image.size[0] * image.size[1] * 0.95


def test_png_keeps_its_own_size_when_asked(figure):
    """Width and height given for the export win over the layout's (the dashboard's charts have no width)."""
    png = images.to_png(figure, width=500, height=300)
    assert Image.open(io.BytesIO(png)).size == (1000, 600)


def test_svg_has_the_thai_title_as_text(figure):
    """The SVG keeps text as text: the Thai title and categories, in the palette's Thai font stack."""
    svg = images.to_svg(figure).decode("utf-8")
    assert svg.startswith("<svg")
    assert 'width="640"' in svg and 'height="400"' in svg
    assert TITLE in svg
    assert "ประสิทธิภาพการสื่อสาร" in svg
    assert "Laksaman" in svg


def test_inline_svg_scales_with_the_page(figure):
    """The SVG for the PDF has no fixed size on its root, only its viewBox."""
    svg = images.svg_inline(figure)
    root = svg[:svg.index(">")]
    assert 'style="width:100%;height:auto"' in root and "viewBox" in root
    assert "width=" not in root.replace("width:100%", "")


def test_one_browser_serves_every_image(figure):
    """The renderer starts Chromium once and keeps it for every later image, from any thread."""
    images.to_svg(figure)
    assert images.renderer_running()
    starts = images.renderer_starts()
    sizes: list[int] = []
    workers = [threading.Thread(target=lambda: sizes.append(len(images.to_png(figure)))) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert len(sizes) == 3 and len(set(sizes)) == 1
    assert images.renderer_starts() == starts


def test_missing_browser_is_reported(monkeypatch):
    """A browser path that does not exist is an ExportError naming it, in Thai and English."""
    monkeypatch.setenv("PRAMERN_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(ExportError) as err:
        images.chromium_path()
    assert "/nonexistent/chromium" in err.value.message_en and "ไม่ใช่โปรแกรมเบราว์เซอร์" in err.value.message_th
