"""The yearly evaluation cycle of seed 000: 16 steps, their standard working days, optional steps,
steps sent back (ไม่เห็นชอบ) and done again, and steps not needed in a year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from analytics.calendar import NO_CHANGES, DaysOffChanges, working_days

# Seed 000's flow chart (section 5), its step names as printed (split vowels repaired), and the
# standard working days of section 7 (1,1,10,5,1,1,1,10,1,5,1,10,1,5,1,1 = 55).
STANDARD_STEPS: tuple[tuple[int, str, str, int], ...] = (
    (1, "รับทราบเกณฑ์เบื้องต้น", "Receive the preliminary criteria", 1),
    (2, "สำนักงาน ก.พ.ร. แจ้ง Strategic KPIs", "OPDC announces the Strategic KPIs", 1),
    (3, "ประสานหน่วยงานเพื่อจัดทำร่างตัวชี้วัด", "Coordinate units to draft the KPIs", 10),
    (4, "เสนอ อพร. พิจารณาร่างตัวชี้วัด", "Submit the draft KPIs to the Director-General", 5),
    (5, "ส่งร่างตัวชี้วัดให้ สปอ. เสนอคณะกรรมการกำกับฯ",
     "Send the draft to OPS for the steering committee", 1),
    (6, "ยืนยันข้อมูลตัวชี้วัด ส่งสำนักงาน ก.พ.ร.", "Confirm the KPIs to OPDC", 1),
    (7, "แจ้งรายละเอียดตัวชี้วัดให้ผู้บริหารและหน่วยงานที่รับผิดชอบทราบ",
     "Inform executives and responsible units of the KPIs", 1),
    (8, "ติดตามผลการดำเนินงานจากหน่วยงานและจัดทำรายงานรอบ 6 เดือน",
     "Follow up with the units and write the 6-month report", 10),
    (9, "ส่งคำขอ ขอเปลี่ยนแปลงรายละเอียดตัวชี้วัด (ถ้ามี)", "Request KPI changes (if any)", 1),
    (10, "เสนอ อพร. เพื่อพิจารณาผลการดำเนินงานรอบ 6 เดือน",
     "Submit the 6-month results to the Director-General", 5),
    (11, "รายงานผลการดำเนินงานในระบบ e-Sar", "Report the results in e-SAR (6-month round)", 1),
    (12, "ติดตามผลการดำเนินงานจากหน่วยงานและจัดทำรายงานรอบ 12 เดือน",
     "Follow up with the units and write the 12-month report", 10),
    (13, "ส่งคำขอ ขอเปลี่ยนแปลงรายละเอียดตัวชี้วัด (ถ้ามี)", "Request KPI changes (if any), 12-month round", 1),
    (14, "เสนอ อพร. เพื่อพิจารณาผลการดำเนินงานรอบ 12 เดือน",
     "Submit the 12-month results to the Director-General", 5),
    (15, "รายงานผลการดำเนินงานในระบบ e-Sar", "Report the results in e-SAR (12-month round)", 1),
    (16, "นำสรุปผลรายงานลงใน Intranet", "Publish the summary on the intranet", 1),
)
STANDARD_TOTAL_DAYS = sum(s[3] for s in STANDARD_STEPS)  # 55
# Steps the flow chart marks "(ถ้ามี)": done only when a KPI change is requested.
OPTIONAL_STEPS = frozenset({9, 13})
# The decisions of the flow chart, each with a "ไม่เห็นชอบ" branch that sends the work back.
DECISION_STEPS = frozenset({4, 5, 10, 14})
# Outcomes a pass of a step can record beside its dates; an empty outcome is a pass done (เห็นชอบ).
SENT_BACK, NOT_APPLICABLE = "sent_back", "not_applicable"
OUTCOMES = (SENT_BACK, NOT_APPLICABLE)
# The states a step is shown in.
LATE, ON_TIME, IN_PROGRESS, PENDING, SKIPPED = "late", "on_time", "in_progress", "pending", "not_applicable"


@dataclass(frozen=True)
class Pass:
    """One time a step was worked on: its dates and outcome (None, sent_back or not_applicable)."""

    pass_no: int
    started: dt.date | None
    finished: dt.date | None
    outcome: str | None = None

    def days(self, changes: DaysOffChanges = NO_CHANGES) -> int | None:
        """Working days this pass took (start and finish counted); None when not finished or not applicable."""
        if self.outcome == NOT_APPLICABLE or self.started is None or self.finished is None:
            return None
        return working_days(self.started, self.finished, changes)


@dataclass(frozen=True)
class StepTiming:
    step_no: int
    standard_days: int
    actual_days: int | None
    late: bool
    state: str
    pass_days: tuple[int | None, ...] = ()
    sent_back: int = 0


def step_timing(step_no: int, standard_days: int, passes: Sequence[Pass],
                changes: DaysOffChanges = NO_CHANGES) -> StepTiming:
    """A step's working days and state over all its passes.

    A step marked not applicable counts neither days nor lateness. Otherwise every pass counts: a
    step sent back and done again took the working days of both passes, and is late when they add
    up to more than its standard. It is in progress while a pass is open, pending before any start.
    """
    counted = [p for p in passes if p.outcome != NOT_APPLICABLE]
    sent_back = sum(p.outcome == SENT_BACK for p in passes)
    if passes and not counted:
        return StepTiming(step_no, standard_days, None, False, SKIPPED)
    days = tuple(p.days(changes) for p in counted)
    if not counted or all(p.started is None for p in counted):
        return StepTiming(step_no, standard_days, None, False, PENDING, days, sent_back)
    if any(p.started is None or p.finished is None for p in counted):
        return StepTiming(step_no, standard_days, None, False, IN_PROGRESS, days, sent_back)
    actual = sum(d for d in days if d is not None)
    late = actual > standard_days
    return StepTiming(step_no, standard_days, actual, late, LATE if late else ON_TIME, days, sent_back)
