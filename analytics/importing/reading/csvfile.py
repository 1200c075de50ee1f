"""Reading CSV: UTF-8 (with or without BOM) or cp874, the delimiter sniffed."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from analytics.importing.guard import Guarded, Limits, ReadError
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
    rows = list(csv.reader(io.StringIO(text), dialect))
    if len(rows) > limits.max_rows + 1:
        raise ReadError("too_many_rows", sheet=name, rows=len(rows) - 1, limit=limits.max_rows)
    return RawFile(sheets=[RawSheet(name=name, rows=[list(r) for r in rows])])
