"""Values read right: line endings of every kind, a bare CR inside a quoted cell, and the rows every hostile
value case starts from (so each case is refused for its one bad cell, not for anything else)."""

from __future__ import annotations

import pytest

from analytics.auth import SYSTEM
from analytics.importing import import_file, parse_file
from analytics.store import Store
from tests.hostile import files as f
from tests.hostile.cases import VALUE_CASES


@pytest.mark.parametrize(("header", "row", "kind", "sheet"), [
    (f.KPI_HEADER, f.KPI_ROW, "kpi", "kpi"), (f.SUMMARY_HEADER, f.SUMMARY_ROW, "ita_summary", "ita_summary"),
    (f.CYCLE_HEADER, f.CYCLE_ROW, "cycle", "cycle"), (f.ACTION_HEADER, f.ACTION_ROW, "actions", "actions")])
@pytest.mark.parametrize("as_xlsx", [False, True])
def test_the_rows_cases_start_from_are_valid(demo_store: Store, header, row, kind, sheet, as_xlsx) -> None:
    data = f.xlsx([header, row], sheet) if as_xlsx else f.csv_bytes([header, row])
    parsed = parse_file(data, "base.xlsx" if as_xlsx else "base.csv", demo_store, kind)
    assert parsed.errors == [] and parsed.ok


def test_every_value_case_has_one_bad_cell() -> None:
    assert len({c.name for c in VALUE_CASES}) == len(VALUE_CASES) >= 20


@pytest.mark.parametrize("newline", ["\r", "\n", "\r\n"], ids=["CR", "LF", "CRLF"])
def test_line_endings(demo_store: Store, newline: str) -> None:
    """CR alone (old Excel for Mac), LF and CRLF all end a row."""
    rows = [f.SUMMARY_HEADER, f.SUMMARY_ROW, ["DPIM", 2570, 88, 4, 8]]
    parsed = parse_file(f.csv_bytes(rows, newline=newline), "s.csv", demo_store)
    assert parsed.ok, [p.message("en") for p in parsed.problems]
    frame = parsed.plan.frames["ita_summaries"]
    assert frame["fiscal_year"].tolist() == [2569, 2570]
    assert frame["overall"].tolist() == [91.5, 88.0]


def test_mixed_line_endings(demo_store: Store) -> None:
    data = b"org_code,fiscal_year,overall\rDPIM,2569,91.5\r\nDPIM,2570,88\nDPIM,2571,77\r"
    parsed = parse_file(data, "s.csv", demo_store)
    assert parsed.ok, [p.message("en") for p in parsed.problems]
    assert parsed.plan.frames["ita_summaries"]["fiscal_year"].tolist() == [2569, 2570, 2571]


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"], ids=["CR", "CRLF", "LF"])
def test_a_bare_cr_inside_a_quoted_cell_stays_in_the_cell(demo_store: Store, newline: str) -> None:
    """A line break typed inside a cell (Alt+Enter) is part of the text, whatever ends the rows."""
    note = "ข้อแรก\rข้อสอง"
    rows = [f.ACTION_HEADER + ["note"], f.ACTION_ROW + [note]]
    outcome = import_file(demo_store, f.csv_bytes(rows, newline=newline), "a.csv", SYSTEM, "actions", replace=True)
    assert outcome.rows == {"actions": 1}
    stored = demo_store.scalar("SELECT note FROM actions WHERE batch_id = ?", [outcome.batch_id])
    assert stored == note
