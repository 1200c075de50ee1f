"""Journey 3, the planning team: takes a chart image and the meeting deck for a meeting, and checks the
files carry what the dashboard showed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect
from pptx import Presentation

from tests.e2e.conftest import Journey
from tests.e2e.driver import download, go_to, heading, metric, tr

pytestmark = pytest.mark.e2e


def slide_texts(path: Path) -> list[tuple[str, str]]:
    """The title and the whole text (shapes and table cells) of each slide."""
    texts = []
    for slide in Presentation(str(path)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        texts.append((title, "\n".join(parts)))
    return texts


def check_png(path: Path, shown_width: float, shown_height: float) -> None:
    """A valid PNG about twice the size the chart had on the page, and not blank."""
    with Image.open(path) as image:
        image.verify()
    with Image.open(path) as image:
        assert image.format == "PNG"
        width, height = image.size
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert abs(height / shown_height - 2) < 0.05, (image.size, shown_width, shown_height)
    assert abs(width / shown_width - 2) < 0.3, (image.size, shown_width, shown_height)
    assert colours is None or len(colours) > 50, f"{path.name} looks blank: {len(colours or [])} colours"


def test_planning_takes_the_chart_and_the_deck(journey: Journey) -> None:
    """The deck names กพร. and FY2568 and shows the ITA score the overview showed; the chart PNGs are
    valid images at twice the chart's size on the page."""
    # The planning team opens the link to DPIM FY2568, 12 months, that the meeting is about.
    page = journey.open("/?org=DPIM&year=2568&round=12&lang=th")
    expect(heading(page)).to_have_text(tr("ov.heading", year=2568))
    expect(metric(page, tr("ov.ita_overall"))).to_have_text("94.23")
    shown_ita = metric(page, tr("ov.ita_overall")).inner_text().strip()
    shown_composite = metric(page, tr("ov.composite")).inner_text().strip()
    journey.shot("overview-before-deck")

    # The meeting deck (the overview's button, key ov_deck).
    deck_button = page.locator(".st-key-ov_deck").get_by_role("button", name=tr("exp.deck_button"))
    deck = download(page, deck_button, journey.folder)
    assert deck.suffix == ".pptx" and "DPIM_2568" in deck.name, deck.name
    slides = slide_texts(deck)
    assert "กพร." in slides[0][1] and "2568" in slides[0][1], slides[0]
    overview = [text for title, text in slides if title == tr("exp.sec_overview")]
    assert len(overview) == 1, [title for title, _ in slides]
    assert shown_ita in overview[0] and shown_composite in overview[0], overview[0]

    # The ITA history chart, as the server renders it (PNG button) and as the Plotly toolbar does.
    go_to(page, tr("nav.ita"))
    expect(heading(page)).to_have_text(tr("ita.title", org="กพร.", year=2568))
    chart = page.get_by_test_id("stPlotlyChart").filter(has_text=tr("ita.history_title", org="กพร."))
    expect(chart).to_be_visible()
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None
    journey.shot("ita-chart")

    png_button = page.locator(".st-key-ita_history_chart_png").get_by_role("button", name=tr("app.download_png"))
    server_png = download(page, png_button, journey.folder)
    assert re.fullmatch(r"DPIM_2568_ita_history\.png", server_png.name), server_png.name
    check_png(server_png, box["width"], box["height"])

    chart.hover()
    toolbar_button = chart.locator('.modebar-btn[data-title="Download plot as a PNG"]')
    toolbar_png = download(page, toolbar_button, journey.folder / "toolbar")
    check_png(toolbar_png, box["width"], box["height"])
    with Image.open(toolbar_png) as image:  # the browser draws exactly what is on screen, at scale 2
        assert image.size == (round(box["width"] * 2), round(box["height"] * 2)), (image.size, box)
