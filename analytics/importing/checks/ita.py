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


def check_ita(ch: Checker, out: pd.DataFrame) -> dict[str, pd.DataFrame]:
    for c in ("tool", "question_code", "question_text", "recommendation", "analysis_label"):
        if c not in out.columns:
            out[c] = None
    # "1. การปฏิบัติ หน้าที่" -> 1; a cell with no number continues the indicator above.
    numbers: list[int | None] = []
    last: int | None = None
    for idx, cell in enumerate(out["indicator_no"]):
        if is_missing(cell):
            numbers.append(last)
            continue
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
    if "score" in out.columns:
        missing_score = out["score"].isna() & keep & ~ch.bad_rows
        ch.add_mask("missing_value", missing_score, "score", None, column_th="คะแนน")
    out = out[keep].copy()
    ch.bad_rows = ch.bad_rows[keep]
    ch.sheet.row_no = ch.sheet.row_no[keep]
    out = out.reset_index(drop=True)
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

