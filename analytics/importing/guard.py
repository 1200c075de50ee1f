"""The guard: every limit of an uploaded file checked from its own structure before any reader runs.

guard() runs first on every upload (pipeline.parse_file) and hands the readers a Guarded file. A
reader builds what a file says it holds: python-calamine makes the whole grid from A1 to the farthest
cell a sheet names (a 7 KB workbook naming XFD20000 asks for 10 GB and aborts the process), and the
csv module holds every row. So the guard reads the file's structure in a streaming way, in chunks
of CHUNK bytes, never holding an expanded part whole:

- the file: its size, and its name's extension (only .xlsx, .xlsm, .xls, .csv, .tsv, .txt or none);
- an .xlsx zip: the number of parts, the size each expands to (in all and per part against its
  compressed size), a DOCTYPE or ENTITY anywhere in any part, XML parts in UTF-8 only;
- each sheet: the <dimension> it declares and the farthest cell it names (rows, columns and the
  grid they span, summed over the sheets), every text run's length; and on the way, the formulas
  saved without a cached value and the cells holding an error value (#DIV/0!, #N/A ...);
- a CSV: binary content here; its rows, fields and field lengths as they are read (bounded_rows),
  so the first row over a limit stops the read with one message.

What passes is read within the memory budget the README states (tests/hostile measure it under
RLIMIT_AS); what does not is refused with a ReadError naming the limit, in Thai and English.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from analytics.importing import bytescan

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Size and shape limits for one uploaded file; configurable."""

    max_bytes: int = 20 * MB  # matches server.maxUploadSize
    max_rows: int = 400_000  # per sheet: a national ITA question file has about 373,500
    max_uncompressed: int = 400 * MB  # all parts of an .xlsx, expanded
    max_ratio: float = 200.0  # expanded / compressed, per part
    max_columns: int = 702  # per sheet: A to ZZ (the guard relies on it being at most 702)
    max_cells: int = 5_000_000  # the grids of all sheets together, farthest row x farthest column
    max_cell_chars: int = 32_767  # Excel's own limit for the text of a cell
    max_parts: int = 1_000  # parts of an .xlsx zip

    def __post_init__(self) -> None:
        if not 1 <= self.max_columns <= 702:
            raise ValueError("max_columns must be from 1 to 702")


class ReadError(Exception):
    """The file cannot be read at all; code names the catalogue entry, params fill it."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class SheetShape:
    """What a sheet part says about itself, found before it is read."""

    name: str
    path: str
    rows: int = 0  # the farthest row any cell names (1-based)
    columns: int = 0  # the farthest column (1-based)
    declared: tuple[int, int] | None = None  # rows, columns of <dimension ref>
    merged: list[str] = field(default_factory=list)  # the refs of its merged ranges ("A2:A5"), for the reader

    @property
    def cells(self) -> int:
        """The cells of the grid a reader builds: every row up to the farthest, every column up to the farthest."""
        return self.rows * self.columns


@dataclass(frozen=True)
class Guarded:
    """A file that passed the guard, ready for its reader."""

    data: bytes
    file_name: str
    format: str  # "xlsx" or "csv"
    sheet_paths: dict[str, str] = field(default_factory=dict)  # xlsx: sheet name -> its part in the zip
    sheets: list[SheetShape] = field(default_factory=list)  # xlsx: each sheet's extent
    formula_cells: list[tuple[str, str]] = field(default_factory=list)  # (sheet, A1) formula without value
    error_cells: list[tuple[str, str, str]] = field(default_factory=list)  # (sheet, A1, "#DIV/0!")


def is_xlsx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def size_mb(n: int) -> float:
    """Megabytes to one decimal, rounded up, so a size just over a limit never shows as equal to it."""
    return math.ceil(n / MB * 10) / 10


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def guard(data: bytes, file_name: str, limits: Limits = Limits()) -> Guarded:
    """Refuse what must not be read at all (raises ReadError); say how the rest is to be read."""
    guard_file(data, file_name, limits)
    if is_xlsx(data):
        found = guard_xlsx(data, limits)
        return Guarded(data, file_name, "xlsx", {s.name: s.path for s in found.sheets}, found.sheets,
                       found.formula_cells, found.error_cells)
    if file_name.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise ReadError("not_xlsx")
    # A NUL byte means a binary file (an image, a PDF, an old .xls) whatever the decoding would say.
    if b"\x00" in data[:8192] and not data.startswith(_UTF16_BOMS):
        raise ReadError("binary_file")
    return Guarded(data, file_name, "csv")


@dataclass
class _Found:
    sheets: list[SheetShape] = field(default_factory=list)
    formula_cells: list[tuple[str, str]] = field(default_factory=list)
    error_cells: list[tuple[str, str, str]] = field(default_factory=list)


CHUNK = 1 << 20  # bytes of a part looked at at once
# What a damaged zip raises while it is opened or read: each means "not a readable .xlsx".
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError,
              NotImplementedError, KeyError, IndexError, OverflowError)
MAX_LISTED_CELLS = 1_000  # formulas without values, error cells
ALLOWED_SUFFIXES = ("", ".xlsx", ".xlsm", ".xls", ".csv", ".tsv", ".txt")

_ENTITY = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DIMENSION = re.compile(rb'<dimension\s+ref="([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?"')
# A cell's reference: r="B12" on a <c> element (a row's r= has no letters, so it never matches).
_REF_COL3 = re.compile(rb'<c r="[A-Za-z]{3,}')  # three letters or more: column AAA (703) or beyond
_REF_COL2 = re.compile(rb'<c r="([A-Za-z]{2})\d')
_REF_WIDE = re.compile(rb'<c r="[A-Za-z]{2}')
_ROW_ATTR = re.compile(rb'<row r="(\d+)"')
_FORMULA_NO_VALUE = re.compile(rb'<c r="([A-Z]+\d+)"[^>]*>\s*<f[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?\s*</c>')
_ERROR_CELL = re.compile(rb'<c\b(?=[^>]*\st="e")(?=[^>]*\sr="([A-Za-z]+\d+)")[^>]*>(?:<f\b[^>]*(?:/>|>[^<]*</f>))?'
                         rb'\s*<v>([^<]*)</v>')
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def col_number(letters: str) -> int:
    """'A' -> 1, 'Z' -> 26, 'AA' -> 27, 'XFD' -> 16384."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def col_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


# -- the file as a whole ---------------------------------------------------------------------------
def guard_file(data: bytes, file_name: str, limits: Limits) -> None:
    """Size and name: checked before anything else is looked at."""
    if len(data) == 0:
        raise ReadError("empty_file")
    if len(data) > limits.max_bytes:
        raise ReadError("too_large", size_mb=size_mb(len(data)), limit_mb=round(limits.max_bytes / MB, 1))
    base = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    suffix = base[base.rfind("."):] if "." in base.lstrip(".") else ""
    if suffix.lower() not in ALLOWED_SUFFIXES:
        shown = suffix if len(suffix) <= 24 else suffix[:20] + "…"
        raise ReadError("bad_extension", extension=shown, length=len(suffix) - 1)
    if len(base.encode("utf-8", "surrogatepass")) > 255:
        raise ReadError("name_too_long", length=len(base))


# -- .xlsx -----------------------------------------------------------------------------------------
def guard_xlsx(data: bytes, limits: Limits) -> _Found:
    """Refuse an .xlsx over any limit before a reader expands it; the shapes of its sheets when it passes."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as exc:
        raise ReadError("not_xlsx") from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_parts:
            raise ReadError("too_many_parts", parts=len(infos), limit=limits.max_parts)
        total = sum(i.file_size for i in infos)
        if total > limits.max_uncompressed:
            raise ReadError("zip_bomb", size_mb=size_mb(total), limit_mb=round(limits.max_uncompressed / MB, 1))
        for info in infos:
            # One part may expand to max_ratio times its compressed size (and always to 1 MB).
            allowed = max(MB, info.compress_size * limits.max_ratio)
            if info.file_size > allowed:
                raise ReadError("zip_bomb", size_mb=size_mb(info.file_size), limit_mb=round(allowed / MB, 1))
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names:
            raise ReadError("not_xlsx")
        sheets = _sheet_parts(zf, names)
        by_path = {s.path: s for s in sheets}
        found = _Found(sheets=sheets)
        for info in infos:
            _scan_part(zf, info, by_path.get(info.filename), found, limits)
        total_cells = 0
        for s in sheets:
            total_cells += s.cells
        if total_cells > limits.max_cells:
            big = max(sheets, key=lambda s: s.cells)
            raise ReadError("too_many_cells", sheet=big.name, cells=total_cells, limit=limits.max_cells,
                            last=f"{col_letters(big.columns)}{big.rows}")
    return found


def _sheet_parts(zf: zipfile.ZipFile, names: set[str]) -> list[SheetShape]:
    """Each sheet's name and part, from the workbook and its relationships (small parts, read whole)."""
    def small(part: str) -> bytes:
        info = zf.getinfo(part)
        if info.file_size > 4 * MB:  # a workbook part lists sheets: a few kilobytes
            raise ReadError("not_xlsx")
        return zf.read(part)

    try:
        wb = SafeET.fromstring(small("xl/workbook.xml"))
        rels = SafeET.fromstring(small("xl/_rels/workbook.xml.rels")) if "xl/_rels/workbook.xml.rels" in names \
            else None
    except DefusedXmlException as exc:
        raise ReadError("xml_entities", part="xl/workbook.xml") from exc
    except (SafeET.ParseError, *ZIP_ERRORS) as exc:
        raise ReadError("not_xlsx") from exc
    targets = {r.get("Id"): r.get("Target", "") for r in rels} if rels is not None else {}
    sheets = []
    for sheet in wb.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_NS_REL}id"), "").lstrip("/")
        path = target if target.startswith("xl/") else "xl/" + target
        sheets.append(SheetShape(name=sheet.get("name", ""), path=path))
    return sheets


_MERGE_CELL = re.compile(rb'<mergeCell ref="([A-Z]{1,3}\d+:[A-Z]{1,3}\d+)"')


def _scan_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: SheetShape | None, found: _Found,
               limits: Limits) -> None:
    """One pass over a part in chunks: entities anywhere; for a sheet its shape, formulas and error cells."""
    name = info.filename
    is_xml = name.endswith((".xml", ".rels", ".vml")) or name == "[Content_Types].xml"
    text_parts = sheet is not None or name.endswith("sharedStrings.xml")
    carry = b""
    first = True
    try:
        fh = zf.open(info)
    except ZIP_ERRORS as exc:
        raise ReadError("not_xlsx") from exc  # encrypted, an unknown compression, a broken header
    with fh:
        while True:
            try:
                chunk = fh.read(CHUNK)
            except ZIP_ERRORS as exc:
                raise ReadError("not_xlsx") from exc  # a bad CRC, a truncated stream, a corrupt deflate
            if first and is_xml and (chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in chunk[:64]):
                # XML in UTF-16 would hide "<!DOCTYPE" from a byte search: Excel writes UTF-8 only.
                raise ReadError("xml_not_utf8", part=name)
            buf = carry + chunk
            if not chunk:
                cut = len(buf)
            else:
                # Look at whole tags only: the rest waits for the next chunk (a text run is bounded below).
                cut = buf.rfind(b">") + 1
                if cut == 0 and len(buf) > 8 * CHUNK:
                    cut = len(buf)  # no tag at all for 8 MB: not a part a sheet reader can use
            window, carry = buf[:cut], buf[cut:]
            # A sheet window with none of the rare things (one RE2 pass) skips the searches for each.
            quiet_rows = _quiet_rows(window, sheet) if sheet is not None and window else None
            rare = quiet_rows is None
            if rare and b"!" in window and _ENTITY.search(window):  # '!' is rare in a part, '<' is everywhere
                raise ReadError("xml_entities", part=name)
            if first and sheet is not None:
                _declared(sheet, window, limits)
            if text_parts and window:
                _text_runs(window, name, sheet, limits)
            if sheet is not None and window:
                _cells(sheet, window, found, limits, quiet_rows)
                if rare and b"<mergeCell " in window:
                    sheet.merged.extend(m.decode() for m in _MERGE_CELL.findall(window))
            first = False
            if not chunk:
                break


def _declared(sheet: SheetShape, head: bytes, limits: Limits) -> None:
    """The <dimension ref> a sheet declares: a reader may size its grid from it, so it is held to the limits."""
    m = _DIMENSION.search(head[:64 * 1024])
    if not m:
        return
    c1, r1 = col_number(m[1].decode()), int(m[2])
    c2, r2 = (col_number(m[3].decode()), int(m[4])) if m[3] else (c1, r1)
    rows, cols = max(r1, r2), max(c1, c2)
    sheet.declared = (rows, cols)
    ref = m[0][m[0].index(b'"') + 1:-1].decode()
    _hold(sheet, rows, cols, limits, ref)


def _hold(sheet: SheetShape, rows: int, cols: int, limits: Limits, ref: str) -> None:
    if cols > limits.max_columns:
        raise ReadError("too_many_columns", sheet=sheet.name, columns=cols, limit=limits.max_columns, ref=ref)
    if rows > limits.max_rows + 1:
        raise ReadError("too_many_rows", sheet=sheet.name, rows=rows - 1, limit=limits.max_rows)
    if rows * cols > limits.max_cells:
        raise ReadError("too_many_cells", sheet=sheet.name, cells=rows * cols, limit=limits.max_cells, last=ref)


def _quiet_rows(window: bytes, sheet: SheetShape) -> int | None:
    """The farthest row of a window as plain as most are, else None: every row and cell names its place
    first, no row element names a row beyond the window's last one, no cell a row beyond that or a column
    beyond those known, and no '!', formula, error cell or merged range is there (one RE2 pass)."""
    at = window.rfind(b'<row r="')
    last = 0
    if at >= 0:
        m = _ROW_ATTR.match(window, at)
        if m is None:
            return None
        last = int(m[1][:12])
    beyond = _greater_than(last)
    pattern = "|".join((bytescan.CELL_WITHOUT_REF, bytescan.ROW_WITHOUT_REF,
                        bytescan.rare_pattern(min(sheet.columns, 26)),
                        '<c r="[A-Za-z]{1,2}0*' + beyond + '"', '<row r="0*' + beyond + '"'))
    return None if bytescan.found(window, pattern) else last


def _cells(sheet: SheetShape, window: bytes, found: _Found, limits: Limits, quiet_rows: int | None = None) -> None:
    """The farthest row and column this window's cells name; formulas without values; error cells.

    quiet_rows: the farthest row of a window _quiet_rows found plain, which is spared every closer look.
    """
    rare = quiet_rows is None
    if quiet_rows is not None:
        rows, cols = quiet_rows, min(sheet.columns, 26)
        if rows > limits.max_rows + 1:
            raise ReadError("too_many_rows", sheet=sheet.name, rows=rows - 1, limit=limits.max_rows)
    else:
        rows, cols = _extent(window, sheet, limits)
    if rows > sheet.rows or cols > sheet.columns:
        rows, cols = max(rows, sheet.rows), max(cols, sheet.columns)
        _hold(sheet, rows, cols, limits, f"{col_letters(cols)}{rows}")
        sheet.rows, sheet.columns = rows, cols
    # Listed up to MAX_LISTED_CELLS each (one is enough to refuse the file; a person reads the first few).
    if rare and b"<f" in window and len(found.formula_cells) < MAX_LISTED_CELLS:
        for fm in _FORMULA_NO_VALUE.finditer(window):
            found.formula_cells.append((sheet.name, fm.group(1).decode()))
            if len(found.formula_cells) >= MAX_LISTED_CELLS:
                break
    if rare and b't="e"' in window and len(found.error_cells) < MAX_LISTED_CELLS:
        for em in _ERROR_CELL.finditer(window):
            found.error_cells.append((sheet.name, em.group(1).decode().upper(),
                                      em.group(2).decode("utf-8", "replace")[:16]))
            if len(found.error_cells) >= MAX_LISTED_CELLS:
                break


def _extent(window: bytes, sheet: SheetShape, limits: Limits) -> tuple[int, int]:
    """The farthest (row, column) the cells of a window name.

    The fast way, when every row and cell carries its reference first (<c r="B12" ...>, as Excel and
    every common writer save them): a few C-speed searches, collecting only references beyond the
    farthest row element. Otherwise (references left out or elsewhere, as the format allows) the
    window is walked cell by cell.
    """
    n_rows = window.count(b"<row")
    if n_rows == 0 and b"<c" not in window:
        return 0, 0
    row_numbers = _ROW_ATTR.findall(window) if n_rows else []
    if len(row_numbers) != n_rows or bytescan.found(window, bytescan.CELL_WITHOUT_REF):
        return _extent_slow(window, sheet, limits)
    if _REF_WIDE.search(window) is not None:  # two letters or more: rare, so looked at closely
        if (m := _REF_COL3.search(window)) is not None:
            ref = window[m.start() + 6:m.start() + 30].split(b'"')[0].decode("ascii", "replace")
            letters = "".join(ch for ch in ref if ch.isalpha())
            _hold(sheet, 1, col_number(letters[:8]) if len(letters) <= 8 else 10**12, limits, ref)
        cols = max(col_number(x.decode()) for x in set(_REF_COL2.findall(window)))
    else:
        cols = _max_letter(window, min(sheet.columns, 26))
    rows = max((int(r[:12]) for r in row_numbers), default=0)
    if rows > limits.max_rows + 1:
        raise ReadError("too_many_rows", sheet=sheet.name, rows=rows - 1, limit=limits.max_rows)
    beyond = '<c r="[A-Za-z]{1,2}0*' + _greater_than(rows) + '"'
    if bytescan.found(window, beyond):  # a cell naming a row farther than any row element: collect them all
        refs = re.findall(rb'<c r="[A-Za-z]+0*(\d{1,12})\d*"', window)
        rows = max(rows, max(int(r) for r in refs))
    return rows, cols


def _max_letter(window: bytes, known: int) -> int:
    """The farthest one-letter column named in a window, beyond `known` (found in earlier windows)
    by halving the range of letters searched; one search when there is none beyond."""
    def present(lo: int, hi: int) -> bool:
        a, b = chr(65 + lo), chr(65 + hi)
        return re.search(b'<c r="[%s-%s%s-%s]\\d' % (a.encode(), b.encode(), a.lower().encode(), b.lower().encode()),
                         window) is not None
    if known >= 26 or not present(known, 25):
        return known
    lo, hi = known, 25  # the answer (0-based) is in [lo, hi]
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if present(mid, hi):
            lo = mid
        else:
            hi = mid - 1
    return lo + 1


def _greater_than(k: int) -> str:
    """A regular expression matching the decimal numbers (no leading zero) greater than k."""
    s = str(k)
    alts = [rf"[1-9]\d{{{len(s)},}}"]  # more digits
    for i, ch in enumerate(s):
        if ch != "9":
            low = str(int(ch) + 1)
            digit = low if low == "9" else f"[{low}-9]"
            alts.append(f"{s[:i]}{digit}" + (rf"\d{{{len(s) - i - 1}}}" if len(s) - i - 1 else ""))
    return "(?:" + "|".join(alts) + ")"


def _extent_slow(window: bytes, sheet: SheetShape, limits: Limits) -> tuple[int, int]:
    """Cell positions as a reader finds them when references are left out: row by row, cell by cell."""
    rows = cols = 0
    row = sheet.rows  # a row without r= follows the one before
    col = 0
    for m in re.finditer(rb'<(row|c)\b([^>]*)>', window):
        attrs = m[2]
        ref = re.search(rb'\sr\s*=\s*["\']([^"\']*)["\']', attrs)
        if m[1] == b"row":
            row = int(ref[1][:12]) if ref and ref[1].isdigit() else row + 1
            col = 0
            if row > limits.max_rows + 1:
                raise ReadError("too_many_rows", sheet=sheet.name, rows=row - 1, limit=limits.max_rows)
        else:
            if ref:
                text = ref[1].decode("ascii", "replace")
                letters = "".join(ch for ch in text if ch.isalpha())[:8]
                digits = "".join(ch for ch in text if ch.isdigit())[:12]
                col = col_number(letters) if letters else col + 1
                row = int(digits) if digits else max(row, 1)
            else:
                col += 1
            if col > limits.max_columns:
                _hold(sheet, max(row, 1), col, limits, f"{col_letters(col)}{max(row, 1)}")
        rows, cols = max(rows, row), max(cols, col)
    return rows, cols


def _text_runs(window: bytes, part: str, sheet: SheetShape | None, limits: Limits) -> None:
    """No text between two tags longer than the cell text limit (Excel's own: 32,767 characters).

    A run of that many bytes is looked for first (one search); only such a run is decoded and counted.
    """
    limit = limits.max_cell_chars
    if len(window) <= limit:
        return
    # A run longer than the limit covers a whole stretch [k*stride, (k+1)*stride) with no '<' in it; a
    # find from each stride mark stops at the first '<' (a few bytes on), so most windows cost 1/stride.
    stride = (limit + 1) // 2
    if all(window.find(b"<", k, k + stride) >= 0 for k in range(0, len(window) - stride + 1, stride)):
        return
    long_run = re.compile(rb">[^<]{%d}" % (limit + 1))
    pos = 0
    while (m := long_run.search(window, pos)) is not None:
        end = window.find(b"<", m.end())
        end = len(window) if end < 0 else end
        chars = len(window[m.start() + 1:end].decode("utf-8", "replace"))
        if chars > limit:
            where: dict[str, Any] = {}
            if sheet is not None:
                refs = re.findall(rb'<c r="([A-Za-z]+)(\d+)"', window[max(0, m.start() - 4096):m.start()])
                where = {"sheet": sheet.name}
                if refs:
                    where.update(row=int(refs[-1][1]), column=refs[-1][0].decode())
            raise ReadError("cell_too_long", chars=f"{chars:,}", limit=f"{limit:,}", **where)
        pos = end


# -- CSV -------------------------------------------------------------------------------------------
def bounded_rows(text: str, dialect: Any, sheet: str, limits: Limits) -> Iterator[list[str]]:
    """The rows of a CSV text, each checked as it is read: the first over a limit stops with one message.

    Line endings may be CRLF, LF or CR alone (old Excel for Mac), mixed, and a quoted cell may hold any
    of them; the text is read with newline="" so the csv module sees each as it is.
    """
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    cells = 0
    rows = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            msg = str(exc)
            if "field larger than field limit" in msg:
                raise ReadError("cell_too_long", sheet=sheet, row=reader.line_num,
                                chars=f"> {csv.field_size_limit():,}", limit=f"{limits.max_cell_chars:,}") from exc
            raise ReadError("bad_csv", sheet=sheet, row=reader.line_num, detail=msg) from exc
        rows += 1
        if rows > limits.max_rows + 1:
            raise ReadError("too_many_rows", sheet=sheet, rows=_count_rest(reader, rows) - 1, limit=limits.max_rows)
        width = len(row)
        if width > limits.max_columns:
            raise ReadError("too_many_columns", sheet=sheet, columns=width, limit=limits.max_columns,
                            ref=f"{col_letters(limits.max_columns + 1)}{reader.line_num}")
        cells += width
        if cells > limits.max_cells:
            raise ReadError("too_many_cells", sheet=sheet, cells=f"> {limits.max_cells:,}", limit=limits.max_cells,
                            last=f"{col_letters(width)}{reader.line_num}")
        for j, value in enumerate(row):
            if len(value) > limits.max_cell_chars:
                raise ReadError("cell_too_long", sheet=sheet, row=reader.line_num, chars=f"{len(value):,}",
                                limit=f"{limits.max_cell_chars:,}", column=col_letters(j + 1))
        yield row


def _count_rest(reader: Iterator[list[str]], seen: int) -> int:
    """The rows of a CSV refused for its rows, counted (not kept) so the message can say how many."""
    try:
        for _ in reader:
            seen += 1
    except csv.Error:
        pass
    return seen
