"""Reading uploaded files into raw sheets: .xlsx with python-calamine, CSV in UTF-8 or cp874.

Checks that need the file's bytes (size, zip bombs, XML entities) happen here, before anything
is expanded or parsed; so does the search for formulas without a cached value, which runs beside
calamine's read.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import defusedxml.ElementTree as SafeET
import python_calamine as pc
from defusedxml import DefusedXmlException

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Size and shape limits for one uploaded file; configurable."""

    max_bytes: int = 20 * MB  # matches server.maxUploadSize
    max_rows: int = 200_000  # per sheet
    max_uncompressed: int = 400 * MB  # all parts of an .xlsx, expanded
    max_ratio: float = 200.0  # expanded / compressed, per part


@dataclass
class RawSheet:
    name: str
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


@dataclass
class RawFile:
    sheets: list[RawSheet]
    hidden: list[str] = field(default_factory=list)
    formula_cells: list[tuple[str, str]] = field(default_factory=list)  # (sheet, A1 ref) without cached value


class ReadError(Exception):
    """The file cannot be read at all; code names the catalogue entry, params fill it."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


def is_xlsx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def _size_mb(n: int) -> float:
    """Megabytes to one decimal, rounded up, so a size just over a limit never shows as equal to it."""
    return math.ceil(n / MB * 10) / 10


def read_file(data: bytes, file_name: str, limits: Limits = Limits()) -> RawFile:
    if len(data) == 0:
        raise ReadError("empty_file")
    if len(data) > limits.max_bytes:
        raise ReadError("too_large", size_mb=_size_mb(len(data)), limit_mb=round(limits.max_bytes / MB, 1))
    lower = file_name.lower()
    if is_xlsx(data):
        return read_xlsx(data, limits)
    if lower.endswith((".xlsx", ".xlsm", ".xls")):
        raise ReadError("not_xlsx")
    return read_csv(data, file_name, limits)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else cp874 / TIS-620, the encoding Thai Excel saves CSV in."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp874")
    except UnicodeDecodeError as exc:
        raise ReadError("bad_encoding") from exc


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_csv(data: bytes, file_name: str, limits: Limits) -> RawFile:
    # A NUL byte means a binary file (an image, a PDF, an old .xls) whatever the decoding would say.
    if b"\x00" in data[:8192] and not data.startswith(_UTF16_BOMS):
        raise ReadError("binary_file")
    text = decode_text(data)
    if "\x00" in text:
        raise ReadError("binary_file")
    name = re.sub(r"\.[^.]*$", "", file_name.rsplit("/", 1)[-1]) or "csv"
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if len(rows) > limits.max_rows + 1:
        raise ReadError("too_many_rows", sheet=name, rows=len(rows) - 1, limit=limits.max_rows)
    return RawFile(sheets=[RawSheet(name=name, rows=[list(r) for r in rows])])


_FORMULA_NO_VALUE = re.compile(rb'<c r="([A-Z]+\d+)"[^>]*>\s*<f[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?\s*</c>')
_ENTITY = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def _check_zip(data: bytes, limits: Limits) -> dict[str, str]:
    """Refuse zip bombs and XML entities before expanding; each sheet's part by sheet name."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ReadError("not_xlsx") from exc
    with zf:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        if total > limits.max_uncompressed:
            raise ReadError("zip_bomb", size_mb=_size_mb(total), limit_mb=round(limits.max_uncompressed / MB, 1))
        for info in infos:
            # One part may expand to max_ratio times its compressed size (and always to 1 MB).
            allowed = max(MB, info.compress_size * limits.max_ratio)
            if info.file_size > allowed:
                raise ReadError("zip_bomb", size_mb=_size_mb(info.file_size), limit_mb=round(allowed / MB, 1))
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names:
            raise ReadError("not_xlsx")
        sheet_paths: dict[str, str] = {}
        for info in infos:
            if not info.filename.endswith((".xml", ".rels")):
                continue
            with zf.open(info) as fh:
                head = fh.read(4096)
            if _ENTITY.search(head):
                raise ReadError("xml_entities", part=info.filename)
        try:
            wb = SafeET.fromstring(zf.read("xl/workbook.xml"))
            rels = SafeET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        except (DefusedXmlException, SafeET.ParseError, KeyError) as exc:
            raise ReadError("xml_entities", part="xl/workbook.xml") from exc
        ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
        ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
        targets = {r.get("Id"): r.get("Target", "") for r in rels}
        for sheet in wb.iter(f"{ns_main}sheet"):
            target = targets.get(sheet.get(f"{ns_rel}id"), "")
            target = target.lstrip("/")
            sheet_paths[sheet.get("name", "")] = target if target.startswith("xl/") else "xl/" + target
    return sheet_paths


def _formulas_without_values(data: bytes, sheet_paths: dict[str, str]) -> list[tuple[str, str]]:
    """(sheet, cell) of each formula saved without its value (a file written by a program, never opened in Excel)."""
    missing: list[tuple[str, str]] = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        for sheet_name, path in sheet_paths.items():
            if path in names:
                xml = zf.read(path)
                if b"<f" not in xml:  # no formula at all: skip the slow regex over every cell
                    continue
                for m in _FORMULA_NO_VALUE.finditer(xml):
                    missing.append((sheet_name, m.group(1).decode()))
    return missing


def read_xlsx(data: bytes, limits: Limits) -> RawFile:
    sheet_paths = _check_zip(data, limits)
    # Finding formulas unzips every sheet again: it runs in a thread beside calamine's read (zlib and
    # calamine both release the GIL), so it costs no time of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        formulas = pool.submit(_formulas_without_values, data, sheet_paths)
        raw = _read_sheets(data, limits)
        raw.formula_cells = formulas.result()
    return raw


def _read_sheets(data: bytes, limits: Limits) -> RawFile:
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types for broken parts
        raise ReadError("not_xlsx") from exc
    sheets: list[RawSheet] = []
    hidden: list[str] = []
    for meta in wb.sheets_metadata:
        if meta.visible != pc.SheetVisibleEnum.Visible:
            hidden.append(meta.name)
            continue
        if meta.typ != pc.SheetTypeEnum.WorkSheet:
            continue
        sheet = wb.get_sheet_by_name(meta.name)
        if sheet.total_height > limits.max_rows + 1:
            raise ReadError("too_many_rows", sheet=meta.name, rows=sheet.total_height - 1, limit=limits.max_rows)
        rows = sheet.to_python(skip_empty_area=False)
        merged = [((int(a[0]), int(a[1])), (int(b[0]), int(b[1]))) for a, b in (sheet.merged_cell_ranges or [])]
        sheets.append(RawSheet(name=meta.name, rows=rows, merged=merged))
    return RawFile(sheets=sheets, hidden=hidden)
