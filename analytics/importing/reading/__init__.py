"""Reading a guarded file into raw sheets: .xlsx (xlsx.py) or CSV text (csvfile.py)."""

from __future__ import annotations

from analytics.importing.guard import Guarded, Limits
from analytics.importing.reading.csvfile import decode_text, read_csv
from analytics.importing.reading.raw import RawFile, RawSheet
from analytics.importing.reading.xlsx import read_xlsx

__all__ = ["RawFile", "RawSheet", "decode_text", "read", "read_csv", "read_xlsx"]


def read(file: Guarded, limits: Limits = Limits()) -> RawFile:
    """The file's sheets, by the format the guard found."""
    return read_xlsx(file, limits) if file.format == "xlsx" else read_csv(file, limits)
