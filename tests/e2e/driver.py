"""Driving Streamlit in a real browser: waiting for a run to finish, widgets by their labels, downloads.

Every label comes from the app's own catalogue (analytics.i18n), so a reworded label does not break a
journey; what a journey asserts about the language (Thai first, English on request) it spells out.
Streamlit runs the script again after each interaction; helpers wait for that run to finish instead
of sleeping, and journeys assert on what the new run shows with expect(), which retries until it
appears or times out.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from analytics.i18n import has, t

APP = '[data-testid="stApp"]'


def tr(key: str, lang: str = "th", **params: object) -> str:
    """A catalogue text, failing loudly when the key is gone (t() would return the key itself)."""
    assert has(key), f"the label catalogue has no key {key!r}"
    return t(key, lang, **params)


def tr_pattern(key: str, lang: str = "th", **groups: str) -> re.Pattern[str]:
    """A catalogue text as a regex the browser can use too: each {name} given in groups becomes that
    sub-pattern as a numbered group (in the text's order), the rest is literal."""
    out = []
    for part in re.split(r"(\{\w+\})", tr(key, lang)):
        name = part[1:-1] if part.startswith("{") else None
        out.append(f"({groups[name]})" if name in groups else re.sub(r"([.^$*+?()\[\]{}|\\/])", r"\\\1", part))
    return re.compile("".join(out))


def settle(page: Page) -> None:
    """Wait until the app is connected and no script run is going on, then fail on any exception it drew."""
    page.locator(f'{APP}[data-test-connection-state="CONNECTED"]').wait_for()
    page.locator(f'{APP}[data-test-script-state="notRunning"]').wait_for()
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden")
    expect(page.locator('[data-stale="true"]')).to_have_count(0)
    exceptions = page.get_by_test_id("stException")
    if exceptions.count():
        raise AssertionError("The app showed an exception (conventions: no traceback ever):\n"
                             + exceptions.first.inner_text()[:3000])


def open_app(page: Page, url: str) -> None:
    """Load a URL of the app and wait for its first run: until the page's title is drawn the app
    reports "not running" only because it has not started yet."""
    page.goto(url)
    page.locator(APP).wait_for()
    heading(page).wait_for()
    settle(page)


# -- reading -----------------------------------------------------------------------------------
def heading(page: Page) -> Locator:
    """The page's title (st.title)."""
    return page.get_by_test_id("stMain").get_by_role("heading", level=1)


def metric(page: Page, label: str) -> Locator:
    """The value of the st.metric whose label is exactly `label`."""
    label_re = re.compile(rf"^\s*{re.escape(label)}\s*$")
    box = page.get_by_test_id("stMetric").filter(has=page.get_by_test_id("stMetricLabel").filter(has_text=label_re))
    return box.get_by_test_id("stMetricValue")


def sidebar(page: Page) -> Locator:
    return page.get_by_test_id("stSidebar")


def combobox(scope: Page | Locator, label: str) -> Locator:
    """A st.selectbox by its label (react-aria gives the input the label as its accessible name)."""
    return scope.get_by_role("combobox", name=label, exact=True)


def grid_rows(frame: Locator) -> list[dict[str, str]]:
    """The rows a st.dataframe shows, read from the accessible table the grid keeps beside its canvas
    (off screen, so by CSS and text content rather than by role, which skips what is not shown)."""
    table = frame.locator('table[role="grid"]')
    expect(table.locator("tbody tr").first).to_be_attached()  # the grid fills the table after drawing
    headers = [h.strip() for h in table.locator("thead th").all_text_contents()]
    rows = []
    for row in table.locator("tbody tr").all():
        cells = [c.strip() for c in row.locator("td").all_text_contents()]
        rows.append(dict(zip(headers, cells, strict=False)))
    return rows


# -- acting ------------------------------------------------------------------------------------
def choose(page: Page, scope: Page | Locator, label: str, typed: str) -> None:
    """Pick a selectbox option as a person does: click the box, type part of the option, press Enter."""
    box = combobox(scope, label)
    box.click()
    box.press_sequentially(typed)
    expect(page.get_by_role("option").first).to_contain_text(typed)
    box.press("Enter")
    expect(box).to_have_value(re.compile(re.escape(typed)))
    settle(page)


def answer_org_and_year(page: Page, org: str, year: int) -> None:
    """On the upload page, answer the questions a file that names neither organisation nor year raises."""
    choose(page, page.get_by_test_id("stMain"), tr("up.org"), org)
    box = page.get_by_role("spinbutton", name=tr("up.year"))
    box.fill(str(year))
    box.press("Enter")
    settle(page)


def go_to(page: Page, menu_title: str) -> None:
    """Open a page from the sidebar menu."""
    sidebar(page).get_by_test_id("stSidebarNav").get_by_role("link", name=menu_title, exact=True).click()
    settle(page)


def download(page: Page, button: Locator, folder: Path) -> Path:
    """Click a download button and keep the file the browser receives under `folder`."""
    with page.expect_download() as info:
        button.click()
    got = info.value
    failure = got.failure()
    assert failure is None, f"the download of {got.suggested_filename} failed: {failure}"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / got.suggested_filename
    got.save_as(target)
    return target
