"""The one label catalogue: every text a person reads, in Thai and English.

`t(key, lang, **params)` formats an entry; tests fail when a key lacks either language.
"""

from __future__ import annotations

from typing import Any

LANGS = ("th", "en")

CATALOGUE: dict[str, dict[str, str]] = {
    # ITA bands and ratings
    "band.maintain": {"th": "รักษาระดับ", "en": "Maintain"},
    "band.develop": {"th": "พัฒนาระดับ", "en": "Develop"},
    "band.improve": {"th": "ปรับปรุงแก้ไข", "en": "Improve"},
    "rating.excellent": {"th": "ผ่าน (ดีเยี่ยม)", "en": "Pass (excellent)"},
    "rating.pass": {"th": "ผ่าน", "en": "Pass"},
    "rating.fail": {"th": "ไม่ผ่าน", "en": "Fail"},
    # action statuses, sources, levels
    "status.not_started": {"th": "ยังไม่เริ่ม", "en": "Not started"},
    "status.in_progress": {"th": "กำลังดำเนินการ", "en": "In progress"},
    "status.done": {"th": "ดำเนินการแล้ว", "en": "Done"},
    "status.cancelled": {"th": "ยกเลิก", "en": "Cancelled"},
    "status.overdue": {"th": "เกินกำหนด", "en": "Overdue"},
    "source.pmqa": {"th": "PMQA 4.0", "en": "PMQA 4.0"},
    "source.ita": {"th": "มาตรการ ITA", "en": "ITA measure"},
    "source.kpi": {"th": "ติดตามตัวชี้วัด", "en": "KPI follow-up"},
    "level.basic": {"th": "Basic (A&D)", "en": "Basic (A&D)"},
    "level.advance": {"th": "Advance (Alignment)", "en": "Advance (Alignment)"},
    "level.significance": {"th": "Significance (Integration)", "en": "Significance (Integration)"},
    "assessor.pass": {"th": "ผ่าน", "en": "Pass"},
    "assessor.fail": {"th": "ไม่ผ่าน", "en": "Fail"},
    "kpi_status.active": {"th": "ใช้งาน", "en": "Active"},
    "kpi_status.cancelled": {"th": "ยกเลิก", "en": "Cancelled"},
    # kinds of file
    "kind.orgs": {"th": "หน่วยงาน", "en": "Organisations"},
    "kind.kpi": {"th": "ตัวชี้วัด (KPI)", "en": "KPI agreement"},
    "kind.ita": {"th": "คะแนน ITA รายตัวชี้วัด/ข้อคำถาม", "en": "ITA indicator and question scores"},
    "kind.ita_summary": {"th": "ผลรวม ITA และลำดับ", "en": "ITA overall and ranks"},
    "kind.actions": {"th": "แผนปฏิบัติการ", "en": "Action plans"},
    "kind.cycle": {"th": "รอบการประเมิน", "en": "Evaluation cycle"},
    "kind.action_edit": {"th": "แก้ไขสถานะแผนปฏิบัติการ", "en": "Action-plan status edit"},
    # where a problem is
    "where.sheet": {"th": "ชีต {sheet}", "en": "sheet {sheet}"},
    "where.row": {"th": "แถว {row}", "en": "row {row}"},
    "where.column": {"th": "คอลัมน์ {column}", "en": "column {column}"},
    "where.value": {"th": "ค่า “{value}”", "en": "value “{value}”"},
    "severity.error": {"th": "ข้อผิดพลาด", "en": "Error"},
    "severity.warning": {"th": "คำเตือน", "en": "Warning"},
    # problems: what is wrong and what was expected
    "problem.empty_file": {"th": "ไฟล์ว่างเปล่า ไม่มีข้อมูล คาดว่าเป็นไฟล์ .xlsx หรือ .csv ที่มีแถวหัวตารางและข้อมูล",
                           "en": "The file is empty; expected an .xlsx or .csv file with a header row and data."},
    "problem.too_large": {"th": "ไฟล์มีขนาด {size_mb} MB เกินขีดจำกัด {limit_mb} MB",
                          "en": "The file is {size_mb} MB, over the {limit_mb} MB limit."},
    "problem.not_xlsx": {"th": "อ่านไฟล์ Excel ไม่ได้ ไฟล์อาจเสียหายหรือไม่ใช่ .xlsx (รองรับ .xlsx และ .csv)",
                         "en": "The Excel file cannot be read: it is damaged or not .xlsx (expected .xlsx or .csv)."},
    "problem.bad_encoding": {"th": "อ่านข้อความในไฟล์ CSV ไม่ได้ คาดว่าเข้ารหัสเป็น UTF-8 หรือ TIS-620 (cp874)",
                             "en": "The CSV text cannot be decoded; expected UTF-8 or TIS-620 (cp874)."},
    "problem.binary_file": {"th": "ไฟล์นี้ไม่ใช่ข้อความ CSV คาดว่าเป็นไฟล์ .xlsx หรือ .csv",
                            "en": "This file is not CSV text; expected an .xlsx or .csv file."},
    "problem.too_many_rows": {"th": "ชีต {sheet} มี {rows} แถว เกินขีดจำกัด {limit} แถว",
                              "en": "Sheet {sheet} has {rows} rows, over the limit of {limit}."},
    "problem.zip_bomb": {"th": "ไฟล์ .xlsx เมื่อขยายแล้วมีขนาด {size_mb} MB เกินขีดจำกัด {limit_mb} MB จึงปฏิเสธก่อนขยาย",
                         "en": "The .xlsx expands to {size_mb} MB, over the {limit_mb} MB limit; refused before expanding."},
    "problem.xml_entities": {"th": "ไฟล์มีการประกาศ XML entity/DOCTYPE ใน {part} ซึ่งไม่อนุญาตเพื่อความปลอดภัย",
                             "en": "The file declares XML entities or a DOCTYPE in {part}, which is refused for safety."},
    "problem.no_sheets": {"th": "ไม่พบชีตที่มองเห็นได้ในไฟล์", "en": "The workbook has no visible sheet."},
    "problem.no_header": {"th": "ไม่พบแถวหัวตารางที่รู้จัก คาดว่ามีหัวคอลัมน์ เช่น {example}",
                          "en": "No recognisable header row; expected column headers such as {example}."},
    "problem.unknown_kind": {"th": "ระบุประเภทข้อมูลจากหัวคอลัมน์ไม่ได้ โปรดเลือกประเภท (orgs, kpi, ita, ita_summary, actions, cycle)",
                             "en": "Cannot tell the kind from the headers; choose one of orgs, kpi, ita, ita_summary, actions, cycle."},
    "problem.wrong_kind": {"th": "หัวคอลัมน์เป็นของข้อมูลประเภท {found} แต่เลือกนำเข้าเป็น {asked}",
                           "en": "The headers are those of kind {found}, but kind {asked} was chosen."},
    "problem.missing_column": {"th": "ไม่พบคอลัมน์ที่จำเป็น {column} ({column_th})",
                               "en": "Required column {column} ({column_th}) is missing."},
    "problem.missing_org_year": {"th": "ไฟล์ไม่มีคอลัมน์ {column} โปรดระบุ{what}ของไฟล์นี้",
                                 "en": "The file has no {column} column; name the {what_en} this file is for."},
    "problem.no_rows": {"th": "มีแถวหัวตารางแต่ไม่มีข้อมูล", "en": "The header row is followed by no data."},
    "problem.missing_value": {"th": "ช่องนี้ต้องมีค่า ({column_th})", "en": "This cell must have a value ({column_th})."},
    "problem.not_number": {"th": "ต้องเป็นตัวเลข", "en": "Expected a number."},
    "problem.not_integer": {"th": "ต้องเป็นจำนวนเต็ม", "en": "Expected a whole number."},
    "problem.out_of_range": {"th": "ต้องอยู่ระหว่าง {low} ถึง {high}", "en": "Expected a value from {low} to {high}."},
    "problem.ce_year": {"th": "ปี {value} ดูเหมือนเป็นปี ค.ศ. ต้องเป็นปีงบประมาณ พ.ศ. (เช่น {suggest})",
                        "en": "Year {value} looks like a CE year; expected a Buddhist-Era fiscal year (did you mean {suggest}?)."},
    "problem.bad_year": {"th": "ต้องเป็นปีงบประมาณ พ.ศ. ระหว่าง {low} ถึง {high}",
                         "en": "Expected a Buddhist-Era fiscal year from {low} to {high}."},
    "problem.bad_date": {"th": "อ่านวันที่ไม่ได้ คาดว่าเป็นวันที่ Excel, ISO (2024-10-01) หรือ “1 ต.ค. 2567”",
                         "en": "Unreadable date; expected an Excel date, ISO (2024-10-01) or Thai text such as “1 ต.ค. 2567”."},
    "problem.bad_enum": {"th": "ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: {allowed}", "en": "Expected one of: {allowed}."},
    "problem.unknown_org": {"th": "ไม่รู้จักหน่วยงาน “{value}” {suggest_th}",
                            "en": "Unknown organisation “{value}”. {suggest_en}"},
    "problem.org_conflict": {"th": "หน่วยงานในไฟล์ ({value}) ไม่ตรงกับหน่วยงานที่เลือก ({chosen})",
                             "en": "The file's organisation ({value}) differs from the one chosen ({chosen})."},
    "problem.year_conflict": {"th": "ปีในไฟล์ ({value}) ไม่ตรงกับปีที่เลือก ({chosen})",
                              "en": "The file's year ({value}) differs from the one chosen ({chosen})."},
    "problem.criteria_not_monotonic": {
        "th": "เกณฑ์การให้คะแนน {criteria} ต้อง{order_th}ต่อเนื่อง เพราะทิศทางคือ {direction}",
        "en": "Criteria {criteria} must be strictly {order_en} for a {direction}-is-better KPI."},
    "problem.missing_criteria": {"th": "เกณฑ์แบบ {scheme} ต้องมีค่าเกณฑ์ {columns}",
                                 "en": "A {scheme} scheme needs criteria {columns}."},
    "problem.bad_weight": {"th": "น้ำหนักต้องมากกว่า 0", "en": "The weight must be greater than 0."},
    "problem.duplicate_kpi": {"th": "รหัสตัวชี้วัด {value} ซ้ำกับแถว {first_row} ในปีเดียวกัน",
                              "en": "KPI code {value} repeats row {first_row} within the same year."},
    "problem.indicator_range": {"th": "ตัวชี้วัด ITA ต้องเป็นเลข 1 ถึง 10", "en": "An ITA indicator must be numbered 1 to 10."},
    "problem.tool_mismatch": {"th": "ตัวชี้วัดที่ {indicator} ใช้เครื่องมือ {expected} ไม่ใช่ {value}",
                              "en": "Indicator {indicator} is assessed by {expected}, not {value}."},
    "problem.question_tool_mismatch": {
        "th": "ข้อคำถาม {value} เป็นของเครื่องมือ {found} แต่ตัวชี้วัดที่ {indicator} ใช้ {expected}",
        "en": "Question {value} belongs to {found}, but indicator {indicator} is assessed by {expected}."},
    "problem.bad_question": {"th": "รหัสข้อคำถามต้องขึ้นต้นด้วย i, e หรือ o ตามด้วยตัวเลข (เช่น i1)",
                             "en": "A question code must be i, e or o followed by a number (e.g. i1)."},
    "problem.duplicate_question": {"th": "ข้อคำถาม {value} ซ้ำกับแถว {first_row}",
                                   "en": "Question {value} repeats row {first_row}."},
    "problem.duplicate_indicator": {"th": "คะแนนตัวชี้วัดที่ {value} ซ้ำกับแถว {first_row}",
                                    "en": "Indicator {value}'s own score repeats row {first_row}."},
    "problem.duplicate_key": {"th": "ข้อมูล {value} ซ้ำกับแถว {first_row}", "en": "{value} repeats row {first_row}."},
    "problem.formula_no_value": {"th": "ช่อง {cell} เป็นสูตรที่ไม่มีค่าที่คำนวณไว้ โปรดเปิดไฟล์ใน Excel แล้วบันทึกใหม่ หรือพิมพ์ค่าแทนสูตร",
                                 "en": "Cell {cell} holds a formula with no cached value; open and save the file in Excel, or type the value."},
    "problem.hidden_sheet": {"th": "ข้ามชีตที่ซ่อนอยู่ {sheet}", "en": "Hidden sheet {sheet} was ignored."},
    "problem.ignored_sheets": {"th": "นำเข้าเฉพาะชีต {sheet} ข้ามชีต {others}",
                               "en": "Only sheet {sheet} was read; sheets {others} were ignored."},
    "problem.duplicate_row": {"th": "แถวนี้ซ้ำกับแถว {first_row} ทุกช่อง จึงนำเข้าเพียงครั้งเดียว",
                              "en": "This row repeats row {first_row} exactly; it is imported once."},
    "problem.ignored_column": {"th": "ไม่รู้จักคอลัมน์ “{value}” จึงข้ามไป", "en": "Unknown column “{value}” was ignored."},
    "problem.weights_sum": {"th": "น้ำหนักตัวชี้วัดของ{scope}รวมได้ {total} ไม่เท่ากับ {expected}",
                            "en": "The KPI weights of {scope_en} add up to {total}, not {expected}."},
    "problem.finished_before_started": {"th": "วันที่เสร็จต้องไม่ก่อนวันที่เริ่ม", "en": "The finish date is before the start date."},
    "problem.due_before_start": {"th": "วันครบกำหนดต้องไม่ก่อนวันที่เริ่ม", "en": "The due date is before the start date."},
    "problem.bad_quarters": {"th": "ไตรมาสต้องเขียนเป็น 2568Q1;2568Q2 (หรือ 2562PRE)",
                             "en": "Quarters must be written like 2568Q1;2568Q2 (or 2562PRE)."},
    "problem.summary_rank": {"th": "ลำดับ {rank} ต้องไม่เกินจำนวนหน่วยงาน {size}",
                             "en": "Rank {rank} cannot exceed the number of units {size}."},
    "problem.continuation": {"th": "ข้อความต่อเนื่องไม่มีแถวก่อนหน้าให้ต่อ", "en": "Continued text has no row above to continue."},
}


def t(key: str, lang: str = "th", **params: Any) -> str:
    """The text of a catalogue key in a language, with its parameters filled in."""
    entry = CATALOGUE.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**params) if params else text


def missing_keys() -> dict[str, list[str]]:
    """Keys that lack a text in some language (the catalogue test asserts this is empty)."""
    out: dict[str, list[str]] = {}
    for key, entry in CATALOGUE.items():
        lacking = [lang for lang in LANGS if not entry.get(lang)]
        if lacking:
            out[key] = lacking
    return out
