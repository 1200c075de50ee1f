"""Catalogue entries of the guard (analytics.guard) and of the value checks: limits a file is held to."""

ENTRIES: dict[str, dict[str, str]] = {
    "problem.bad_extension": {
        "th": "นามสกุลไฟล์ “{extension}” ({length} ตัวอักษร) ไม่รองรับ คาดว่าเป็น .xlsx หรือ .csv",
        "en": "The file name's extension “{extension}” ({length} characters) is not accepted; expected .xlsx or .csv."},
    "problem.name_too_long": {
        "th": "ชื่อไฟล์ยาว {length} ตัวอักษร เกินขีดจำกัด 255 ไบต์ โปรดเปลี่ยนชื่อไฟล์ให้สั้นลง",
        "en": "The file name is {length} characters long, over the 255-byte limit; rename the file."},
    "problem.too_many_parts": {
        "th": "ไฟล์ .xlsx มี {parts} ส่วน เกินขีดจำกัด {limit} ส่วน จึงปฏิเสธก่อนอ่าน",
        "en": "The .xlsx holds {parts} parts, over the limit of {limit}; refused before reading."},
    "problem.too_many_columns": {
        "th": "มี {columns} คอลัมน์ (ถึงช่อง {ref}) เกินขีดจำกัด {limit} คอลัมน์ (A ถึง ZZ) จึงปฏิเสธก่อนอ่าน "
              "โปรดลบคอลัมน์ที่ไม่ใช้",
        "en": "{columns} columns (up to cell {ref}), over the limit of {limit} (A to ZZ); refused before reading. "
              "Delete the columns not used."},
    "problem.too_many_cells": {
        "th": "ตารางมีขนาด {cells} ช่อง (ถึงช่อง {last}) เกินขีดจำกัด {limit} ช่อง จึงปฏิเสธก่อนอ่าน "
              "โปรดลบแถวหรือคอลัมน์ที่อยู่ไกลออกไป",
        "en": "The grid spans {cells} cells (up to cell {last}), over the limit of {limit}; refused before "
              "reading. Delete the far-away rows or columns."},
    "problem.cell_too_long": {
        "th": "ข้อความในช่องยาว {chars} ตัวอักษร เกินขีดจำกัด {limit} ตัวอักษร (ขีดจำกัดของ Excel เอง)",
        "en": "A cell holds {chars} characters, over the limit of {limit} (Excel's own)."},
    "problem.bad_csv": {
        "th": "อ่านไฟล์ CSV ไม่ได้ที่แถว {row} ({detail}) โปรดบันทึกไฟล์จาก Excel ใหม่เป็น CSV UTF-8",
        "en": "The CSV cannot be read at line {row} ({detail}); save it again from Excel as CSV UTF-8."},
    "problem.xml_not_utf8": {
        "th": "ส่วน {part} ของไฟล์ .xlsx ไม่ได้เข้ารหัสเป็น UTF-8 ซึ่ง Excel ไม่เคยบันทึกเช่นนี้ จึงปฏิเสธเพื่อความปลอดภัย",
        "en": "Part {part} of the .xlsx is not UTF-8, which Excel never writes; refused for safety."},
    "problem.error_cell": {
        "th": "ช่อง {cell} มีค่าผิดพลาด {error} จากสูตร โปรดแก้สูตรหรือพิมพ์ค่าแทน",
        "en": "Cell {cell} holds the error value {error} from a formula; fix the formula or type the value."},
    # values: what a column and the database can hold
    "problem.bool_not_number": {
        "th": "ค่า TRUE/FALSE เป็นค่าตรรกะ ไม่ใช่ตัวเลข โปรดพิมพ์ตัวเลข",
        "en": "TRUE/FALSE is a truth value, not a number; type the number."},
    "problem.not_finite": {
        "th": "ต้องเป็นตัวเลขจำกัด ค่าอนันต์ (inf) หรือตัวเลขที่ใหญ่เกินกว่าจะเก็บได้ (เช่น 1e309) ใช้ไม่ได้",
        "en": "Expected a finite number; infinity (inf) or a number too large to hold (such as 1e309) is refused."},
    "problem.date_out_of_range": {
        "th": "วันที่ต้องอยู่ระหว่าง {low_th} ถึง {high_th} (ปีงบประมาณ พ.ศ. 2500 ถึง 2700)",
        "en": "Expected a date from {low} to {high} (fiscal years BE 2500 to 2700)."},
    "problem.duplicate_column": {
        "th": "คอลัมน์ “{first}” (ช่อง {first_ref}) และ “{second}” (ช่อง {second_ref}) เป็นข้อมูลเดียวกัน ({field}) "
              "โปรดลบคอลัมน์ใดคอลัมน์หนึ่ง",
        "en": "Columns “{first}” (cell {first_ref}) and “{second}” (cell {second_ref}) are the same field ({field}); "
              "delete one of them."},
    "problem.not_storable": {
        "th": "ค่า {value} ในคอลัมน์ {column} เก็บลงฐานข้อมูลไม่ได้ (ต้องเป็นตัวเลขจำกัดหรือจำนวนเต็มไม่เกิน 32 บิต)",
        "en": "The value {value} of column {column} cannot be stored (expected a finite number or a 32-bit whole number)."},
    "problem.more_problems": {
        "th": "พบข้อผิดพลาดอีก {count} รายการที่ไม่ได้แสดง (แสดง {shown} รายการแรก) โปรดแก้ไขรายการที่แสดงแล้วตรวจใหม่",
        "en": "{count} more problems were found and are not listed (the first {shown} are); fix those and check again."},
}
