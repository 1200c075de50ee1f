"""The yearly evaluation cycle of seed 000: 16 steps and their standard working days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from analytics.calendar import working_days

STANDARD_STEPS: tuple[tuple[int, str, str, int], ...] = (
    (1, "รับทราบเกณฑ์เบื้องต้น", "Receive the preliminary criteria", 1),
    (2, "สำนักงาน ก.พ.ร. แจ้ง Strategic KPIs", "OPDC announces the Strategic KPIs", 1),
    (3, "ประสานหน่วยงานเพื่อจัดทำร่างตัวชี้วัด", "Coordinate units to draft the KPIs", 10),
    (4, "เสนอ อพร. พิจารณาร่างตัวชี้วัด", "Submit the draft KPIs to the Director-General", 5),
    (5, "ส่งร่างตัวชี้วัดให้ สปอ. เสนอคณะกรรมการกำกับฯ",
     "Send the draft to OPS for the steering committee", 1),
    (6, "ยืนยันข้อมูลตัวชี้วัดส่งสำนักงาน ก.พ.ร.", "Confirm the KPIs to OPDC", 1),
    (7, "แจ้งรายละเอียดตัวชี้วัดให้ผู้บริหารและหน่วยงานที่รับผิดชอบทราบ",
     "Inform executives and responsible units of the KPIs", 1),
    (8, "ติดตามผลการดำเนินงานและจัดทำรายงานรอบ 6 เดือน", "Follow up and write the 6-month report", 10),
    (9, "ส่งคำขอเปลี่ยนแปลงรายละเอียดตัวชี้วัด (ถ้ามี)", "Request KPI changes (if any)", 1),
    (10, "เสนอ อพร. พิจารณาผลการดำเนินงานรอบ 6 เดือน",
     "Submit the 6-month results to the Director-General", 5),
    (11, "รายงานผลการดำเนินงานในระบบ e-SAR (รอบ 6 เดือน)", "Report the 6-month results in e-SAR", 1),
    (12, "ติดตามผลการดำเนินงานและจัดทำรายงานรอบ 12 เดือน", "Follow up and write the 12-month report", 10),
    (13, "ส่งคำขอเปลี่ยนแปลงรายละเอียดตัวชี้วัด (ถ้ามี) รอบ 12 เดือน",
     "Request KPI changes (if any), 12-month round", 1),
    (14, "เสนอ อพร. พิจารณาผลการดำเนินงานรอบ 12 เดือน",
     "Submit the 12-month results to the Director-General", 5),
    (15, "รายงานผลการดำเนินงานในระบบ e-SAR (รอบ 12 เดือน)", "Report the 12-month results in e-SAR", 1),
    (16, "นำสรุปผลรายงานลงใน Intranet", "Publish the summary on the intranet", 1),
)
STANDARD_TOTAL_DAYS = sum(s[3] for s in STANDARD_STEPS)  # 55


@dataclass(frozen=True)
class StepTiming:
    step_no: int
    standard_days: int
    actual_days: int | None
    late: bool


def step_timing(step_no: int, standard_days: int, started: dt.date | None,
                finished: dt.date | None) -> StepTiming:
    """A step is late when the Thai working days it took exceed its standard."""
    if started is None or finished is None:
        return StepTiming(step_no, standard_days, None, False)
    actual = working_days(started, finished)
    return StepTiming(step_no, standard_days, actual, actual > standard_days)
