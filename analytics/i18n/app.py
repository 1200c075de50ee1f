"""Navigation, sidebar and texts shared by every page."""

ENTRIES: dict[str, dict[str, str]] = {
    "app.title": {"th": "ประเมิน (Pramern) – ติดตามผลการประเมินส่วนราชการ", "en": "Pramern – following the department's evaluations"},
    "app.language": {"th": "ภาษา", "en": "Language"},
    "app.org": {"th": "หน่วยงาน", "en": "Organisation"},
    "app.year": {"th": "ปีงบประมาณ (พ.ศ.)", "en": "Fiscal year (BE)"},
    "app.year_be": {"th": "พ.ศ. {year}", "en": "FY{year}"},
    "app.round": {"th": "รอบการรายงาน", "en": "Reporting round"},
    "app.round_months": {"th": "{months} เดือน", "en": "{months} months"},
    "app.no_orgs": {"th": "ยังไม่มีข้อมูลหน่วยงาน โปรดนำเข้าไฟล์หน่วยงานที่หน้าอัปโหลด",
                    "en": "No organisations yet; import an organisations file on the upload page."},
    "app.go_upload": {"th": "ไปหน้าอัปโหลดข้อมูล", "en": "Go to the upload page"},
    "app.no_year": {"th": "ยังไม่มีข้อมูลของหน่วยงานนี้", "en": "This organisation has no data yet."},
    "app.db_unavailable": {"th": "ขณะนี้ติดต่อฐานข้อมูลไม่ได้ ข้อมูลไม่ได้สูญหาย หน้านี้จะใช้งานได้อีกครั้งเมื่อฐานข้อมูลกลับมา "
                                 "โปรดลองอีกครั้งในอีกสักครู่ หากยังเป็นอยู่โปรดแจ้งผู้ดูแลระบบ",
                           "en": "The database cannot be reached right now. Nothing is lost: this page works again as "
                                 "soon as the database is back. Try again in a moment, and tell the administrator if "
                                 "it goes on."},
    "app.db_retry": {"th": "ลองอีกครั้ง", "en": "Try again"},
    "app.db_details": {"th": "รายละเอียดสำหรับผู้ดูแลระบบ", "en": "Details for the administrator"},
    "app.download_png": {"th": "ดาวน์โหลด PNG", "en": "Download PNG"},
    "app.download_svg": {"th": "ดาวน์โหลด SVG", "en": "Download SVG"},
    "app.download_xlsx": {"th": "ดาวน์โหลด Excel", "en": "Download Excel"},
    "nav.overview": {"th": "ภาพรวม", "en": "Overview"},
    "nav.kpi": {"th": "ตัวชี้วัด (KPI)", "en": "KPI scorecard"},
    "nav.ita": {"th": "ผลการประเมิน ITA", "en": "ITA"},
    "nav.compare": {"th": "เปรียบเทียบหน่วยงาน", "en": "Compare"},
    "nav.actions": {"th": "แผนปฏิบัติการ", "en": "Action plans"},
    "nav.cycle": {"th": "รอบการประเมิน", "en": "Evaluation cycle"},
    "nav.upload": {"th": "อัปโหลดข้อมูล", "en": "Upload"},
    "nav.section.dashboards": {"th": "แดชบอร์ด", "en": "Dashboards"},
    "nav.section.data": {"th": "ข้อมูล", "en": "Data"},
    "nav.section.admin": {"th": "ผู้ดูแลระบบ", "en": "Administration"},
    "unit.points": {"th": "คะแนน", "en": "points"},
    "word.yes": {"th": "ใช่", "en": "Yes"},
    "word.no": {"th": "ไม่ใช่", "en": "No"},
    "word.illustrative": {"th": "ข้อมูลตัวอย่าง", "en": "Illustrative data"},
}
