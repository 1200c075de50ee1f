"""Fuzzing the import: Hypothesis-made workbooks and CSVs (random bytes, shuffled, dropped and damaged zip
parts, random cells of every type, far-away cells) never raise anything but Pramern's own errors, never
grow the process past the memory budget, and never change a table unless the import succeeds.

Bounded: a fixed number of examples each, no shrinking of slow examples past the deadline; well under a
minute in all on an idle machine."""

from __future__ import annotations

import resource
import string
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.auth import SYSTEM
from analytics.errors import PramernError
from analytics.importing import import_file, parse_file
from analytics.importing.specs import SPECS
from analytics.store import Store
from tests.hostile import files as f

RSS_GROWTH_MIB = 1024  # the budget for what the examples add to this process's peak resident memory
FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

TRICKY = ["inf", "-inf", "1e309", "NaN", "TRUE", "#DIV/0!", "9999-12-31", "0100-01-01", "31/12/9999", "2569",
          "2570.5", "DPIM", "กพร.", "๒๕๖๙", " ", "-", "n/a", "=1+1", "1,234.5", "50%", str(2**40), "1e20",
          "ข้อความ\rต่อบรรทัด", 'มี "อัญประกาศ", และจุลภาค', "\x00", "\ufeff", "a" * 300]
HEADERS = sorted({c.name for spec in SPECS.values() for c in spec} | {c.th for spec in SPECS.values() for c in spec if c.th})

cells = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(TRICKY), st.text(alphabet=string.printable + "กขคงจฉ๑๒๓", max_size=24),
    st.tuples(st.just("error"), st.sampled_from(["#DIV/0!", "#N/A", "#REF!", "#VALUE!"])),
    st.tuples(st.just("raw"), st.sampled_from(["1e309", "-1e400", "abc", "", "0x10", "nan"])),
)
kind_of = st.sampled_from(["kpi", "ita_summary", "cycle", "actions", "ita", "orgs"])


BASES = [(f.KPI_HEADER, f.KPI_ROW), (f.SUMMARY_HEADER, f.SUMMARY_ROW), (f.CYCLE_HEADER, f.CYCLE_ROW),
         (f.ACTION_HEADER, f.ACTION_ROW)]


@st.composite
def tables(draw: Any) -> list[list[Any]]:
    """A valid file with a cell or two changed (so some imports succeed), or a header (mostly real column
    names of one kind, some noise) and a few rows of random cells."""
    if draw(st.booleans()):
        header, row = draw(st.sampled_from(BASES))
        changed = list(row)
        for _ in range(draw(st.integers(0, 2))):
            changed[draw(st.integers(0, len(row) - 1))] = draw(cells)
        year = draw(st.integers(2560, 2600))
        changed[1] = year if changed[1] == row[1] else changed[1]
        return [list(header), changed]
    kind = draw(kind_of)
    real = [c.name for c in SPECS[kind]]
    header = draw(st.lists(st.sampled_from(real + HEADERS[:8] + ["", "x"]), min_size=1, max_size=len(real) + 2))
    width = len(header)
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=width + 2), min_size=0, max_size=6))
    return [header, *rows]


@st.composite
def workbooks(draw: Any) -> bytes:
    """A workbook written by hand, then perhaps damaged: parts shuffled, dropped or cut, bytes flipped, cells far away."""
    rows = draw(tables())
    far = draw(st.lists(st.tuples(st.sampled_from(["A", "Z", "AA", "ZZ", "AAA", "XFD", "b"]),
                                  st.sampled_from([1, 3, 70, 7000, 200001, 200002, 1048576, 10**9])), max_size=2))
    dimension = draw(st.sampled_from([None, "A1", "A1:B2", "A1:XFD1048576", "A1:ZZ7000", "B2:A1", "junk"]))
    sheet = f.sheet_xml(rows, dimension=dimension, extra_cells=[(f"{c}{r}", 1) for c, r in far])
    parts = list(f.xlsx_parts(sheet, draw(st.sampled_from(["kpi", "Sheet1", "ita_summary", "ข้อมูล"]))).items())
    action = draw(st.sampled_from(["none", "shuffle", "drop", "cut", "flip", "entity"]))
    if action == "shuffle":
        parts = draw(st.permutations(parts))
    elif action == "drop":
        parts.pop(draw(st.integers(0, len(parts) - 1)))
    elif action == "cut":
        i = draw(st.integers(0, len(parts) - 1))
        parts[i] = (parts[i][0], parts[i][1][: draw(st.integers(0, len(parts[i][1])))])
    elif action == "entity":
        i = draw(st.integers(0, len(parts) - 1))
        parts[i] = (parts[i][0], parts[i][1] + b'<!DOCTYPE x [<!ENTITY e "e">]>')
    data = f.zip_parts(parts)
    if action == "flip":
        raw = bytearray(data)
        for pos in draw(st.lists(st.integers(0, len(raw) - 1), min_size=1, max_size=8)):
            raw[pos] ^= draw(st.integers(1, 255))
        data = bytes(raw)
    return data


@st.composite
def csvs(draw: Any) -> bytes:
    rows = [[("" if isinstance(v, tuple) else v) for v in r] for r in draw(tables())]
    text = f.csv_bytes(rows, newline=draw(st.sampled_from(["\n", "\r\n", "\r"])))
    if draw(st.booleans()):  # mixed line endings, a stray quote, a delimiter change
        text = text.replace(b"\n", draw(st.sampled_from([b"\r", b"\n", b";\n", b'"\n'])), 1)
    return text


def _peak_mib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


@pytest.fixture
def fuzz_store(orgs_store: Store) -> Store:
    return orgs_store


def _import_changes_nothing_unless_it_succeeds(store: Store, data: bytes, name: str, kind: str | None) -> None:
    before = store.snapshot()
    batches = len(store.batches())
    try:
        import_file(store, data, name, SYSTEM, kind, replace=True)
    except PramernError as exc:
        assert exc.message("th") and exc.message("en")
        assert store.snapshot() == before
    else:
        assert len(store.batches()) > batches


@FUZZ
@given(data=st.binary(max_size=2048), name=st.sampled_from(["f.csv", "f.xlsx", "f.txt", "f"]),
       zip_head=st.booleans())
def test_random_bytes_are_refused_or_read(data: bytes, name: str, zip_head: bool) -> None:
    start = _peak_mib()
    parsed = parse_file((b"PK\x03\x04" + data) if zip_head else data, name)
    assert parsed.ok or parsed.errors
    for p in parsed.problems:
        assert p.message("th") and p.message("en")
    assert _peak_mib() - start < RSS_GROWTH_MIB


@FUZZ
@given(data=workbooks(), kind=st.one_of(st.none(), kind_of))
def test_random_workbooks_never_raise_and_change_nothing_unless_imported(fuzz_store: Store, data: bytes,
                                                                         kind: str | None) -> None:
    start = _peak_mib()
    _import_changes_nothing_unless_it_succeeds(fuzz_store, data, "fuzz.xlsx", kind)
    assert _peak_mib() - start < RSS_GROWTH_MIB


@FUZZ
@given(data=csvs(), kind=st.one_of(st.none(), kind_of))
def test_random_csvs_never_raise_and_change_nothing_unless_imported(fuzz_store: Store, data: bytes,
                                                                    kind: str | None) -> None:
    start = _peak_mib()
    _import_changes_nothing_unless_it_succeeds(fuzz_store, data, "fuzz.csv", kind)
    assert _peak_mib() - start < RSS_GROWTH_MIB


def test_the_fuzzed_files_include_imports_that_succeed(orgs_store: Store) -> None:
    """The fuzz above exercises both sides: some of its files import (a valid file with a harmless change)."""
    for header, row in BASES:
        import_file(orgs_store, f.csv_bytes([header, [*row[:1], 2599, *row[2:]]]), "ok.csv", SYSTEM, replace=True)
    assert len(orgs_store.batches()) == 1 + len(BASES)
