"""Importers for the six kinds of file: read, check every cell, and build one ImportPlan.

Checks run column by column over the whole sheet (pandas, numpy), so a large file costs little
more than reading it; a problem is reported with its sheet, row, column, value and what was
expected. An import is all or nothing: any error, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analytics import actions as act
from analytics import ita as ita_rules
from analytics import scoring
from analytics.auth import User
from analytics.calendar import BE_MAX, BE_MIN, THAI_DIGITS, parse_date_text
from analytics.errors import ImportRejected
from analytics.i18n import t
from analytics.readers import Limits, RawFile, RawSheet, ReadError, read_file
from analytics.store.schema import KIND_SCOPE
from analytics.store import ImportPlan, Store, plan_orgs

KINDS = ("orgs", "kpi", "ita", "ita_summary", "actions", "cycle")


# -- problems ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in a file, located as a person would find it."""

    severity: str  # "error" or "warning"
    code: str
    sheet: str | None = None
    row: int | None = None  # as numbered in the file (header row included)
    column: str | None = None  # the header as written in the file
    value: str | None = None
    params: tuple[tuple[str, Any], ...] = ()

    def what(self, lang: str = "th") -> str:
        params = dict(self.params)
        for key in ("value", "sheet", "row", "column"):
            params.setdefault(key, getattr(self, key))
        return t(f"problem.{self.code}", lang, **params)

    def where(self, lang: str = "th") -> str:
        parts = []
        if self.sheet:
            parts.append(t("where.sheet", lang, sheet=self.sheet))
        if self.row is not None:
            parts.append(t("where.row", lang, row=self.row))
        if self.column:
            parts.append(t("where.column", lang, column=self.column))
        return ", ".join(parts)

    def message(self, lang: str = "th") -> str:
        where = self.where(lang)
        value = f" ({t('where.value', lang, value=self.value)})" if self.value not in (None, "") else ""
        return f"{where}{value}: {self.what(lang)}" if where else self.what(lang)

    def as_dict(self, lang: str = "th") -> dict[str, Any]:
        return {"severity": self.severity, "code": self.code, "sheet": self.sheet, "row": self.row,
                "column": self.column, "value": self.value, "message": self.what(lang)}


def _p(severity: str, code: str, **kw: Any) -> Problem:
    base = {k: kw.pop(k) for k in ("sheet", "row", "column", "value") if k in kw}
    if base.get("value") is not None:
        base["value"] = str(base["value"])
    return Problem(severity, code, params=tuple(sorted(kw.items())), **base)


# -- column specifications --------------------------------------------------------------------
@dataclass(frozen=True)
class Col:
    name: str
    kind: str  # text | code | int | year | number | score | percent | date | enum
    required: bool = False
    th: str = ""
    aliases: tuple[str, ...] = ()
    enum: dict[str, str] | None = None  # accepted spelling (normalised) -> stored value
    group: bool = False  # blank cells continue the group above


def _enum(*pairs: tuple[str, Sequence[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value, spellings in pairs:
        for s in (value, *spellings):
            out[_norm_token(s)] = value
    return out


def _norm_token(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", str(text)).lower()


DIRECTION = _enum(("higher", ["สูงดี", "มากดี", "higher is better", "up", "ยิ่งมากยิ่งดี"]),
                  ("lower", ["ต่ำดี", "น้อยดี", "lower is better", "down", "ยิ่งน้อยยิ่งดี"]))
SCHEME = _enum((scoring.FIVE_LEVEL, ["5", "5level", "5 ระดับ", "five"]),
               (scoring.THREE_LEVEL, ["3", "3level", "3 ระดับ", "three"]))
KPI_STATUS = _enum(("active", ["ใช้งาน", "ปกติ"]), ("cancelled", ["ยกเลิก", "canceled", "cancel"]))
TOOL = _enum(("IIT", ["iit"]), ("EIT", ["eit"]), ("OIT", ["oit"]))
SOURCE = _enum(("pmqa", ["pmqa4.0", "pmqa 4.0"]), ("ita", ["มาตรการita"]), ("kpi", ["ตัวชี้วัด"]))
LEVEL = _enum(("basic", ["a&d", "basic(a&d)"]), ("advance", ["alignment", "advance(alignment)"]),
              ("significance", ["integration", "significance(integration)"]))
ASSESSOR = _enum(("pass", ["ผ่าน", "passed", "✓"]), ("fail", ["ไม่ผ่าน", "failed", "x", "✗"]))
ACTION_STATUS = _enum(
    (act.NOT_STARTED, ["ยังไม่เริ่ม", "ยังไม่ดำเนินการ", "notstarted", "todo"]),
    (act.IN_PROGRESS, ["กำลังดำเนินการ", "อยู่ระหว่างดำเนินการ", "inprogress", "doing"]),
    (act.DONE, ["ดำเนินการแล้ว", "เสร็จสิ้น", "เสร็จแล้ว", "completed", "complete"]),
    (act.CANCELLED, ["ยกเลิก", "canceled"]))

ORG = Col("org_code", "code", True, "หน่วยงาน", ("รหัสหน่วยงาน", "ชื่อย่อหน่วยงาน", "ส่วนราชการ"))
YEAR = Col("fiscal_year", "year", True, "ปีงบประมาณ", ("ปีงบประมาณ พ.ศ.", "ปี", "fy"))

SPECS: dict[str, tuple[Col, ...]] = {
    "orgs": (
        Col("org_code", "code", True, "รหัสหน่วยงาน", ("รหัส",)),
        Col("abbr_th", "text", False, "ชื่อย่อ", ("ชื่อย่อภาษาไทย", "อักษรย่อ")),
        Col("name_th", "text", True, "ชื่อหน่วยงาน", ("ชื่อภาษาไทย", "ชื่อหน่วยงาน (ไทย)")),
        Col("name_en", "text", False, "ชื่อภาษาอังกฤษ", ("ชื่อหน่วยงาน (อังกฤษ)",)),
        Col("ministry", "text", False, "กระทรวง", ()),
        Col("org_group", "text", False, "กลุ่มหน่วยงาน", ("ประเภทหน่วยงาน",)),
    ),
    "kpi": (
        ORG, YEAR,
        Col("dimension", "code", True, "มิติ", ("องค์ประกอบ", "มิติที่"), group=True),
        Col("dimension_name", "text", False, "ชื่อมิติ", ("ชื่อองค์ประกอบ",), group=True),
        Col("dimension_weight", "number", False, "น้ำหนักมิติ", ("น้ำหนักองค์ประกอบ",), group=True),
        Col("kpi_code", "code", True, "รหัสตัวชี้วัด", ("ลำดับตัวชี้วัด", "ตัวชี้วัดที่")),
        Col("kpi_name", "text", True, "ตัวชี้วัด", ("ชื่อตัวชี้วัด", "ตัวชี้วัดผลการปฏิบัติราชการ")),
        Col("kpi_type", "text", False, "ประเภทตัวชี้วัด", ("ประเภท",)),
        Col("weight", "number", True, "น้ำหนัก", ("น้ำหนัก (%)", "น้ำหนัก (ร้อยละ)", "น้ำหนักร้อยละ")),
        Col("unit", "text", False, "หน่วยวัด", ("หน่วยนับ",)),
        Col("direction", "enum", False, "ทิศทาง", ("ทิศทางที่ดี",), enum=DIRECTION),
        Col("scheme", "enum", False, "รูปแบบเกณฑ์", ("ระดับเกณฑ์", "จำนวนระดับ"), enum=SCHEME),
        Col("c1", "number", True, "เกณฑ์ 1", ("ระดับ 1", "เกณฑ์ระดับ 1", "ขั้นต้น")),
        Col("c2", "number", True, "เกณฑ์ 2", ("ระดับ 2", "เกณฑ์ระดับ 2", "มาตรฐาน")),
        Col("c3", "number", True, "เกณฑ์ 3", ("ระดับ 3", "เกณฑ์ระดับ 3", "ขั้นสูง")),
        Col("c4", "number", False, "เกณฑ์ 4", ("ระดับ 4", "เกณฑ์ระดับ 4")),
        Col("c5", "number", False, "เกณฑ์ 5", ("ระดับ 5", "เกณฑ์ระดับ 5")),
        Col("result_6m", "number", False, "ผลรอบ 6 เดือน", ("ผลการดำเนินงานรอบ 6 เดือน", "ผล 6 เดือน")),
        Col("result_9m", "number", False, "ผลรอบ 9 เดือน", ("ผลการดำเนินงานรอบ 9 เดือน", "ผล 9 เดือน")),
        Col("result_12m", "number", False, "ผลรอบ 12 เดือน", ("ผลการดำเนินงานรอบ 12 เดือน", "ผล 12 เดือน")),
        Col("prev_result_1", "number", False, "ผลปีก่อน", ("ผลงานปีที่แล้ว", "ผลงานปีก่อน")),
        Col("prev_result_2", "number", False, "ผลสองปีก่อน", ("ผลงานสองปีก่อน",)),
        Col("status", "enum", False, "สถานะ", ("สถานะตัวชี้วัด",), enum=KPI_STATUS),
        Col("owner", "text", False, "ผู้รับผิดชอบ", ("หน่วยงานรับผิดชอบ",)),
    ),
    "ita": (
        ORG, YEAR,
        Col("indicator_no", "text", True, "ตัวชี้วัด", ("ตัวชี้วัดที่", "ตัวชี้วัด ita"), group=True),
        Col("tool", "enum", False, "เครื่องมือการประเมิน", ("เครื่องมือ", "แบบวัด"), enum=TOOL, group=True),
        Col("question_code", "text", False, "รหัสข้อคำถาม", ()),
        Col("question_text", "text", False, "ข้อคำถาม", ("ข้อความ", "ประเด็นคำถาม")),
        Col("score", "score", True, "คะแนน", ("ผลคะแนน",)),
        Col("recommendation", "text", False, "ข้อเสนอแนะจากผู้ตรวจ", ("ข้อเสนอแนะ",)),
        Col("analysis_label", "text", False, "ผลการวิเคราะห์", ()),
    ),
    "ita_summary": (
        ORG, YEAR,
        Col("overall", "score", True, "คะแนนรวม", ("คะแนน ita", "คะแนนภาพรวม", "ผลคะแนนรวม")),
        Col("rank_ministry", "int", False, "ลำดับในกระทรวง", ()),
        Col("ministry_size", "int", False, "จำนวนหน่วยงานในกระทรวง", ()),
        Col("rank_group", "int", False, "ลำดับในกลุ่ม", ("ลำดับในประเภทหน่วยงาน",)),
        Col("group_size", "int", False, "จำนวนหน่วยงานในกลุ่ม", ()),
    ),
    "actions": (
        ORG, YEAR,
        Col("source", "enum", True, "แหล่งที่มา", ("ที่มา",), enum=SOURCE),
        Col("ref", "code", True, "อ้างอิง", ("หัวข้อ", "ประเด็น", "ตัวชี้วัด"), group=True),
        Col("level", "enum", False, "ระดับ", ("ระดับดำเนินการ",), enum=LEVEL, group=True),
        Col("assessor_result", "enum", False, "ความเห็นผู้ตรวจประเมิน", ("ผลการตรวจ",), enum=ASSESSOR, group=True),
        Col("assessor_reason", "text", False, "เหตุผลผู้ตรวจ", ("เหตุผล",), group=True),
        Col("action_no", "code", False, "ลำดับกิจกรรม", ("ขั้นตอนที่",)),
        Col("action", "text", True, "สิ่งที่ต้องดำเนินการ", ("มาตรการ", "กิจกรรม", "ขั้นตอนหรือวิธีการดำเนินการ")),
        Col("owner_main", "text", False, "ผู้รับผิดชอบหลัก", ("ผู้รับผิดชอบ", "หลัก")),
        Col("owner_support", "text", False, "ผู้สนับสนุน", ("สนับสนุน", "หน่วยสนับสนุน")),
        Col("start_date", "date", False, "วันเริ่ม", ("วันที่เริ่ม",)),
        Col("due_date", "date", False, "วันครบกำหนด", ("กำหนดเสร็จ", "วันที่ครบกำหนด")),
        Col("quarters", "text", False, "ไตรมาส", ("ช่วงระยะเวลาการดำเนินการ",)),
        Col("status", "enum", False, "สถานะ", ("สถานะการดำเนินงาน",), enum=ACTION_STATUS),
        Col("progress", "percent", False, "ความก้าวหน้า", ("ความคืบหน้า", "ร้อยละความก้าวหน้า")),
        Col("note", "text", False, "หมายเหตุ", ()),
    ),
    "cycle": (
        ORG, YEAR,
        Col("step_no", "int", True, "ขั้นตอนที่", ("ลำดับขั้นตอน",)),
        Col("step_name", "text", False, "ขั้นตอน", ("ชื่อขั้นตอน",)),
        Col("standard_days", "int", True, "วันทำการมาตรฐาน", ("ระยะเวลามาตรฐาน",)),
        Col("started", "date", False, "วันเริ่ม", ("วันที่เริ่ม",)),
        Col("finished", "date", False, "วันเสร็จ", ("วันที่เสร็จ",)),
    ),
}
SHEET_NAMES = {"orgs": ("orgs", "หน่วยงาน"), "kpi": ("kpi", "ตัวชี้วัด"), "ita": ("ita", "คะแนนita"),
               "ita_summary": ("ita_summary", "สรุปita", "ผลita"), "actions": ("actions", "แผนปฏิบัติการ"),
               "cycle": ("cycle", "รอบการประเมิน")}


def _norm_header(text: Any) -> str:
    s = str(text).translate(THAI_DIGITS).strip().lower()
    # A template header reads "ตัวชี้วัด (kpi_name)"; the canonical name inside wins.
    if m := re.search(r"\(([a-z_0-9]+)\)\s*\*?$", s):
        return m[1].replace("_", "")
    return re.sub(r"[\s*_]+", "", s)


def header_map(kind: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for col in SPECS[kind]:
        for spelling in (col.name, col.th, *col.aliases):
            if spelling:
                out.setdefault(_norm_header(spelling), col.name)
    return out


# -- cell conversion, a whole column at a time ------------------------------------------------
_BLANKS = {"", "-", "–", "—", "nan", "none", "null", "n/a"}


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA


def _map_obj(values: pd.Series, func: Callable[[Any], Any]) -> pd.Series:
    """Series.map that keeps None (pandas 3 would infer str and turn None into NaN).

    A column repeats few values: func (which must be pure) runs once per distinct value of each type.
    """
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


def _as_text(values: pd.Series) -> pd.Series:
    """Strip text; integral floats become '16', other floats keep their digits; blanks become None."""
    def one(v: Any) -> str | None:
        if _missing(v):
            return None
        if isinstance(v, float):
            return str(int(v)) if v.is_integer() else repr(v)
        if isinstance(v, (dt.datetime, dt.date)):
            return v.isoformat()[:10]
        s = str(v).replace("\u00a0", " ").strip()
        return s or None
    return _map_obj(values, one)


def _blank(values: pd.Series) -> pd.Series:
    """Missing cells and text that means nothing ("-", "n/a"): each distinct text is looked at once."""
    na = values.isna()
    texts = [u for u in pd.unique(values[~na]) if isinstance(u, str) and u.strip().lower() in _BLANKS]
    return na | values.isin(texts) if texts else na


def _as_number(values: pd.Series, blank: pd.Series | None = None) -> tuple[pd.Series, pd.Series]:
    """Numbers from numeric cells or text with commas, percent signs, spaces or Thai digits.

    blank: the column's blank cells when already known (_Checker.blank).
    """
    if blank is None:
        blank = _blank(values)
    numeric = pd.to_numeric(values, errors="coerce")
    todo = numeric.isna() & ~blank  # a blank cell ("", "-", "n/a") is no number however it is cleaned
    if todo.any():
        text = values[todo].astype(str).str.translate(THAI_DIGITS)
        text = text.str.replace(r"[,%\s\u00a0]", "", regex=True).str.replace("−", "-")
        numeric.loc[todo] = pd.to_numeric(text, errors="coerce")
    bad = numeric.isna() & ~blank
    return numeric.astype("float64"), bad


def _excel_serial_to_date(n: float) -> dt.date:
    return dt.date(1899, 12, 30) + dt.timedelta(days=int(n))


def _as_date(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    cache: dict[str, dt.date | None] = {}

    def one(v: Any) -> Any:
        if _missing(v):
            return None
        if isinstance(v, dt.datetime):
            return v.date()
        if isinstance(v, dt.date):
            return v
        if isinstance(v, (int, float)):
            return _excel_serial_to_date(v) if 1 <= v < 2_958_466 else "bad"
        s = str(v).strip()
        if s.lower() in _BLANKS:
            return None
        if s not in cache:
            cache[s] = parse_date_text(s)
            if cache[s] is None and re.fullmatch(r"\d+(\.\d+)?", s):
                cache[s] = _excel_serial_to_date(float(s))
        return cache[s] if cache[s] is not None else "bad"

    out = _map_obj(values, one)
    bad = pd.Series([isinstance(x, str) for x in out], index=values.index)
    return _map_obj(out, lambda x: None if isinstance(x, str) else x), bad


# -- parsing a sheet --------------------------------------------------------------------------
@dataclass
class Parsed:
    """What a file would import, or why it cannot."""

    kind: str | None
    sheet: str | None
    file_name: str
    sha256: str
    problems: list[Problem] = field(default_factory=list)
    plan: ImportPlan | None = None
    preview: dict[str, pd.DataFrame] = field(default_factory=dict)
    scopes: list[tuple[Any, ...]] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.plan is not None and not self.errors


@dataclass
class _Sheet:
    """A sheet cut to its header and data, with each row's number in the file."""

    name: str
    headers: list[str]
    frame: pd.DataFrame  # canonical columns only, object dtype
    header_of: dict[str, str]  # canonical -> header as written
    row_no: np.ndarray
    problems: list[Problem]
    blank: pd.DataFrame | None = None  # the frame's blank cells, by column (_blank, computed once)


def _find_header(rows: list[list[Any]], kind: str) -> tuple[int, int]:
    """The row (0-based) among the first ten that names most columns of a kind, and that count."""
    names = header_map(kind)
    best, best_hits = -1, 0
    for i, row in enumerate(rows[:10]):
        hits = len({names[_norm_header(c)] for c in row if c not in (None, "") and _norm_header(c) in names})
        if hits > best_hits:
            best, best_hits = i, hits
    return best, best_hits


def detect_kind(sheet: RawSheet) -> str | None:
    """The kind a sheet holds, from its name or else from its headers."""
    name = _norm_token(sheet.name)
    for kind, names in SHEET_NAMES.items():
        if name in {_norm_token(n) for n in names}:
            return kind
    scored = []
    for kind in KINDS:
        _, hits = _find_header(sheet.rows, kind)
        if _required_present(sheet, kind):
            required = [c for c in SPECS[kind] if c.required and c.name not in ("org_code", "fiscal_year")]
            scored.append((hits, len(required), kind))
    if not scored:
        return None
    scored.sort(reverse=True)
    return scored[0][2]


def _required_present(sheet: RawSheet, kind: str) -> bool:
    """Whether a sheet's header row names every required column of a kind (org and year may come from outside)."""
    required = [c.name for c in SPECS[kind] if c.required and c.name not in ("org_code", "fiscal_year")]
    row, _ = _find_header(sheet.rows, kind)
    present = set()
    if row >= 0:
        hm = header_map(kind)
        present = {hm[_norm_header(c)] for c in sheet.rows[row] if c not in (None, "") and _norm_header(c) in hm}
    return all(r in present for r in required)


def _cut_sheet(raw: RawSheet, kind: str) -> _Sheet | None:
    header_row, hits = _find_header(raw.rows, kind)
    if header_row < 0 or hits < 2:
        return None
    names = header_map(kind)
    headers = ["" if c is None else str(c).strip() for c in raw.rows[header_row]]
    problems: list[Problem] = []
    header_of: dict[str, str] = {}
    positions: dict[str, int] = {}
    for j, h in enumerate(headers):
        if not h:
            continue
        canon = names.get(_norm_header(h))
        if canon is None:
            problems.append(_p("warning", "ignored_column", sheet=raw.name, row=header_row + 1, value=h))
        elif canon not in positions:
            positions[canon] = j
            header_of[canon] = h
    body = raw.rows[header_row + 1:]
    width = max((len(r) for r in body), default=0)
    # Calamine gives rows of one width: pad only when they are not.
    body_padded = (body if all(len(r) == width for r in body) else
                   [list(r) + [None] * (width - len(r)) for r in body]) if body else []
    full = pd.DataFrame(body_padded, dtype=object) if body_padded else pd.DataFrame()
    frame = pd.DataFrame({c: (full[j] if j in full.columns else pd.Series([None] * len(full), dtype=object))
                          for c, j in positions.items()}, dtype=object)
    # Cells of a merged range hold their value in the top-left cell only: spread it down.
    for (r0, c0), (r1, c1) in raw.merged:
        for canon, j in positions.items():
            if c0 <= j <= c1 and r0 > header_row and r1 > r0:
                top = r0 - header_row - 1
                frame.iloc[top + 1:r1 - header_row, frame.columns.get_loc(canon)] = frame.iat[top, frame.columns.get_loc(canon)]
    row_no = np.arange(header_row + 2, header_row + 2 + len(frame))
    blank = pd.DataFrame(False, index=frame.index, columns=frame.columns)
    if len(frame):
        blank = frame.apply(_blank)
        empty = blank.all(axis=1).to_numpy()
        frame = frame[~empty].reset_index(drop=True)
        blank = blank[~empty].reset_index(drop=True)
        row_no = row_no[~empty]
    return _Sheet(raw.name, headers, frame, header_of, row_no, problems, blank)


class _Checker:
    """Converts a sheet's columns and collects problems with their places."""

    def __init__(self, sheet: _Sheet, kind: str):
        self.sheet = sheet
        self.kind = kind
        self.specs = {c.name: c for c in SPECS[kind]}
        self.problems: list[Problem] = list(sheet.problems)
        self.bad_rows = np.zeros(len(sheet.frame), dtype=bool)
        # Blank cells of the frame being checked, by column; kept in step as the frame changes.
        self.blank = sheet.blank.copy() if sheet.blank is not None else pd.DataFrame(index=sheet.frame.index)

    def blank_of(self, frame: pd.DataFrame, name: str) -> pd.Series:
        """The blank cells of one column of the frame being checked, computed once per column."""
        if name not in self.blank.columns or len(self.blank) != len(frame):
            return _blank(frame[name])
        return self.blank[name]

    def set_blank(self, name: str, blank: pd.Series | bool) -> None:
        """Record a column's blank cells after the column changed."""
        if isinstance(blank, bool) or len(blank) == len(self.blank):
            self.blank[name] = blank
        else:  # out of step: blank_of computes it when asked
            self.blank = self.blank.drop(columns=name, errors="ignore")

    def column_label(self, name: str) -> str:
        return self.sheet.header_of.get(name, name)

    def add(self, code: str, idx: int | None, column: str | None, value: Any = None,
            severity: str = "error", **params: Any) -> None:
        row = int(self.sheet.row_no[idx]) if idx is not None else None
        if idx is not None and severity == "error":
            self.bad_rows[idx] = True
        self.problems.append(_p(severity, code, sheet=self.sheet.name, row=row,
                                column=self.column_label(column) if column else None,
                                value=None if value is None else _show(value), **params))

    def add_mask(self, code: str, mask: pd.Series | np.ndarray, column: str, values: pd.Series | None = None,
                 severity: str = "error", **params: Any) -> None:
        for idx in np.flatnonzero(np.asarray(mask)):
            self.add(code, int(idx), column, None if values is None else values.iloc[idx], severity, **params)


def _show(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _enum_mapper(enum: dict[str, str]) -> Callable[[Any], str | None]:
    def one(v: Any) -> str | None:
        return None if v is None else enum.get(_norm_token(v), "?bad")
    return one


def _convert(ch: _Checker, frame: pd.DataFrame) -> pd.DataFrame:
    """Every known column to its type; missing required cells and bad values become problems."""
    out = pd.DataFrame(index=frame.index)
    for name, col in ch.specs.items():
        if name not in frame.columns:
            continue
        raw = frame[name]
        if col.kind in ("number", "score", "percent", "int"):
            values, bad = _as_number(raw, ch.blank_of(frame, name))
            ch.add_mask("not_number", bad, name, raw)
            if col.kind == "int":
                frac = values.notna() & (values != values.round())
                ch.add_mask("not_integer", frac, name, raw)
            if col.kind in ("score", "percent"):
                outside = values.notna() & ((values < 0) | (values > 100))
                ch.add_mask("out_of_range", outside, name, raw, low=0, high=100)
            out[name] = values
        elif col.kind == "year":
            values, bad = _as_number(raw, ch.blank_of(frame, name))
            ch.add_mask("not_number", bad, name, raw)
            ce = values.notna() & (values >= 1900) & (values < 2400)
            for idx in np.flatnonzero(ce.to_numpy()):
                ch.add("ce_year", int(idx), name, raw.iloc[idx], suggest=int(values.iloc[idx]) + 543)
            wrong = values.notna() & ~ce & ((values < BE_MIN) | (values > BE_MAX) | (values != values.round()))
            ch.add_mask("bad_year", wrong, name, raw, low=BE_MIN, high=BE_MAX)
            out[name] = values
        elif col.kind == "date":
            values, bad = _as_date(raw)
            ch.add_mask("bad_date", bad, name, raw)
            out[name] = values
        elif col.kind == "enum":
            text = _as_text(raw)
            assert col.enum is not None
            enum = col.enum
            mapped = _map_obj(text, _enum_mapper(enum))
            bad = mapped == "?bad"
            allowed = ", ".join(sorted(set(enum.values())))
            ch.add_mask("bad_enum", bad, name, raw, allowed=allowed)
            out[name] = _map_obj(mapped, lambda v: None if v == "?bad" else v)
        else:
            out[name] = _as_text(raw)
    # An ITA row with neither question nor score continues the row above; its own check decides.
    skip = {"score"} if ch.kind == "ita" else set()
    for name, col in ch.specs.items():
        if col.required and name in out.columns and name not in skip:
            missing = out[name].isna() & ~ch.bad_rows
            ch.add_mask("missing_value", missing, name, None, column_th=col.th)
    return out


# -- organisation and year --------------------------------------------------------------------
def _resolve_orgs(ch: _Checker, out: pd.DataFrame, lookup: dict[str, str], all_names: list[str]) -> None:
    if "org_code" not in out.columns:
        return
    codes = out["org_code"]
    resolved = _map_obj(codes, lambda v: None if _missing(v) else lookup.get(str(v).strip().lower())
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


def _apply_defaults(ch: _Checker, frame: pd.DataFrame, org: str | None, year: int | None) -> pd.DataFrame:
    for name, given, what_th, what_en in (("org_code", org, "หน่วยงาน", "organisation"),
                                          ("fiscal_year", year, "ปีงบประมาณ", "fiscal year")):
        if name not in ch.specs:
            continue
        if name not in frame.columns:
            if given is None:
                ch.problems.append(_p("error", "missing_org_year", sheet=ch.sheet.name, column=name,
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


# -- kind-specific checks ---------------------------------------------------------------------
def _continue_groups(ch: _Checker, frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Rows whose group key is blank continue the group above (merged cells in Thai reports)."""
    group_cols = [c.name for c in SPECS[ch.kind] if c.group and c.name in frame.columns]
    if key not in frame.columns:
        return frame
    cont = ch.blank_of(frame, key)
    if not cont.any():
        return frame
    for col in group_cols:
        filled = frame[col].where(~ch.blank_of(frame, col), None)
        group_id = (~cont).cumsum()
        frame[col] = filled.groupby(group_id).transform(lambda s: s.ffill()) if col != key else filled.ffill()
        ch.set_blank(col, frame[col].isna())
    return frame


_NULL_TEXTS = {"None", "nan", "<NA>", "NaT"}  # how missing cells read as text
_WORD = re.compile(r"\w")  # the text of a number, date, truth value or missing cell has a letter or digit


def _cell_codes(values: pd.Series) -> np.ndarray:
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


def _dup_rows(ch: _Checker, frame: pd.DataFrame) -> pd.DataFrame:
    """Rows whose cells all read the same as an earlier row's are dropped, with a warning."""
    if frame.empty:
        return frame
    # Codes of the raw cells first (no text to build): rows that read the same have equal codes,
    # so without two rows of equal codes there is no duplicate row.
    if not pd.DataFrame({i: _cell_codes(frame[c]) for i, c in enumerate(frame.columns)}).duplicated().any():
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
        if len(ch.blank) == len(keep):
            ch.blank = ch.blank[keep].reset_index(drop=True)
        frame = frame[keep].reset_index(drop=True)
    return frame


def _duplicates(ch: _Checker, out: pd.DataFrame, keys: list[str], code: str, column: str,
                show: Callable[[pd.Series], str]) -> None:
    valid = out[keys].notna().all(axis=1)
    sub = out[valid]
    dup = sub.duplicated(keys, keep="first")
    if not dup.any():
        return
    firsts = sub[~dup].reset_index().set_index(keys)["index"]
    for idx in sub.index[dup]:
        key = tuple(out.loc[idx, keys])
        first = firsts.loc[key if len(keys) > 1 else key[0]]
        ch.add(code, int(idx), column, show(out.loc[idx]), first_row=int(ch.sheet.row_no[int(first)]))


_KPI_CODE_IN_NAME = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?\s+(.+)$")


def _check_kpi(ch: _Checker, out: pd.DataFrame, config: dict[str, scoring.SchemeConfig]) -> dict[str, pd.DataFrame]:
    if "kpi_code" not in out.columns and "kpi_name" in out.columns:
        split = out["kpi_name"].map(lambda v: _KPI_CODE_IN_NAME.match(v) if isinstance(v, str) else None)
        out["kpi_code"] = split.map(lambda m: m[1] if m else None)
        out["kpi_name"] = [m[2] if m else v for m, v in zip(split, out["kpi_name"], strict=True)]
    for c in ("c4", "c5", "direction", "scheme", "status", "dimension_name", "dimension_weight",
              "kpi_type", "unit", "owner", "prev_result_1", "prev_result_2", "result_6m", "result_9m", "result_12m"):
        if c not in out.columns:
            out[c] = None
    out["direction"] = out["direction"].fillna(scoring.HIGHER)
    out["status"] = out["status"].fillna("active")
    both = out["c4"].notna() & out["c5"].notna()
    out["scheme"] = out["scheme"].where(out["scheme"].notna(),
                                        np.where(both, scoring.FIVE_LEVEL, scoring.THREE_LEVEL))
    weights = out["weight"]
    ch.add_mask("bad_weight", weights.notna() & (weights <= 0), "weight", weights)
    five = out["scheme"] == scoring.FIVE_LEVEL
    lacking = five & ~both
    ch.add_mask("missing_criteria", lacking, "c4", None, scheme=scoring.FIVE_LEVEL, columns="c1-c5")
    crit = out[["c1", "c2", "c3", "c4", "c5"]].astype("float64").to_numpy()
    n_points = np.where(five.to_numpy(), 5, 3)
    steps = np.diff(crit, axis=1)
    lower = (out["direction"] == scoring.LOWER).to_numpy()
    mask3 = np.arange(4)[None, :] < (n_points[:, None] - 1)
    with np.errstate(invalid="ignore"):
        good = np.where(lower[:, None], steps < 0, steps > 0)
    complete = ~np.isnan(crit[:, :3]).any(axis=1) & ~(lacking.to_numpy())
    monotonic = np.where(mask3, good, True).all(axis=1)
    for idx in np.flatnonzero(complete & ~monotonic):
        points = [_show(v) for v in crit[idx, :n_points[idx]]]
        direction = out["direction"].iloc[idx]
        ch.add("criteria_not_monotonic", int(idx), "c1", " / ".join(points), criteria=" / ".join(points),
               direction=direction, order_th="เพิ่มขึ้น" if direction == scoring.HIGHER else "ลดลง",
               order_en="ascending" if direction == scoring.HIGHER else "descending")
    _duplicates(ch, out, ["org_code", "fiscal_year", "kpi_code"], "duplicate_kpi", "kpi_code",
                lambda r: str(r["kpi_code"]))
    out.loc[~five, ["c4", "c5"]] = np.nan
    out["seq"] = np.arange(len(out))
    # Preview and warnings: scores as they will be computed.
    for rnd in (6, 9, 12):
        out[f"score_{rnd}m"] = np.nan
    ok = ~ch.bad_rows
    for scheme_name, cfg in config.items():
        sel = ok & (out["scheme"] == scheme_name).to_numpy()
        if not sel.any():
            continue
        k = len(cfg.scores)
        c = crit[sel][:, :k]
        for rnd in (6, 9, 12):
            res = out.loc[sel, f"result_{rnd}m"].astype("float64").to_numpy()
            out.loc[sel, f"score_{rnd}m"] = scoring.score_many(res, c, out.loc[sel, "direction"].to_numpy(), cfg)
    _weight_warnings(ch, out)
    kpis = out[["org_code", "fiscal_year", "dimension", "dimension_name", "dimension_weight", "kpi_code",
                "kpi_name", "kpi_type", "weight", "unit", "direction", "scheme", "c1", "c2", "c3", "c4", "c5",
                "prev_result_1", "prev_result_2", "status", "owner", "seq"]].copy()
    long = []
    for rnd in (6, 9, 12):
        part = out.loc[out[f"result_{rnd}m"].notna(), ["org_code", "fiscal_year", "kpi_code", f"result_{rnd}m"]]
        long.append(part.rename(columns={f"result_{rnd}m": "result"}).assign(round=rnd))
    results = pd.concat(long, ignore_index=True)[["org_code", "fiscal_year", "kpi_code", "round", "result"]]
    return {"kpis": kpis, "kpi_results": results}


def _weight_warnings(ch: _Checker, out: pd.DataFrame) -> None:
    """A dimension's KPI weights should add up to its stated weight, an agreement's dimensions to 100.

    The sums are taken for all groups at once; Python looks again only at the groups that may be off,
    with the arithmetic of a group at a time (so the warnings are the same to the last digit).
    """
    keys = ["org_code", "fiscal_year", "dimension"]
    valid = out[[*keys, "weight"]].notna().all(axis=1) & ~ch.bad_rows
    if not valid.any():
        return
    sub = out.loc[valid, [*keys, "weight"]].assign(stated=out.loc[valid, "dimension_weight"].astype("float64"),
                                                    row=out.index[valid])
    by_dim = sub.groupby(keys, sort=False)
    dims = by_dim.agg(total=("weight", "sum"), stated=("stated", "first"), row=("row", "min")).reset_index()
    rows_of: dict[Any, np.ndarray] = {}

    def weights_of(key: tuple[Any, ...]) -> float:
        """A dimension's weight sum exactly as summing its rows gives it."""
        if not rows_of:
            rows_of.update(by_dim.indices)
        return float(sub["weight"].iloc[rows_of[key]].sum())

    # Totals are rounded to 4 decimals before they are compared. numpy rounds as Python does unless
    # total x 10^4 is within a hair of a half: such groups are looked at again too.
    scaled = dims["total"] * 10_000
    near_half = ((scaled - np.floor(scaled)) - 0.5).abs() < 1e-6
    maybe = dims["stated"].notna() & (((dims["total"].round(4) - dims["stated"]).abs() > 1e-6 - 1e-9) | near_half)
    for r in dims[maybe].itertuples(index=False):
        total = round(weights_of((r.org_code, r.fiscal_year, r.dimension)), 4)
        if abs(total - float(r.stated)) > 1e-6:
            ch.add("weights_sum", int(r.row), "weight", severity="warning",
                   scope=f"มิติ {r.dimension} ({r.org_code} {int(r.fiscal_year)})",
                   scope_en=f"dimension {r.dimension} ({r.org_code} FY{int(r.fiscal_year)})", total=_show(total),
                   expected=_show(float(r.stated)))
    # An agreement's dimensions count with their stated weight, else the sum of their KPIs' weights.
    dims["agreed"] = dims["stated"].where(dims["stated"].notna(), dims["total"])
    by_agreement = dims.groupby(["org_code", "fiscal_year"], sort=False)
    totals = by_agreement["agreed"].sum()
    off = totals[(totals - 100).abs() > 1e-6 - 1e-7]
    if off.empty:
        return
    dims_of = by_agreement.indices
    for org, year in off.index:
        part = dims.iloc[dims_of[(org, year)]].sort_values("dimension")
        total = sum(float(d.stated) if pd.notna(d.stated) else weights_of((org, year, d.dimension))
                    for d in part.itertuples(index=False))
        if abs(total - 100) > 1e-6:
            ch.add("weights_sum", int(part["row"].min()), "weight", severity="warning",
                   scope=f"ทุกมิติ ({org} {int(year)})", scope_en=f"all dimensions ({org} FY{int(year)})",
                   total=_show(round(total, 4)), expected=100)


_INDICATOR_CELL = re.compile(r"^\s*(\d+)\s*[.)]?\s*(.*)$", re.S)
_QUESTION_CELL = re.compile(r"^\s*([ieoIEO๐]\s*\d+(?:\s*[-–]\s*[ieoIEO๐]?\s*\d+)?)\s*(.*)$", re.S)


def _question_code(raw: str) -> str:
    code = raw.replace("๐", "o").replace("–", "-").replace(" ", "").lower()
    return code


def _check_ita(ch: _Checker, out: pd.DataFrame) -> dict[str, pd.DataFrame]:
    for c in ("tool", "question_code", "question_text", "recommendation", "analysis_label"):
        if c not in out.columns:
            out[c] = None
    # "1. การปฏิบัติ หน้าที่" -> 1; a cell with no number continues the indicator above.
    numbers: list[int | None] = []
    last: int | None = None
    for idx, cell in enumerate(out["indicator_no"]):
        if _missing(cell):
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
        if _missing(code) and isinstance(text, str) and (m := _QUESTION_CELL.match(text.translate({0x0E50: "o"}) if text[:1] == "๐" else text)):
            codes.append(_question_code(m[1]))
            texts.append(m[2].strip() or None)
        else:
            codes.append(_question_code(code) if isinstance(code, str) else None)
            texts.append(text if isinstance(text, str) else None)
    out["question_code"] = pd.Series(codes, index=out.index, dtype=object)
    out["question_text"] = pd.Series(texts, index=out.index, dtype=object)
    bad_code = _map_obj(out["question_code"], lambda c: isinstance(c, str) and ita_rules.question_tool(c) is None)
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
    expected = _map_obj(out["indicator_no"], lambda n: ita_rules.INDICATOR_TOOL.get(int(n)) if pd.notna(n) else None)
    given = out["tool"]
    clash = given.notna() & expected.notna() & (given != expected)
    for i in map(int, np.flatnonzero(clash.to_numpy())):
        ch.add("tool_mismatch", i, "tool", given.iloc[i], indicator=int(out["indicator_no"].iloc[i]),
               expected=expected.iloc[i])
    # A code is reported in its own column when the file has one, else in the question text it leads.
    qcol = "question_code" if "question_code" in ch.sheet.header_of else "question_text"
    qtool = _map_obj(out["question_code"], lambda c: ita_rules.question_tool(c) if isinstance(c, str) else None)
    qclash = qtool.notna() & expected.notna() & (qtool != expected)
    for i in map(int, np.flatnonzero(qclash.to_numpy())):
        ch.add("question_tool_mismatch", i, qcol, out["question_code"].iloc[i],
               found=qtool.iloc[i], indicator=int(out["indicator_no"].iloc[i]), expected=expected.iloc[i])
    out["tool"] = expected
    is_q = out["question_code"].notna()
    _duplicates(ch, out[is_q], ["org_code", "fiscal_year", "question_code"], "duplicate_question", qcol,
                lambda r: str(r["question_code"]))
    _duplicates(ch, out[~is_q], ["org_code", "fiscal_year", "indicator_no"], "duplicate_indicator", "indicator_no",
                lambda r: str(r["indicator_no"]))
    out["seq"] = np.arange(len(out))
    out["band"] = _map_obj(out["score"], lambda s: ita_rules.band(s) if pd.notna(s) else None)
    out["label_mismatch"] = [bool(pd.notna(s) and ita_rules.label_mismatch(s, lab))
                             for s, lab in zip(out["score"], out["analysis_label"], strict=True)]
    indicators = out.loc[~is_q, ["org_code", "fiscal_year", "indicator_no", "tool", "score"]].copy()
    questions = out.loc[is_q, ["org_code", "fiscal_year", "indicator_no", "tool", "question_code", "question_text",
                               "score", "recommendation", "analysis_label", "seq"]].copy()
    return {"ita_indicators": indicators, "ita_questions": questions, "_preview": out}


def _check_summary(ch: _Checker, out: pd.DataFrame) -> dict[str, pd.DataFrame]:
    for c in ("rank_ministry", "ministry_size", "rank_group", "group_size"):
        if c not in out.columns:
            out[c] = np.nan
    for rank, size in (("rank_ministry", "ministry_size"), ("rank_group", "group_size")):
        over = out[rank].notna() & out[size].notna() & (out[rank] > out[size])
        for idx in np.flatnonzero(over.to_numpy()):
            ch.add("summary_rank", int(idx), rank, out[rank].iloc[idx], rank=_show(out[rank].iloc[idx]),
                   size=_show(out[size].iloc[idx]))
    _duplicates(ch, out, ["org_code", "fiscal_year"], "duplicate_key", "org_code",
                lambda r: f"{r['org_code']} {int(r['fiscal_year'])}")
    cols = ["org_code", "fiscal_year", "overall", "rank_ministry", "ministry_size", "rank_group", "group_size"]
    return {"ita_summaries": out[cols].copy()}


_QUARTER = re.compile(r"^(\d{4})(Q[1-4]|PRE)$")


def _check_actions(ch: _Checker, out: pd.DataFrame) -> dict[str, pd.DataFrame]:
    for c in ("level", "assessor_result", "assessor_reason", "action_no", "owner_main", "owner_support",
              "start_date", "due_date", "quarters", "status", "progress", "note"):
        if c not in out.columns:
            out[c] = None
    out["status"] = out["status"].fillna(act.NOT_STARTED)
    quarters = _map_obj(out["quarters"],
        lambda q: None if _missing(q) else ";".join(p.strip().upper() for p in re.split(r"[;,\s]+", str(q).translate(THAI_DIGITS)) if p.strip()))
    bad_q = _map_obj(quarters, lambda q: q is not None and not all(_QUARTER.match(p) for p in q.split(";")))
    ch.add_mask("bad_quarters", bad_q, "quarters", out["quarters"])
    out["quarters"] = quarters
    early = out["start_date"].notna() & out["due_date"].notna() & ~ch.bad_rows
    for idx in np.flatnonzero(early.to_numpy()):
        if out["due_date"].iloc[idx] < out["start_date"].iloc[idx]:
            ch.add("due_before_start", int(idx), "due_date", out["due_date"].iloc[idx])
    out["seq"] = np.arange(len(out))
    cols = ["org_code", "fiscal_year", "source", "ref", "level", "assessor_result", "assessor_reason", "action_no",
            "action", "owner_main", "owner_support", "start_date", "due_date", "quarters", "status", "progress",
            "note", "seq"]
    frame = out[cols].copy()
    for c in ("start_date", "due_date"):
        frame[c] = pd.to_datetime(frame[c]).dt.date
    return {"actions": frame}


def _check_cycle(ch: _Checker, out: pd.DataFrame) -> dict[str, pd.DataFrame]:
    for c in ("step_name", "started", "finished"):
        if c not in out.columns:
            out[c] = None
    neg = out["standard_days"].notna() & (out["standard_days"] < 0)
    ch.add_mask("out_of_range", neg, "standard_days", out["standard_days"], low=0, high=365)
    bad_step = out["step_no"].notna() & (out["step_no"] < 1)
    ch.add_mask("out_of_range", bad_step, "step_no", out["step_no"], low=1, high=99)
    for idx in range(len(out)):
        s, f = out["started"].iloc[idx], out["finished"].iloc[idx]
        if not _missing(s) and not _missing(f) and f < s:
            ch.add("finished_before_started", idx, "finished", f)
    _duplicates(ch, out, ["org_code", "fiscal_year", "step_no"], "duplicate_key", "step_no",
                lambda r: f"{r['org_code']} {int(r['fiscal_year'])} step {int(r['step_no'])}")
    frame = out[["org_code", "fiscal_year", "step_no", "step_name", "standard_days", "started", "finished"]].copy()
    for c in ("started", "finished"):
        frame[c] = pd.to_datetime(frame[c]).dt.date
    return {"cycle_steps": frame}


def _check_orgs(ch: _Checker, out: pd.DataFrame) -> dict[str, pd.DataFrame]:
    for c in ("abbr_th", "name_en", "ministry", "org_group"):
        if c not in out.columns:
            out[c] = None
    _duplicates(ch, out, ["org_code"], "duplicate_key", "org_code", lambda r: str(r["org_code"]))
    return {"orgs": out[["org_code", "abbr_th", "name_th", "name_en", "ministry", "org_group"]].copy()}


# -- the public entry points ------------------------------------------------------------------
def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def scheme_configs(store: Store | None) -> dict[str, scoring.SchemeConfig]:
    """The scheme points in force: defaults, overridden by the store's settings."""
    configs = dict(scoring.DEFAULT_SCHEMES)
    stored = store.setting("schemes") if store is not None else None
    for name, value in (stored or {}).items():
        configs[name] = scoring.SchemeConfig(tuple(value["scores"]), float(value["below_first"]),
                                             int(value["target_level"]))
    return configs


def parse_file(data: bytes, file_name: str, store: Store | None = None, kind: str | None = None,
               org: str | None = None, year: int | None = None, limits: Limits = Limits()) -> Parsed:
    """Read and check a file; nothing is written. Every problem is reported at once."""
    parsed = Parsed(kind=kind, sheet=None, file_name=Path(file_name).name, sha256=sha256_of(data))
    try:
        raw = read_file(data, file_name, limits)
    except ReadError as exc:
        parsed.problems.append(_p("error", exc.code, **exc.params))
        return parsed
    return _parse_raw(parsed, raw, store, kind, org, year)


def _pick_sheet(parsed: Parsed, raw: RawFile, kind: str | None) -> tuple[RawSheet | None, str | None]:
    for name in raw.hidden:
        parsed.problems.append(_p("warning", "hidden_sheet", sheet=name))
    if not raw.sheets:
        parsed.problems.append(_p("error", "no_sheets"))
        return None, None
    found = [(s, detect_kind(s)) for s in raw.sheets]
    candidates = [(s, k) for s, k in found if k is not None and (kind is None or k == kind)]
    if kind is not None and not candidates:
        # The chosen kind wins when its headers are there, even if another kind matched better; but a sheet
        # with every column of another kind and not all of the chosen one's is that other kind (wrong_kind).
        for s, k in found:
            if (k is None or _required_present(s, kind)) and _cut_sheet(s, kind) is not None:
                candidates = [(s, kind)]
                break
    if not candidates:
        other = next((k for _, k in found if k is not None), None)
        if kind is not None and other is not None:
            parsed.problems.append(_p("error", "wrong_kind", sheet=found[0][0].name, found=other, asked=kind))
        elif kind is not None:
            example = ", ".join(c.th or c.name for c in SPECS[kind] if c.required)
            parsed.problems.append(_p("error", "no_header", sheet=raw.sheets[0].name, example=example))
        else:
            parsed.problems.append(_p("error", "unknown_kind", sheet=raw.sheets[0].name))
        return None, None
    sheet, chosen = candidates[0]
    others = [s.name for s in raw.sheets if s is not sheet and any(s is c for c, _ in candidates)]
    if others:
        parsed.problems.append(_p("warning", "ignored_sheets", sheet=sheet.name, others=", ".join(others)))
    return sheet, chosen


def _a1(cell: str) -> tuple[int, int]:
    """'C2' -> (2, 2): the row as numbered in the file and the 0-based column."""
    m = re.fullmatch(r"([A-Z]+)(\d+)", cell)
    if not m:
        return 0, 0
    col = 0
    for ch in m[1]:
        col = col * 26 + ord(ch) - ord("A") + 1
    return int(m[2]), col - 1


def _parse_raw(parsed: Parsed, raw: RawFile, store: Store | None, kind: str | None,
               org: str | None, year: int | None) -> Parsed:
    sheet, chosen = _pick_sheet(parsed, raw, kind)
    if sheet is None or chosen is None:
        return parsed
    parsed.kind, parsed.sheet = chosen, sheet.name
    cut = _cut_sheet(sheet, chosen)
    for sheet_name, cell in raw.formula_cells:
        if sheet_name == sheet.name:
            row, col_no = _a1(cell)
            header = cut.headers[col_no] if cut is not None and col_no < len(cut.headers) and cut.headers[col_no] else None
            parsed.problems.append(_p("error", "formula_no_value", sheet=sheet_name, row=row, column=header, cell=cell))
    if cut is None:
        example = ", ".join(c.th or c.name for c in SPECS[chosen] if c.required)
        parsed.problems.append(_p("error", "no_header", sheet=sheet.name, example=example))
        return parsed
    ch = _Checker(cut, chosen)
    frame = _apply_defaults(ch, cut.frame.copy(), org, year)
    present = set(frame.columns)
    for col in SPECS[chosen]:
        if col.required and col.name not in present and not (chosen == "kpi" and col.name == "kpi_code"):
            ch.problems.append(_p("error", "missing_column", sheet=sheet.name, column=col.name, column_th=col.th))
    if any(p.code in ("missing_column", "missing_org_year") for p in ch.problems):
        parsed.problems.extend(ch.problems)
        return parsed
    if frame.empty:
        ch.problems.append(_p("error", "no_rows", sheet=sheet.name))
        parsed.problems.extend(ch.problems)
        return parsed
    group_key = {"kpi": "dimension", "ita": "indicator_no", "actions": "ref"}.get(chosen)
    if group_key:
        frame = _continue_groups(ch, frame, group_key)
    frame = _dup_rows(ch, frame)
    out = _convert(ch, frame)
    lookup = store.org_lookup() if store is not None else {}
    if chosen == "orgs":
        for code in out["org_code"].dropna():
            lookup[str(code).lower()] = str(code)
    else:
        names = sorted(set(lookup.values()) | {k for k in lookup if not k.isascii()})
        _resolve_orgs(ch, out, lookup, names)
        if org is not None:
            chosen_org = lookup.get(org.strip().lower(), org)
            conflict = out["org_code"].notna() & (out["org_code"] != chosen_org)
            ch.add_mask("org_conflict", conflict, "org_code", out["org_code"], chosen=chosen_org)
        if year is not None and "fiscal_year" in out.columns:
            conflict = out["fiscal_year"].notna() & (out["fiscal_year"] != year)
            ch.add_mask("year_conflict", conflict, "fiscal_year", out["fiscal_year"], chosen=year)
    if "fiscal_year" in out.columns:
        out["fiscal_year"] = out["fiscal_year"].astype("Int64")
    checks: dict[str, Callable[[_Checker, pd.DataFrame], dict[str, pd.DataFrame]]] = {
        "orgs": _check_orgs, "ita": _check_ita, "ita_summary": _check_summary,
        "actions": _check_actions, "cycle": _check_cycle,
        "kpi": lambda c, o: _check_kpi(c, o, scheme_configs(store)),
    }
    frames = checks[chosen](ch, out)
    parsed.problems.extend(ch.problems)
    preview = frames.pop("_preview", None)
    parsed.preview = dict(frames) if preview is None else {"ita": preview, **frames}
    if chosen == "kpi":
        parsed.preview["kpi_preview"] = out
    if parsed.errors:
        return parsed
    for name, f in frames.items():
        for c in ("fiscal_year", "indicator_no", "rank_ministry", "ministry_size", "rank_group", "group_size",
                  "step_no", "standard_days"):
            if c in f.columns:
                f[c] = f[c].astype("Int64")
        frames[name] = f.reset_index(drop=True)
    scope_cols = list(KIND_SCOPE[chosen])
    first = frames[next(iter(frames))]
    scopes = sorted({tuple(r) for r in first[scope_cols].itertuples(index=False)}, key=repr)
    scopes = [tuple(int(v) if isinstance(v, (np.integer,)) else v for v in s) for s in scopes]
    parsed.scopes = scopes
    parsed.plan = ImportPlan(kind=chosen, file_name=parsed.file_name, sha256=parsed.sha256, frames=frames,
                             scopes=scopes)
    return parsed


@dataclass
class ImportOutcome:
    batch_id: int
    kind: str
    rows: dict[str, int]
    warnings: list[Problem]
    replaced: list[tuple[Any, ...]]


def files_dir(store: Store) -> Path:
    """Original files are kept beside the database, named by their SHA-256."""
    return store.path.parent / f"{store.path.stem}_files"


def keep_original(store: Store, data: bytes, file_name: str, sha256: str) -> str | None:
    if str(store.path) == ":memory:":
        return None
    folder = files_dir(store)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(file_name).suffix.lower() or ".bin"
    target = folder / f"{sha256}{suffix}"
    if not target.exists():
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
    return target.name


def import_file(store: Store, data: bytes, file_name: str, user: User, kind: str | None = None,
                org: str | None = None, year: int | None = None, replace: bool = False,
                limits: Limits = Limits()) -> ImportOutcome:
    """Check a file and store it as one batch, or raise with every problem; all or nothing.

    The user needs the "import" permission (Store.apply_import checks it for the file's orgs too).
    """
    store.require(user, "import", (), "import", Path(file_name).name)
    parsed = parse_file(data, file_name, store, kind, org, year, limits)
    if not parsed.ok or parsed.plan is None:
        raise ImportRejected(parsed.errors or parsed.problems)
    store.require(user, "import", plan_orgs(parsed.plan), "import", parsed.file_name)
    replaced = store.existing_scopes(parsed.plan.kind, parsed.plan.scopes)
    stored = keep_original(store, data, file_name, parsed.sha256)
    batch_id = store.apply_import(parsed.plan, user, replace=replace, stored_file=stored)
    return ImportOutcome(batch_id, parsed.plan.kind, {k: len(v) for k, v in parsed.plan.frames.items()},
                         parsed.warnings, replaced)
