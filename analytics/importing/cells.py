"""Cell conversion, a whole column at a time: text, numbers, dates and blanks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analytics.calendar import THAI_DIGITS, parse_date_text

BLANK_TEXTS = {"", "-", "–", "—", "nan", "none", "null", "n/a"}


def is_missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA


def map_obj(values: pd.Series, func: Callable[[Any], Any]) -> pd.Series:
    """Series.map that keeps None (pandas 3 would infer str and turn None into NaN).

    A column repeats few values: func (which must be pure) runs once per distinct value of each type.
    A column of text and missing cells has its distinct texts found in one hash pass in C; any other
    column is walked in Python, keyed by type as well (1, 1.0 and True are different cells).
    """
    arr = values.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(arr, skipna=True) not in ("string", "empty"):
        return _map_each(values, func)
    codes, uniques = pd.factorize(arr)  # a missing cell gets -1
    results = np.empty(len(uniques) + 1, dtype=object)
    for i, u in enumerate(uniques):
        results[i] = func(u)
    out = results[codes]
    missing = np.flatnonzero(codes < 0)
    if len(missing):
        out[missing] = _map_each(pd.Series(arr[missing], dtype=object), func).to_numpy(dtype=object)
    return pd.Series(out, index=values.index, dtype=object)



def _map_each(values: pd.Series, func: Callable[[Any], Any]) -> pd.Series:
    cache: dict[tuple[type, Any], Any] = {}
    out: list[Any] = []
    append = out.append
    for v in values:
        key = (v.__class__, v)
        try:
            append(cache[key])
        except KeyError:
            result = cache[key] = func(v)
            append(result)
        except TypeError:  # unhashable
            append(func(v))
    return pd.Series(out, index=values.index, dtype=object)


def as_text(values: pd.Series) -> pd.Series:
    """Strip text; integral floats become '16', other floats keep their digits; blanks become None."""
    def one(v: Any) -> str | None:
        if is_missing(v):
            return None
        if isinstance(v, float):
            return str(int(v)) if v.is_integer() else repr(v)
        if isinstance(v, (dt.datetime, dt.date)):
            return v.isoformat()[:10]
        s = str(v).replace("\u00a0", " ").strip()
        return s or None
    return map_obj(values, one)


def blank_cells(values: pd.Series) -> pd.Series:
    """Missing cells and text that means nothing ("-", "n/a"): each distinct text is looked at once."""
    na = values.isna()
    texts = [u for u in pd.unique(values[~na]) if isinstance(u, str) and u.strip().lower() in BLANK_TEXTS]
    return na | values.isin(texts) if texts else na


def as_number(values: pd.Series, blank: pd.Series | None = None) -> tuple[pd.Series, pd.Series]:
    """Numbers from numeric cells or text with commas, percent signs, spaces or Thai digits.

    blank: the column's blank cells when already known (Checker.blank).
    """
    if blank is None:
        blank = blank_cells(values)
    numeric = plain_numbers(values)
    if numeric is None:
        numeric = pd.to_numeric(values, errors="coerce")
    else:  # what is not a plain number goes the way every cell went before
        todo = numeric.isna() & ~blank & values.notna()
        if todo.any():
            numeric.loc[todo] = pd.to_numeric(values[todo], errors="coerce")
    todo = numeric.isna() & ~blank  # a blank cell ("", "-", "n/a") is no number however it is cleaned
    if todo.any():
        text = values[todo].astype(str).str.translate(THAI_DIGITS)
        text = text.str.replace(r"[,%\s\u00a0]", "", regex=True).str.replace("−", "-")
        numeric.loc[todo] = pd.to_numeric(text, errors="coerce")
    bad = numeric.isna() & ~blank
    return numeric.astype("float64"), bad


# A number written plainly ("12", "-0.5", "1e-07", as a reader writes a number cell as text).
_PLAIN_NUMBER = r"^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"


def plain_numbers(values: pd.Series) -> pd.Series | None:
    """The plain numbers of a text column read in Arrow (RE2 and a cast in C++, no Python number per cell);
    NaN where a cell is no plain number. None when the column holds anything but text and blanks."""
    arr = values.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(arr, skipna=True) != "string":
        return None
    try:
        text = pa.array(arr, pa.string(), from_pandas=True)
        plain = pc.match_substring_regex(text, _PLAIN_NUMBER)
        numbers = pc.cast(pc.if_else(plain, text, pa.scalar(None, pa.string())), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    return pd.Series(numbers.to_numpy(zero_copy_only=False), index=values.index, dtype="float64")


def excel_serial_to_date(n: float) -> dt.date:
    return dt.date(1899, 12, 30) + dt.timedelta(days=int(n))


def as_date(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    cache: dict[str, dt.date | None] = {}

    def one(v: Any) -> Any:
        if is_missing(v):
            return None
        if isinstance(v, dt.datetime):
            return v.date()
        if isinstance(v, dt.date):
            return v
        if isinstance(v, (bool, np.bool_)):
            return "bad"  # TRUE / FALSE is no date (nor day 1 of Excel's calendar)
        if isinstance(v, (int, float)):
            return excel_serial_to_date(v) if 1 <= v < 2_958_466 else "bad"
        s = str(v).strip()
        if s.lower() in BLANK_TEXTS:
            return None
        if s not in cache:
            cache[s] = parse_date_text(s)
            if cache[s] is None and re.fullmatch(r"\d+(\.\d+)?", s):
                cache[s] = excel_serial_to_date(float(s))
        return cache[s] if cache[s] is not None else "bad"

    out = map_obj(values, one)
    bad = pd.Series([isinstance(x, str) for x in out], index=values.index)
    return map_obj(out, lambda x: None if isinstance(x, str) else x), bad

