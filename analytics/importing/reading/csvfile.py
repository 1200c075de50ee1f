"""Reading CSV: UTF-8 (with or without BOM) or cp874, the delimiter sniffed."""

from __future__ import annotations

import csv
import re
from typing import Any

from analytics.importing.guard import Guarded, Limits, ReadError, bounded_rows
from analytics.importing.reading.raw import RawFile, RawSheet


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


def read_csv(file: Guarded, limits: Limits) -> RawFile:
    text = decode_text(file.data)
    if "\x00" in text:
        raise ReadError("binary_file")
    name = re.sub(r"\.[^.]*$", "", file.file_name.rsplit("/", 1)[-1]) or "csv"
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # Row by row, each held to the limits as it is read; CR, LF and CRLF line endings all end a row.
    rows = list(bounded_rows(text, dialect, name, limits))
    return RawFile(sheets=[RawSheet(name=name, rows=rows)])
