"""Reading CSV: UTF-8 (with or without BOM) or cp874, the delimiter sniffed.

The decoded text is parsed by Arrow's CSV reader into Arrow columns (in C++, every cell as text), held to
the limits column by column. A file Arrow does not take as a plain table (rows of different widths, a
dialect it does not speak) or one over a limit is read row by row with the csv module, which says
which row and column broke which limit (guard.bounded_rows).
"""

from __future__ import annotations

import csv
import re
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from analytics.importing.guard import Guarded, Limits, ReadError, bounded_rows
from analytics.importing.reading.arrow import arrow_sheet
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
    table = _arrow_table(text, dialect, limits)
    if table is not None:
        return RawFile(sheets=[arrow_sheet(name, table, [], dates_as_text=False)])
    # Row by row, each held to the limits as it is read; CR, LF and CRLF line endings all end a row.
    rows = list(bounded_rows(text, dialect, name, limits))
    return RawFile(sheets=[RawSheet(name=name, rows=rows)])


_ALL_TEXT = {f"f{i}": pa.string() for i in range(702)}  # Arrow's names for the columns of a headerless read


def _arrow_table(text: str, dialect: Any, limits: Limits) -> pa.Table | None:
    """The text as an Arrow table of text cells, or None when the row-by-row reader must read it."""
    if dialect.quotechar not in ('"', None) or dialect.escapechar or dialect.skipinitialspace \
            or len(dialect.delimiter) != 1:
        return None
    # Arrow makes a column for every cell of the first row: a first row over the column limit (or one
    # it cannot be told of, with a quote in its first line) goes row by row, which stops at the limit.
    first = text[:min((i for i in (text.find("\n"), text.find("\r")) if i >= 0), default=len(text))]
    if (dialect.quotechar or '"') in first or first.count(dialect.delimiter) >= limits.max_columns:
        return None
    try:
        table = pacsv.read_csv(
            pa.py_buffer(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True, block_size=1 << 22),
            # CR, LF and CRLF all end a row, and a quoted cell may hold any of them (as the csv module reads).
            parse_options=pacsv.ParseOptions(delimiter=dialect.delimiter, quote_char=dialect.quotechar or False,
                                              double_quote=bool(dialect.doublequote), newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types=_ALL_TEXT, strings_can_be_null=False,
                                                 quoted_strings_can_be_null=False, null_values=[]))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None  # rows of different widths, or a quoting Arrow reads otherwise: the csv module decides
    if (table.num_rows > limits.max_rows + 1 or table.num_columns > limits.max_columns
            or table.num_rows * table.num_columns > limits.max_cells):
        return None  # the row-by-row reader names the row and column over the limit
    for col in table.columns:
        longest = pc.max(pc.utf8_length(col)).as_py()
        if longest is not None and longest > limits.max_cell_chars:
            return None
    return table
