"""Where people meet hostile files: the upload page's preview (same guard, a message, the server unharmed, no
import button) and `report --json` (never Infinity, even for a value stored before the checks existed)."""

from __future__ import annotations

import json

import pytest

from analytics import cli
from analytics.store import Store
from tests.conftest import run_app
from tests.hostile.cases import GUARD_CASES, VALUE_CASES

UPLOAD = "pages/7_upload.py"
CASES = {c.name: c for c in GUARD_CASES + VALUE_CASES}


@pytest.mark.usefixtures("app_env")
@pytest.mark.parametrize("name", ["far_cell_XFD20000", "csv_million_columns", "rank_1e20", "step_beyond_32_bits"])
def test_the_upload_preview_refuses_with_the_message(name: str) -> None:
    """The preview of the 10 GB workbook, the million columns, a rank of 1e20, a step past 32 bits: a message
    in the page, no exception, no "ready to import", no import button."""
    case = CASES[name]
    at = run_app(UPLOAD, lang="en", user="analyst")
    if case.kind:
        at.selectbox(key="up_kind").set_value(case.kind).run()
    at.file_uploader(key="up_file").upload(case.file_name, case.build(), "application/octet-stream")
    at.run()
    assert not at.exception
    shown = " ".join(str(getattr(e, "value", "")) for e in [*at.error, *at.markdown, *at.warning]) + " ".join(
        " ".join(map(str, d.value.to_numpy().ravel())) for d in at.dataframe)
    assert case.en.split(":")[-1].strip()[:40] in shown, shown[:2000]
    assert not at.success
    assert not [b for b in at.button if b.key == "up_import"]


def test_report_json_never_prints_infinity(demo_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    """A result stored as inf before the import refused it: the JSON report says null, and is JSON."""
    path = str(demo_store.path)
    args = ["report", "--org", "DPIM", "--year", "2568", "--round", "12", "--json", "--db", path]
    assert cli.main(args) == 0
    before = [k["result"] for k in json.loads(capsys.readouterr().out)["kpi"]["kpis"]]
    assert any(v is not None for v in before)
    with demo_store.transaction() as cur:
        cur.execute("UPDATE kpi_results SET result = CAST('inf' AS DOUBLE) WHERE org_code = 'DPIM' "
                    "AND fiscal_year = 2568 AND round = 12")
    demo_store.close()
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "Infinity" not in out and "NaN" not in out
    report = json.loads(out)
    results = [k["result"] for k in report["kpi"]["kpis"]]
    assert results.count(None) == len(results)  # every round-12 result of DPIM 2568 was set to inf
