"""The hostile uploads in a real browser against a real server: the 7 KB workbook naming XFD20000 (a 10 GB grid
for the reader), a million-column CSV and a workbook whose dimension declares the whole sheet are refused by the
preview with their message in Thai, no import is offered, and the same server then checks a good file."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, Journey
from tests.e2e.driver import go_to, settle, tr
from tests.e2e.test_journey_2_analyst import sign_in_as_demo_analyst
from tests.hostile import files as f

pytestmark = pytest.mark.e2e
GOOD = ROOT / "tests" / "data" / "good" / "kpi_dpim_2569.csv"

HOSTILE = [
    ("far.xlsx", lambda: f.xlsx([f.SUMMARY_HEADER, f.SUMMARY_ROW], extra_cells=[("XFD20000", 1)]), "XFD20000"),
    ("wide.csv", lambda: b"," * 1_000_000 + b"\n", "1000001"),
    ("dimension.xlsx", lambda: f.xlsx([f.SUMMARY_HEADER, f.SUMMARY_ROW], dimension="A1:XFD1048576"), "XFD1048576"),
]


def test_hostile_uploads_are_refused_and_the_server_keeps_serving(journey: Journey, tmp_path: Path) -> None:
    page = journey.open()
    assert sign_in_as_demo_analyst(journey, page)
    go_to(page, tr("nav.upload"))
    uploader = page.get_by_test_id("stFileUploader").locator('input[type="file"]')
    for name, build, cell in HOSTILE:
        upload = tmp_path / name
        upload.write_bytes(build())
        uploader.set_input_files(upload)
        settle(page)
        expect(page.get_by_text(tr("up.errors", n=1), exact=True)).to_be_visible()
        expect(page.get_by_test_id("stDataFrame").filter(has_text=cell)).to_be_visible()
        expect(page.get_by_role("button", name=tr("up.import"))).to_have_count(0)
        journey.shot(f"hostile-{name.replace('.', '-')}")
    # The same server, the same session: a good file is checked as usual.
    uploader.set_input_files(GOOD)
    settle(page)
    expect(page.get_by_text(tr("up.errors", n=1), exact=True)).to_have_count(0)
    journey.shot("after-hostile-good-file")
