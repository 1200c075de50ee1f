"""Checks every kind shares: column types, organisation and year, grouped rows, duplicate rows."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from analytics.calendar import BE_MAX, BE_MIN, format_date
from analytics.importing.cells import as_date, as_number, as_text, is_missing, map_obj
from analytics.importing.checks.base import Checker
from analytics.importing.problems import problem
from analytics.importing.specs import SPECS, norm_token


def enum_mapper(enum: dict[str, str]) -> Callable[[Any], str | None]:
    def one(v: Any) -> str | None:
        return None if v is None else enum.get(norm_token(v), "?bad")
    return one



# Whole numbers are stored as INTEGER: each has its domain's range (all well inside 32 bits).
INT_RANGES: dict[str, tuple[int, int]] = {
    "step_no": (1, 99), "standard_days": (0, 365), "pass_no": (1, 9),
    "rank_ministry": (1, 99_999), "ministry_size": (1, 99_999), "rank_group": (1, 99_999), "group_size": (1, 99_999),
}
INT32_MAX = 2**31 - 1
# Other numbers are stored as DOUBLE: finite, and of a size a KPI can have (a budget in baht fits).
NUMBER_LIMIT = 1e15
# Weights are percentages of an agreement (bad_weight refuses 0 and below).
WEIGHT_MAX = 100
# Dates belong to fiscal years BE_MIN to BE_MAX: 1 Oct of the year before BE_MIN to 30 Sep of BE_MAX.
DATE_MIN = dt.date(BE_MIN - 543 - 1, 10, 1)
DATE_MAX = dt.date(BE_MAX - 543, 9, 30)


def bool_cells(values: pd.Series) -> pd.Series:
    """Cells holding TRUE or FALSE (a truth value in Excel), which pandas would take as 1 and 0."""
    if values.dtype != object or pd.api.types.infer_dtype(values, skipna=True) not in ("boolean", "mixed"):
        return pd.Series(False, index=values.index)
    return pd.Series([isinstance(v, (bool, np.bool_)) for v in values], index=values.index)


def _numbers(ch: Checker, frame: pd.DataFrame, name: str) -> tuple[pd.Series, pd.Series]:
    """A number column: text and truth values refused, infinities refused; the refused cells become blank."""
    raw = frame[name]
    values, bad = as_number(raw, ch.blank_of(frame, name))
    truth = bool_cells(raw)
    ch.add_mask("bool_not_number", truth, name, raw)
    ch.add_mask("not_number", bad & ~truth, name, raw)
    infinite = values.notna() & ~np.isfinite(values.to_numpy(dtype="float64", na_value=np.nan))
    ch.add_mask("not_finite", infinite & ~truth, name, raw)
    refused = truth | infinite
    return values.mask(refused), refused


def convert_columns(ch: Checker, frame: pd.DataFrame) -> pd.DataFrame:
    """Every known column to its type; missing required cells and bad values become problems.

    A value refused here is blanked in the result, so no later step meets a number it cannot hold.
    """
    out = pd.DataFrame(index=frame.index)
    for name, col in ch.specs.items():
        if name not in frame.columns:
            continue
        raw = frame[name]
        if col.kind in ("number", "score", "percent", "int"):
            values, _ = _numbers(ch, frame, name)
            if col.kind == "int":
                frac = values.notna() & (values != values.round())
                ch.add_mask("not_integer", frac, name, raw)
                low, high = INT_RANGES.get(name, (0, INT32_MAX))
                outside = values.notna() & ~frac & ((values < low) | (values > high))
                ch.add_mask("out_of_range", outside, name, raw, low=low, high=f"{high:,}")
                values = values.mask(frac | outside)
            elif col.kind in ("score", "percent"):
                outside = values.notna() & ((values < 0) | (values > 100))
                ch.add_mask("out_of_range", outside, name, raw, low=0, high=100)
                values = values.mask(outside)
            elif name in ("weight", "dimension_weight"):
                outside = values.notna() & (values > WEIGHT_MAX)
                ch.add_mask("out_of_range", outside, name, raw, low=0, high=WEIGHT_MAX)
                values = values.mask(outside)
            else:
                outside = values.notna() & (values.abs() > NUMBER_LIMIT)
                ch.add_mask("out_of_range", outside, name, raw, low="-1,000,000,000,000,000",
                            high="1,000,000,000,000,000")
                values = values.mask(outside)
            out[name] = values
        elif col.kind == "year":
            values, _ = _numbers(ch, frame, name)
            ce = values.notna() & (values >= 1900) & (values < 2400)
            for idx in np.flatnonzero(ce.to_numpy()):
                ch.add("ce_year", int(idx), name, raw.iloc[idx], suggest=int(values.iloc[idx]) + 543)
            wrong = values.notna() & ~ce & ((values < BE_MIN) | (values > BE_MAX) | (values != values.round()))
            ch.add_mask("bad_year", wrong, name, raw, low=BE_MIN, high=BE_MAX)
            # A refused year stays for the checks that compare years, unless no INTEGER can hold it.
            out[name] = values.mask((values != values.round()) | (values.abs() > INT32_MAX))
        elif col.kind == "date":
            values, bad = as_date(raw)
            ch.add_mask("bad_date", bad, name, raw)
            # 9999-12-31 or year 100 would be stored as another date or not at all: refused by name.
            outside = map_obj(values, lambda d: d is not None and not DATE_MIN <= d <= DATE_MAX).astype(bool)
            ch.add_mask("date_out_of_range", outside, name, raw, low=format_date(DATE_MIN, "en"),
                        high=format_date(DATE_MAX, "en"), low_th=format_date(DATE_MIN), high_th=format_date(DATE_MAX))
            out[name] = values.mask(outside, None)
        elif col.kind == "enum":
            text = raw if name in ch.sheet.text else as_text(raw)
            assert col.enum is not None
            enum = col.enum
            mapped = map_obj(text, enum_mapper(enum))
            bad = mapped == "?bad"
            ch.add_mask("bad_enum", bad, name, raw, **enum.params())
            out[name] = map_obj(mapped, lambda v: None if v == "?bad" else v)
        else:
            out[name] = raw if name in ch.sheet.text else as_text(raw)
    # An ITA row with neither question nor score continues the row above; its own check decides.
    skip = {"score"} if ch.kind == "ita" else set()
    for name, col in ch.specs.items():
        if col.required and name in out.columns and name not in skip:
            missing = out[name].isna() & ~ch.bad_rows
            ch.add_mask("missing_value", missing, name, None, column_th=col.th)
    return out


def resolve_orgs(ch: Checker, out: pd.DataFrame, lookup: dict[str, str], all_names: list[str]) -> None:
    if "org_code" not in out.columns:
        return
    codes = out["org_code"]
    resolved = map_obj(codes, lambda v: None if is_missing(v) else lookup.get(str(v).strip().lower())
                        or lookup.get(str(v).replace(".", "").strip().lower()))
    unknown = codes.notna() & resolved.isna()
    for idx in np.flatnonzero(unknown.to_numpy()):
        value = str(codes.iloc[idx])
        near: list[str] = []
        for name in difflib.get_close_matches(value, all_names, n=12, cutoff=0.4):
            # "กพร." and "กพร" name one org: suggest it once.
            if lookup.get(name.lower()) not in {lookup.get(n.lower()) for n in near}:
                near.append(name)
        near = near[:3]
        ch.add("unknown_org", int(idx), "org_code", value,
               suggest_th=("หน่วยงานที่ใกล้เคียง: " + ", ".join(near)) if near else "โปรดนำเข้าไฟล์หน่วยงาน (orgs) ก่อน",
               suggest_en=("Did you mean: " + ", ".join(near) + "?") if near else "Import the organisations (orgs) first.")
    out["org_code"] = resolved


def apply_defaults(ch: Checker, frame: pd.DataFrame, org: str | None, year: int | None) -> pd.DataFrame:
    for name, given, what_th, what_en in (("org_code", org, "หน่วยงาน", "organisation"),
                                          ("fiscal_year", year, "ปีงบประมาณ", "fiscal year")):
        if name not in ch.specs:
            continue
        if name not in frame.columns:
            if given is None:
                ch.problems.append(problem("error", "missing_org_year", sheet=ch.sheet.name, column=name,
                                      what=what_th, what_en=what_en))
                frame[name] = None
                ch.set_blank(name, True)
            else:
                frame[name] = str(given)
                ch.set_blank(name, False)
        elif given is not None:
            blank = ch.blank_of(frame, name)
            frame.loc[blank, name] = str(given)
            ch.set_blank(name, False)
    return frame



def continue_groups(ch: Checker, frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Rows whose group key is blank continue the group above (merged cells in Thai reports)."""
    group_cols = [c.name for c in SPECS[ch.kind] if c.group and c.name in frame.columns]
    if key not in frame.columns:
        return frame
    cont = ch.blank_of(frame, key)
    if not cont.any():
        return frame
    ch.continued = cont.to_numpy().copy()
    for col in group_cols:
        filled = frame[col].where(~ch.blank_of(frame, col), None)
        group_id = (~cont).cumsum()
        frame[col] = filled.groupby(group_id).transform(lambda s: s.ffill()) if col != key else filled.ffill()
        ch.set_blank(col, frame[col].isna())
    return frame


_NULL_TEXTS = {"None", "nan", "<NA>", "NaT"}  # how missing cells read as text
_WORD = re.compile(r"\w")  # the text of a number, date, truth value or missing cell has a letter or digit


def cell_codes(values: pd.Series) -> np.ndarray:
    """A code per cell, the same for cells that read the same as text (and for some that do not).

    One hash pass over the raw cells: equal numbers, dates or texts read the same. Text beside other
    cells could read like one of them only if it has a letter or digit: such a column goes as text.
    """
    codes, uniques = pd.factorize(values)  # missing cells get -1
    texts = [u for u in uniques if isinstance(u, str)]
    if texts:
        if len(texts) < len(uniques):  # numbers, dates ... beside text
            as_text = any(_WORD.search(u) for u in texts)
        else:  # text beside missing cells ("None", "nan")
            as_text = bool((codes < 0).any()) and any(u in _NULL_TEXTS for u in texts)
        if as_text:
            codes, _ = pd.factorize(values.astype(str))
    return np.asarray(codes)


def _may_repeat(frame: pd.DataFrame) -> bool:
    """Whether two rows have equal cell codes in every column. The rows' codes are combined a column
    at a time, stopping as soon as no two rows agree so far (a key's columns usually settle it)."""
    rows = np.zeros(len(frame), dtype=np.int64)
    for c in frame.columns:
        codes = cell_codes(frame[c]).astype(np.int64) + 1  # missing: 0
        rows, uniques = pd.factorize(rows * (int(codes.max(initial=0)) + 1) + codes)
        if len(uniques) == len(frame):
            return False
    return True


def drop_duplicate_rows(ch: Checker, frame: pd.DataFrame) -> pd.DataFrame:
    """Rows whose cells all read the same as an earlier row's are dropped, with a warning."""
    if frame.empty:
        return frame
    # Codes of the raw cells first (no text to build): rows that read the same have equal codes,
    # so without two rows of equal codes there is no duplicate row.
    if not _may_repeat(frame):
        return frame
    as_text = frame.astype(str)
    dup = as_text.duplicated(keep="first")
    if dup.any():
        first_of = {tuple(r): i for i, r in reversed(list(enumerate(as_text.itertuples(index=False))))}
        for idx in np.flatnonzero(dup.to_numpy()):
            first = first_of[tuple(as_text.iloc[idx])]
            ch.add("duplicate_row", int(idx), None, severity="warning", first_row=int(ch.sheet.row_no[first]))
        keep = ~dup.to_numpy()
        ch.sheet.row_no = ch.sheet.row_no[keep]
        ch.bad_rows = ch.bad_rows[keep]
        if ch.continued is not None:
            ch.continued = ch.continued[keep]
        if len(ch.blank) == len(keep):
            ch.blank = ch.blank[keep].reset_index(drop=True)
        frame = frame[keep].reset_index(drop=True)
    return frame


