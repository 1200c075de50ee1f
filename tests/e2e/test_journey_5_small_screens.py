"""Journey 5, a phone and paper: every dashboard at 390 x 844 without sideways scrolling, its charts' labels
inside their charts, the heat map's scores inside their cells and the demo banner small; the overview of DPIM
(กพร.) and สร.อก. FY2568 at a laptop's 1366 x 768 and at 390 x 844; the overview printed to A4 landscape on at
most two pages, without the sidebar or buttons.

Screenshots and the printed PDF (with a PNG of each of its pages) stay in artifacts/e2e/<test>/.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from analytics.charts.compare import HEAT_GAP
from tests.e2e.conftest import Journey
from tests.e2e.driver import heading, settle, tr
from tests.e2e.test_journey_4_click_through import open_deep

pytestmark = pytest.mark.e2e

PHONE: ViewportSize = {"width": 390, "height": 844}
LAPTOP: ViewportSize = {"width": 1366, "height": 768}
SLACK_PX = 1  # sub-pixel rounding
DPIM_2568 = "org=DPIM&year=2568&round=12&lang=th"
PAGES = ["overview", "kpi", "ita", "compare", "actions", "cycle"]
BANNER_MAX_PX = 110  # about three lines of the banner's small type at 390 px
PDF_MAX_PAGES = 2


def charts_drawn(page: Page, at_least: int = 1) -> int:
    """Wait until the page shows no placeholder of a run in progress and Plotly has drawn every chart, at least
    `at_least` of them (the app's run ends before the browser draws its charts); returns how many there are."""
    settle(page)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)
    charts = page.get_by_test_id("stPlotlyChart").filter(visible=True)  # not those of a closed tab
    for _ in range(120):
        n = charts.count()
        widths = [(charts.nth(i).locator(".main-svg").first.bounding_box() or {"width": 0})["width"]
                  if charts.nth(i).locator(".main-svg").count() else 0 for i in range(n)]
        if n >= at_least and all(w > 0 for w in widths):
            return n
        page.wait_for_timeout(250)
    raise AssertionError(f"charts drawn: {widths} (at least {at_least} expected)")


def overflow(page: Page) -> dict[str, float]:
    """How wide the page and its main block are against the window: a phone must not scroll sideways."""
    return page.evaluate("""() => { const main = document.querySelector('[data-testid="stMain"]');
        return {page: document.scrollingElement.scrollWidth, window: innerWidth,
                main: main.scrollWidth, main_box: main.clientWidth}; }""")


def labels_outside_their_chart(page: Page) -> list[str]:
    """Chart texts (titles, axis labels, annotations, legend entries) that reach past the edge of their chart,
    where the browser cuts them."""
    return page.evaluate("""() => { const out = [];
        for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')) {
          const box = chart.getBoundingClientRect();
          for (const t of chart.querySelectorAll('.gtitle, .xtick text, .ytick text, .annotation-text, .legendtext')) {
            const r = t.getBoundingClientRect();
            if (r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1))
              out.push(`${t.textContent} [${Math.round(r.left)}, ${Math.round(r.right)}] outside `
                       + `[${Math.round(box.left)}, ${Math.round(box.right)}]`);
          } }
        return out; }""")


@pytest.mark.parametrize("name", PAGES)
def test_every_dashboard_fits_a_phone(journey: Journey, name: str) -> None:
    page = open_deep(journey, f"/{'' if name == 'overview' else name}?{DPIM_2568}", viewport=PHONE)
    expect(heading(page)).to_be_visible()
    charts_drawn(page)
    width = overflow(page)
    assert width["page"] <= width["window"] + SLACK_PX, width
    assert width["main"] <= width["main_box"] + SLACK_PX, width
    banner = page.locator(".st-key-demo_banner").bounding_box()
    assert banner is not None and banner["height"] <= BANNER_MAX_PX, banner
    assert labels_outside_their_chart(page) == []
    journey.shot(f"{name}-dpim-2568-390x844")


def test_the_heat_map_scores_fit_their_cells_on_a_phone(journey: Journey) -> None:
    page = open_deep(journey, f"/compare?{DPIM_2568}", viewport=PHONE)
    charts_drawn(page)
    chart = page.locator(".st-key-cmp_heatmap_chart")
    chart.scroll_into_view_if_needed()
    expect(chart.locator(".xtick text")).to_have_count(10)  # the ten indicators
    expect(chart.locator(".ytick text")).to_have_count(8)  # the ministry's eight units, one a row
    widths = chart.evaluate("""(chart) => { const area = chart.querySelector('.nsewdrag').getBoundingClientRect();
        const cells = [...chart.querySelectorAll('.heatmap-label text')].map(t => t.getBoundingClientRect().width);
        return {column: area.width / 10, widest: Math.max(...cells), cells: cells.length}; }""")
    assert widths["cells"] == 80, widths
    assert widths["widest"] <= widths["column"] - HEAT_GAP, widths  # every score inside its own cell
    rows = [t.strip() for t in chart.locator(".ytick text").all_text_contents()]
    assert rows[0] == "สมอ." and rows[-1] == "สร.อก.", rows  # best ITA first; the names read across
    journey.shot("compare-heat-map-390x844")


@pytest.mark.parametrize(("org", "abbr"), [("DPIM", "กพร."), ("OMIN", "สร.อก.")], ids=["DPIM", "OMIN"])
@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["1366x768", "390x844"])
def test_the_overview_on_a_laptop_and_a_phone(journey: Journey, org: str, abbr: str, size: ViewportSize) -> None:
    page = open_deep(journey, f"/?org={org}&year=2568&round=12&lang=th", viewport=size)
    expect(heading(page)).to_have_text(tr("ov.heading", year=2568))
    verdict = page.locator(".st-key-ov_verdict")
    expect(verdict).to_contain_text(tr("ov.v_head", org=abbr, year=2568).strip())
    charts_drawn(page)
    width = overflow(page)
    assert width["page"] <= width["window"] + SLACK_PX, width
    assert labels_outside_their_chart(page) == []
    journey.shot(f"overview-{org}-2568-{size['width']}x{size['height']}")


@pytest.mark.parametrize(("org", "on_first_page"), [
    # the verdict's figures, and a label of each trend chart (composites 2566 78.84; ITA 2566 89.17)
    ("DPIM", ["85.0343", "94.23", "0.77", "78.84", "89.17"]),
    ("OMIN", ["90.96", "4.04", "83.95"]),  # no KPI agreement: the ITA trend only (2566: 83.95)
])
def test_the_overview_prints_on_two_a4_landscape_pages(journey: Journey, org: str, on_first_page: list[str]) -> None:
    """The browser's print (A4 landscape, as the app's print style asks) of the overview: at most two pages,
    the verdict and the trend charts whole on the first, no sidebar, no buttons, no demo banner."""
    page = open_deep(journey, f"/?org={org}&year=2568&round=12&lang=th", viewport=LAPTOP)
    charts_drawn(page)
    pdf = journey.folder / f"overview-{org}-2568-print.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+841\.\d+ x 59[45]\.\d+ pts \(A4\)", info), info  # landscape
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])  # type: ignore[index]
    assert 1 <= pages <= PDF_MAX_PAGES, f"{pages} pages"
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(pdf.with_suffix(""))], check=True)
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert [n for n in on_first_page if n not in first] == []
    every = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "PowerPoint" not in every and "analyst@demo.pramern" not in every and "PNG" not in every
    # What the print style leaves off the paper, asked of the page as the browser prints it.
    page.emulate_media(media="print")
    for hidden in (page.get_by_test_id("stSidebar"), page.locator(".st-key-demo_banner"),
                   page.get_by_test_id("stDownloadButton").first, page.get_by_test_id("stButtonGroup").first,
                   page.get_by_test_id("stHeader")):
        expect(hidden).to_be_hidden()
