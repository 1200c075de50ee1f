"""The column specifications of each kind of file: names, Thai headers, accepted spellings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from analytics import actions as act
from analytics import scoring
from analytics.calendar import THAI_DIGITS

KINDS = ("orgs", "kpi", "ita", "ita_summary", "actions", "cycle")


@dataclass(frozen=True)
class Col:
    name: str
    kind: str  # text | code | int | year | number | score | percent | date | enum
    required: bool = False
    th: str = ""
    aliases: tuple[str, ...] = ()
    enum: Accepted | None = None  # accepted spelling (normalised) -> stored value
    group: bool = False  # blank cells continue the group above


class Accepted(dict[str, str]):
    """A list column's accepted spellings (normalised) -> stored value; words keeps each value's spellings as written."""

    words: dict[str, list[str]]

    def params(self) -> dict[str, str]:
        """The bad_enum message's parameters: the values, and the Thai words accepted for each."""
        values = sorted(self.words)
        thai = {v: [w for w in self.words[v] if not w.isascii()] for v in values}
        allowed_th = ", ".join(f"{' / '.join(thai[v])} ({v})" if thai[v] else v for v in values)
        also = "; ".join(f"{', '.join(thai[v])} ({v})" for v in values if thai[v])
        return {"allowed": ", ".join(values), "allowed_th": allowed_th,
                "also_en": f" Thai words are accepted too: {also}." if also else ""}


def enum_of(*pairs: tuple[str, Sequence[str]]) -> Accepted:
    out = Accepted()
    out.words = {}
    for value, spellings in pairs:
        out.words[value] = list(spellings)
        for s in (value, *spellings):
            out[norm_token(s)] = value
    return out


def norm_token(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", str(text)).lower()


DIRECTION = enum_of(("higher", ["สูงดี", "มากดี", "higher is better", "up", "ยิ่งมากยิ่งดี"]),
                  ("lower", ["ต่ำดี", "น้อยดี", "lower is better", "down", "ยิ่งน้อยยิ่งดี"]))
SCHEME = enum_of((scoring.FIVE_LEVEL, ["5", "5level", "5 ระดับ", "five"]),
               (scoring.THREE_LEVEL, ["3", "3level", "3 ระดับ", "three"]))
KPI_STATUS = enum_of(("active", ["ใช้งาน", "ปกติ"]), ("cancelled", ["ยกเลิก", "canceled", "cancel"]))
TOOL = enum_of(("IIT", ["iit"]), ("EIT", ["eit"]), ("OIT", ["oit"]))
SOURCE = enum_of(("pmqa", ["pmqa4.0", "pmqa 4.0"]), ("ita", ["มาตรการita"]), ("kpi", ["ตัวชี้วัด"]))
LEVEL = enum_of(("basic", ["a&d", "basic(a&d)"]), ("advance", ["alignment", "advance(alignment)"]),
              ("significance", ["integration", "significance(integration)"]))
ASSESSOR = enum_of(("pass", ["ผ่าน", "passed", "✓"]), ("fail", ["ไม่ผ่าน", "failed", "x", "✗"]))
ACTION_STATUS = enum_of(
    (act.NOT_STARTED, ["ยังไม่เริ่ม", "ยังไม่ดำเนินการ", "notstarted", "todo"]),
    (act.IN_PROGRESS, ["กำลังดำเนินการ", "อยู่ระหว่างดำเนินการ", "inprogress", "doing"]),
    (act.DONE, ["ดำเนินการแล้ว", "เสร็จสิ้น", "เสร็จแล้ว", "completed", "complete"]),
    (act.CANCELLED, ["ยกเลิก", "canceled"]))

# A pass of an evaluation-cycle step (seed 000): done (เห็นชอบ, stored as no outcome), sent back, not needed.
CYCLE_OUTCOME = enum_of(("done", ["เห็นชอบ", "approved", "ดำเนินการแล้ว", "เสร็จ"]),
                        ("sent_back", ["ไม่เห็นชอบ", "ส่งกลับ", "sent back", "returned", "rejected"]),
                        ("not_applicable", ["ไม่มี", "ไม่ต้องดำเนินการ", "ไม่เกี่ยวข้อง", "n/a", "na", "ไม่มีการดำเนินการ"]))

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
        Col("pass_no", "int", False, "ครั้งที่", ("ครั้งที่ดำเนินการ",)),
        Col("outcome", "enum", False, "ผลการพิจารณา", ("ผล", "ผลการดำเนินการ"), enum=CYCLE_OUTCOME),
    ),
}
SHEET_NAMES = {"orgs": ("orgs", "หน่วยงาน"), "kpi": ("kpi", "ตัวชี้วัด"), "ita": ("ita", "คะแนนita"),
               "ita_summary": ("ita_summary", "สรุปita", "ผลita"), "actions": ("actions", "แผนปฏิบัติการ"),
               "cycle": ("cycle", "รอบการประเมิน")}


def norm_header(text: Any) -> str:
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
                out.setdefault(norm_header(spelling), col.name)
    return out

