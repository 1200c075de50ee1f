"""Bounded reading and values: every hostile file is refused by the guard, its reader or its checks with its
message in Thai and English, by the command line with exit 2, before memory is spent, and without changing a table or leaving a
file in the kept-files folder."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from analytics import cli
from analytics.auth import SYSTEM
from analytics.errors import ImportRejected
from analytics.importing import Limits, import_file, parse_file
from analytics.importing.guard import guard
from analytics.store import Store
from tests.hostile import files as f
from tests.hostile.cases import GUARD_CASES, VALUE_CASES, Hostile
from tests.hostile.conftest import kept_files, snapshot


@pytest.mark.parametrize("case", GUARD_CASES + VALUE_CASES, ids=lambda c: c.name)
def test_refused_with_its_message(case: Hostile) -> None:
    """It names what is wrong and the limit, in English and Thai, and builds no plan."""
    started = time.perf_counter()
    parsed = parse_file(case.build(), case.file_name, None, case.kind)
    elapsed = time.perf_counter() - started
    assert parsed.plan is None
    found = [p for p in parsed.errors if p.code == case.code]
    assert found, [(p.code, p.message("en")) for p in parsed.problems]
    assert case.en in found[0].message("en")
    assert case.th in found[0].message("th")
    assert elapsed < 20  # refused from the structure, not after building a grid (generous on a loaded machine)


@pytest.mark.parametrize("case", GUARD_CASES + VALUE_CASES, ids=lambda c: c.name)
def test_command_line_exits_2_and_changes_nothing(case: Hostile, hostile_db: tuple[Path, dict], tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """`python -m analytics import` prints the message in both languages, exits 2; no table, no kept file."""
    path, before = hostile_db
    upload = tmp_path / case.file_name
    try:
        upload.write_bytes(case.build())
    except OSError:  # a name no file system takes: it can only come as an upload's name
        s = Store(path)
        try:
            with pytest.raises(ImportRejected) as rejected:
                import_file(s, case.build(), case.file_name, SYSTEM, case.kind)
        finally:
            s.close()
        assert case.en in rejected.value.problems[0].message("en")
        assert snapshot(path) == before and kept_files(path) == []
        return
    kind = ["--kind", case.kind] if case.kind else []
    assert cli.main(["import", str(upload), "--db", str(path), *kind]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert case.en in err and case.th in err
    assert snapshot(path) == before
    assert kept_files(path) == []


def test_far_cell_is_refused_before_the_grid_is_built() -> None:
    """The 7 KB workbook naming XFD20000 (a 10 GB grid for the reader) is refused in well under a second of work."""
    data = f.xlsx([f.SUMMARY_HEADER, f.SUMMARY_ROW], extra_cells=[("XFD20000", 1)])
    assert len(data) < 8 * 1024
    started = time.process_time()
    for _ in range(20):
        parsed = parse_file(data, "far.xlsx")
        assert [p.code for p in parsed.errors] == ["too_many_columns"]
    assert time.process_time() - started < 5


def test_a_million_columns_is_one_message() -> None:
    """A CSV of a million columns gives one message, not a million warnings, and fast."""
    started = time.process_time()
    parsed = parse_file(b"," * 1_000_000 + b"\n", "wide.csv")
    assert time.process_time() - started < 5
    assert len(parsed.problems) == 1 and parsed.problems[0].code == "too_many_columns"


def test_shapes_of_a_good_workbook() -> None:
    """It measures the grid a reader would build: the farthest row and column named, each sheet's part."""
    data = f.xlsx([f.SUMMARY_HEADER, f.SUMMARY_ROW], extra_cells=[("H7", 1)], dimension="A1:H7")
    found = guard(data, "ok.xlsx")
    assert found.format == "xlsx"
    assert [(s.name, s.path, s.rows, s.columns, s.declared) for s in found.sheets] == [
        ("Sheet1", "xl/worksheets/sheet1.xml", 7, 8, (7, 8))]


@pytest.mark.parametrize("limit", [5, 9, 11, 99, 100, 101, 200_000])
def test_row_limit_is_exact(limit: int) -> None:
    """A sheet may reach row limit+1 (the header and `limit` rows), not one row more: found by references alone."""
    limits = Limits(max_rows=limit, max_cells=10**9)
    at = f.xlsx([f.SUMMARY_HEADER, f.SUMMARY_ROW], extra_cells=[(f"B{limit + 1}", 1)])
    over = f.xlsx([f.SUMMARY_HEADER, f.SUMMARY_ROW], extra_cells=[(f"B{limit + 2}", 1)])
    assert guard(at, "at.xlsx", limits).sheets[0].rows == limit + 1
    with pytest.raises(Exception) as err:
        guard(over, "over.xlsx", limits)
    assert getattr(err.value, "code", None) == "too_many_rows"


@pytest.mark.parametrize(("ref", "columns"), [("Z1", 26), ("AA1", 27), ("ZZ1", 702), ("z1", 26), ("Az1", 52)])
def test_column_extent(ref: str, columns: int) -> None:
    assert guard(f.xlsx([["a"]], extra_cells=[(ref, 1)]), "c.xlsx").sheets[0].columns == columns


def test_cells_named_out_of_row_order_are_found() -> None:
    """A cell naming a row far below its own <row> element is found (a reader places it by its reference)."""
    sheet = f.sheet_xml([f.SUMMARY_HEADER, f.SUMMARY_ROW]).replace('<c r="A2"', '<c r="A150000"')
    found = guard(f.zip_parts(f.xlsx_parts(sheet)), "x.xlsx", Limits(max_cells=10**9))
    assert found.sheets[0].rows == 150_000
    with pytest.raises(Exception) as err:
        guard(f.zip_parts(f.xlsx_parts(sheet)), "x.xlsx")  # 150,000 x 5 columns is within 5,000,000 cells ...
        guard(f.zip_parts(f.xlsx_parts(sheet.replace("A150000", "A1500000"))), "x.xlsx")
    assert getattr(err.value, "code", None) == "too_many_rows"
