"""Journey 2, the analyst: signs in, takes the KPI template, is told exactly what is wrong with a bad
file, imports a good one, sees the overview change, and undoes the import."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from analytics import auth
from analytics.i18n import has
from analytics.importing import SPECS
from tests.e2e.conftest import ROOT, Journey
from tests.e2e.driver import (
    answer_org_and_year,
    choose,
    combobox,
    download,
    go_to,
    grid_rows,
    heading,
    metric,
    settle,
    sidebar,
    tr,
    tr_pattern,
)

pytestmark = pytest.mark.e2e

BAD = ROOT / "tests" / "data" / "bad" / "text_in_number.csv"  # row 2, column weight: "ห้าสิบ"
GOOD = ROOT / "tests" / "data" / "good" / "kpi_dpim_2569.csv"  # an agreement of 4 KPIs; names neither org nor year


def sign_in_as_demo_analyst(journey: Journey, page: Page) -> bool:
    """Sign in as the demo analyst with the sidebar's form (demo mode keeps it in an expander).

    Whether this build has sign-in is read from the app itself (the demo account in analytics.auth,
    the form's labels in the catalogue), so a sign-in that goes missing fails the journey rather
    than skipping it. A build from before sign-in existed returns False and the journey goes on as
    the anonymous user it had then, with a warning.
    """
    email = getattr(auth, "DEMO_ANALYST_EMAIL", None)
    secret = getattr(auth, "DEMO_ANALYST_PASSWORD", None)
    if not (email and secret and has("auth.submit")):
        journey.note("this build has no sign-in: the analyst journey ran without signing in")
        warnings.warn("e2e: no sign-in in this build; the analyst journey ran without signing in", stacklevel=2)
        return False
    bar = sidebar(page)
    password = bar.get_by_role("textbox", name=tr("auth.password"), exact=True)
    if not password.is_visible():
        bar.get_by_test_id("stExpander").filter(has_text=tr("auth.demo_sign_in")).locator("summary").click()
    expect(password).to_be_visible()
    bar.get_by_role("textbox", name=tr("auth.email"), exact=True).fill(email)
    password.fill(secret)
    bar.get_by_role("button", name=tr("auth.submit"), exact=True).click()
    settle(page)
    expect(bar).to_contain_text(tr("auth.signed_in_as", email=email, role=tr("auth.role.analyst")))
    expect(password).to_have_count(0)
    return True


def header_row(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        first = next(book.worksheets[0].iter_rows(max_row=1, values_only=True))
        return [str(v) for v in first if v is not None]
    finally:
        book.close()


def test_analyst_imports_checks_and_undoes(journey: Journey) -> None:
    """A bad file is refused with its row and column; a good one shows on the overview; undo removes it."""
    page = journey.open("/")
    signed_in = sign_in_as_demo_analyst(journey, page)
    if signed_in:
        journey.shot("signed-in")

    # Before: DPIM has its FY2570 cycle under way but no KPI agreement yet (the demo's seed-002 agreement is FY2569's).
    choose(page, sidebar(page), tr("app.year"), "2570")
    expect(heading(page)).to_have_text(tr("ov.heading", year=2570))
    expect(page.get_by_text(tr("ov.att_missing.kpi_agreement", year=2570, round=12), exact=True)).to_be_visible()
    journey.shot("overview-2570-before")

    # The KPI template: an Excel workbook whose header row is the importer's columns, in order.
    go_to(page, tr("nav.upload"))
    expect(heading(page)).to_have_text(tr("up.title"))
    page.get_by_test_id("stExpander").filter(has_text=tr("up.templates")).locator("summary").click()
    button = page.get_by_role("button", name=tr("up.template_button", kind=tr("kind.kpi")), exact=True)
    template = download(page, button, journey.folder)
    assert template.name == "pramern_template_kpi.xlsx"
    headers = header_row(template)
    names = [re.search(r"\(([a-z0-9_]+)\)", h).group(1) for h in headers]  # type: ignore[union-attr]
    assert names == [c.name for c in SPECS["kpi"]], headers
    assert headers[0] == "หน่วยงาน (org_code) *" and "รหัสตัวชี้วัด (kpi_code) *" in headers
    journey.shot("upload-templates")

    # A bad file: nothing is imported and the problem names its row and column.
    uploader = page.get_by_test_id("stFileUploader").locator('input[type="file"]')
    uploader.set_input_files(BAD)
    settle(page)
    expect(page.get_by_text(tr("up.errors", n=1), exact=True)).to_be_visible()
    problems = page.get_by_test_id("stDataFrame").filter(has_text=tr("problem_name.not_number"))
    expect(problems).to_be_visible()
    rows = [r for r in grid_rows(problems) if r.get(tr("up.col_problem")) == tr("problem_name.not_number")]
    assert len(rows) == 1, rows
    assert rows[0][tr("up.col_row")] == "2" and rows[0][tr("up.col_column")] == "weight", rows[0]
    assert rows[0][tr("up.col_value")] == "ห้าสิบ", rows[0]
    expect(page.get_by_role("button", name=tr("up.import"))).to_have_count(0)
    journey.shot("bad-file-refused")

    # A good file that names neither organisation nor year: the page asks for both.
    uploader.set_input_files(GOOD)
    settle(page)
    answer_org_and_year(page, "กพร.", 2570)
    expect(page.get_by_text(tr_pattern("up.valid", rows=".+"))).to_contain_text(
        tr("up.sheet_rows", kind=tr("kind.kpi"), rows="4"))
    journey.shot("good-file-checked")
    page.get_by_role("button", name=tr("up.import")).click()
    settle(page)
    imported = page.get_by_text(tr_pattern("up.imported", batch=r"\d+", rows=".+"))
    expect(imported).to_be_visible()
    found = tr_pattern("up.imported", batch=r"\d+", rows=".+").search(imported.inner_text())
    assert found is not None
    batch = int(found.group(1))
    journey.shot("good-file-imported")

    # The overview of DPIM FY2570 now has its composite.
    page.get_by_test_id("stMain").get_by_test_id("stPageLink").get_by_role("link", name=tr("nav.overview")).click()
    settle(page)
    expect(heading(page)).to_have_text(tr("ov.heading", year=2570))
    expect(combobox(sidebar(page), tr("app.org"))).to_have_value(re.compile(r"^กพร\."))
    expect(metric(page, tr("ov.composite"))).to_have_text("92.2500")
    expect(page.get_by_text(tr("ov.att_missing.kpi_agreement", year=2570, round=12), exact=True)).to_have_count(0)
    journey.shot("overview-2570-after-import")

    # Undo the batch from the history: confirm, then undo.
    go_to(page, tr("nav.upload"))
    choose(page, page.get_by_test_id("stMain"), tr("up.undo_pick"), f"{batch}: {GOOD.name}")
    page.get_by_text(tr("up.undo_confirm", batch=batch, file=GOOD.name), exact=True).click()
    undo = page.get_by_role("button", name=tr("up.undo"), exact=True)
    expect(undo).to_be_enabled()
    undo.click()
    settle(page)
    expect(page.get_by_text(tr("up.undone", batch=batch), exact=True)).to_be_visible()
    history = page.get_by_test_id("stDataFrame").filter(has_text=GOOD.name)
    row = history.locator('table[role="grid"] tbody tr').filter(has_text=GOOD.name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(tr("up.status_undone"))
    if signed_in:
        expect(row).to_contain_text(auth.DEMO_ANALYST_EMAIL)
    journey.shot("undone")

    # The overview is back to "no KPI agreement" for FY2570.
    go_to(page, tr("nav.overview"))
    expect(heading(page)).to_have_text(tr("ov.heading", year=2570))
    expect(page.get_by_text(tr("ov.att_missing.kpi_agreement", year=2570, round=12), exact=True)).to_be_visible()
    expect(metric(page, tr("ov.composite"))).to_have_text("–")
    journey.shot("overview-2570-after-undo")
