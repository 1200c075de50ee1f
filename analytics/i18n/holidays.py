"""The government's days off on the users and settings page (administrators)."""

ENTRIES: dict[str, dict[str, str]] = {
    "adm.days_off": {"th": "วันหยุดราชการ", "en": "Government days off"},
    "adm.days_off_intro": {
        "th": "วันทำการนับตามปฏิทินของทางราชการ: วันหยุดนักขัตฤกษ์ที่ส่วนราชการหยุดและวันหยุดพิเศษตามมติคณะรัฐมนตรี "
              "(จากแพ็กเกจ holidays) วันแรงงานแห่งชาติ 1 พ.ค. เป็นวันทำการของส่วนราชการ เมื่อคณะรัฐมนตรีประกาศวันหยุดพิเศษเพิ่ม "
              "เพิ่มได้ที่นี่ ทุกการเปลี่ยนแปลงบันทึกในประวัติการใช้งาน และใช้กับรอบการประเมิน ความล่าช้า และชุดนำเสนอทันที",
        "en": "Working days follow the government's calendar: the public holidays government offices observe and the "
              "cabinet's special days off (from the holidays package); Labour Day, 1 May, is a working day for government "
              "offices. Add a special day off here when the cabinet announces one; every change is audited and applies at "
              "once to the evaluation cycle, lateness and the meeting deck."},
    "adm.days_off_year": {"th": "ปี พ.ศ.", "en": "Year (BE)"},
    "adm.days_off_col_day": {"th": "วันที่", "en": "Date"},
    "adm.days_off_col_weekday": {"th": "วัน", "en": "Day"},
    "adm.days_off_col_name": {"th": "วันหยุด", "en": "Day off"},
    "adm.days_off_col_source": {"th": "ที่มา", "en": "Source"},
    "adm.days_off_col_by": {"th": "เปลี่ยนโดย", "en": "Changed by"},
    "adm.days_off_source.package": {"th": "ปฏิทินราชการ (แพ็กเกจ holidays)", "en": "Government calendar (holidays package)"},
    "adm.days_off_source.added": {"th": "➕ เพิ่มโดยผู้ดูแลระบบ", "en": "➕ Added by an administrator"},
    "adm.days_off_source.removed": {"th": "➖ ยกเลิก (เป็นวันทำการ)", "en": "➖ Removed (a working day)"},
    "adm.days_off_add": {"th": "เพิ่มวันหยุด", "en": "Add a day off"},
    "adm.days_off_add_day": {"th": "วันที่หยุด", "en": "Day off"},
    "adm.days_off_add_name": {"th": "ชื่อวันหยุด / มติคณะรัฐมนตรี", "en": "Name / cabinet resolution"},
    "adm.days_off_remove": {"th": "ยกเลิกวันหยุด (ให้เป็นวันทำการ)", "en": "Remove a day off (make it a working day)"},
    "adm.days_off_remove_pick": {"th": "วันหยุดที่จะยกเลิก", "en": "Day off to remove"},
    "adm.days_off_added": {"th": "เพิ่มวันหยุด {day} แล้ว", "en": "{day} is now a day off."},
    "adm.days_off_removed": {"th": "ยกเลิกวันหยุด {day} แล้ว (เป็นวันทำการ)", "en": "{day} is now a working day."},
    "adm.days_off_none": {"th": "ไม่มีวันหยุดในปีนี้", "en": "No days off in this year."},
}
