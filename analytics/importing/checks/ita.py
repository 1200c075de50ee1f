"""The ITA question file's checks: indicators 1-10, question codes and their tools, carried-over rows."""

from __future__ import annotations

import re

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
    take: list[int] = []
    drop_question: set[int] = set()  # positions in `take` whose question part is cleared (indicator row)
    drop_score: set[int] = set()  # positions in `take` whose score is cleared (question row)
    for idx in range(n):
        shared = bool(opens[idx]) and not ch.bad_rows[idx] and isinstance(out.at[idx, "question_code"], str) \
            and pd.notna(out.at[idx, "score"])
        end = idx + 1
        while end < n and not opens[end]:
            end += 1
        block = range(idx + 1, end)
        if shared and len(block) and not any(
                pd.isna(out.at[j, "question_code"]) and pd.notna(out.at[j, "score"]) for j in block):
            code = out.at[idx, "question_code"]
            again = [j for j in block if out.at[j, "question_code"] == code and pd.notna(out.at[j, "score"])]
            params = {"indicator": int(out.at[idx, "indicator_no"]), "question": code,
                      "score": f"{float(out.at[idx, 'score']):.2f}"}
            if again:
                for col in ("recommendation", "analysis_label"):
                    mine, theirs = out.at[idx, col], out.at[again[0], col]
                    if isinstance(mine, str) and mine and not (isinstance(theirs, str) and theirs):
                        out.at[again[0], col] = mine
                drop_question.add(len(take))
                take.append(idx)
                ch.add("indicator_score_question_repeated", idx, "score", out.at[idx, "score"], "warning",
                       row_again=int(ch.sheet.row_no[again[0]]), **params)
                continue
            drop_question.add(len(take))
            take.append(idx)
            drop_score.add(len(take))
            take.append(idx)
            ch.add("indicator_score_shared_row", idx, "score", out.at[idx, "score"], "warning", **params)
            continue
        take.append(idx)
    if len(take) == n and not drop_question:
        return out, set()
    out = out.iloc[take].reset_index(drop=True)
    ch.bad_rows = ch.bad_rows[take]
    ch.sheet.row_no = ch.sheet.row_no[take]
    for pos in drop_question:
        for col in ("question_code", "question_text", "recommendation", "analysis_label"):
            out.at[pos, col] = None
    for pos in drop_score:
        out.at[pos, "score"] = np.nan
    return out, drop_score


def check_ita(ch: Checker, out: pd.DataFrame) -> dict[str, pd.DataFrame]:
    for c in ("tool", "question_code", "question_text", "recommendation", "analysis_label"):
        if c not in out.columns:
            out[c] = None
    # "1. การปฏิบัติ หน้าที่" -> 1; a cell with no number continues the indicator above.
    numbers: list[int | None] = []
    last: int | None = None
    # Where an indicator's block starts: its cell is written on the first row and blank below it.
    opens = np.zeros(len(out), dtype=bool)
    for idx, cell in enumerate(out["indicator_no"]):
        if is_missing(cell):
            numbers.append(last)
            continue
        opens[idx] = ch.continued is None or not ch.continued[idx]
        m = _INDICATOR_CELL.match(str(cell).translate(THAI_DIGITS))
        if m:
            last = int(m[1])
            if not 1 <= last <= 10:
                ch.add("indicator_range", idx, "indicator_no", cell)
                last = None
            numbers.append(last)
        elif last is not None and re.sub(r"\s+", "", str(cell)) in re.sub(r"\s+", "", ita_rules.INDICATOR_NAMES_TH[last]):
            numbers.append(last)
        else:
            ch.add("indicator_range", idx, "indicator_no", cell)
            numbers.append(None)
    out["indicator_no"] = pd.array(numbers, dtype="Int64")
    # A question cell may hold code and text together: "i1 การปฏิบัติงาน...".
    codes: list[str | None] = []
    texts: list[str | None] = []
    for code, text in zip(out["question_code"], out["question_text"], strict=True):
        if is_missing(code) and isinstance(text, str) and (m := _QUESTION_CELL.match(text.translate({0x0E50: "o"}) if text[:1] == "๐" else text)):
            codes.append(norm_question_code(m[1]))
            texts.append(m[2].strip() or None)
        else:
            codes.append(norm_question_code(code) if isinstance(code, str) else None)
            texts.append(text if isinstance(text, str) else None)
    out["question_code"] = pd.Series(codes, index=out.index, dtype=object)
    out["question_text"] = pd.Series(texts, index=out.index, dtype=object)
    bad_code = map_obj(out["question_code"], lambda c: isinstance(c, str) and ita_rules.question_tool(c) is None)
    ch.add_mask("bad_question", bad_code, "question_code", out["question_code"])
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
    out = out[keep].copy()
    ch.bad_rows = ch.bad_rows[keep]
    ch.sheet.row_no = ch.sheet.row_no[keep]
    opens = opens[keep]
    out = out.reset_index(drop=True)
    out, explained = _read_shared_rows(ch, out, opens)
    # A question without a published score is kept (text, recommendation, label) and said so.
    unpublished = out["question_code"].notna() & out["score"].isna() & ~ch.bad_rows
    for idx in map(int, np.flatnonzero(unpublished.to_numpy())):
        if idx not in explained:
            ch.add("score_not_published", idx, "score", None, "warning", question=out.at[idx, "question_code"])
    expected = map_obj(out["indicator_no"], lambda n: ita_rules.INDICATOR_TOOL.get(int(n)) if pd.notna(n) else None)
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
    out["band"] = map_obj(out["score"], lambda s: ita_rules.band(s) if pd.notna(s) else None)
    out["label_mismatch"] = [bool(pd.notna(s) and ita_rules.label_mismatch(s, lab))
                             for s, lab in zip(out["score"], out["analysis_label"], strict=True)]
    indicators = out.loc[~is_q, ["org_code", "fiscal_year", "indicator_no", "tool", "score"]].copy()
    questions = out.loc[is_q, ["org_code", "fiscal_year", "indicator_no", "tool", "question_code", "question_text",
                               "score", "recommendation", "analysis_label", "seq"]].copy()
    return {"ita_indicators": indicators, "ita_questions": questions, "_preview": out}

