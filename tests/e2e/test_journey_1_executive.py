"""Journey 1, the executive: reads the overview, changes unit and year, opens the ITA page, follows a
"needs attention" link, switches language, and opens a link a colleague shared."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import Journey
from tests.e2e.driver import choose, combobox, go_to, heading, metric, settle, sidebar, tr

pytestmark = pytest.mark.e2e


def caption(page: Page) -> Locator:
    """The caption under the title (the overview names the organisation there)."""
    return page.get_by_test_id("stMain").get_by_test_id("stCaptionContainer").first


def expect_selection(page: Page, org: str, year: str, lang: str = "th") -> None:
    """The sidebar shows this organisation (its label starts with it) and fiscal year."""
    bar = sidebar(page)
    expect(combobox(bar, tr("app.org", lang))).to_have_value(re.compile(rf"^{re.escape(org)}"))
    expect(combobox(bar, tr("app.year", lang))).to_have_value(year)


def test_executive_reads_follows_and_shares(journey: Journey) -> None:
    """It opens on DPIM FY2568 in Thai with ITA 94.23, follows the sidebar, the menu and the attention
    links without losing the selection, speaks English on request, and a shared URL opens that view."""
    page = journey.open("/")

    # The default view: DPIM (กพร.) FY2568, in Thai.
    expect(heading(page)).to_have_text("ภาพรวมปีงบประมาณ พ.ศ. 2568")
    expect(caption(page)).to_contain_text("กพร. กรมอุตสาหกรรมพื้นฐานและการเหมืองแร่")
    expect_selection(page, "กพร.", "พ.ศ. 2568")
    expect(metric(page, tr("ov.ita_overall"))).to_have_text("94.23")
    expect(metric(page, tr("ov.rank_ministry"))).to_have_text("6 จาก 8")
    expect(metric(page, tr("ov.composite"))).to_have_text("85.0343")
    journey.shot("overview-dpim-2568")

    # Another unit, then another year: the page and the shareable URL follow.
    choose(page, sidebar(page), tr("app.org"), "กรอ.")
    expect(caption(page)).to_contain_text("กรอ. กรมโรงงานอุตสาหกรรม")
    expect(heading(page)).to_have_text("ภาพรวมปีงบประมาณ พ.ศ. 2568")
    expect(metric(page, tr("ov.ita_overall"))).to_have_text("95.40")
    # DIW's illustrative FY2567-68 agreements have 5 Performance Base KPIs (seed 002's 6 are FY2569's)
    expect(metric(page, tr("ov.composite"))).to_have_text("83.7475")
    expect(page).to_have_url(re.compile(r"[?&]org=DIW(&|$)"))
    journey.shot("overview-diw-2568")

    choose(page, sidebar(page), tr("app.year"), "2567")
    expect(heading(page)).to_have_text("ภาพรวมปีงบประมาณ พ.ศ. 2567")
    expect(metric(page, tr("ov.ita_overall"))).to_have_text("94.95")
    expect(metric(page, tr("ov.composite"))).to_have_text("84.2350")
    expect(page).to_have_url(re.compile(r"[?&]year=2567(&|$)"))
    expect_selection(page, "กรอ.", "พ.ศ. 2567")
    journey.shot("overview-diw-2567")

    # The ITA page from the menu keeps the selection.
    go_to(page, tr("nav.ita"))
    expect(heading(page)).to_have_text(tr("ita.title", org="กรอ.", year=2567))
    expect_selection(page, "กรอ.", "พ.ศ. 2567")
    expect(metric(page, tr("ita.published"))).to_have_text("94.95")
    journey.shot("ita-diw-2567")

    # Back to the overview, then a "needs attention" link to the KPI scorecard.
    go_to(page, tr("nav.overview"))
    expect(heading(page)).to_have_text("ภาพรวมปีงบประมาณ พ.ศ. 2567")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name=re.compile("^" + re.escape(tr("ov.att_heading", n=0)[:-3])))).to_be_visible()
    link = main.get_by_test_id("stPageLink").get_by_role("link", name=re.compile(r"^\d+\.\d+ ")).first
    expect(link).to_be_visible()
    journey.shot("overview-needs-attention")
    link.click()
    settle(page)
    expect(heading(page)).to_have_text(tr("kpi.title", year=2567))
    expect_selection(page, "กรอ.", "พ.ศ. 2567")
    journey.shot("kpi-from-attention-link")

    # English on request, and back to Thai.
    sidebar(page).get_by_role("radio", name="English", exact=True).click()
    settle(page)
    expect(heading(page)).to_have_text(tr("kpi.title", "en", year=2567))
    expect(sidebar(page).get_by_role("link", name="Overview", exact=True)).to_be_visible()
    expect_selection(page, "กรอ. Department of Industrial Works", "FY2567", "en")
    expect(page).to_have_url(re.compile(r"[?&]lang=en(&|$)"))
    journey.shot("kpi-english")
    sidebar(page).get_by_role("radio", name="ไทย", exact=True).click()
    settle(page)
    expect(heading(page)).to_have_text(tr("kpi.title", "th", year=2567))
    expect(sidebar(page).get_by_role("link", name="ภาพรวม", exact=True)).to_be_visible()
    expect_selection(page, "กรอ. กรมโรงงานอุตสาหกรรม", "พ.ศ. 2567")

    # A colleague opens a shared link: the same unit, year, round and language.
    shared = journey.open("/?org=DIW&year=2567&round=6&lang=en")
    expect(heading(shared)).to_have_text("Overview, FY2567")
    expect_selection(shared, "กรอ. Department of Industrial Works", "FY2567", "en")
    expect(sidebar(shared).get_by_role("radio", name="6 months", exact=True)).to_be_checked()
    expect(sidebar(shared).get_by_role("radio", name="English", exact=True)).to_be_checked()
    expect(shared.get_by_test_id("stMain").get_by_role("heading", level=4)).to_contain_text(
        tr("ov.v_composite_up", "en", months=6, value="39.3350", change="", prev=2566).split(",")[0])
    expect(metric(shared, tr("ov.composite", "en"))).to_have_text("39.3350")
    expect(metric(shared, tr("ov.ita_overall", "en"))).to_have_text("94.95")
    expect(shared).to_have_url(re.compile(r"\?org=DIW&year=2567&round=6&lang=en$"))
    journey.shot("shared-link-diw-2567-6m-en")
