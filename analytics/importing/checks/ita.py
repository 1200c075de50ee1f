"""The ITA question file's checks: indicators 1-10, question codes and their tools, carried-over rows."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from analytics import ita as ita_rules
from analytics.calendar import THAI_DIGITS
from analytics.importing.cells import is_missing, map_obj
from analytics.importing.checks.base import Checker, duplicate_keys

_INDICATOR_CELL = re.compile(r"^\s*(\d+)\s*[.)]?\s*(.*)$", re.S)
_QUESTION_CELL = re.compile(r"^\s*([ieoIEO๐]\s*\d+(?:\s*[-–]\s*[ieoIEO๐]?\s*\d+)?)\s*(.*)$", re.S)


def norm_question_code(raw: str) -> str:
    code = raw.replace("๐", "o").replace("–", "-").replace(" ", "").lower()
    return code


def _read_shared_rows(ch: Checker, out: pd.DataFrame, opens: np.ndarray) -> tuple[pd.DataFrame, set[int]]:
    """Read seed 004's layout: an indicator's first row prints the indicator's own score, also when the
    first question shares that row (indicators 1 and 8 with i1 and e7).

    Such a row becomes the indicator's score row and, unless its question is printed again further down
    the block with a score of its own (e7), that question with no published score (i1). It applies only to
    a block laid out that way: its indicator cell written once with blank cells below, and no row of its
    own for the indicator's score. Each reading is reported as a warning naming the row. Returns the
    frame and the rows of questions left without a score by this reading (their warning says why).
    """
    n = len(out)
    code = out["question_code"].to_numpy(dtype=object)
    score = out["score"].to_numpy(dtype="float64", na_value=np.nan)
    has_code = pd.notna(code)
    has_score = ~np.isnan(score)
    # Each row's block runs to the next row that opens one; an indicator-score row has a score and no question.
    open_at = np.flatnonzero(opens)
    following = np.searchsorted(open_at, np.arange(n), side="right")
    end = np.where(following < len(open_at), open_at[np.minimum(following, max(len(open_at) - 1, 0))], n) \
        if len(open_at) else np.full(n, n)
    own_score = np.concatenate([[0], np.cumsum(~has_code & has_score)])
    starts = np.arange(n) + 1
    shared = (opens & ~ch.bad_rows & has_code & has_score & (end > starts)
              & (own_score[end] - own_score[np.minimum(starts, n)] == 0))
    twice = np.zeros(n, dtype=np.int64)  # rows taken twice: the indicator's score row and the question's
    cleared: list[int] = []  # rows whose first take clears its question part
    for idx in map(int, np.flatnonzero(shared)):
        c = code[idx]
        again = [j for j in range(idx + 1, int(end[idx])) if code[j] == c and has_score[j]]
        params = {"indicator": int(out.at[idx, "indicator_no"]), "question": c, "score": f"{score[idx]:.2f}"}
        cleared.append(idx)
        if again:
            for col in ("recommendation", "analysis_label"):
                mine, theirs = out.at[idx, col], out.at[again[0], col]
                if isinstance(mine, str) and mine and not (isinstance(theirs, str) and theirs):
                    out.at[again[0], col] = mine
            ch.add("indicator_score_question_repeated", idx, "score", score[idx], "warning",
                   row_again=int(ch.sheet.row_no[again[0]]), **params)
            continue
        twice[idx] = 1
        ch.add("indicator_score_shared_row", idx, "score", score[idx], "warning", **params)
    if not cleared:
        return out, set()
    take = np.repeat(np.arange(n), twice + 1)
    first_at = np.arange(n) + np.cumsum(twice) - twice  # where each row's first take lands
    drop_question = first_at[cleared]
    drop_score = first_at[np.flatnonzero(twice)] + 1
    out = out.iloc[take].reset_index(drop=True)
    ch.bad_rows = ch.bad_rows[take]
    ch.sheet.row_no = ch.sheet.row_no[take]
    for col in ("question_code", "question_text", "recommendation", "analysis_label"):
        out.loc[drop_question, col] = None
    out.loc[drop_score, "score"] = np.nan
    return out, {int(p) for p in drop_score}


def _indicator_numbers(ch: Checker, out: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    """ "1. การปฏิบัติ หน้าที่" -> 1; a cell with no number continues the indicator above (or names it).

    Each distinct cell is read once; the indicator a blank or name-only cell continues is the last
    number above it, found for all rows at once. Returns the numbers and where each block opens.
    """
    cells = out["indicator_no"]
    arr = cells.to_numpy(dtype=object)
    missing = pd.isna(arr)
    # Where an indicator's block starts: its cell is written on the first row and blank below it.
    opens = ~missing if ch.continued is None else ~missing & ~ch.continued

    def number(cell: Any) -> float:
        """The number a cell starts with: 0 when out of range, NaN when it starts with none."""
        m = _INDICATOR_CELL.match(str(cell).translate(THAI_DIGITS))
        return np.nan if not m else float(int(m[1])) if 1 <= int(m[1]) <= 10 else 0.0

    read = map_obj(cells, lambda c: np.nan if is_missing(c) else number(c)).to_numpy(dtype="float64")
    numbered = ~missing & ~np.isnan(read)
    # The last number above each row (0: none, or one out of range), as the rows are read in order.
    last = pd.Series(np.where(numbered, read, np.nan)).ffill().fillna(0).to_numpy()
    numbers = np.where(numbered | missing, last, 0.0)
    bad = numbered & (read == 0)
    for idx in map(int, np.flatnonzero(~missing & ~numbered)):
        # A name alone ("การปฏิบัติหน้าที่") continues the indicator above when it is that one's name.
        known = int(last[idx])
        if known and re.sub(r"\s+", "", str(arr[idx])) in re.sub(r"\s+", "", ita_rules.INDICATOR_NAMES_TH[known]):
            numbers[idx] = known
        else:
            bad[idx] = True
    ch.add_mask("indicator_range", bad, "indicator_no", cells)
    values = pd.array(np.where(numbers > 0, numbers, 0).astype("int64"), dtype="Int64")
    values[numbers <= 0] = pd.NA
    return pd.Series(values, index=out.index), opens


def _question_cells(out: pd.DataFrame) -> None:
    """A question cell may hold code and text together ("i1 การปฏิบัติงาน..."): split where the code is blank."""
    codes = map_obj(out["question_code"], lambda c: norm_question_code(c) if isinstance(c, str) else None)
    texts = map_obj(out["question_text"], lambda t: t if isinstance(t, str) else None)
    for idx in map(int, np.flatnonzero((codes.isna() & texts.notna()).to_numpy())):
        text = texts.iat[idx]
        m = _QUESTION_CELL.match(text.translate({0x0E50: "o"}) if text[:1] == "๐" else text)
        if m:
            codes.iat[idx] = norm_question_code(m[1])
            texts.iat[idx] = m[2].strip() or None
    out["question_code"] = codes
    out["question_text"] = texts


def check_ita(ch: Checker, out: pd.DataFrame) -> dict[str, pd.DataFrame]:
    for c in ("tool", "question_code", "question_text", "recommendation", "analysis_label"):
        if c not in out.columns:
            out[c] = None
    out["indicator_no"], opens = _indicator_numbers(ch, out)
    _question_cells(out)
    bad_code = map_obj(out["question_code"], lambda c: isinstance(c, str) and ita_rules.question_tool(c) is None)
    ch.add_mask("bad_question", bad_code.astype(bool), "question_code", out["question_code"])
    # Rows with neither question nor score carry on the text of the row above (a page break).
    carry = out["question_code"].isna() & out["score"].isna() & ~ch.bad_rows
    keep = np.ones(len(out), dtype=bool)
    for carry_idx in np.flatnonzero(carry.to_numpy()):
        cur, prev = int(carry_idx), int(carry_idx) - 1
        while prev >= 0 and not keep[prev]:
            prev -= 1
        if prev < 0:
            continue
        for col in ("question_text", "recommendation", "analysis_label"):
            extra = out.at[cur, col]
            if isinstance(extra, str) and extra:
                before = out.at[prev, col]
                out.at[prev, col] = f"{before} {extra}" if isinstance(before, str) and before else extra
        keep[cur] = False
    if not keep.all():
        out = out[keep].reset_index(drop=True)
        ch.bad_rows = ch.bad_rows[keep]
        ch.sheet.row_no = ch.sheet.row_no[keep]
        opens = opens[keep]
    out, explained = _read_shared_rows(ch, out, opens)
    # A question without a published score is kept (text, recommendation, label) and said so.
    unpublished = out["question_code"].notna() & out["score"].isna() & ~ch.bad_rows
    for idx in map(int, np.flatnonzero(unpublished.to_numpy())):
        if idx not in explained:
            ch.add("score_not_published", idx, "score", None, "warning", question=out.at[idx, "question_code"])
    numbers = out["indicator_no"].to_numpy(dtype="float64", na_value=np.nan)
    tool_of = np.array([None, *(ita_rules.INDICATOR_TOOL[i] for i in range(1, 11))], dtype=object)
    expected = pd.Series(tool_of[np.nan_to_num(numbers, nan=0).astype(np.int64)], index=out.index, dtype=object)
    given = out["tool"]
    clash = given.notna() & expected.notna() & (given != expected)
    for i in map(int, np.flatnonzero(clash.to_numpy())):
        ch.add("tool_mismatch", i, "tool", given.iloc[i], indicator=int(out["indicator_no"].iloc[i]),
               expected=expected.iloc[i])
    # A code is reported in its own column when the file has one, else in the question text it leads.
    qcol = "question_code" if "question_code" in ch.sheet.header_of else "question_text"
    qtool = map_obj(out["question_code"], lambda c: ita_rules.question_tool(c) if isinstance(c, str) else None)
    qclash = qtool.notna() & expected.notna() & (qtool != expected)
    for i in map(int, np.flatnonzero(qclash.to_numpy())):
        ch.add("question_tool_mismatch", i, qcol, out["question_code"].iloc[i],
               found=qtool.iloc[i], indicator=int(out["indicator_no"].iloc[i]), expected=expected.iloc[i])
    out["tool"] = expected
    is_q = out["question_code"].notna()
    duplicate_keys(ch, out[is_q], ["org_code", "fiscal_year", "question_code"], "duplicate_question", qcol,
                lambda r: str(r["question_code"]))
    duplicate_keys(ch, out[~is_q], ["org_code", "fiscal_year", "indicator_no"], "duplicate_indicator", "indicator_no",
                lambda r: str(r["indicator_no"]))
    out["seq"] = np.arange(len(out))
    score = out["score"].to_numpy(dtype="float64", na_value=np.nan)
    band = np.where(score >= ita_rules.MAINTAIN_FROM, ita_rules.MAINTAIN,
                    np.where(score >= ita_rules.DEVELOP_FROM, ita_rules.DEVELOP, ita_rules.IMPROVE)).astype(object)
    band[np.isnan(score)] = None
    out["band"] = pd.Series(band, index=out.index, dtype=object)
    named = map_obj(out["analysis_label"], ita_rules.label_band).to_numpy(dtype=object)
    out["label_mismatch"] = ~np.isnan(score) & pd.notna(named) & (named != band)
    indicators = out.loc[~is_q, ["org_code", "fiscal_year", "indicator_no", "tool", "score"]].copy()
    questions = out.loc[is_q, ["org_code", "fiscal_year", "indicator_no", "tool", "question_code", "question_text",
                               "score", "recommendation", "analysis_label", "seq"]].copy()
    return {"ita_indicators": indicators, "ita_questions": questions, "_preview": out}
