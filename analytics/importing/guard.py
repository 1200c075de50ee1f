"""The guard: what is checked on a file's bytes before any reader expands or parses them.

guard() runs first on every upload (pipeline.parse_file) and hands the readers a Guarded file:
its size, its format (an .xlsx is a zip, everything else is read as CSV text), and for an .xlsx,
the zip's parts checked against bombs and XML entities, with each sheet's part by sheet name.
Checks that bound reading from the file's own structure belong here, before reading.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Size and shape limits for one uploaded file; configurable."""

    max_bytes: int = 20 * MB  # matches server.maxUploadSize
    max_rows: int = 200_000  # per sheet
    max_uncompressed: int = 400 * MB  # all parts of an .xlsx, expanded
    max_ratio: float = 200.0  # expanded / compressed, per part


class ReadError(Exception):
    """The file cannot be read at all; code names the catalogue entry, params fill it."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Guarded:
    """A file that passed the guard, ready for its reader."""

    data: bytes
    file_name: str
    format: str  # "xlsx" or "csv"
    sheet_paths: dict[str, str] = field(default_factory=dict)  # xlsx: sheet name -> its part in the zip


def is_xlsx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def size_mb(n: int) -> float:
    """Megabytes to one decimal, rounded up, so a size just over a limit never shows as equal to it."""
    return math.ceil(n / MB * 10) / 10


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def guard(data: bytes, file_name: str, limits: Limits = Limits()) -> Guarded:
    """Refuse what must not be read at all (raises ReadError); say how the rest is to be read."""
    if len(data) == 0:
        raise ReadError("empty_file")
    if len(data) > limits.max_bytes:
        raise ReadError("too_large", size_mb=size_mb(len(data)), limit_mb=round(limits.max_bytes / MB, 1))
    if is_xlsx(data):
        return Guarded(data, file_name, "xlsx", check_zip(data, limits))
    if file_name.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise ReadError("not_xlsx")
    # A NUL byte means a binary file (an image, a PDF, an old .xls) whatever the decoding would say.
    if b"\x00" in data[:8192] and not data.startswith(_UTF16_BOMS):
        raise ReadError("binary_file")
    return Guarded(data, file_name, "csv")


_ENTITY = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def check_zip(data: bytes, limits: Limits) -> dict[str, str]:
    """Refuse zip bombs and XML entities before expanding; each sheet's part by sheet name."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ReadError("not_xlsx") from exc
    with zf:
        infos = zf.infolist()
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
