"""Upload templates: one workbook per kind with Thai and English headers, instructions,
example rows and drop-down lists where the values are fixed."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from analytics.i18n import t
from analytics.importing import SPECS

EXAMPLES: dict[str, list[list[object]]] = {
    "orgs": [["DPIM", "กพร.", "กรมอุตสาหกรรมพื้นฐานและการเหมืองแร่", "Department of Primary Industries and Mines",
              "กระทรวงอุตสาหกรรม", "department"]],
    "kpi": [
        ["DPIM", 2569, "1", "ประสิทธิผลการดำเนินงาน", 60, "1.1", "ร้อยละของการออกประทานบัตรภายในระยะเวลาที่กำหนด",
         "strategic", 20, "ร้อยละ", "higher", "3-level", 80, 90, 100, None, None, 85, 88, 92, 86.5, 84, "active",
         "กองบริการงานอนุญาต"],
        ["DPIM", 2569, "1", "ประสิทธิผลการดำเนินงาน", 60, "1.2", "ระยะเวลาเฉลี่ยในการพิจารณาคำขอ (วัน)",
         "monitor", 40, "วัน", "lower", "3-level", 30, 25, 20, None, None, 28, 26, 24, 29, 31, "active",
         "กองบริการงานอนุญาต"],
    ],
    "ita": [
        ["DPIM", 2569, "1", "IIT", None, None, 96.5, None, None],
        ["DPIM", 2569, "1", "IIT", "i1", "การปฏิบัติงานเป็นไปตามขั้นตอนและระยะเวลา", 95.59,
         "ควรระบุขั้นตอนและระยะเวลาไว้ในคู่มือ", "พัฒนาระดับ"],
    ],
    "ita_summary": [["DPIM", 2569, 94.23, 6, 8, 56, 92]],
    "actions": [["DPIM", 2569, "ita", "4", None, None, None, "1", "ชี้แจงแนวทางการขอยืมทรัพย์สินราชการ",
                 "สำนักงานเลขานุการกรม", None, "2025-10-01", "2026-09-30", "2569Q1;2569Q2", "in_progress", 40, None]],
    "cycle": [["DPIM", 2569, 1, "รับทราบเกณฑ์เบื้องต้น", 1, "2025-10-01", "2025-10-01"]],
}

INSTRUCTIONS_TH = [
    "วิธีใช้แม่แบบ",
    "1. กรอกข้อมูลในชีตแรก หนึ่งแถวต่อหนึ่งรายการ อย่าแก้ไขแถวหัวตาราง",
    "2. คอลัมน์ที่มีเครื่องหมาย * ต้องกรอกทุกแถว",
    "3. ปีงบประมาณเป็น พ.ศ. (เช่น 2568) วันที่เขียนเป็น 2024-10-01 หรือ 1 ต.ค. 2567",
    "4. ตัวเลขเขียนได้ทั้งเลขอารบิกและเลขไทย มีจุลภาคหรือ % ได้",
    "5. ช่องที่มีรายการให้เลือก (ลูกศร) ต้องเลือกค่าจากรายการ",
    "6. ลบแถวตัวอย่างก่อนนำเข้า",
]
INSTRUCTIONS_EN = [
    "How to use this template",
    "1. Fill the first sheet, one row per item; do not change the header row.",
    "2. Columns marked * are required on every row.",
    "3. Fiscal years are Buddhist Era (e.g. 2568); dates as 2024-10-01 or 1 ต.ค. 2567.",
    "4. Numbers may use Arabic or Thai digits, commas or a % sign.",
    "5. Cells with a drop-down take one of its values.",
    "6. Delete the example rows before importing.",
]


ALL = "all"


def template_bytes(kind: str) -> bytes:
    """An .xlsx template for one kind of upload, or with kind "all" one workbook with a sheet per kind."""
    kinds = list(SPECS) if kind == ALL else [kind]
    wb = Workbook()
    first = wb.active
    assert first is not None
    sheets = [first] + [wb.create_sheet() for _ in kinds[1:]]
    info = wb.create_sheet("คำแนะนำ instructions")
    rows = [*INSTRUCTIONS_TH, "", *INSTRUCTIONS_EN]
    if kind == ALL:
        rows += ["", "แต่ละชีตคือข้อมูลหนึ่งประเภท ลบชีตที่ไม่ใช้ได้ ระบบนำเข้าทุกชีตพร้อมกันในครั้งเดียว",
                 "Each sheet is one kind of data; delete the sheets you do not use. All sheets import together, at once."]
    list_col = 4  # the drop-down values sit on the instructions sheet, right of the text
    for ws, k in zip(sheets, kinds, strict=True):
        list_col = _fill_kind(ws, k, info, list_col)
        rows += ["", f"{t('kind.' + k, 'th')} / {t('kind.' + k, 'en')} (ชีต sheet “{k}”)", ""]
        for col in SPECS[k]:
            rows.append(f"{col.name}{' *' if col.required else ''}: {col.th}"
                        + (f" [{', '.join(sorted(set(col.enum.values())))}]" if col.enum else ""))
    info.column_dimensions["A"].width = 90
    for i, line in enumerate(rows, start=1):
        info.cell(row=i, column=1, value=line).font = Font(bold=i in (1, len(INSTRUCTIONS_TH) + 2))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _fill_kind(ws: Worksheet, kind: str, info: Worksheet, list_col: int) -> int:
    """One kind's sheet: headers, example rows, drop-downs (their lists from list_col on); the next free list column."""
    cols = SPECS[kind]
    ws.title = kind
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for j, col in enumerate(cols, start=1):
        label = f"{col.th or col.name} ({col.name}){' *' if col.required else ''}"
        cell = ws.cell(row=1, column=j, value=label)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = max(14, min(40, len(label) + 2))
    for i, example in enumerate(EXAMPLES.get(kind, []), start=2):
        for j, value in enumerate(example, start=1):
            ws.cell(row=i, column=j, value=value)
    ws.freeze_panes = "A2"
    for j, col in enumerate(cols, start=1):
        if not col.enum:
            continue
        values = sorted(set(col.enum.values()))
        for i, v in enumerate(values, start=1):
            info.cell(row=i, column=list_col, value=v)
        letter = get_column_letter(list_col)
        dv = DataValidation(type="list", formula1=f"='{info.title}'!${letter}$1:${letter}${len(values)}",
                            allow_blank=True)
        # Excel keeps at most 255 characters of a validation message: the values only.
        words = {"allowed": ", ".join(values), "allowed_th": ", ".join(values), "also_en": ""}
        dv.error = f"{t('problem.bad_enum', 'th', **words)} / {t('problem.bad_enum', 'en', **words)}"
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
        dv.add(f"{get_column_letter(j)}2:{get_column_letter(j)}5000")
        list_col += 1
    return list_col
