"""Journey 4, click to go deeper: a KPI's bar, a unit's heat-map cells and an action status open their detail;
a copied link reopens the same KPI and tab; a page asked for before sign-in opens after it; an unknown page
says so in Thai; the menu reads page names, not icon names."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import FloatRect, Locator, Page, ViewportSize, expect

from analytics import auth
from tests.e2e.conftest import Journey
from tests.e2e.driver import combobox, go_to, grid_rows, heading, settle, sidebar, tr, tr_pattern

pytestmark = pytest.mark.e2e

DPIM_KPIS = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "4.2"]


_BASE_PROBE = re.compile(r"404 \(Not Found\) \(http://[^)]*/[\w-]+/_stcore/(health|host-config)\)$")


def open_deep(journey: Journey, path: str, viewport: ViewportSize | None = None) -> Page:
    """Open a page's own URL (/kpi?...), in a window of `viewport` if given. Streamlit's front end first looks
    for its server under the page's path (/kpi/_stcore/health), gets 404 and then finds it at the root: those
    two probes are Streamlit's, not the app's, and only they are let through; any other console error still
    fails the journey."""
    page = journey.open(path, viewport=viewport)
    journey.console_errors[:] = [e for e in journey.console_errors if not _BASE_PROBE.search(e)]
    return page


def click_point(page: Page, chart_key: str, trace: str, index: int) -> None:
    """Click the middle of one drawn point (a bar, a marker) of a Plotly chart, as a person would."""
    chart = page.locator(f".st-key-{chart_key}")
    chart.scroll_into_view_if_needed()
    point = chart.locator(trace).nth(index)
    expect(point).to_be_attached()
    box = point.bounding_box()
    assert box is not None and box["width"] > 0, f"point {index} of {chart_key} is not drawn"
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    settle(page)


def select_row(page: Page, table: Locator, index: int, row_height: int = 35) -> None:
    """Tick the selection box of a st.dataframe's row (it sits in the row marker column, left of the first
    cell), as a person does; rows are 35 px unless the table sets row_height, below a 35 px header."""
    table.scroll_into_view_if_needed()
    canvas = table.locator("canvas").first
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box is not None
    header = 35
    page.mouse.click(box["x"] + 12, box["y"] + header + row_height * index + row_height / 2)
    settle(page)


def drawn_box(page: Page, target: Locator) -> FloatRect:
    """The box of an element of a Plotly chart once Plotly has drawn it: the app's run ends before the
    browser draws the chart, so it is polled, never read once."""
    expect(target).to_be_attached()
    for _ in range(80):
        box = target.bounding_box()
        if box is not None and box["width"] > 0 and box["height"] > 0:
            return box
        page.wait_for_timeout(250)
    raise AssertionError(f"{target} was never drawn")


def rows_once(page: Page, table: Locator, done: Callable[[list[dict[str, str]]], bool]) -> list[dict[str, str]]:
    """The rows of a st.dataframe once they are what the run before asked for (`done`): the grid redraws after
    the run has finished, so it is read until then (10 s at most), never once."""
    rows = grid_rows(table)
    for _ in range(40):
        if rows and done(rows):
            break
        page.wait_for_timeout(250)
        rows = grid_rows(table)
    return rows


def open_tab(page: Page, label: str) -> None:
    expect(page.get_by_role("tab", name=label, exact=True)).to_have_attribute("aria-selected", "true")


def test_click_a_kpi_bar_then_share_the_link(journey: Journey) -> None:
    page = open_deep(journey, "/kpi?org=DPIM&year=2568&round=12&lang=th")
    expect(heading(page)).to_have_text(tr("kpi.title", year=2568))
    # Bars are drawn bottom-up from the data: the agreement's last KPI first.
    click_point(page, "kpi_scores_chart", ".barlayer .trace .point", list(reversed(DPIM_KPIS)).index("1.2"))
    open_tab(page, tr("kpi.tab.detail"))
    expect(combobox(page.get_by_test_id("stMain"), tr("kpi.pick"))).to_have_value(re.compile(r"^1\.2 "))
    expect(page).to_have_url(re.compile(r"[?&]kpi=1\.2(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]tab=detail(&|$)"))
    journey.shot("kpi-1.2-from-its-bar")

    # A colleague opens the copied link: the same KPI on the same tab.
    parts = urlsplit(page.url)
    shared = open_deep(journey, f"{parts.path}?{parts.query}")
    open_tab(shared, tr("kpi.tab.detail"))
    expect(combobox(shared.get_by_test_id("stMain"), tr("kpi.pick"))).to_have_value(re.compile(r"^1\.2 "))
    journey.shot("kpi-1.2-shared-link")

    # A table row does the same: back on the scorecard, the row of KPI 3.2 opens it.
    shared.get_by_role("tab", name=tr("kpi.tab.scorecard"), exact=True).click()
    settle(shared)
    table = shared.locator(".st-key-kpi_table_3")
    table.scroll_into_view_if_needed()
    rows = grid_rows(table)
    index = [r[tr("kpi.col.code")] for r in rows].index("3.2")
    select_row(shared, table, index, row_height=70)  # the KPI tables' rows are tall enough for names to wrap
    open_tab(shared, tr("kpi.tab.detail"))
    expect(combobox(shared.get_by_test_id("stMain"), tr("kpi.pick"))).to_have_value(re.compile(r"^3\.2 "))


def test_a_heat_map_row_opens_that_unit(journey: Journey) -> None:
    page = open_deep(journey, "/compare?org=DPIM&year=2568&round=12&lang=th")
    chart = page.locator(".st-key-cmp_heatmap_chart")
    chart.scroll_into_view_if_needed()
    # Units are the heat map's rows: the row of กรอ. (DIW) is found by its label, once Plotly has drawn it.
    label = chart.locator(".ytick text").filter(has_text=re.compile(r"^กรอ\.$"))
    expect(label).to_have_count(1)
    row = drawn_box(page, label)
    area = drawn_box(page, chart.locator(".nsewdrag").first)
    columns = chart.locator(".xtick text")
    expect(columns).to_have_count(10)  # the ten indicators
    page.mouse.click(area["x"] + area["width"] * 0.05, row["y"] + row["height"] / 2)  # indicator 1 of กรอ.
    settle(page)
    expect(heading(page)).to_have_text(tr("ita.title", org="กรอ.", year=2568))
    expect(combobox(sidebar(page), tr("app.org"))).to_have_value(re.compile(r"^กรอ\."))
    expect(page).to_have_url(re.compile(r"[?&]org=DIW(&|$)"))
    journey.shot("ita-diw-from-heat-map")


def test_a_compare_table_row_opens_that_unit(journey: Journey) -> None:
    page = open_deep(journey, "/compare?org=DPIM&year=2568&round=12&lang=th")
    table = page.locator(".st-key-cmp_movement_table")
    table.scroll_into_view_if_needed()
    rows = grid_rows(table)
    index = next(i for i, r in enumerate(rows) if r[tr("cmp.col.unit")].startswith("สอน. "))
    select_row(page, table, index)
    expect(heading(page)).to_have_text(tr("ov.heading", year=2568))
    expect(combobox(sidebar(page), tr("app.org"))).to_have_value(re.compile(r"^สอน\."))
    expect(page).to_have_url(re.compile(r"[?&]org=OCSB(&|$)"))
    journey.shot("overview-of-a-unit-from-the-compare-table")


def test_an_action_status_filters_the_table(journey: Journey) -> None:
    page = open_deep(journey, "/actions?org=DPIM&year=2568&round=12&lang=th")
    segments = ["done", "in_progress", "not_started", "overdue", "cancelled"]
    chart = page.locator(".st-key-act_chart_breakdown")
    chart.scroll_into_view_if_needed()
    overdue = chart.locator(".barlayer .trace").nth(segments.index("overdue")).locator(".point")
    expect(overdue.first).to_be_attached()  # Plotly draws after the run has finished

    def widths() -> list[float]:
        return [(overdue.nth(i).bounding_box() or {"width": 0.0})["width"] for i in range(overdue.count())]

    for _ in range(40):
        if any(w > 0 for w in widths()):
            break
        page.wait_for_timeout(250)
    drawn = next(i for i, w in enumerate(widths()) if w > 0)
    click_point(page, "act_chart_breakdown", f".barlayer .trace:nth-of-type({segments.index('overdue') + 1}) .point",
                drawn)
    open_tab(page, tr("auth.tab_plan"))
    expect(page.get_by_text(tr("act.filter_shown", n=2, total=9), exact=True)).to_be_visible()
    plan = page.get_by_test_id("stDataFrame").filter(visible=True).filter(has_text=tr("act.col_action")).last
    rows = rows_once(page, plan, lambda rows: len(rows) == 2)
    assert len(rows) == 2, rows
    assert {r[tr("act.col_status")] for r in rows} <= {tr("status.not_started"), tr("status.in_progress")}
    expect(page).to_have_url(re.compile(r"[?&]status=overdue(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]tab=plan(&|$)"))
    journey.shot("actions-overdue-from-chart")


def test_upload_before_sign_in_opens_after_it(journey: Journey) -> None:
    page = open_deep(journey, "/upload?lang=th")
    expect(heading(page)).to_have_text(tr("nav.upload"))
    expect(page.get_by_text(tr("nav.sign_in_first", page=tr("nav.upload")), exact=True)).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    journey.shot("upload-asks-to-sign-in")
    bar = sidebar(page)
    password = bar.get_by_role("textbox", name=tr("auth.password"), exact=True)
    if not password.is_visible():
        bar.get_by_test_id("stExpander").filter(has_text=tr("auth.demo_sign_in")).locator("summary").click()
    bar.get_by_role("textbox", name=tr("auth.email"), exact=True).fill(auth.DEMO_ANALYST_EMAIL)
    password.fill(auth.DEMO_ANALYST_PASSWORD)
    bar.get_by_role("button", name=tr("auth.submit"), exact=True).click()
    settle(page)
    expect(heading(page)).to_have_text(tr("up.title"))
    expect(page).to_have_url(re.compile(r"/upload(\?|$)"))
    journey.shot("upload-after-sign-in")


def test_unknown_page_in_the_users_language_and_menu_names(journey: Journey) -> None:
    page = open_deep(journey, "/no-such-page?lang=th")
    expect(heading(page)).to_have_text(tr("nav.not_found_title"))
    expect(page.get_by_text(tr("nav.not_found", path="no-such-page"), exact=True)).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    # Screen readers hear each page's name: the menu's links are named by their titles alone.
    nav = sidebar(page).get_by_test_id("stSidebarNav")
    for key in ("nav.overview", "nav.kpi", "nav.ita", "nav.compare", "nav.actions", "nav.cycle"):
        expect(nav.get_by_role("link", name=tr(key), exact=True)).to_be_visible()
    go_to(page, tr("nav.overview"))
    expect(heading(page)).to_have_text(tr("ov.heading", year=2568))


def test_an_overdue_row_shows_the_action_and_opens_its_indicator(journey: Journey) -> None:
    page = open_deep(journey, "/actions?org=DPIM&year=2568&round=12&lang=th&tab=overdue")
    open_tab(page, tr("status.overdue"))
    table = page.locator(".st-key-act_overdue_table")
    rows = grid_rows(table)
    index = next(i for i, r in enumerate(rows) if r[tr("act.col_ref")] == "ITA ตัวชี้วัดที่ 4 · 4 #1")
    select_row(page, table, index, row_height=70)
    detail = page.locator(".st-key-act_overdue_detail")
    expect(detail).to_contain_text(tr("act.detail_title", ref="ITA ตัวชี้วัดที่ 4 · 4 #1"))
    expect(detail).to_contain_text(tr("act.detail_owner", main="สำนักงานเลขานุการกรม"))
    expect(detail).to_contain_text(tr("act.detail_overdue", days="508"))
    journey.shot("overdue-action-selected")
    detail.get_by_role("link", name=tr("act.open_ita", n="4")).click()
    settle(page)
    expect(heading(page)).to_have_text(tr("ita.title", org="กพร.", year=2568))
    expect(page).to_have_url(re.compile(r"[?&]indicator=4(&|$)"))
    filter_box = page.get_by_test_id("stMultiSelect").filter(has_text=tr("ita.filter_indicator"))
    expect(filter_box).to_contain_text("4. การใช้ทรัพย์สินของราชการ")
    journey.shot("ita-indicator-4-from-the-action")


def test_an_assessor_row_filters_the_plan_to_its_item(journey: Journey) -> None:
    page = open_deep(journey, "/actions?org=DLPW&year=2563&round=12&lang=th&tab=assessor")
    open_tab(page, tr("act.tab_assessor"))
    table = page.locator(".st-key-act_assessor_table")
    first = grid_rows(table)[0]
    item = first[tr("act.col_ref")]
    select_row(page, table, 0)
    open_tab(page, tr("auth.tab_plan"))
    expect(page).to_have_url(re.compile(rf"[?&]item={re.escape(item)}(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]tab=plan(&|$)"))
    expect(combobox(page.get_by_test_id("stMain"), tr("act.filter_item"))).to_have_value(item)
    expect(page.get_by_text(tr_pattern("act.filter_shown", n=r"\d+", total="146"))).to_be_visible()
    plan = page.locator(".st-key-act_plan_table")
    shown = rows_once(page, plan, lambda rows: {r[tr("act.col_ref")] for r in rows} == {item})
    assert shown and {r[tr("act.col_ref")] for r in shown} == {item}, shown
    assert len(shown) >= int(first[tr("act.col_actions")])
    journey.shot("plan-of-an-assessed-item")


def test_a_question_row_opens_its_indicator(journey: Journey) -> None:
    page = open_deep(journey, "/ita?org=DPIM&year=2568&round=12&lang=th")
    table = page.locator(".st-key-ita_questions_table")
    first = grid_rows(table)[0]
    assert first[tr("ita.col.code")] == "i1" and first[tr("ita.col.indicator")] == "1. การปฏิบัติหน้าที่"
    select_row(page, table, 0, row_height=70)  # rows tall enough for the questions to wrap
    expect(page).to_have_url(re.compile(r"[?&]indicator=1(&|$)"))
    filter_box = page.get_by_test_id("stMultiSelect").filter(has_text=tr("ita.filter_indicator"))
    expect(filter_box).to_contain_text("1. การปฏิบัติหน้าที่")
    shown = rows_once(page, table, lambda rows: {r[tr("ita.col.indicator")] for r in rows} == {"1. การปฏิบัติหน้าที่"})
    assert shown and {r[tr("ita.col.indicator")] for r in shown} == {"1. การปฏิบัติหน้าที่"}, shown
    journey.shot("ita-indicator-1-from-a-question-row")
